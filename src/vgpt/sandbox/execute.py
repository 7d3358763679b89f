"""Run T-SQL on the sandbox: translate, bind parameters, execute with a timeout and a row cap.

Every failure (parse error, unknown table, timeout, missing or corrupt file) is a
``SandboxError`` with one clear line, never a hang or a traceback.
"""

from __future__ import annotations

import os
import threading
import time
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import duckdb

from vgpt.errors import VgptError
from vgpt.sandbox.params import resolve_params
from vgpt.sandbox.schema import SCHEMA_VERSION
from vgpt.sandbox.transpile import SandboxError, parameters_used, parse_tsql, rewrite
from vgpt.schema.model import Catalog

__all__ = ["META_TABLE", "QueryResult", "SandboxDatabase", "SandboxError", "default_path"]

# Key/value facts the generator stores beside the data (seed, scale, built_at, ...)
META_TABLE = "_vgpt_meta"


@dataclass
class QueryResult:
    columns: list[str]
    rows: list[tuple]
    truncated: bool = False
    seconds: float = 0.0
    duckdb_sql: str = ""
    # the SQL as given, when known: comparison reads its ORDER BY
    sql: str | None = field(default=None, repr=False)


def default_path() -> Path:
    """``$VGPT_SANDBOX``, else ``~/.cache/vgpt/sandbox-<version>-<fingerprint>.duckdb``.

    The fingerprint hashes the generator's code and the embedded catalog, so a changed
    generator or catalog gets a fresh database instead of a stale cached one.
    """
    if os.environ.get("VGPT_SANDBOX"):
        return Path(os.environ["VGPT_SANDBOX"])
    return Path.home() / ".cache" / "vgpt" / f"sandbox-{SCHEMA_VERSION}-{generator_fingerprint()}.duckdb"


@cache
def generator_fingerprint() -> str:
    import hashlib

    root = Path(__file__).resolve().parent
    files = sorted([*root.glob("generate/*.py"), root / "build.py", root / "schema.py",
                    *(root.parent / "schema" / "catalog").glob("*.yaml")])
    digest = hashlib.sha256()
    for f in files:
        digest.update(f.name.encode())
        digest.update(f.read_bytes())
    return digest.hexdigest()[:12]


def _first_line(err: BaseException) -> str:
    text = str(err).strip()
    return text.splitlines()[0] if text else type(err).__name__


class SandboxDatabase:
    """One DuckDB connection to a sandbox file; each query runs on its own cursor."""

    def __init__(self, path: Path | str | None = None, *, read_only: bool = True,
                 catalog: Catalog | None = None):
        self.catalog = catalog
        if path is None:
            path = default_path()
            if not path.exists():
                _build_default(path)
        self.path = Path(path)
        if not self.path.exists():
            raise SandboxError(f"no sandbox database at {self.path}; run `vgpt sandbox build --out {self.path}`")
        try:
            con = duckdb.connect(str(self.path), read_only=read_only)
        except duckdb.Error as err:
            raise SandboxError(f"{self.path}: not a usable DuckDB sandbox ({_first_line(err)})") from None
        self._con = _configure(con)

    @classmethod
    def from_connection(cls, con: duckdb.DuckDBPyConnection, *, catalog: Catalog | None = None) -> SandboxDatabase:
        """Wrap an open connection (an in-memory sandbox in tests)."""
        self = cls.__new__(cls)
        self.catalog, self.path, self._con = catalog, None, _configure(con)
        return self

    def close(self) -> None:
        self._con.close()

    def __enter__(self) -> SandboxDatabase:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # ------------------------------------------------------------ queries

    def translate(self, sql: str, params: dict[str, Any] | None = None) -> str:
        """The DuckDB SQL that ``sql`` runs as, with parameters bound (defaults filled in)."""
        tree = parse_tsql(sql)
        try:
            values = resolve_params(parameters_used(tree), params)
        except SandboxError:
            raise
        except VgptError as err:
            raise SandboxError(str(err)) from None
        rewrite(tree, values, self._catalog())
        try:
            return tree.sql(dialect="duckdb")
        except Exception as err:
            raise SandboxError(f"cannot translate to DuckDB: {_first_line(err)}") from None

    def query(self, sql: str, params: dict[str, Any] | None = None, *, timeout_s: float = 10.0,
              max_rows: int = 10_000) -> QueryResult:
        """Run one T-SQL query; at most ``max_rows`` rows come back (``truncated`` says if more)."""
        duck_sql = self.translate(sql, params)
        result = self.query_duckdb(duck_sql, timeout_s=timeout_s, max_rows=max_rows)
        result.sql = sql
        return result

    def query_duckdb(self, duck_sql: str, *, timeout_s: float = 10.0, max_rows: int = 10_000) -> QueryResult:
        """Run DuckDB SQL as is, under the same timeout and row cap."""
        cur = self._con.cursor()
        timed_out = threading.Event()

        def stop() -> None:
            timed_out.set()
            cur.interrupt()

        timer = threading.Timer(timeout_s, stop)
        start = time.perf_counter()
        timer.start()
        try:
            cur.execute(duck_sql)
            columns = [d[0] for d in cur.description or []]
            rows = cur.fetchmany(max_rows + 1) if cur.description else []
        except duckdb.Error as err:
            if timed_out.is_set():
                raise SandboxError(f"query exceeded {timeout_s:g} s") from None
            raise SandboxError(_first_line(err)) from None
        finally:
            timer.cancel()
            cur.close()
        return QueryResult(columns=columns, rows=rows[:max_rows], truncated=len(rows) > max_rows,
                           seconds=time.perf_counter() - start, duckdb_sql=duck_sql)

    # ------------------------------------------------------------ facts

    def table_counts(self) -> dict[str, int]:
        """Row count of every base table (views and the metadata table left out)."""
        names = [r[0] for r in self._con.execute(
            "SELECT table_name FROM duckdb_tables() WHERE NOT internal ORDER BY table_name").fetchall()]
        return {n: self._con.execute(f'SELECT COUNT(*) FROM "{n}"').fetchone()[0]
                for n in names if n != META_TABLE}

    def meta(self) -> dict[str, str]:
        """The generator's key/value facts, or {} for a database without them."""
        try:
            return dict(self._con.execute(f"SELECT key, value FROM {META_TABLE}").fetchall())
        except duckdb.Error:
            return {}

    def _catalog(self) -> Catalog:
        if self.catalog is None:
            from vgpt.schema.catalog import load_catalog

            self.catalog = load_catalog()
        return self.catalog


def _configure(con: duckdb.DuckDBPyConnection) -> duckdb.DuckDBPyConnection:
    # SQL Server's default collation compares strings case-insensitively
    con.execute("SET default_collation = 'nocase'")
    # a query is never a way to the file system: no read_csv('/etc/...'), no FROM 'file'
    con.execute("SET enable_external_access = false")
    return con


def _build_default(path: Path) -> None:
    from vgpt.console import err_console
    from vgpt.fileio import atomic_path
    from vgpt.sandbox.build import build_sandbox

    err_console.print(f"building the sandbox database at {path} (first use)")
    with atomic_path(path) as tmp:
        tmp.unlink()  # DuckDB refuses to open an empty file as a database
        build_sandbox(tmp)
