"""DuckDB tables for the catalog: SQL Server types mapped to DuckDB, one table per Vista view.

Queries name tables by their view (``APTH``) or, rarely, their base table (``bAPTH``); the
table carries the view name and a DuckDB view gives the base name, so both resolve.
"""

from __future__ import annotations

import re

from vgpt.errors import VgptError
from vgpt.schema.model import Catalog, Column, Table

# Bump when the table layout or a type mapping changes: cached sandboxes are keyed on it.
SCHEMA_VERSION = 1

# Fixed mappings by SQL Server base type. tinyint is SMALLINT because DuckDB's TINYINT is
# signed 8-bit (SQL Server's is 0..255) and sums of it would overflow. bit is SMALLINT, not
# BOOLEAN: T-SQL compares and adds bits as the integers 0/1 (`WHERE Flag = 1`, `SUM(CAST(..))`).
_SIMPLE = {
    "tinyint": "SMALLINT",
    "smallint": "SMALLINT",
    "int": "INTEGER",
    "bigint": "BIGINT",
    "bit": "SMALLINT",
    "money": "DECIMAL(19,4)",
    "smallmoney": "DECIMAL(10,4)",
    "float": "DOUBLE",
    "real": "FLOAT",
    "date": "DATE",
    "time": "TIME",
    "smalldatetime": "TIMESTAMP",
    "datetime": "TIMESTAMP",
    "datetime2": "TIMESTAMP",
    "datetimeoffset": "TIMESTAMP",  # no time zones in the sandbox
    "uniqueidentifier": "UUID",
    "timestamp": "BLOB",  # SQL Server's timestamp is rowversion: 8 opaque bytes
    "rowversion": "BLOB",
    "binary": "BLOB",
    "varbinary": "BLOB",
    "image": "BLOB",
}
_TEXT = {"char", "varchar", "nchar", "nvarchar", "text", "ntext", "sysname", "xml", "sql_variant"}
_TYPE = re.compile(r"^\s*([a-z_0-9]+)\s*(?:\(\s*([^)]*)\))?\s*$")


def duckdb_type(column: Column) -> str:
    """The DuckDB type for a catalog column (from its SQL Server base type, e.g. ``numeric(12,2)``)."""
    m = _TYPE.match(column.type.lower())
    if not m:
        raise VgptError(f"column {column.name}: unrecognised type {column.type!r}")
    base, args = m.group(1), m.group(2)
    if base in _SIMPLE:
        return _SIMPLE[base]
    if base in _TEXT:
        return "VARCHAR"  # lengths are not enforced: the generator respects them
    if base in ("numeric", "decimal"):
        parts = [p.strip() for p in (args or "18,0").split(",")]
        precision = min(int(parts[0]), 38)
        scale = int(parts[1]) if len(parts) > 1 else 0
        return f"DECIMAL({precision},{min(scale, precision)})"
    raise VgptError(f"column {column.name}: no DuckDB mapping for SQL Server type {column.type!r}")


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def table_ddl(table: Table) -> str:
    cols = ",\n  ".join(f"{_q(c.name)} {duckdb_type(c)}" for c in table.columns)
    return f"CREATE TABLE {_q(table.name)} (\n  {cols}\n)"


def create_tables(con, catalog: Catalog) -> list[str]:
    """Create one table per catalog table (named by its view) and a view per base name.

    Returns the table names created. No constraints: the generator guarantees the keys and
    relationships, and constraints would only slow bulk loading.
    """
    created = []
    for table in catalog.tables.values():
        con.execute(table_ddl(table))
        if table.base.lower() != table.name.lower():
            con.execute(f"CREATE VIEW {_q(table.base)} AS SELECT * FROM {_q(table.name)}")
        created.append(table.name)
    return created
