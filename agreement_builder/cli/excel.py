"""``agreement excel``: the Excel add-in, built or installed."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from .shared import Group, echo, notice, overwrite_option


@click.group("excel", cls=Group, short_help="Excel-tillegget: lag det eller installer det.")
def excel_group() -> None:
    """Excel-tillegget: en fane «Samarbeidsavtale» med en knapp som kontrollerer og lager avtalen."""


@excel_group.command("build-addin", short_help="Lag tillegget agreement_builder.xlam.")
@click.option("-o", "--output", type=click.Path(path_type=Path), default=Path("agreement_builder.xlam"),
              show_default=True, metavar="STI.xlam", help="Hvor tillegget skal skrives.")
@click.option("--interpreter", metavar="PYTHON", help="Python-tolken Excel skal bruke (standard: denne).")
@overwrite_option
def excel_build_addin(output: Path, interpreter: str | None, overwrite: bool) -> None:
    """Lag Excel-tillegget agreement_builder.xlam (virker også på Linux)."""
    from ..addin import ADDIN_NAME, build_addin

    if output.name != ADDIN_NAME:
        notice(f"tillegget må hete {ADDIN_NAME} i Excel for at knappen skal finne Python-koden.")
    build_addin(output, interpreter=interpreter, overwrite=overwrite)
    echo(f"Skrev {output}.")


@excel_group.command("install", short_help="Installer tillegget i Excels oppstartsmappe.")
@overwrite_option
def excel_install(overwrite: bool) -> None:
    """Installer tillegget i Excels oppstartsmappe (XLSTART) på Windows eller macOS."""
    from ..addin import ADDIN_NAME, build_addin, xlstart_folder

    folder = xlstart_folder()
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / ADDIN_NAME
    build_addin(target, overwrite=overwrite)
    echo(f"Installerte {target}, med Python-tolken {sys.executable}.")
    click.echo("Start Excel på nytt; fanen «Samarbeidsavtale» kommer da i båndet.")
    echo(f"Fjerne tillegget: lukk Excel og slett {target}.")
