"""``vgpt sql``: check T-SQL against the catalog and the house rules."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from vgpt.console import console, print_json, read_arg_or_stdin
from vgpt.schema.catalog import load_catalog
from vgpt.sql.check import check_sql
from vgpt.sql.result import CheckResult

app = typer.Typer(help="Check T-SQL: names, NOLOCK, company filter, read-only guard.", no_args_is_help=True)


def _show(result: CheckResult) -> None:
    verdict = "[green]ok[/green]" if result.ok else "[red]rejected[/red]"
    console.print(f"{verdict}  tables: {', '.join(result.tables) or '-'}")
    if result.issues:
        table = Table("severity", "code", "message", "suggestions")
        for i in result.issues:
            style = "red" if i.severity == "error" else "yellow"
            table.add_row(f"[{style}]{i.severity}[/{style}]", i.code, i.message, ", ".join(i.suggestions))
        console.print(table)
    console.print(result.sql, markup=False, highlight=False, soft_wrap=True)


@app.command("check")
def check(
    sql: Annotated[str, typer.Argument(help="the SQL, or - to read it from stdin")],
    catalog: Annotated[Path | None, typer.Option("--catalog", help="catalog YAML file or folder")] = None,
    fix: Annotated[bool, typer.Option("--fix", help="add NOLOCK (and apply --top) in the output SQL")] = False,
    top: Annotated[int | None, typer.Option("--top", help="cap the rows of the outermost SELECT (with --fix)")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="print the result as JSON")] = False,
) -> None:
    """Check one statement; exit 0 when ok, 1 when it has errors, 2 for bad input."""
    text = read_arg_or_stdin(sql)
    result = check_sql(text, load_catalog(catalog), fix=fix, top_cap=top)
    if as_json:
        print_json(result.to_json())
    else:
        _show(result)
    raise typer.Exit(0 if result.ok else 1)


@app.command("bench")
def bench(
    n: Annotated[int, typer.Option("--n", help="number of statements to check")] = 3000,
    catalog: Annotated[Path | None, typer.Option("--catalog", help="catalog YAML file or folder")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="print the figures as JSON")] = False,
) -> None:
    """Check a few thousand legitimate and hostile statements; print checks per second."""
    from vgpt.sql.bench import run_bench

    figures = run_bench(n, load_catalog(catalog), progress=not as_json)
    if as_json:
        print_json(figures)
    else:
        console.print(
            f"{figures['statements']} statements in {figures['seconds']:.2f} s: "
            f"{figures['checks_per_second']:.0f} checks/s, p50 {figures['p50_ms']:.2f} ms, "
            f"p95 {figures['p95_ms']:.2f} ms ({figures['ok']} ok, {figures['rejected']} rejected)"
        )
