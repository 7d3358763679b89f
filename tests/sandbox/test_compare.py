"""Execution-accuracy comparison rules."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from vgpt.sandbox.compare import compare_results, normalize, question_wants_order
from vgpt.sandbox.execute import QueryResult


def res(columns, rows, sql=None, truncated=False):
    return QueryResult(columns=list(columns), rows=[tuple(r) for r in rows], sql=sql, truncated=truncated)


GOLD = res(["Vendor", "Total"], [(100, Decimal("2400.25")), (101, Decimal("250.50")), (102, Decimal("75.00"))])


def test_identical_is_exact():
    c = compare_results(GOLD, res(["v", "t"], GOLD.rows))
    assert c.correct and c.exact


def test_reordered_and_extra_columns_are_correct_not_exact():
    pred = res(["Name", "t", "v"], [("Acme", 2400.25, 100), ("Beta", 250.5, 101), ("Gamma", 75, 102)])
    c = compare_results(GOLD, pred)
    assert c.correct and not c.exact


def test_missing_column_is_wrong():
    c = compare_results(GOLD, res(["v"], [(100,), (101,), (102,)]))
    assert not c.correct and "columns" in c.reason
    c = compare_results(GOLD, res(["v", "n"], [(100, 1), (101, 2), (102, 3)]))
    assert not c.correct and "Total" in c.reason


def test_row_order_ignored_unless_question_asks():
    shuffled = res(["v", "t"], [GOLD.rows[2], GOLD.rows[0], GOLD.rows[1]])
    assert compare_results(GOLD, shuffled, question="Total invoiced per vendor").correct
    c = compare_results(GOLD, shuffled, question="Which vendors have the highest totals?")
    assert not c.correct and "order" in c.reason
    assert compare_results(GOLD, res(["v", "t"], GOLD.rows), question="Top 3 vendors by spend").correct
    assert not compare_results(GOLD, shuffled, ordered=True).correct
    assert compare_results(GOLD, shuffled, question="vendors ranked by spend", ordered=False).correct


def test_order_from_gold_sql_when_no_question():
    ordered_gold = res(GOLD.columns, GOLD.rows, sql="SELECT Vendor, Total FROM x ORDER BY Total DESC")
    shuffled = res(["v", "t"], [GOLD.rows[1], GOLD.rows[0], GOLD.rows[2]])
    assert not compare_results(ordered_gold, shuffled).correct
    assert compare_results(res(GOLD.columns, GOLD.rows, sql="SELECT Vendor, Total FROM x"), shuffled).correct


def test_values_rounded_to_float_digits():
    pred = res(["v", "t"], [(100, 2400.2500001), (101, 250.4999999), (102, 75)])
    assert compare_results(GOLD, pred).correct
    off = res(["v", "t"], [(100, 2400.26), (101, 250.5), (102, 75)])
    assert not compare_results(GOLD, off).correct
    assert compare_results(GOLD, off, float_digits=0).correct


def test_duplicates_compare_as_multisets():
    gold = res(["a"], [(1,), (1,), (2,)])
    assert not compare_results(gold, res(["a"], [(1,), (2,), (2,)])).correct
    assert compare_results(gold, res(["a"], [(2,), (1,), (1,)])).correct
    assert not compare_results(gold, res(["a"], [(1,), (2,)])).correct


def test_columns_must_pair_on_the_same_rows():
    gold = res(["a", "b"], [(1, "x"), (2, "y")])
    crossed = res(["a", "b"], [(1, "y"), (2, "x")])
    c = compare_results(gold, crossed)
    assert not c.correct and "pair" in c.reason


def test_equal_valued_columns_try_other_assignments():
    gold = res(["a", "b"], [(1, 2), (2, 1)])
    pred = res(["x", "y", "z"], [(2, 1, 1), (1, 2, 2)])  # gold a,b = pred y,x (or z,x)
    assert compare_results(gold, pred).correct


def test_dates_and_nulls_normalised():
    gold = res(["d", "n"], [(dt.datetime(2026, 3, 1), None), (dt.datetime(2026, 3, 2, 14, 0), "x  ")])
    pred = res(["d", "n"], [(dt.date(2026, 3, 1), None), (dt.datetime(2026, 3, 2, 14, 0), "x")])
    assert compare_results(gold, pred).correct
    assert not compare_results(gold, res(["d", "n"], [(dt.date(2026, 3, 1), ""), pred.rows[1]])).correct


def test_empty_results():
    assert compare_results(res(["a"], []), res(["b", "c"], [])).correct
    assert not compare_results(res(["a"], []), res(["a"], [(1,)])).correct
    assert not compare_results(res(["a", "b"], []), res(["a"], [])).correct


def test_truncated_on_one_side_is_wrong():
    assert not compare_results(res(["a"], [(1,)], truncated=True), res(["a"], [(1,)])).correct


def test_many_columns_do_not_explode():
    n = 40
    row = tuple(range(n))
    gold = res([f"c{i}" for i in range(n)], [row, row])
    pred = res([f"p{i}" for i in range(n)], [tuple(reversed(row))] * 2)
    assert compare_results(gold, pred).correct
    same = res([f"c{i}" for i in range(n)], [(1,) * n, (2,) * n])  # every column identical
    assert compare_results(same, res(same.columns, list(reversed(same.rows)))).correct


@pytest.mark.parametrize("question, wants", [
    ("Top 5 vendors by invoice total", True),
    ("List jobs sorted by contract amount", True),
    ("Which customer owes the most?", True),
    ("Show the first 10 invoices of March", True),
    ("How many open invoices does company 1 have?", False),
    ("List vendors with invoices in March", False),
])
def test_question_wants_order(question, wants):
    assert question_wants_order(question) is wants


def test_normalize():
    assert normalize(Decimal("1.005"), 2) == normalize(1.0049999, 2)
    assert normalize(-0.0001) == 0.0 and str(normalize(-0.0001)) == "0.0"
    assert normalize(True) == normalize(1)
    assert normalize(dt.datetime(2026, 1, 1)) == "2026-01-01"
