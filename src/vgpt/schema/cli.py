"""``vgpt schema``: list, show, render DDL, import catalogs."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.table import Table as RichTable

from vgpt.console import console, print_json
from vgpt.errors import VgptError
from vgpt.schema.catalog import load_catalog
from vgpt.schema.model import Catalog, Table

app = typer.Typer(help="The Vista catalog: list and show tables, render DDL, import a schema.",
                  no_args_is_help=True)

CatalogOpt = typer.Option(None, "--catalog", help="Catalog YAML file or folder (default: the embedded Vista catalog).")
JsonOpt = typer.Option(False, "--json", help="Print JSON.")


def open_catalog(path: Path | None) -> Catalog:
    return load_catalog(path)


def require_table(catalog: Catalog, name: str) -> Table:
    table = catalog.table(name)
    if table is None:
        from vgpt.schema.suggest import nearest_tables

        hint = nearest_tables(catalog, name)
        raise VgptError(f"unknown table {name!r}" + (f"; did you mean {', '.join(hint)}?" if hint else ""))
    return table


def table_json(t: Table) -> dict:
    return {
        "name": t.name,
        "base": t.base,
        "module": t.module,
        "description": t.description,
        "key": t.key,
        "company": t.company,
        "columns": [c.model_dump(exclude_none=True) for c in t.columns],
    }


@app.command("list")
def list_tables(
    module: str = typer.Option(None, "--module", "-m", help="Only this module (AP, AR, JC, ...)."),
    catalog: Path = CatalogOpt,
    as_json: bool = JsonOpt,
) -> None:
    """List the catalog's tables."""
    cat = open_catalog(catalog)
    tables = cat.tables_in(module) if module else list(cat.tables.values())
    if module and not tables:
        raise VgptError(f"no tables in module {module!r}; modules: {', '.join(sorted(cat.modules))}")
    if as_json:
        print_json([table_json(t) for t in tables])
        return
    out = RichTable("table", "base", "module", "columns", "description")
    for t in tables:
        out.add_row(t.name, t.base, t.module, str(len(t.columns)), t.description or "")
    console.print(out)
    console.print(f"{len(tables)} tables")


@app.command("show")
def show(name: str, catalog: Path = CatalogOpt, as_json: bool = JsonOpt) -> None:
    """Show one table: columns, key, company column, relationships."""
    cat = open_catalog(catalog)
    t = require_table(cat, name)
    rels = [r.model_dump(by_alias=True, exclude_none=True) for r in cat.relationships_of(t.name)]
    if as_json:
        print_json({**table_json(t), "relationships": rels})
        return
    console.print(f"[bold]{t.name}[/] ({t.base}, module {t.module}) — {t.description or ''}")
    console.print(f"key: {', '.join(t.key) or '-'}   company column: {t.company or '-'}")
    out = RichTable("column", "type", "udt", "null", "description")
    for c in t.columns:
        desc = c.description or ""
        if c.values:
            desc += " [" + ", ".join(f"{k}={v}" for k, v in c.values.items()) + "]"
        out.add_row(c.name, c.type, c.udt or "", "Y" if c.nullable else "N", desc)
    console.print(out)
    for r in rels:
        on = " AND ".join(f"{r['from']}.{a} = {r['to']}.{b}" for a, b in r["join"].items())
        console.print(f"join: {on}")
from vgpt.schema.importers.cli import import_command  # noqa: E402, I001
app.command("import")(import_command)
from vgpt.schema.ddl_cli import ddl_command  # noqa: E402, I001
app.command("ddl")(ddl_command)
