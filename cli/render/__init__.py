"""Renderers of a check `Report`: one module per output format, each a `render(report) -> str`."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import click

from schemata.cli.checking import Report
from schemata.cli.errors import CliError
from schemata.cli.render import github, json_report, junit, sarif, text

RENDERERS: dict[str, Callable[[Report], str]] = {
    "text": text.render,
    "json": json_report.render,
    "junit": junit.render,
    "sarif": sarif.render,
    "github": github.render,
}


def write_report(report: Report, output_format: str, output: str | None) -> None:
    """Render `report` and print it, or write it without colour to the file `output`."""
    rendered = RENDERERS[output_format](report)
    if output is None:
        click.echo(rendered)
        return
    try:
        Path(output).write_text(click.unstyle(rendered) + "\n", encoding="utf-8")
    except OSError as exc:
        raise CliError(f"{output}: cannot write the report: {exc}") from None
