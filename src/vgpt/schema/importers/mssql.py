"""Import the schema of a live SQL Server database through ``mssql-python``.

Four read-only queries over the catalog views (the SQL text is kept here as constants,
and tested): alias types, columns with their declared type (``TYPE_NAME(user_type_id)``
gives ``bCompany`` where ``TYPE_NAME(system_type_id)`` gives ``tinyint``), the unique
clustered index of each table, and the views with their definitions (parsed with the same
one-to-one view reader as the script importer).
"""

from __future__ import annotations

from typing import Any

from vgpt.errors import VgptError
from vgpt.schema.importers.assemble import build
from vgpt.schema.importers.ddl import NotSql, parse_batch
from vgpt.schema.importers.objects import ColumnDef, RawSchema, TableDef, TypeDef, ViewDef
from vgpt.schema.model import Catalog

TYPES_SQL = """
SELECT t.name AS type_name, TYPE_NAME(t.system_type_id) AS base_type,
       t.max_length, t.precision, t.scale, t.is_nullable
FROM sys.types AS t
WHERE t.is_user_defined = 1 AND t.is_table_type = 0
ORDER BY t.name
"""

COLUMNS_SQL = """
SELECT t.name AS table_name, c.name AS column_name,
       TYPE_NAME(c.user_type_id) AS type_name, TYPE_NAME(c.system_type_id) AS system_type,
       c.max_length, c.precision, c.scale, c.is_nullable, c.is_identity, c.is_computed
FROM sys.columns AS c
JOIN sys.tables AS t ON t.object_id = c.object_id
WHERE SCHEMA_NAME(t.schema_id) = 'dbo' AND t.is_ms_shipped = 0
ORDER BY t.name, c.column_id
"""

KEYS_SQL = """
SELECT t.name AS table_name, c.name AS column_name, ic.key_ordinal
FROM sys.indexes AS i
JOIN sys.index_columns AS ic ON ic.object_id = i.object_id AND ic.index_id = i.index_id
JOIN sys.columns AS c ON c.object_id = ic.object_id AND c.column_id = ic.column_id
JOIN sys.tables AS t ON t.object_id = i.object_id
WHERE i.type = 1 AND i.is_unique = 1 AND ic.key_ordinal > 0
  AND SCHEMA_NAME(t.schema_id) = 'dbo'
ORDER BY t.name, ic.key_ordinal
"""

VIEWS_SQL = """
SELECT v.name AS view_name, m.definition
FROM sys.views AS v
LEFT JOIN sys.sql_modules AS m ON m.object_id = v.object_id
WHERE SCHEMA_NAME(v.schema_id) = 'dbo'
ORDER BY v.name
"""

QUERIES = {"types": TYPES_SQL, "columns": COLUMNS_SQL, "keys": KEYS_SQL, "views": VIEWS_SQL}


def type_args(base: str, max_length: int, precision: int, scale: int) -> str:
    """The parenthesised part of a type as SQL Server prints it: varchar(30) -> '30'."""
    base = base.lower()
    if base in ("char", "varchar", "binary", "varbinary"):
        return "max" if max_length == -1 else str(max_length)
    if base in ("nchar", "nvarchar"):
        return "max" if max_length == -1 else str(max_length // 2)  # bytes -> characters
    if base in ("decimal", "numeric"):
        return f"{precision},{scale}"
    if base in ("datetime2", "time", "datetimeoffset"):
        return str(scale)
    return ""


def _rows(connection: Any, sql: str) -> list[dict[str, Any]]:
    cursor = connection.cursor()
    try:
        cursor.execute(sql)
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
    finally:
        cursor.close()


def _view(name: str, definition: str | None):
    """The one-to-one view a definition declares (None-based ViewDef for any other view)."""
    try:
        objects = parse_batch(definition) if definition else []
    except NotSql:
        objects = []
    found = next((o for o in objects if isinstance(o, ViewDef)), None)
    return ViewDef(name, found.base if found else None)


def read_schema(connection: Any) -> RawSchema:
    """Run the four queries on a DB-API connection and collect their rows."""
    raw = RawSchema()
    for r in _rows(connection, TYPES_SQL):
        args = type_args(r["base_type"], r["max_length"], r["precision"], r["scale"])
        base = f"{r['base_type']}({args})" if args else r["base_type"]
        raw.add(TypeDef(r["type_name"], base, bool(r["is_nullable"])))
    for r in _rows(connection, COLUMNS_SQL):
        table = raw.tables.setdefault(r["table_name"].lower(), TableDef(r["table_name"], []))
        args = type_args(r["type_name"], r["max_length"], r["precision"], r["scale"])
        table.columns.append(ColumnDef(r["column_name"], r["type_name"], args,
                                       bool(r["is_nullable"]), bool(r["is_identity"]),
                                       bool(r["is_computed"])))
    for r in _rows(connection, KEYS_SQL):
        raw.keys.setdefault(r["table_name"].lower(), []).append(r["column_name"])
    for r in _rows(connection, VIEWS_SQL):
        raw.add(_view(r["view_name"], r["definition"]))
    return raw


def connect(connection_string: str) -> Any:
    try:
        import mssql_python  # the optional 'mssql' extra; imported only when used
    except ImportError:
        raise VgptError("reading a live SQL Server needs mssql-python: pip install 'vgpt[mssql]'") from None
    try:
        return mssql_python.connect(connection_string)
    except Exception as err:  # the driver's own error types; shown as one line
        first = (str(err).strip().splitlines() or [type(err).__name__])[0]
        raise VgptError(f"cannot connect to SQL Server: {first}") from None


def import_mssql_with_summary(connection_string: str, connection: Any = None) -> tuple[Catalog, dict]:
    conn = connection if connection is not None else connect(connection_string)
    try:
        raw = read_schema(conn)
    except Exception as err:  # the driver's error types are its own; one line for the user
        first = (str(err).strip().splitlines() or [type(err).__name__])[0]
        raise VgptError(f"reading the schema failed: {first}") from None
    finally:
        if connection is None:
            conn.close()
    if not raw.tables:
        raise VgptError("the database has no tables in schema dbo")
    catalog, summary = build(raw, "SQL Server")
    return catalog, {"source": "SQL Server", **summary}


def import_mssql(connection_string: str) -> Catalog:
    """Read tables, alias types, natural keys and one-to-one views from a live database."""
    return import_mssql_with_summary(connection_string)[0]

