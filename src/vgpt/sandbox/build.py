"""Build the sandbox database: generate every catalog table's rows, load them into DuckDB, and
record how the file was made in ``_vgpt_meta``."""

from __future__ import annotations

import time
from pathlib import Path

import duckdb
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

from vgpt.sandbox import TODAY
from vgpt.sandbox.generate import STEPS, generate
from vgpt.sandbox.generate.write import insert_rows
from vgpt.sandbox.schema import SCHEMA_VERSION, create_tables
from vgpt.schema.catalog import load_catalog
from vgpt.schema.model import Catalog

META_TABLE = "_vgpt_meta"


def build_sandbox(
    path: Path,
    *,
    seed: int = 0,
    scale: float = 1.0,
    catalog: Catalog | None = None,
    progress: bool = True,
) -> dict:
    """Write a synthetic Vista database to ``path`` (replaced if present).

    Same seed and scale give the same table contents. Returns a summary: ``tables`` (count),
    ``rows`` (per table), ``total_rows``, ``seconds``, ``bytes``, ``seed``, ``scale``.
    """
    catalog = catalog or load_catalog()
    path = Path(path)
    start = time.perf_counter()
    steps = len(STEPS) + 2 * len(catalog.tables)
    with Progress(TextColumn("{task.description:<32}"), BarColumn(), TimeElapsedColumn(),
                  disable=not progress, transient=True) as bar:
        task = bar.add_task("generating", total=steps)

        def tick(label: str) -> None:
            bar.update(task, advance=1, description=label)

        ctx = generate(catalog, seed, scale, tick)
        path.parent.mkdir(parents=True, exist_ok=True)
        for stale in (path, path.with_name(path.name + ".wal")):
            stale.unlink(missing_ok=True)
        con = duckdb.connect(str(path))
        try:
            con.execute("BEGIN TRANSACTION")  # one commit: per-statement commits dominate otherwise
            create_tables(con, catalog)
            rows = {}
            for table in catalog.tables.values():
                data = ctx.rows.get(table.name.upper(), [])
                insert_rows(con, table, data)
                rows[table.name] = len(data)
                tick(f"loading {table.name}")
            seconds = round(time.perf_counter() - start, 2)
            _write_meta(con, seed, scale, seconds)
            con.execute("COMMIT")
            con.execute("CHECKPOINT")
        finally:
            con.close()
    return {
        "path": str(path),
        "seed": seed,
        "scale": scale,
        "tables": len(rows),
        "rows": rows,
        "total_rows": sum(rows.values()),
        "seconds": seconds,
        "bytes": path.stat().st_size,
    }


def _write_meta(con, seed: int, scale: float, seconds: float) -> None:
    con.execute(f'CREATE TABLE "{META_TABLE}" (key VARCHAR, value VARCHAR)')
    meta = {
        "seed": seed,
        "scale": scale,
        "schema_version": SCHEMA_VERSION,
        "build_seconds": seconds,
        "today": TODAY.isoformat(sep=" "),
    }
    con.executemany(f'INSERT INTO "{META_TABLE}" VALUES (?, ?)', [(k, str(v)) for k, v in meta.items()])
