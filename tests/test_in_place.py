"""Changing a workbook in place: a lock, a fresh backup every run, nothing half-written."""

from __future__ import annotations

import datetime as dt
import errno
import multiprocessing
import os

import pytest

from agreement_builder.errors import OutputError

from agreement_builder.workbook import in_place
from agreement_builder.workbook.in_place import WorkbookBusy, backup_name, update_in_place, workbook_lock

NOW = dt.datetime(2026, 11, 25, 21, 40, 5)


@pytest.fixture
def book(tmp_path):
    path = tmp_path / "avtale.xlsx"
    path.write_bytes(b"original")
    path.chmod(0o640)
    return path


def test_replaces_the_workbook_and_keeps_a_backup(book):
    saved = update_in_place(book, lambda data: data + b" + funn", now=NOW)
    assert book.read_bytes() == b"original + funn"
    assert saved.read_bytes() == b"original"
    assert saved.name == "avtale (før validering 2026-11-25 21.40.05).xlsx"
    assert book.stat().st_mode & 0o777 == 0o640


def test_every_run_gets_its_own_backup(book):
    first = update_in_place(book, lambda data: b"andre", now=NOW)
    second = update_in_place(book, lambda data: b"tredje", now=NOW)
    assert first != second
    assert first.read_bytes() == b"original" and second.read_bytes() == b"andre"


def test_a_symlink_planted_under_the_backup_name_is_not_followed(book, tmp_path):
    victim = tmp_path / "offer.txt"
    victim.write_bytes(b"untouched")
    backup_name(book, NOW, 1).symlink_to(victim)
    saved = update_in_place(book, lambda data: b"ny", now=NOW)
    assert victim.read_bytes() == b"untouched"
    assert not saved.is_symlink() and saved.read_bytes() == b"original"


def test_a_symlinked_workbook_is_changed_where_it_lies(book, tmp_path):
    link = tmp_path / "lenke.xlsx"
    link.symlink_to(book)
    update_in_place(link, lambda data: b"ny", now=NOW)
    assert link.is_symlink() and book.read_bytes() == b"ny"


def test_a_failed_change_leaves_everything_as_it_was(book, tmp_path):
    def fail(data):
        raise ValueError("kan ikke")

    with pytest.raises(ValueError):
        update_in_place(book, fail, now=NOW)
    assert book.read_bytes() == b"original"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["avtale.xlsx"]


@pytest.mark.parametrize("failing_write", [1, 2], ids=["backup", "workbook"])
def test_a_full_disk_leaves_the_workbook_whole_and_no_debris(book, tmp_path, monkeypatch, failing_write):
    real_write, calls = os.write, []

    def write(descriptor, data):
        calls.append(descriptor)
        if len(calls) == failing_write:
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_write(descriptor, data)

    monkeypatch.setattr(in_place.os, "write", write)
    with pytest.raises(OutputError) as failure:  # one line naming the file that could not be written
        update_in_place(book, lambda data: b"ny", now=NOW)
    named = "avtale (før validering 2026-11-25 21.40.05).xlsx: sikkerhetskopien" if failing_write == 1 else (
        "avtale.xlsx: kan ikke skrives")
    assert named in str(failure.value) and "(disken er full)" in str(failure.value)
    assert book.read_bytes() == b"original"
    leftovers = sorted(path.name for path in tmp_path.iterdir())
    assert leftovers == (["avtale.xlsx"] if failing_write == 1 else
                         ["avtale (før validering 2026-11-25 21.40.05).xlsx", "avtale.xlsx"])


def _hold_lock(path, ready, release):
    with workbook_lock(path):
        ready.set()
        release.wait(30)


def test_two_runs_cannot_interleave(book):
    context = multiprocessing.get_context("spawn")
    ready, release = context.Event(), context.Event()
    holder = context.Process(target=_hold_lock, args=(book, ready, release))
    holder.start()
    try:
        assert ready.wait(30)
        with pytest.raises(WorkbookBusy, match="endres allerede"):
            update_in_place(book, lambda data: b"ny", now=NOW)
        assert book.read_bytes() == b"original"
    finally:
        release.set()
        holder.join(30)
    update_in_place(book, lambda data: b"ny", now=NOW)
    assert book.read_bytes() == b"ny"


def test_the_lock_file_is_removed_afterwards(book, tmp_path):
    update_in_place(book, lambda data: b"ny", now=NOW)
    assert not any(path.name.endswith(".agreement-lock") for path in tmp_path.iterdir())
