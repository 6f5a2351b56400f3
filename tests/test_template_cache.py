"""The compiled template in the user's cache folder: exact key only, never beside outputs, still sandboxed."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from jinja2.sandbox import SandboxedEnvironment

from agreement_builder.cli import build_agreement
from agreement_builder.render import template_cache
from agreement_builder.render.docx import DEFAULT_TEMPLATE, fill_template
from agreement_builder.render.template_file import TemplateProblem
from agreement_builder.render.sandbox import jinja_environment

from test_trust_template import template


@pytest.fixture
def compilations(monkeypatch) -> list[str]:
    """Every source Jinja compiles (the cache's misses), in order."""
    seen: list[str] = []
    original = SandboxedEnvironment.compile

    def counting(self, source, *args, **kwargs):
        seen.append(source)
        return original(self, source, *args, **kwargs)

    monkeypatch.setattr(SandboxedEnvironment, "compile", counting)
    return seen


def body(document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    with zipfile.ZipFile(buffer) as package:
        return package.read("word/document.xml")


def render(context: dict, data: bytes | None = None) -> bytes:
    return body(fill_template(data or DEFAULT_TEMPLATE.read_bytes(), "mal.docx", context))


def simple(tmp_path) -> bytes:
    return template(tmp_path, "Avtale: {{ title }}", "{% for x in items %}{{ x }};{% endfor %}").read_bytes()


def test_a_template_is_compiled_once_and_renders_the_same_from_the_cache(own_cache, compilations, tmp_path):
    data = simple(tmp_path)
    first = render({"title": "Én", "items": [1, 2]}, data)
    compiled = len(compilations)
    assert compiled >= 1 and len(list(own_cache.glob("*.bin"))) == 1
    second = render({"title": "Én", "items": [1, 2]}, data)
    assert len(compilations) == compiled  # nothing compiled again
    assert second == first
    assert b"Avtale: \xc3\x89n" in first and b"1;2;" in first


def test_another_key_is_not_loaded(own_cache, compilations, tmp_path, monkeypatch):
    data = simple(tmp_path)
    render({"title": "A", "items": []}, data)
    compiled = len(compilations)
    monkeypatch.setattr("jinja2.__version__", "0.0-annen")
    render({"title": "A", "items": []}, data)
    assert len(compilations) == 2 * compiled
    assert len(list(own_cache.glob("*.bin"))) == 2


def test_a_damaged_file_is_ignored_and_written_again(own_cache, compilations, tmp_path):
    data = simple(tmp_path)
    expected = render({"title": "A", "items": [3]}, data)
    (path,) = own_cache.glob("*.bin")
    path.write_bytes(path.read_bytes()[:-40] + b"x" * 40)
    assert render({"title": "A", "items": [3]}, data) == expected
    compiled = len(compilations)
    assert render({"title": "A", "items": [3]}, data) == expected
    assert len(compilations) == compiled  # the file was written again, whole


def test_a_file_under_another_key_is_not_used_even_with_the_right_name(own_cache, tmp_path):
    data = simple(tmp_path)
    render({"title": "A", "items": []}, data)
    (path,) = own_cache.glob("*.bin")
    content = path.read_bytes()
    key = template_cache.template_key(data, jinja_environment())
    path.write_bytes(content.replace(key, key.replace(b"jinja2 ", b"jinja2 x"), 1))
    compiled = template_cache.CompiledTemplate.load(data, jinja_environment())
    assert compiled.code == {} and compiled.patched == {}


def test_the_key_is_the_same_in_every_process(tmp_path):
    import subprocess
    import sys

    code = ("from agreement_builder.render import template_cache as t; from agreement_builder.render.sandbox import "
            "jinja_environment as j; import sys; sys.stdout.write(t.template_key(b'x', j()).hex())")
    keys = {subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                           env={"PYTHONHASHSEED": seed, "PATH": ""}).stdout for seed in ("1", "2")}
    assert len(keys) == 1


def test_turned_off_nothing_is_written(tmp_path, monkeypatch, compilations):
    monkeypatch.setenv("AGREEMENT_BUILDER_CACHE", "0")
    data = simple(tmp_path)
    render({"title": "A", "items": []}, data)
    render({"title": "A", "items": []}, data)
    assert template_cache.cache_folder() is None
    assert len(compilations) >= 2 and len(set(compilations)) * 2 == len(compilations)


def test_the_cache_is_never_beside_the_output(own_cache, example_path, tmp_path):
    output = tmp_path / "ut" / "avtale.docx"
    result = CliRunner().invoke(build_agreement, [str(example_path), "-o", str(output)])
    assert result.exit_code == 0, result.output
    assert [path.name for path in output.parent.iterdir()] == ["avtale.docx"]
    assert len(list(own_cache.glob("*.bin"))) == 1


def test_code_from_the_cache_is_still_sandboxed(own_cache, compilations, tmp_path):
    data = template(tmp_path, "{% if show %}{{ title.__class__.__mro__ }}{% endif %}Slutt").read_bytes()
    assert b"Slutt" in render({"show": False, "title": "A"}, data)
    compiled = len(compilations)
    with pytest.raises(TemplateProblem, match="ikke er tillatt i en mal"):
        render({"show": True, "title": "A"}, data)
    assert len(compilations) == compiled  # the code came from the cache, and the sandbox stopped it


def test_a_users_template_is_cached_by_its_child_process(own_cache, example_path, tmp_path):
    users = template(tmp_path, "{{ title }}", name="mal.docx")
    for attempt in range(2):
        result = CliRunner().invoke(build_agreement, [str(example_path), "-o", str(tmp_path / f"{attempt}.docx"),
                                                      "--template", str(users)])
        assert result.exit_code == 0, result.output
    assert len(list(own_cache.glob("*.bin"))) == 1  # written by the child process, used by the second
    assert body_of(tmp_path / "0.docx") == body_of(tmp_path / "1.docx")


def body_of(path: Path) -> bytes:
    with zipfile.ZipFile(path) as package:
        return package.read("word/document.xml")


def test_the_oldest_files_go_when_the_folder_is_full(tmp_path):
    import os

    names = [f"{number:064x}.bin" for number in range(template_cache._KEEP + 3)]
    for number, name in enumerate(names):
        path = tmp_path / name
        path.write_bytes(b"x")
        os.utime(path, (number, number))
    own = [tmp_path / "notater.bin", tmp_path / ("a" * 64 + ".bin.bak")]  # the user's, in a folder they chose
    for path in own:
        path.write_bytes(b"mine")
        os.utime(path, (0, 0))
    (tmp_path / ("b" * 64 + ".bin")).symlink_to(own[0])
    template_cache._prune(tmp_path)
    kept = sorted(path.name for path in tmp_path.iterdir() if path.name in names)
    assert kept == names[3:] and len(kept) == template_cache._KEEP
    assert all(path.read_bytes() == b"mine" for path in own) and (tmp_path / ("b" * 64 + ".bin")).is_symlink()
