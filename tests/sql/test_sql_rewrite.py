"""NOLOCK rewrite, company filter and TOP cap."""

from __future__ import annotations

import pytest
import sqlglot
from sqlglot import exp

from vgpt.sql import add_nolock, cap_top, check_sql, parse_one_tsql
from vgpt.sql.corpus import LEGIT
from vgpt.sql.nolock import missing_nolock


def _strip_hints(tree: exp.Expression) -> exp.Expression:
    tree = tree.copy()
    for t in tree.find_all(exp.Table):
        t.set("hints", None)
    return tree


def _roundtrip(sql: str) -> exp.Expression:
    return parse_one_tsql(parse_one_tsql(sql).sql("tsql"))


NO_HINTS = [
    "SELECT h.APRef, d.Amount FROM APTH h JOIN APTD d ON d.APCo = h.APCo LEFT JOIN APVM v ON v.Vendor = h.Vendor",
    "SELECT x.Job FROM (SELECT Job FROM APTL WHERE APCo = 1) x",
    "WITH c AS (SELECT APCo, APTrans FROM APTH) SELECT c.APTrans FROM c JOIN APTD d ON d.APTrans = c.APTrans",
    "SELECT h.APRef, t.n FROM APTH h CROSS APPLY (SELECT COUNT(*) AS n FROM APTD d WHERE d.APTrans = h.APTrans) t",
    "SELECT h.APRef FROM APTH h WHERE EXISTS (SELECT 1 FROM APTL l WHERE l.APTrans = h.APTrans)",
    "SELECT APCo FROM APTH UNION SELECT APCo FROM APTD",
    "SELECT h.APRef FROM APTH h WITH (INDEX(ix_x)) WHERE h.APCo = 1",
]


@pytest.mark.parametrize("sql", NO_HINTS)
def test_add_nolock_everywhere_and_nothing_else(sql):
    fixed = add_nolock(sql)
    tree = parse_one_tsql(fixed)  # re-parses
    assert not missing_nolock(tree)
    assert _strip_hints(tree) == _strip_hints(_roundtrip(sql))
    assert add_nolock(fixed) == fixed  # idempotent


def test_cte_names_and_derived_tables_get_no_hint():
    fixed = add_nolock(NO_HINTS[2])
    tree = parse_one_tsql(fixed)
    hinted = sorted(t.name for t in tree.find_all(exp.Table) if t.args.get("hints"))
    assert hinted == ["APTD", "APTH"]
    assert "c WITH" not in fixed.replace("AS c", "")


def test_existing_hint_list_is_extended():
    fixed = add_nolock(NO_HINTS[-1])
    assert "INDEX(ix_x), NOLOCK" in fixed


def test_readuncommitted_counts_and_text_is_kept():
    sql = "SELECT APRef FROM APTH WITH (READUNCOMMITTED)"
    assert add_nolock(sql) == sql


@pytest.mark.parametrize("sql", LEGIT[:20])
def test_legit_fix_keeps_the_query(sql):
    no_hints = _strip_hints(parse_one_tsql(sql)).sql("tsql")
    assert _strip_hints(parse_one_tsql(add_nolock(no_hints))) == _strip_hints(_roundtrip(no_hints))


def test_fix_reports_warning_and_returns_fixed_sql(small_catalog):
    result = check_sql("SELECT APRef FROM APTH WHERE APCo = 1", small_catalog, fix=True)
    assert result.ok and result.codes() == ["missing_nolock"]
    assert result.sql == "SELECT APRef FROM APTH WITH (NOLOCK) WHERE APCo = 1"


# -- company filter ---------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "where",
    ["h.APCo = @APCo", "h.APCo = 1", "h.APCo IN (1, 2)", "1 = h.APCo", "h.APCo BETWEEN 1 AND 3"],
)
def test_company_filter_forms(where, small_catalog):
    result = check_sql(f"SELECT h.APRef FROM APTH h WITH (NOLOCK) WHERE {where}", small_catalog)
    assert "missing_company_filter" not in result.codes()


def test_missing_company_filter_is_a_warning(small_catalog):
    result = check_sql("SELECT APRef FROM APTH WITH (NOLOCK)", small_catalog)
    assert result.ok
    issue = next(i for i in result.issues if i.code == "missing_company_filter")
    assert (issue.severity, issue.table, issue.column) == ("warning", "APTH", "APCo")
    assert check_sql("SELECT APRef FROM APTH WITH (NOLOCK)", small_catalog, require_company=False).issues == []


