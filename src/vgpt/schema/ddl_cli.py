"""``vgpt schema ddl``: print the prompt DDL of some tables, optionally for a given SQL answer."""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from vgpt.console import err_console, print_json, read_arg_or_stdin
from vgpt.errors import VgptError
from vgpt.schema.catalog import load_catalog
from vgpt.schema.ddl import RenderedDDL, render_ddl
from vgpt.schema.model import Catalog


def required_for_sql(sql: str, catalog: Catalog) -> dict[str, set[str]]:
    """Columns per table that ``sql`` uses; a VgptError if it does not check out against the catalog."""
    from vgpt.sql import check_sql, used_columns  # lazy: the schema package must not need vgpt.sql

    errors = check_sql(sql, catalog, require_company=False).errors
    if errors:
        more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
        raise VgptError(f"--for-sql: {errors[0].message}{more}")
    used = used_columns(sql, catalog)
    if not used:
        raise VgptError("--for-sql: the SQL reads no catalog table")
    return used


def _summary(result: RenderedDDL, budget: int | None) -> str:
    line = f"{result.tokens} tokens" + (f" of a {budget} budget" if budget is not None else "")
    cut = [f"{t} {n}" for t, n in result.omitted.items() if n]
    if cut:
        line += "; columns not shown: " + ", ".join(cut)
    if result.over_budget:
        line += "; OVER BUDGET: the required and key columns alone do not fit"
    return line


def ddl_command(
    tables: list[str] = typer.Argument(None, help="Tables to render, in order (APTH APVM)."),
    budget: int = typer.Option(None, "--budget", help="Token budget for the whole DDL; default: every column."),
    for_sql: str = typer.Option(None, "--for-sql", help="Keep every column this SQL uses, and add its tables ('-': stdin)."),
    seed: int = typer.Option(None, "--seed", help="Vary the order of the non-key columns (schema variants)."),
    catalog: Path = typer.Option(None, "--catalog", help="Catalog YAML file or folder (default: the embedded Vista catalog)."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON: ddl, tokens, columns, omitted, over_budget."),
) -> None:
    """Render tables as CREATE TABLE DDL with join hints, as prompts show them."""
    if budget is not None and budget < 1:
        raise VgptError(f"--budget must be at least 1, got {budget}")
    cat = load_catalog(catalog)
    names = list(tables or [])
    required = None
    if for_sql is not None:
        required = required_for_sql(read_arg_or_stdin(for_sql), cat)
        named = set()
        for n in names:
            t = cat.table(n)
            named.add(t.name if t else n)
        names += [t for t in required if t not in named]
    if not names:
        raise VgptError("name at least one table, or give --for-sql")
    result = render_ddl(cat, names, required=required, budget=budget, seed=seed)
    if as_json:
        print_json(result.to_json())
        return
    sys.stdout.write(result.text + "\n")
    err_console.print(_summary(result, budget), highlight=False, markup=False)
