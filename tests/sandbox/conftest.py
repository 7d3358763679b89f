"""A small in-memory sandbox: the embedded catalog's tables with a few hand-written rows.

Company 1 holds four AP invoices from three vendors in February and March 2026 (TODAY is
2026-03-15); company 2 holds one, so company filters matter.
"""

from __future__ import annotations

import duckdb
import pytest

from vgpt.sandbox.execute import SandboxDatabase
from vgpt.sandbox.schema import create_tables

VENDORS = [
    # VendorGroup, Vendor, SortName, Name, ActiveYN
    (1, 100, "ACME", "Acme Supply Co", "Y"),
    (1, 101, "BETA", "Beta Pipe", "Y"),
    (1, 102, "GAMMA", "Gamma Electric  ", "N"),  # trailing blanks, as char padding leaves them
]
INVOICES = [
    # APCo, Mth, APTrans, VendorGroup, Vendor, APRef, Description, InvDate, DueDate, InvTotal
    (1, "2026-02-01", 1, 1, 100, "INV-100", "Rebar", "2026-02-03", "2026-03-05", 1500.00),
    (1, "2026-02-01", 2, 1, 101, "B-7", "Pipe fittings", "2026-02-10", "2026-03-12", 250.50),
    (1, "2026-03-01", 1, 1, 100, "INV-101", "Rebar", "2026-03-02", "2026-04-01", 900.25),
    (1, "2026-03-01", 2, 1, 102, None, "Conduit", "2026-03-10 14:00", "2026-04-09", 75.00),
    (2, "2026-03-01", 1, 1, 100, "X-9", "Other company", "2026-03-03", "2026-04-02", 5000.00),
]
PAYMENTS = [
    # APCo, Mth, APTrans, APLine, APSeq, Amount, Status, PaidDate
    (1, "2026-02-01", 1, 1, 1, 1500.00, 2, "2026-02-20"),
    (1, "2026-02-01", 2, 1, 1, 250.50, 1, None),
    (1, "2026-03-01", 1, 1, 1, 900.25, 1, None),
]


def make_connection(catalog) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    create_tables(con, catalog)
    con.executemany("INSERT INTO APVM (VendorGroup, Vendor, SortName, Name, ActiveYN) VALUES (?, ?, ?, ?, ?)",
                    VENDORS)
    con.executemany(
        "INSERT INTO APTH (APCo, Mth, APTrans, VendorGroup, Vendor, APRef, Description, InvDate, DueDate,"
        " InvTotal) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", INVOICES)
    con.executemany(
        "INSERT INTO APTD (APCo, Mth, APTrans, APLine, APSeq, Amount, Status, PaidDate)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?)", PAYMENTS)
    return con


@pytest.fixture(scope="session")
def sandbox(catalog):
    db = SandboxDatabase.from_connection(make_connection(catalog), catalog=catalog)
    yield db
    db.close()


@pytest.fixture()
def rows(sandbox):
    """Run T-SQL on the small sandbox and return its rows."""

    def run(sql: str, **params):
        return sandbox.query(sql, params or None).rows

    return run


@pytest.fixture(scope="session")
def sandbox_file(tmp_path_factory, catalog):
    """The small sandbox written to a DuckDB file, with the generator's metadata table.

    Shared by the tests that open it read-only (one test checks that it stays unchanged).
    """
    path = tmp_path_factory.mktemp("sandbox") / "sandbox.duckdb"
    con = make_connection(catalog)
    con.execute(f"ATTACH '{path}' AS f")
    con.execute("COPY FROM DATABASE memory TO f")
    con.execute("CREATE TABLE f._vgpt_meta (key VARCHAR, value VARCHAR)")
    con.execute("INSERT INTO f._vgpt_meta VALUES ('seed', '7'), ('scale', '0.5')")
    con.close()
    return path
