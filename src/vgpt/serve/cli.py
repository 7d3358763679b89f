"""CLI commands of vgpt.serve: ``vgpt schema retrieve`` (more come with the server)."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.table import Table as RichTable

from vgpt.console import console, print_json


def retrieve_command(
    question: str = typer.Argument(..., help="A question in plain words."),
    k: int = typer.Option(5, "--k", help="How many tables."),
    catalog: Path = typer.Option(None, "--catalog", help="Catalog YAML (default: embedded)."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """The tables a question needs, ranked (BM25 + Vista glossary + join graph)."""
    from vgpt.schema import load_catalog
    from vgpt.serve.retrieve import TableRetriever

    hits = TableRetriever(load_catalog(catalog)).retrieve(question, k=k)
    if as_json:
        print_json({"tables": [{"name": h.name, "score": h.score} for h in hits]})
        return
    table = RichTable("table", "score", "description")
    cat = load_catalog(catalog)
    for h in hits:
        table.add_row(h.name, f"{h.score:.2f}", cat.table(h.name).description or "")
    console.print(table)


def register_schema_commands(schema_app: typer.Typer) -> None:
    schema_app.command("retrieve")(retrieve_command)
