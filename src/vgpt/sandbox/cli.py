"""``vgpt sandbox``: build the synthetic Vista database, run T-SQL on it, describe it."""

from __future__ import annotations

import datetime as dt
import decimal
import uuid
from pathlib import Path
from typing import Any

import typer
from rich.table import Table as RichTable

from vgpt.console import console, print_json, read_arg_or_stdin
from vgpt.errors import VgptError

app = typer.Typer(help="The DuckDB sandbox: build it, run T-SQL on it, show what it holds.",
                  no_args_is_help=True)

DbOpt = typer.Option(None, "--db", help="Sandbox file (default: $VGPT_SANDBOX or ~/.cache/vgpt/sandbox-N.duckdb).")
JsonOpt = typer.Option(False, "--json", help="Print JSON.")


def json_value(value: Any) -> Any:
    """A JSON-friendly value: dates as ISO strings, decimals as numbers."""
    if isinstance(value, (dt.datetime, dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return int(value) if value == value.to_integral_value() and value.as_tuple().exponent >= 0 else float(value)
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, (bytes, bytearray, memoryview)):
        return bytes(value).hex()
    return value


@app.command()
def build(
    out: Path = typer.Option(None, "--out", help="Where to write the database (default: the default sandbox path)."),
    seed: int = typer.Option(0, "--seed", help="Random seed: the same seed gives the same data."),
    scale: float = typer.Option(1.0, "--scale", help="Row-count multiplier."),
    force: bool = typer.Option(False, "--force", help="Replace an existing file."),
    as_json: bool = JsonOpt,
) -> None:
    """Generate the sandbox database (written to a temporary file, then moved into place)."""
    from vgpt.fileio import atomic_path
    from vgpt.sandbox.execute import default_path

    target = out or default_path()
    if target.exists() and not force:
        raise VgptError(f"{target} exists; pass --force to replace it")
    if scale <= 0:
        raise VgptError(f"--scale must be positive, not {scale}")
    from vgpt.sandbox.build import build_sandbox  # the generator loads only when it is needed

    with atomic_path(target) as tmp:
        tmp.unlink()  # DuckDB will not open an empty file as a database
        summary = build_sandbox(tmp, seed=seed, scale=scale, progress=not as_json)
        _remove_wal(tmp)
    summary = {**(summary or {}), "path": str(target)}
    if as_json:
        print_json(summary)
        return
    for key, value in summary.items():
        if isinstance(value, dict):
            table = RichTable(title=key)
            table.add_column("name")
            table.add_column("value", justify="right")
            for k, v in value.items():
                table.add_row(str(k), str(v))
            console.print(table)
        else:
            console.print(f"{key}: {value}", highlight=False)


def _remove_wal(db: Path) -> None:
    # a closed DuckDB database has checkpointed its write-ahead log; a leftover one is stale
    wal = db.with_name(db.name + ".wal")
    if wal.exists():
        wal.unlink()


@app.command()
def query(
    sql: str = typer.Argument(..., help="T-SQL query, or '-' to read it from standard input."),
    db: Path = DbOpt,
    param: list[str] = typer.Option([], "--param", "-p", help="Parameter value NAME=VALUE (repeatable)."),
    max_rows: int = typer.Option(1000, "--max-rows", help="Return at most this many rows."),
    timeout: float = typer.Option(10.0, "--timeout", help="Stop the query after this many seconds."),
    show_duckdb: bool = typer.Option(False, "--duckdb", help="Also print the DuckDB SQL it ran as."),
    as_json: bool = JsonOpt,
) -> None:
    """Run one T-SQL query on the sandbox and print its rows."""
    from vgpt.sandbox.execute import SandboxDatabase
    from vgpt.sandbox.params import parse_param

    text = read_arg_or_stdin(sql)
    params = dict(parse_param(p) for p in param)
    if max_rows < 0:
        raise VgptError(f"--max-rows must be 0 or more, not {max_rows}")
    with SandboxDatabase(db) as sandbox:
        result = sandbox.query(text, params, timeout_s=timeout, max_rows=max_rows)
    if as_json:
        out = {"columns": result.columns, "rows": [[json_value(v) for v in r] for r in result.rows],
               "truncated": result.truncated}
        if show_duckdb:
            out["duckdb_sql"] = result.duckdb_sql
        print_json(out)
        return
    if show_duckdb:
        console.print(result.duckdb_sql, highlight=False, soft_wrap=True)
    table = RichTable(*result.columns)
    for row in result.rows:
        table.add_row(*("NULL" if v is None else str(json_value(v)) for v in row))
    console.print(table)
    more = " (truncated: more rows exist)" if result.truncated else ""
    console.print(f"{len(result.rows)} rows in {result.seconds:.3f} s{more}", highlight=False)


@app.command()
def info(db: Path = DbOpt, as_json: bool = JsonOpt) -> None:
    """Tables and row counts, file size, and the seed and scale the database was built with."""
    from vgpt.sandbox.execute import SandboxDatabase

    with SandboxDatabase(db) as sandbox:
        counts = sandbox.table_counts()
        meta = sandbox.meta()
        path = sandbox.path
    facts = {"path": str(path), "bytes": path.stat().st_size, "meta": meta, "tables": counts,
             "total_rows": sum(counts.values())}
    if as_json:
        print_json(facts)
        return
    console.print(f"{path}  {facts['bytes'] / 1e6:.1f} MB  {facts['total_rows']:,} rows", highlight=False)
    for key, value in meta.items():
        console.print(f"{key}: {value}", highlight=False)
    table = RichTable("table", "rows")
    for name, n in counts.items():
        table.add_row(name, f"{n:,}")
    console.print(table)
