"""Name resolution: unknown tables and columns with suggestions, aliases, CTEs, used_columns."""

from __future__ import annotations

import pytest

from vgpt.errors import VgptError
from vgpt.sql import check_sql, parse_one_tsql, used_columns


def _issue(result, code):
    return next(i for i in result.issues if i.code == code)


def test_unknown_table_suggests_real_tables(small_catalog):
    issue = _issue(check_sql("SELECT * FROM APInvoices WITH (NOLOCK)", small_catalog), "unknown_table")
    assert issue.table == "APInvoices" and "APTH" in issue.suggestions


def test_misspelled_table(small_catalog):
    issue = _issue(check_sql("SELECT * FROM APTHH WITH (NOLOCK)", small_catalog), "unknown_table")
    assert issue.suggestions[0] == "APTH"


def test_unknown_column_points_at_the_table_that_has_it(small_catalog):
    result = check_sql("SELECT h.GrossAmt FROM APTH h WITH (NOLOCK) WHERE h.APCo = 1", small_catalog)
    assert not result.ok
    issue = _issue(result, "unknown_column")
    assert (issue.table, issue.column) == ("APTH", "GrossAmt")
    assert issue.suggestions[0] == "APTL.GrossAmt"


def test_unknown_column_close_spelling(small_catalog):
    issue = _issue(check_sql("SELECT InvTotl FROM APTH WITH (NOLOCK) WHERE APCo = 1", small_catalog), "unknown_column")
    assert "APTH.InvTotal" in issue.suggestions


def test_facts_unknown_column(facts_catalog):
    issue = _issue(check_sql("SELECT StartDate FROM JCJM WITH (NOLOCK) WHERE JCCo = 1", facts_catalog),
                   "unknown_column")
    assert issue.column == "StartDate"


def test_ambiguous_only_when_truly_ambiguous(small_catalog):
    sql = "SELECT APCo, Amount FROM APTH h WITH (NOLOCK) JOIN APTD d WITH (NOLOCK) ON d.APCo = h.APCo"
    result = check_sql(sql, small_catalog)
    assert [i.column for i in result.issues if i.code == "ambiguous_column"] == ["APCo"]
    assert "APTD.Amount" in result.columns


def test_cte_columns_checked_against_projection(small_catalog):
    sql = "WITH x AS (SELECT APCo, InvTotal AS t FROM APTH WITH (NOLOCK) WHERE APCo = 1) SELECT x.t, x.Vendor FROM x"
    result = check_sql(sql, small_catalog)
    assert _issue(result, "unknown_column").column == "Vendor"
    assert result.tables == ["APTH"]  # the CTE name is not a catalog table


def test_order_by_select_alias(small_catalog):
    sql = "SELECT Vendor, SUM(InvTotal) AS Total FROM APTH WITH (NOLOCK) WHERE APCo = 1 GROUP BY Vendor ORDER BY Total"
    assert check_sql(sql, small_catalog).ok


def test_unknown_alias(small_catalog):
    assert "unknown_alias" in check_sql("SELECT z.APCo FROM APTH h WITH (NOLOCK)", small_catalog).codes()


def test_tables_and_columns_in_catalog_casing(small_catalog):
    result = check_sql("select v.name, h.aptrans from apth h with (nolock) join apvm v with (nolock) "
                       "on v.vendorgroup = h.vendorgroup and v.vendor = h.vendor where h.apco = 1", small_catalog)
    assert result.ok
    assert result.tables == ["APTH", "APVM"]
    assert result.columns[:2] == ["APVM.Name", "APTH.APTrans"]


def test_used_columns_star_and_qualified_star(small_catalog):
    assert used_columns("SELECT * FROM APVM", small_catalog) == {"APVM": {"VendorGroup", "Vendor", "Name"}}
    used = used_columns("SELECT v.*, h.APRef FROM APTH h JOIN APVM v ON v.Vendor = h.Vendor", small_catalog)
    assert used["APVM"] == {"VendorGroup", "Vendor", "Name"}
    assert used["APTH"] == {"APRef", "Vendor"}


def test_used_columns_through_subqueries(small_catalog):
    sql = ("SELECT x.Job FROM (SELECT Job, GrossAmt FROM APTL) x WHERE EXISTS "
           "(SELECT 1 FROM JCJM j WHERE j.Job = x.Job AND j.JobStatus = 1)")
    assert used_columns(sql, small_catalog) == {"APTL": {"Job", "GrossAmt"}, "JCJM": {"Job", "JobStatus"}}


def test_parse_one_tsql_errors_are_clean():
    with pytest.raises(VgptError, match="does not parse"):
        parse_one_tsql("SELECT FROM WHERE (")
    with pytest.raises(VgptError, match="2 statements"):
        parse_one_tsql("SELECT 1; SELECT 2")
    with pytest.raises(VgptError, match="empty"):
        parse_one_tsql("   ")


def test_order_follows_the_sql_text(small_catalog):
    sql = ("SELECT h.APRef, (SELECT MAX(d.Amount) FROM APTD d WITH (NOLOCK) WHERE d.APCo = h.APCo) AS mx "
           "FROM APTH h WITH (NOLOCK) WHERE h.APCo = 1")
    result = check_sql(sql, small_catalog)
    assert result.tables == ["APTD", "APTH"]  # APTD is written first, inside the select list
    assert result.columns == ["APTH.APRef", "APTD.Amount", "APTD.APCo", "APTH.APCo"]


def test_all_subquery_and_pivot_values(small_catalog):
    sql = ("SELECT APRef FROM APTH WITH (NOLOCK) WHERE APCo = 1 AND InvTotal > ALL "
           "(SELECT Amount FROM APTD WITH (NOLOCK) WHERE APCo = 1)")
    assert check_sql(sql, small_catalog).ok
    pivot = ("SELECT * FROM (SELECT Vendor, Mth, InvTotal FROM APTH WITH (NOLOCK) WHERE APCo = 1) s "
             "PIVOT (SUM(InvTotal) FOR Mth IN ([2024-01-01], [2024-02-01])) p")
    assert check_sql(pivot, small_catalog).ok
