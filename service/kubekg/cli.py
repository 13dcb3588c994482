"""The ``kubekg`` command: every capability from the shell. ``kubekg --help`` lists them."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer

from kubekg.errors import KubekgError
from kubekg.knowledge_base import KnowledgeBase
from kubekg.result_formats import FORMATS, as_table, serialize

app = typer.Typer(
    help="kubekg: ask questions about Kubernetes cluster basics in Korean or English, or query the graph with SPARQL.",
    no_args_is_help=True,
    add_completion=False,
)

DataOption = Annotated[
    list[Path] | None,
    typer.Option("--data", help="RDF file(s) to use instead of the bundled graph (repeatable).", show_default=False),
]


def _load(data: list[Path] | None, **kwargs) -> KnowledgeBase:
    try:
        return KnowledgeBase.load(data or None, **kwargs)
    except KubekgError as e:
        typer.echo(f"error: {e}", err=True)
        raise typer.Exit(2) from None


@app.command()
def sparql(
    query: Annotated[str, typer.Argument(help="A SPARQL query, or - to read it from standard input.")],
    fmt: Annotated[str, typer.Option("--format", "-f", help="table, or one of: " + ", ".join(FORMATS))] = "table",
    data: DataOption = None,
) -> None:
    """Run a read-only SPARQL query against the graph and print the result."""
    if fmt != "table" and fmt not in FORMATS:
        raise typer.BadParameter(f"unknown format {fmt!r}; use table or one of {', '.join(FORMATS)}")
    text = sys.stdin.read() if query == "-" else query
    kb = _load(data)
    try:
        result = kb.sparql(text)
        if fmt == "table":
            typer.echo(as_table(result))
        else:
            sys.stdout.write(serialize(result, FORMATS[fmt]).decode("utf-8"))
            sys.stdout.write("\n")
    except (KubekgError, ValueError) as e:
        typer.echo(f"error: {e}", err=True)
        raise typer.Exit(1) from None


@app.command()
def validate(data: DataOption = None) -> None:
    """Check the graph against the SHACL shapes; exit 1 on any violation."""
    kb = _load(data, validate=False)
    report = kb.validate()
    typer.echo(report.text())
    raise typer.Exit(0 if report.conforms else 1)


@app.command()
def stats(
    data: DataOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Print counts of triples, entities, facts and labels per language."""
    s = _load(data).stats()
    if as_json:
        typer.echo(json.dumps(s, ensure_ascii=False, indent=2))
        return
    for key, value in s.items():
        if isinstance(value, dict):
            value = ", ".join(f"{k}: {v}" for k, v in value.items())
        typer.echo(f"{key.replace('_', ' '):<20} {value}")


if __name__ == "__main__":  # pragma: no cover
    app()
