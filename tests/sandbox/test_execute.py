"""SandboxDatabase: queries on the small sandbox, parameters, timeout, row cap, file errors."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from vgpt.sandbox import LAST_MONTH
from vgpt.sandbox.execute import SandboxDatabase, SandboxError, default_path, generator_fingerprint
from vgpt.sandbox.params import default_params, parse_param, resolve_params
from vgpt.sandbox.schema import SCHEMA_VERSION, duckdb_type
from vgpt.schema.model import Column


def test_company_filter_with_default_parameter(sandbox):
    result = sandbox.query("SELECT COUNT(*) AS n FROM APTH WITH (NOLOCK) WHERE APCo = @APCo")
    assert result.columns == ["n"] and result.rows == [(4,)]
    assert "APCo = 1" in result.duckdb_sql and not result.truncated


def test_parameter_override(rows):
    assert rows("SELECT COUNT(*) FROM APTH WHERE APCo = @APCo", APCo=2) == [(1,)]


def test_mth_defaults_to_last_sandbox_month(rows):
    got = rows("SELECT APTrans, Mth FROM APTH WHERE APCo = @APCo AND Mth = @Mth ORDER BY APTrans")
    assert got == [(1, dt.datetime(2026, 3, 1)), (2, dt.datetime(2026, 3, 1))]
    assert LAST_MONTH == dt.date(2026, 3, 1)


def test_vendor_totals_join_group_order(rows):
    got = rows("""
        SELECT TOP 2 v.Name, SUM(h.InvTotal) AS Total
        FROM APTH h WITH (NOLOCK)
        JOIN APVM v WITH (NOLOCK) ON v.VendorGroup = h.VendorGroup AND v.Vendor = h.Vendor
        WHERE h.APCo = @APCo
        GROUP BY v.Name
        ORDER BY Total DESC""")
    assert got == [("Acme Supply Co", Decimal("2400.25")), ("Beta Pipe", Decimal("250.50"))]


def test_open_payables_aging(rows):
    got = rows("""
        SELECT h.APTrans, DATEDIFF(day, h.InvDate, GETDATE()) AS Age
        FROM APTD d WITH (NOLOCK)
        JOIN APTH h WITH (NOLOCK) ON h.APCo = d.APCo AND h.Mth = d.Mth AND h.APTrans = d.APTrans
        WHERE d.APCo = 1 AND d.Status = 1
        ORDER BY Age DESC""")
    assert got == [(2, 33), (1, 13)]


def test_left_join_keeps_unpaid_and_null_handling(rows):
    got = rows("""
        SELECT h.APTrans, ISNULL(d.Amount, 0) FROM APTH h
        LEFT JOIN APTD d ON d.APCo = h.APCo AND d.Mth = h.Mth AND d.APTrans = h.APTrans
        WHERE h.APCo = 1 AND h.Mth = '2026-03-01' ORDER BY h.APTrans""")
    assert got == [(1, Decimal("900.25")), (2, Decimal("0.00"))]


def test_group_by_month_with_having(rows):
    got = rows("SELECT Mth, COUNT(*) FROM APTH WHERE APCo = 1 GROUP BY Mth HAVING SUM(InvTotal) > 1000 ORDER BY Mth")
    assert got == [(dt.datetime(2026, 2, 1), 2)]  # March totals 975.25


def test_cte_and_window_function(rows):
    got = rows("""
        WITH ranked AS (
            SELECT Vendor, InvTotal, ROW_NUMBER() OVER (PARTITION BY Vendor ORDER BY InvTotal DESC) AS rn
            FROM APTH WHERE APCo = 1)
        SELECT Vendor, InvTotal FROM ranked WHERE rn = 1 ORDER BY Vendor""")
    assert got == [(100, Decimal("1500.00")), (101, Decimal("250.50")), (102, Decimal("75.00"))]


def test_exists_subquery(rows):
    got = rows("SELECT Vendor FROM APVM v WHERE EXISTS (SELECT 1 FROM APTH h WHERE h.Vendor = v.Vendor AND "
               "h.APCo = 2)")
    assert got == [(100,)]


def test_case_insensitive_group_by(rows):
    # SQL Server groups 'Rebar' and 'REBAR' together under its default collation
    got = rows("SELECT UPPER(Description), COUNT(*) FROM APTH WHERE APCo = 1 AND Description = 'REBAR' "
               "GROUP BY UPPER(Description)")
    assert got == [("REBAR", 2)]


def test_row_cap(sandbox):
    result = sandbox.query("SELECT * FROM APTH", max_rows=2)
    assert len(result.rows) == 2 and result.truncated
    result = sandbox.query("SELECT * FROM APTH", max_rows=5)
    assert len(result.rows) == 5 and not result.truncated
    assert "KeyID" in result.columns


def test_runaway_query_times_out(sandbox):
    sql = ("SELECT COUNT(*) FROM GENERATE_SERIES(1, 100000) a CROSS JOIN GENERATE_SERIES(1, 100000) b "
           "CROSS JOIN GENERATE_SERIES(1, 100000) c")
    with pytest.raises(SandboxError, match=r"query exceeded 0.3 s"):
        sandbox.query(sql, timeout_s=0.3)
    assert sandbox.query("SELECT 1").rows == [(1,)]  # the connection still works


@pytest.mark.parametrize("sql, message", [
    ("SELECT * FROM APXX", "APXX"),
    ("SELECT NoSuchColumn FROM APTH", "NoSuchColumn"),
    ("SELECT FROM WHERE", "does not parse"),
    ("SELECT * FROM APTH WHERE Job = @Job", "@Job"),
])
def test_clean_errors(sandbox, sql, message):
    with pytest.raises(SandboxError, match=message) as info:
        sandbox.query(sql)
    assert "\n" not in str(info.value)


def test_file_database_read_only(sandbox_file, catalog):
    with SandboxDatabase(sandbox_file, catalog=catalog) as db:
        assert db.query("SELECT COUNT(*) FROM bAPTH WHERE APCo = 1").rows == [(4,)]
        assert db.meta() == {"seed": "7", "scale": "0.5"}
        assert db.table_counts()["APTH"] == 5
        with pytest.raises(SandboxError, match="read-only"):
            db.query_duckdb("DELETE FROM APTH")


def test_missing_database_file(tmp_path):
    with pytest.raises(SandboxError, match="vgpt sandbox build"):
        SandboxDatabase(tmp_path / "absent.duckdb")


def test_corrupt_database_file(tmp_path):
    path = tmp_path / "corrupt.duckdb"
    path.write_bytes(b"this is not a database" * 500)
    with pytest.raises(SandboxError, match="not a usable DuckDB sandbox"):
        SandboxDatabase(path)


def test_default_path_from_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("VGPT_SANDBOX", str(tmp_path / "x.duckdb"))
    assert default_path() == tmp_path / "x.duckdb"
    monkeypatch.delenv("VGPT_SANDBOX")
    assert default_path().name == f"sandbox-{SCHEMA_VERSION}-{generator_fingerprint()}.duckdb"


def test_the_default_path_changes_when_the_generator_does(monkeypatch, tmp_path):
    import vgpt.sandbox.execute as ex

    monkeypatch.delenv("VGPT_SANDBOX", raising=False)
    before = ex.default_path()
    ex.generator_fingerprint.cache_clear()
    monkeypatch.setattr(ex.Path, "read_bytes", lambda self: b"changed " + self.name.encode())
    try:
        assert ex.default_path() != before
    finally:
        monkeypatch.undo()
        ex.generator_fingerprint.cache_clear()
    assert ex.default_path() == before


@pytest.mark.parametrize("sql_type, expected", [
    ("tinyint", "SMALLINT"), ("int", "INTEGER"), ("bigint", "BIGINT"), ("bit", "SMALLINT"),
    ("numeric(12,2)", "DECIMAL(12,2)"), ("decimal(40,4)", "DECIMAL(38,4)"), ("numeric", "DECIMAL(18,0)"),
    ("money", "DECIMAL(19,4)"), ("float", "DOUBLE"), ("real", "FLOAT"), ("varchar(max)", "VARCHAR"),
    ("nchar(10)", "VARCHAR"), ("smalldatetime", "TIMESTAMP"), ("datetime", "TIMESTAMP"), ("date", "DATE"),
    ("uniqueidentifier", "UUID"), ("varbinary(max)", "BLOB"), ("timestamp", "BLOB"),
])
def test_duckdb_type(sql_type, expected):
    assert duckdb_type(Column(name="c", type=sql_type)) == expected


def test_unknown_type_is_clean_error():
    with pytest.raises(Exception, match="geography"):
        duckdb_type(Column(name="c", type="geography"))


def test_tinyint_sums_do_not_overflow(rows):
    assert rows("SELECT SUM(APCo) * 100 FROM APTH") == [(600,)]


def test_resolve_params():
    assert resolve_params(["APCo", "@jcco", "VendorGroup"]) == {"APCo": 1, "jcco": 1, "VendorGroup": 1}
    assert resolve_params(["Mth"], {"@mth": dt.date(2025, 1, 1)}) == {"Mth": dt.date(2025, 1, 1)}
    with pytest.raises(Exception, match="@Job, @Vendor"):
        resolve_params(["APCo", "Job", "Vendor"])
    assert default_params()["Mth"] == LAST_MONTH


def test_parse_param():
    assert parse_param("APCo=2") == ("APCo", 2)
    assert parse_param("@Mth=2026-01-01") == ("Mth", dt.date(2026, 1, 1))
    assert parse_param("Job= 1000-") == ("Job", " 1000-")
    assert parse_param("Job=007") == ("Job", "007")
    assert parse_param("Amt=1.50") == ("Amt", Decimal("1.50"))
    assert parse_param("Name=Acme") == ("Name", "Acme")
    with pytest.raises(Exception, match="NAME=VALUE"):
        parse_param("APCo")


def test_queries_from_many_threads(sandbox):
    from concurrent.futures import ThreadPoolExecutor

    def one(i: int):
        return sandbox.query("SELECT COUNT(*) FROM APTH WHERE APCo = @APCo", {"APCo": 1 + i % 2}).rows[0][0]

    with ThreadPoolExecutor(max_workers=8) as pool:
        counts = list(pool.map(one, range(40)))
    assert counts == [4, 1] * 20


def test_queries_cannot_reach_the_file_system(sandbox):
    import pytest

    from vgpt.sandbox.execute import SandboxError

    for sql in ("SELECT * FROM read_csv('/etc/passwd')", "SELECT * FROM [/etc/hostname]"):
        with pytest.raises(SandboxError):
            sandbox.query(sql)
