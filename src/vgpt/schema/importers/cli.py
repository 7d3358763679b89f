"""``vgpt schema import``: SSMS scripts or a live SQL Server -> one catalog YAML file."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table as RichTable

from vgpt.console import console, err_console, print_json
from vgpt.errors import VgptError
from vgpt.schema.catalog import load_catalog, save_catalog


def _from_scripts(folder: Path):
    from vgpt.schema.importers.scripts import import_scripts_with_summary, script_files

    total = len(script_files(folder))
    columns = (TextColumn("reading scripts"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, console=err_console, transient=True) as bar:
        task = bar.add_task("files", total=total)
        return import_scripts_with_summary(folder, lambda done, _n, _p: bar.update(task, completed=done))


def _print_summary(summary: dict) -> None:
    console.print(
        f"imported {summary['tables']} tables ({summary['views_mapped']} named by their view, "
        f"{summary['tables_without_view']} by base name), {summary['types']} types, "
        f"{summary['other_views']} other views ignored, {summary['skipped_batches']} batches skipped"
    )
    if summary.get("unresolved_types"):
        console.print(f"types without CREATE TYPE: {', '.join(summary['unresolved_types'])}")
    out = RichTable("module", "tables")
    for code, n in summary["modules"].items():
        out.add_row(code, str(n))
    console.print(out)
    console.print(f"wrote {summary['out']}")


def import_command(
    from_scripts: Path = typer.Option(None, "--from-scripts", help="Folder of SSMS-generated .sql scripts."),
    from_mssql: str = typer.Option(None, "--from-mssql", help="Connection string of a live SQL Server."),
    out: Path = typer.Option(..., "--out", "-o", help="Catalog YAML file to write."),
    no_merge: bool = typer.Option(False, "--no-merge", help="Do not carry over the embedded catalog's descriptions, values and relationships."),
    as_json: bool = typer.Option(False, "--json", help="Print the summary as JSON."),
) -> None:
    """Import a schema (SSMS scripts or a live database) into a catalog file."""
    if (from_scripts is None) == (from_mssql is None):
        raise VgptError("give exactly one of --from-scripts DIR or --from-mssql CONNECTION")
    if from_scripts is not None:
        catalog, summary = _from_scripts(from_scripts)
    else:
        from vgpt.schema.importers.mssql import import_mssql_with_summary

        catalog, summary = import_mssql_with_summary(from_mssql)
    if not no_merge:
        from vgpt.schema.importers.merge import merge_catalog

        catalog = merge_catalog(catalog, load_catalog())
        summary["relationships"] = len(catalog.relationships)
        summary["described_tables"] = sum(1 for t in catalog.tables.values() if t.description)
    save_catalog(catalog, out)
    summary["out"] = str(out)
    if as_json:
        print_json(summary)
    else:
        _print_summary(summary)
