"""The live SQL Server importer: its queries, and catalog assembly from their rows.

No server is available here: the queries are checked as T-SQL text with sqlglot, and the
assembly is tested with a fake DB-API connection that returns canned rows.
"""

from __future__ import annotations

import sys

import pytest
import sqlglot
from sqlglot import exp

from vgpt.errors import VgptError
from vgpt.schema.importers import import_mssql
from vgpt.schema.importers.mssql import (
    COLUMNS_SQL,
    KEYS_SQL,
    QUERIES,
    TYPES_SQL,
    VIEWS_SQL,
    import_mssql_with_summary,
    type_args,
)

SYSTEM_VIEWS = {
    "types": {"sys.types"},
    "columns": {"sys.columns", "sys.tables"},
    "keys": {"sys.indexes", "sys.index_columns", "sys.columns", "sys.tables"},
    "views": {"sys.views", "sys.sql_modules"},
}


@pytest.mark.parametrize("name", sorted(QUERIES))
def test_queries_parse_as_tsql_and_read_only_system_views(name):
    [tree] = sqlglot.parse(QUERIES[name], read="tsql")
    assert isinstance(tree, exp.Select)
    assert not list(tree.find_all(exp.Insert, exp.Update, exp.Delete, exp.Create, exp.Drop))
    read = {f"{t.db}.{t.name}".lower() for t in tree.find_all(exp.Table)}
    assert read == SYSTEM_VIEWS[name]


def test_columns_query_reads_declared_and_system_type():
    tree = sqlglot.parse_one(COLUMNS_SQL, read="tsql")
    calls = {e.sql("tsql").upper() for e in tree.expressions if "TYPE_NAME" in e.sql("tsql").upper()}
    assert any("USER_TYPE_ID" in c for c in calls) and any("SYSTEM_TYPE_ID" in c for c in calls)


def test_keys_query_takes_unique_clustered_indexes_only():
    where = sqlglot.parse_one(KEYS_SQL, read="tsql").args["where"].sql("tsql")
    assert "i.type = 1" in where and "i.is_unique = 1" in where


@pytest.mark.parametrize(
    ("base", "max_length", "precision", "scale", "args"),
    [("varchar", 30, 0, 0, "30"), ("varchar", -1, 0, 0, "max"), ("nvarchar", 60, 0, 0, "30"),
     ("nchar", -1, 0, 0, "max"), ("numeric", 9, 12, 2, "12,2"), ("decimal", 9, 16, 6, "16,6"),
     ("datetime2", 8, 27, 7, "7"), ("int", 4, 10, 0, ""), ("timestamp", 8, 0, 0, ""),
     ("char", 20, 0, 0, "20")],
)
def test_type_args(base, max_length, precision, scale, args):
    assert type_args(base, max_length, precision, scale) == args


class FakeCursor:
    def __init__(self, answers):
        self.answers, self.description, self.rows, self.executed = answers, None, [], []

    def execute(self, sql):
        self.executed.append(sql)
        names, self.rows = self.answers[sql]
        self.description = [(n, None, None, None, None, None, None) for n in names]

    def fetchall(self):
        return list(self.rows)

    def close(self):
        pass


class FakeConnection:
    """A DB-API connection that answers the importer's four queries with canned rows."""

    def __init__(self, answers):
        self.cursors: list[FakeCursor] = []
        self.answers = answers

    def cursor(self):
        self.cursors.append(FakeCursor(self.answers))
        return self.cursors[-1]


COLUMN_NAMES = ["table_name", "column_name", "type_name", "system_type", "max_length",
                "precision", "scale", "is_nullable", "is_identity", "is_computed"]