def test_company_filter_through_join_equality(small_catalog):
    sql = ("SELECT d.Amount FROM APTH h WITH (NOLOCK) JOIN APTD d WITH (NOLOCK) ON d.APCo = h.APCo "
           "AND d.Mth = h.Mth WHERE h.APCo = @APCo")
    assert "missing_company_filter" not in check_sql(sql, small_catalog).codes()
    unfiltered = sql.replace(" WHERE h.APCo = @APCo", "")
    tables = {i.table for i in check_sql(unfiltered, small_catalog).issues if i.code == "missing_company_filter"}
    assert tables == {"APTH", "APTD"}


def test_company_filter_under_or_does_not_count(small_catalog):
    sql = "SELECT APRef FROM APTH WITH (NOLOCK) WHERE APCo = 1 OR InvTotal > 0"
    assert "missing_company_filter" in check_sql(sql, small_catalog).codes()


def test_group_master_needs_no_company(small_catalog):
    assert check_sql("SELECT Name FROM APVM WITH (NOLOCK)", small_catalog).issues == []


def test_correlated_subquery_inherits_filter(small_catalog):
    sql = ("SELECT h.APRef FROM APTH h WITH (NOLOCK) WHERE h.APCo = 1 AND EXISTS (SELECT 1 FROM APTD d "
           "WITH (NOLOCK) WHERE d.APCo = h.APCo AND d.APTrans = h.APTrans)")
    assert check_sql(sql, small_catalog).issues == []


# -- TOP cap ----------------------------------------------------------------------------------------
def _top(sql: str, n: int) -> str:
    tree, _ = cap_top(parse_one_tsql(sql), n)
    return tree.sql("tsql")


def test_top_added_lowered_or_kept():
    assert _top("SELECT APRef FROM APTH", 100) == "SELECT TOP 100 APRef FROM APTH"
    assert _top("SELECT TOP 500 APRef FROM APTH", 100) == "SELECT TOP 100 APRef FROM APTH"
    assert _top("SELECT TOP 5 APRef FROM APTH", 100) == "SELECT TOP 5 APRef FROM APTH"


def test_top_wraps_union_and_keeps_order():
    out = _top("SELECT APCo FROM APTH UNION SELECT APCo FROM APTD ORDER BY 1", 10)
    assert out == "SELECT TOP 10 * FROM (SELECT APCo FROM APTH UNION SELECT APCo FROM APTD) AS capped ORDER BY 1"


def test_top_wraps_parameter_and_percent():
    for sql in ["SELECT TOP (@n) APRef FROM APTH", "SELECT TOP 50 PERCENT APRef FROM APTH"]:
        out = parse_one_tsql(_top(sql, 10))
        assert out.args["limit"].expression.this == "10"
        assert isinstance(out.args["from_"].this, exp.Subquery)


def test_top_cap_through_check(small_catalog):
    result = check_sql("SELECT APRef FROM APTH WITH (NOLOCK) WHERE APCo = 1", small_catalog, fix=True, top_cap=25)
    assert result.sql == "SELECT TOP 25 APRef FROM APTH WITH (NOLOCK) WHERE APCo = 1"
    assert sqlglot.parse_one(result.sql, read="tsql").args["limit"].expression.this == "25"


def test_company_filter_through_cte_column(small_catalog):
    inside = ("WITH o AS (SELECT APCo, APTrans, SUM(Amount) AS Due FROM APTD WITH (NOLOCK) WHERE APCo = @APCo "
              "GROUP BY APCo, APTrans) SELECT h.APRef, o.Due FROM o JOIN APTH h WITH (NOLOCK) "
              "ON h.APCo = o.APCo AND h.APTrans = o.APTrans")
    assert check_sql(inside, small_catalog).issues == []
    outside = ("WITH x AS (SELECT APCo AS Co, APRef FROM APTH WITH (NOLOCK)) SELECT x.APRef FROM x WHERE x.Co = 1")
    assert check_sql(outside, small_catalog).issues == []
    unfiltered = outside.replace(" WHERE x.Co = 1", "")
    assert "missing_company_filter" in check_sql(unfiltered, small_catalog).codes()


def test_comment_cannot_become_code_in_fixed_sql(small_catalog):
    sql = "SELECT APRef FROM APTH -- */ DROP TABLE APTD\nWHERE APCo = 1"
    result = check_sql(sql, small_catalog, fix=True)
    assert result.ok
    reparsed = sqlglot.parse(result.sql, read="tsql")
    assert len(reparsed) == 1 and isinstance(reparsed[0], exp.Select)
    assert reparsed[0].find(exp.Drop) is None
