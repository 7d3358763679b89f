"""Bulk-load generated rows into DuckDB: one registered dict of NumPy arrays per table, one
INSERT ... SELECT with explicit casts (no pandas or pyarrow needed, and far faster than
executemany)."""

from __future__ import annotations

import datetime as dt

import numpy as np

from vgpt.sandbox.generate.base import Row
from vgpt.sandbox.generate.values import _DATES, _INTS, _TEXT, parse_type
from vgpt.sandbox.schema import duckdb_type
from vgpt.schema.model import Column, Table


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


_NUMERIC = {"numeric", "decimal", "money", "smallmoney", "float", "real"}


def _column_values(col: Column, values: list) -> list:
    """Make one column's values a single Python kind, converting only when the kinds are mixed
    (DuckDB infers an object array's type from its values)."""
    kinds = set(map(type, values)) - {type(None)}
    base, _, _ = parse_type(col)
    if base in _TEXT and kinds - {str}:
        return [v if v is None or isinstance(v, str) else str(v) for v in values]
    if (base in _INTS or base == "bit") and kinds - {int}:
        return [None if v is None else int(v) for v in values]
    if base in _NUMERIC and len(kinds) > 1:
        return [None if v is None else float(v) for v in values]
    if base in _DATES and len(kinds) > 1:
        return [dt.datetime(v.year, v.month, v.day) if type(v) is dt.date else v for v in values]
    return values


def insert_rows(con, table: Table, rows: list[Row]) -> None:
    """Insert ``rows``; columns no row sets stay NULL (they are not sent at all)."""
    if not rows:
        return
    present = set().union(*map(dict.keys, rows))
    cols = [c for c in table.columns if c.name in present]
    names_in = [c.name for c in cols]
    # rows to tuples to columns, all in C loops (a per-column list comprehension is 3x slower)
    columns = list(zip(*(tuple(map(r.get, names_in)) for r in rows), strict=True)) if cols else []
    data, names, selects = {}, [], []
    for i, (col, column) in enumerate(zip(cols, columns, strict=True)):
        name = col.name
        values = list(column)
        if values.count(None) == len(values):
            continue
        data[f"c{i}"] = np.array(_column_values(col, values), dtype=object)
        names.append(_q(name))
        selects.append(f"CAST(c{i} AS {duckdb_type(col)})")
    con.register("_vgpt_src", data)
    try:
        con.execute(f"INSERT INTO {_q(table.name)} ({', '.join(names)}) "
                    f"SELECT {', '.join(selects)} FROM _vgpt_src")
    finally:
        con.unregister("_vgpt_src")