def _answers():
    return {
        TYPES_SQL: (["type_name", "base_type", "max_length", "precision", "scale", "is_nullable"], [
            ("bCompany", "tinyint", 1, 3, 0, True),
            ("bDollar", "numeric", 9, 12, 2, True),
            ("bYN", "char", 1, 0, 0, False),
            ("bGroup", "tinyint", 1, 3, 0, True),
            ("bVendor", "int", 4, 10, 0, True),
        ]),
        COLUMNS_SQL: (COLUMN_NAMES, [
            ("bAPTH", "APCo", "bCompany", "tinyint", 1, 3, 0, False, False, False),
            ("bAPTH", "Mth", "smalldatetime", "smalldatetime", 4, 16, 0, False, False, False),
            ("bAPTH", "APTrans", "int", "int", 4, 10, 0, False, False, False),
            ("bAPTH", "InvTotal", "bDollar", "numeric", 9, 12, 2, False, False, False),
            ("bAPTH", "PayMethod", "char", "char", 1, 0, 0, False, False, False),
            ("bAPTH", "OpenYN", "bYN", "char", 1, 0, 0, False, False, False),
            ("bAPTH", "Notes", "varchar", "varchar", -1, 0, 0, True, False, False),
            ("bAPTH", "KeyID", "bigint", "bigint", 8, 19, 0, False, True, False),
            ("bAPVM", "VendorGroup", "bGroup", "tinyint", 1, 3, 0, False, False, False),
            ("bAPVM", "Vendor", "bVendor", "int", 4, 10, 0, False, False, False),
            ("bAPVM", "Name", "varchar", "varchar", 60, 0, 0, True, False, False),
            ("bHQMA", "TableName", "char", "char", 30, 0, 0, False, False, False),
            ("bHQMA", "UserName", "sysname", "nvarchar", 256, 0, 0, False, False, False),
        ]),
        KEYS_SQL: (["table_name", "column_name", "key_ordinal"], [
            ("bAPTH", "APCo", 1), ("bAPTH", "Mth", 2), ("bAPTH", "APTrans", 3),
            ("bAPVM", "VendorGroup", 1), ("bAPVM", "Vendor", 2),
        ]),
        VIEWS_SQL: (["view_name", "definition"], [
            ("APTH", "CREATE view [dbo].[APTH] as select a.* From bAPTH a"),
            ("APVM", "create view dbo.APVM\nas\n/* vendors */ select * from dbo.bAPVM"),
            ("brvAPOpen", "CREATE VIEW brvAPOpen AS SELECT h.* FROM bAPTH h JOIN bAPVM v ON v.Vendor = h.Vendor"),
            ("APEncrypted", None),  # WITH ENCRYPTION: no definition to read
        ]),
    }


def test_rows_assemble_into_a_catalog():
    conn = FakeConnection(_answers())
    catalog, summary = import_mssql_with_summary("unused", connection=conn)
    assert sorted(catalog.tables) == ["APTH", "APVM", "bHQMA"]
    apth = catalog.table("APTH")
    assert apth.base == "bAPTH" and apth.module == "AP"
    assert apth.key == ["APCo", "Mth", "APTrans"] and apth.company == "APCo"
    assert (apth.column("InvTotal").type, apth.column("InvTotal").udt) == ("numeric(12,2)", "bDollar")
    assert (apth.column("PayMethod").type, apth.column("PayMethod").udt) == ("char(1)", None)
    assert apth.column("Notes").type == "varchar(max)" and apth.column("Notes").nullable
    assert apth.column("KeyID").identity and not apth.column("OpenYN").nullable
    assert catalog.udt == {"bCompany": "tinyint", "bDollar": "numeric(12,2)", "bGroup": "tinyint",
                           "bVendor": "int", "bYN": "char(1)"}
    assert catalog.table("APVM").company is None  # key starts with a bGroup column
    assert catalog.table("bHQMA").key == [] and catalog.table("bHQMA").module == "HQ"
    assert catalog.table("bHQMA").column("UserName").type == "sysname"
    assert summary["views_mapped"] == 2 and summary["other_views"] == 2
    assert [c.executed[0] for c in conn.cursors] == [QUERIES[k] for k in ("types", "columns", "keys", "views")]


def test_no_tables_is_a_clear_error():
    answers = _answers()
    answers[COLUMNS_SQL] = (COLUMN_NAMES, [])
    with pytest.raises(VgptError, match="no tables"):
        import_mssql_with_summary("unused", connection=FakeConnection(answers))


def test_driver_errors_become_one_line():
    class Broken(FakeConnection):
        def cursor(self):
            raise RuntimeError("Login timeout expired\n  at some driver frame")

    with pytest.raises(VgptError, match="reading the schema failed: Login timeout expired$"):
        import_mssql_with_summary("unused", connection=Broken({}))


def test_missing_driver_says_how_to_install(monkeypatch):
    monkeypatch.setitem(sys.modules, "mssql_python", None)  # makes the import fail
    with pytest.raises(VgptError, match=r"pip install 'vgpt\[mssql\]'"):
        import_mssql("Server=localhost;Database=Viewpoint;Trusted_Connection=yes")
