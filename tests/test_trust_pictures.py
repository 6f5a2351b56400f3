"""Pictures on the sheets read are bounded: a drawing named many times is read once, and counts are limited.

A 45 KB workbook naming one drawing of 200 pictures 2 000 times made 400 000 pictures (28 s,
950 MB) and ended blaming the template; now the drawing is read once and the picture limits
(200 on one sheet, 1 000 in the workbook, 100 MB of distinct images) are refused naming the sheet.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from agreement_builder.errors import PackageError
from agreement_builder.package_limits import open_package
from agreement_builder.workbook import read_workbook, sheet_media
from agreement_builder.workbook.prescan import plan_sheets

from fixtures.media import png
from hostile_workbooks import repeated_drawing

SHEET = "Hjerneslag - milde og moderate"


def _media(path: Path):
    with open_package(path) as package:
        plan = next(plan for plan in plan_sheets(package, path) if plan.name == SHEET)
        return sheet_media.read_sheet_media(package, path, plan)


def test_a_drawing_named_many_times_by_one_sheet_is_read_once(tmp_path, monkeypatch):
    path = repeated_drawing(tmp_path / "gjentatt.xlsx", pictures=5, references=40, image=png(8, 8))
    streamed: list[str] = []
    real = sheet_media.stream_part

    def recording(package, path_, name, *args, **kwargs):
        streamed.append(name)
        return real(package, path_, name, *args, **kwargs)

    monkeypatch.setattr(sheet_media, "stream_part", recording)
    media = _media(path)
    assert len(media.pictures) == 5
    assert [picture.figure.alt for picture in media.pictures] == [f"Figur {number}" for number in range(5)]
    assert streamed.count("xl/drawings/drawing1.xml") == 1
    assert streamed.count("xl/media/bilde.png") == 1  # an image shown by five pictures is read once
    assert {picture.figure.data for picture in media.pictures} == {png(8, 8)}


def test_the_worst_repeated_drawing_gives_its_200_pictures_once(tmp_path):
    path = repeated_drawing(tmp_path / "gjentatt.xlsx", pictures=200, references=2_000, image=png(8, 8))
    assert len(_media(path).pictures) == 200
    read_workbook(path)


def test_more_than_200_pictures_on_one_sheet_are_refused_naming_the_sheet(tmp_path):
    path = repeated_drawing(tmp_path / "mange.xlsx", pictures=201, references=1, image=png(8, 8))
    with pytest.raises(PackageError, match=rf"mange.xlsx, ark «{SHEET}»: arket har mer enn 200 bilder"):
        read_workbook(path)


def test_pictures_past_the_workbook_limit_are_refused_naming_the_sheet(tmp_path, monkeypatch):
    monkeypatch.setattr(sheet_media, "_WORKBOOK_PICTURES", 3)
    path = repeated_drawing(tmp_path / "mange.xlsx", pictures=4, references=1, image=png(8, 8))
    with pytest.raises(PackageError, match=rf"ark «{SHEET}»: arkene som leses, har til sammen mer enn 3 bilder"):
        read_workbook(path)


def test_images_past_the_workbook_byte_limit_are_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(sheet_media, "_WORKBOOK_IMAGE_BYTES", 10)
    path = repeated_drawing(tmp_path / "store.xlsx", pictures=2, references=1, image=png(8, 8))
    with pytest.raises(PackageError, match=rf"ark «{SHEET}»: bildene i arkene som leses, er til sammen over"):
        read_workbook(path)
