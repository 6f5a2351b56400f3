"""Writing outputs: atomic, never over an existing file unless told, plain messages when blocked."""

import os

import pytest

from agreement_builder.errors import OutputError
from agreement_builder.files import atomic_output


def test_nothing_is_left_behind_when_writing_fails(tmp_path):
    target = tmp_path / "a.docx"
    with pytest.raises(RuntimeError):
        with atomic_output(target) as temporary:
            temporary.write_bytes(b"halvferdig")
            raise RuntimeError("krasj")
    assert list(tmp_path.iterdir()) == []


def test_an_existing_file_is_kept_unless_overwrite(tmp_path):
    target = tmp_path / "a.docx"
    target.write_bytes(b"gammel")
    with pytest.raises(OutputError, match="--overwrite"):
        with atomic_output(target) as temporary:
            temporary.write_bytes(b"ny")
    assert target.read_bytes() == b"gammel"
    with atomic_output(target, overwrite=True) as temporary:
        temporary.write_bytes(b"ny")
    assert target.read_bytes() == b"ny"


def test_a_file_created_meanwhile_is_not_overwritten(tmp_path):
    target = tmp_path / "a.docx"
    with pytest.raises(OutputError, match="finnes allerede"):
        with atomic_output(target) as temporary:
            temporary.write_bytes(b"ny")
            target.write_bytes(b"noen andres")
    assert target.read_bytes() == b"noen andres"


def test_a_locked_target_gets_a_plain_message(tmp_path, monkeypatch):
    target = tmp_path / "a.docx"
    target.write_bytes(b"open in Word")

    def locked(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "replace", locked)
    with pytest.raises(OutputError, match="åpen i Word"):
        with atomic_output(target, overwrite=True) as temporary:
            temporary.write_bytes(b"ny")
    assert target.read_bytes() == b"open in Word"
    assert [p.name for p in tmp_path.iterdir()] == ["a.docx"]
