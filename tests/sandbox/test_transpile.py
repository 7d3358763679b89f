"""Each T-SQL fix in vgpt.sandbox.transpile, checked by running the query on the small sandbox."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from vgpt.sandbox import TODAY
from vgpt.sandbox.transpile import SandboxError, literal, parameters_used, parse_tsql, to_duckdb


def test_string_plus_concatenates_columns_and_literals(rows):
    got = rows("SELECT SortName + ' - ' + Name FROM APVM WITH (NOLOCK) WHERE Vendor = 100")
    assert got == [("ACME - Acme Supply Co",)]


def test_string_plus_with_literal_first_and_functions(rows):
    got = rows("SELECT 'Vendor ' + UPPER(Name) + '/' + ISNULL(APRef, '?') FROM APTH h JOIN APVM v "
               "ON v.VendorGroup = h.VendorGroup AND v.Vendor = h.Vendor WHERE h.APCo = 1 AND h.Mth = '2026-03-01' "
               "ORDER BY h.APTrans")
    assert got == [("Vendor ACME SUPPLY CO/INV-101",), ("Vendor GAMMA ELECTRIC  /?",)]


def test_string_plus_with_null_is_null(rows):
    # CONCAT_NULL_YIELDS_NULL: 'x' + NULL is NULL in T-SQL
    assert rows("SELECT Description + APRef FROM APTH WHERE APCo = 1 AND APRef IS NULL") == [(None,)]


def test_string_plus_through_derived_table_and_cast(rows):
    got = rows("SELECT x.d + ':' + CAST(x.t AS varchar(10)) FROM (SELECT Description d, APTrans t FROM APTH "
               "WHERE APCo = 2) x")
    assert got == [("Other company:1",)]


def test_numeric_plus_stays_addition(rows):
    assert rows("SELECT APTrans + Vendor, InvTotal + 1 FROM APTH WHERE APCo = 2") == [(101, Decimal("5001.00"))]


def test_integer_division_truncates(rows):
    assert rows("SELECT 7 / 2, -7 / 2, COUNT(*) / 3, 7.0 / 2 FROM APTH WHERE APCo = 1") == [(3, -3, 1, 3.5)]


def test_integer_column_division(rows):
    got = rows("SELECT Vendor / APTrans FROM APTH WHERE APCo = 1 AND Mth = '2026-03-01' ORDER BY APTrans")
    assert got == [(100,), (51,)]


def test_avg_of_integer_is_integer(rows):
    assert rows("SELECT AVG(Vendor) FROM APTH WHERE APCo = 1") == [(100,)]  # 401/4 = 100.25 -> 100


def test_getdate_is_sandbox_today(rows):
    assert rows("SELECT GETDATE(), SYSDATETIME(), CURRENT_TIMESTAMP, GETUTCDATE()") == [(TODAY,) * 4]


def test_dateadd_from_getdate(rows):
    assert rows("SELECT COUNT(*) FROM APTH WHERE APCo = 1 AND InvDate >= DATEADD(day, -30, GETDATE())") == [(2,)]


def test_first_of_month_idiom_with_zero_date(rows):
    assert rows("SELECT DATEADD(mm, DATEDIFF(mm, 0, GETDATE()), 0)") == [(dt.datetime(2026, 3, 1),)]


def test_datediff_counts_boundaries(rows):
    got = rows("SELECT DATEDIFF(month, '2024-01-31', '2024-02-01'), DATEDIFF(day, '2024-01-31 23:00', "
               "'2024-02-01 01:00'), DATEDIFF(year, '2025-12-31', '2026-01-01')")
    assert got == [(1, 1, 1)]


def test_eomonth_and_datefromparts(rows):
    got = rows("SELECT EOMONTH(InvDate), EOMONTH(InvDate, 1), DATEFROMPARTS(2026, 2, 1) FROM APTH WHERE APCo = 2")
    assert got == [(dt.date(2026, 3, 31), dt.date(2026, 4, 30), dt.date(2026, 2, 1))]


def test_convert_styles(rows):
    got = rows("SELECT CONVERT(varchar(10), InvDate, 101), CONVERT(varchar(10), InvDate, 103), "
               "CONVERT(char(8), InvDate, 112), CONVERT(varchar(10), InvDate, 23), CONVERT(date, InvDate), "
               "CAST(InvDate AS date) FROM APTH WHERE APCo = 2")
    assert got == [("03/03/2026", "03/03/2026", "20260303", "2026-03-03", dt.date(2026, 3, 3), dt.date(2026, 3, 3))]


def test_compact_and_us_date_literals(rows):
    assert rows("SELECT COUNT(*) FROM APTH WHERE InvDate >= '20260301' AND APCo = 1") == [(2,)]
    assert rows("SELECT COUNT(*) FROM APTH WHERE InvDate BETWEEN '02/01/2026' AND '02/28/2026'") == [(2,)]


def test_cross_apply_and_outer_apply(rows):
    got = rows("SELECT v.Vendor, x.n FROM APVM v CROSS APPLY (SELECT COUNT(*) n FROM APTH h "
               "WHERE h.Vendor = v.Vendor AND h.APCo = 1) x ORDER BY v.Vendor")
    assert got == [(100, 2), (101, 1), (102, 1)]
    got = rows("SELECT v.Vendor, x.PaidDate FROM APVM v OUTER APPLY (SELECT TOP 1 d.PaidDate FROM APTD d "
               "JOIN APTH h ON h.APCo = d.APCo AND h.Mth = d.Mth AND h.APTrans = d.APTrans "
               "WHERE h.Vendor = v.Vendor AND d.PaidDate IS NOT NULL) x ORDER BY v.Vendor")
    assert got == [(100, dt.datetime(2026, 2, 20)), (101, None), (102, None)]


def test_bracketed_dbo_and_case_insensitive_names(rows):
    assert rows("SELECT COUNT(*) FROM [Viewpoint].[dbo].[APTH] WITH (NOLOCK) WHERE [APCo] = 1") == [(4,)]
    assert rows("select count(*) from dbo.apth a with (nolock) where a.apco = 1") == [(4,)]
    assert rows("SELECT COUNT(*) FROM bAPTH WHERE APCo = 1") == [(4,)]


def test_case_insensitive_equality_and_like(rows):
    assert rows("SELECT Vendor FROM APVM WHERE SortName = 'acme'") == [(100,)]
    assert rows("SELECT Vendor FROM APVM WHERE Name LIKE 'beta%'") == [(101,)]
    assert rows("SELECT COUNT(*) FROM APVM WHERE Name NOT LIKE '%PIPE%'") == [(2,)]


def test_len_ignores_trailing_blanks(rows):
    assert rows("SELECT LEN(Name), LEN('ab  ') FROM APVM WHERE Vendor = 102") == [(14, 2)]


def test_datepart_weekday_counts_from_sunday(rows):
    # 2026-03-03 is a Tuesday: 3 under SQL Server's default DATEFIRST 7
    got = rows("SELECT DATEPART(dw, InvDate), DATEPART(weekday, InvDate), DATENAME(weekday, InvDate), "
               "DATEPART(month, InvDate), YEAR(InvDate) FROM APTH WHERE APCo = 2")
    assert got == [(3, 3, "Tuesday", 3, 2026)]


def test_cast_to_bit_is_integer(rows):
    assert rows("SELECT CAST(1 AS bit), CAST(0 AS bit), CAST(5 AS bit)") == [(1, 0, 1)]


def test_top_offset_fetch_iif_charindex_stuff(rows):
    assert rows("SELECT TOP (2) APTrans FROM APTH WHERE APCo = 1 ORDER BY InvTotal DESC") == [(1,), (1,)]
    got = rows("SELECT Vendor FROM APVM ORDER BY Vendor OFFSET 1 ROWS FETCH NEXT 1 ROWS ONLY")
    assert got == [(101,)]
    got = rows("SELECT IIF(InvTotal > 1000, 'big', 'small'), CHARINDEX('-', APRef), LEFT(APRef, 3), "
               "STUFF(APRef, 1, 3, 'X') FROM APTH WHERE APCo = 2")
    assert got == [("big", 2, "X-9", "X")]


def test_string_agg(rows):
    got = rows("SELECT STRING_AGG(SortName, ',') WITHIN GROUP (ORDER BY SortName DESC) FROM APVM")
    assert got == [("GAMMA,BETA,ACME",)]


def test_try_convert(rows):
    assert rows("SELECT TRY_CONVERT(int, 'x'), TRY_CAST('12' AS int), N'abc'") == [(None, 12, "abc")]


def test_parameters_bound_as_literals():
    sql = "SELECT * FROM APTH WHERE APCo = @APCo AND Mth = @Mth AND APRef = @Ref AND Description = @D"
    out = to_duckdb(sql, {"apco": 1, "@Mth": dt.date(2026, 3, 1), "Ref": "it's", "D": None})
    assert "APCo = 1" in out and "CAST('2026-03-01' AS DATE)" in out and "'it''s'" in out and "= NULL" in out
    assert parameters_used(parse_tsql(sql)) == ["APCo", "Mth", "Ref", "D"]


def test_missing_parameter_named():
    with pytest.raises(SandboxError, match="@Job"):
        to_duckdb("SELECT 1 FROM JCJM WHERE JCCo = @JCCo AND Job = @Job", {"JCCo": 1})


def test_literal_types():
    assert literal(True).sql() == "1"
    assert literal(dt.datetime(2026, 1, 2, 3, 4)).sql(dialect="duckdb") == "CAST('2026-01-02 03:04:00' AS TIMESTAMP)"


@pytest.mark.parametrize("sql, message", [
    ("DELETE FROM APTH", "only a SELECT"),
    ("SELECT * INTO #t FROM APTH", "read-only"),
    ("SELECT 1; SELECT 2", "statements"),
    ("SELEC 1 FROM", "does not parse"),
])
def test_rejected_sql(sql, message):
    with pytest.raises(SandboxError, match=message):
        to_duckdb(sql, {})


def test_varchar_length_truncates_and_max_works(rows):
    got = rows("SELECT CONVERT(varchar(7), Mth, 120), CAST(Description AS varchar(4)), CONVERT(char(3), APRef), "
               "CAST(APTrans AS varchar(max)), CONVERT(nvarchar(max), Vendor) FROM APTH WHERE APCo = 2")
    assert got == [("2026-03", "Othe", "X-9", "1", "100")]


def test_top_with_ties(rows):
    got = rows("SELECT TOP 1 WITH TIES Mth, COUNT(*) AS n FROM APTH WHERE APCo = 1 GROUP BY Mth ORDER BY n DESC")
    assert sorted(got) == [(dt.datetime(2026, 2, 1), 2), (dt.datetime(2026, 3, 1), 2)]


def test_datediff_week_counts_sundays(rows):
    got = rows("SELECT DATEDIFF(week, '2024-01-06', '2024-01-07'), DATEDIFF(week, '2024-01-07', '2024-01-13'), "
               "DATEDIFF(wk, '2024-01-01', '2024-12-31'), DATEDIFF(week, '2024-01-14', '2024-01-13')")
    assert got == [(1, 0, 52, -1)]


def test_collate_clauses(rows):
    assert rows("SELECT COUNT(*) FROM APVM WHERE SortName = 'acme' COLLATE SQL_Latin1_General_CP1_CI_AS") == [(1,)]
    assert rows("SELECT COUNT(*) FROM APVM WHERE SortName = 'acme' COLLATE Latin1_General_CS_AS") == [(0,)]


def test_fixes_apply_inside_rewritten_expressions(rows):
    # GETDATE() inside DATEPART(weekday) and DATEDIFF(week) is still the sandbox's TODAY (a Sunday)
    assert rows("SELECT DATEPART(dw, GETDATE()), DATEDIFF(week, '2026-03-14', GETDATE())") == [(1, 1)]
