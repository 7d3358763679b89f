"""Metric functions on crafted answers (issue: refusal, `!!!!`, no NOLOCK, fake table, extra
columns, other row order, a missing column)."""

import pytest

from vgpt.data.expand import Row
from vgpt.data.prompt import format_answer
from vgpt.eval.metrics import compute_metrics
from vgpt.eval.verdicts import is_degenerate, judge, references
from vgpt.sandbox.execute import QueryResult

GOLD = "SELECT h.APTrans, h.InvTotal FROM APTH h WITH (NOLOCK) WHERE h.APCo = @APCo ORDER BY h.InvTotal DESC"


def row(negative=False, question="List AP invoices with their totals", sql=GOLD):
    return Row(id="r1", example_id="ex1", category="negative_table" if negative else "ap",
               module="negative_table" if negative else "AP", difficulty="easy", split="test",
               question=question, prompt="p", answer="a", tables=["APTH"], shown_tables=["APTH"],
               sql=None if negative else sql, negative=negative,
               fake="APInvoices" if negative else None, real="APTH" if negative else None)


def result(columns, rows):
    return QueryResult(columns=columns, rows=rows, truncated=False, seconds=0.0, duckdb_sql="")


GOLD_RESULT = result(["APTrans", "InvTotal"], [(1, 100.0), (2, 50.0), (3, 10.0)])


def fake_db(answer_result):
    return lambda sql: answer_result


def test_a_refusal_of_a_real_question_is_not_recognition(catalog):
    v = judge(row(), "There is no such table in Vista.", catalog)
    assert v.refused and v.sql is None
    m = compute_metrics([v])
    assert m["real_table_recognition"] == 0.0 and m["execution_accuracy"] == 0.0
    assert m["syntax_validity"] is None  # no SQL to judge: not a vacuous 100%


def test_a_run_of_bangs_is_degenerate_and_wrong(catalog):
    v = judge(row(), "!!!!!!!!!!!!!!!!!!!!!!!!", catalog)
    assert v.degenerate and v.sql is None and not v.format_ok
    assert compute_metrics([v])["degenerate_rate"] == 1.0
    assert is_degenerate("") and is_degenerate("SELECT " * 20) and not is_degenerate(format_answer("x", GOLD))


def test_sql_without_nolock_counts_against_nolock_usage(catalog):
    answer = format_answer("Invoices.", "SELECT h.APTrans FROM APTH h WHERE h.APCo = @APCo")
    v = judge(row(), answer, catalog)
    assert v.parses and v.schema_valid and v.nolock is False
    assert compute_metrics([v])["nolock_usage"] == 0.0


def test_sql_on_a_fake_table_fails_rejection_and_validity(catalog):
    answer = format_answer("Query it.", "SELECT * FROM APInvoices WITH (NOLOCK)")
    neg = judge(row(negative=True), answer, catalog)
    assert neg.uses_fake and not neg.refused
    assert compute_metrics([neg])["fake_table_rejection"] == 0.0
    refusal = judge(row(negative=True), "There is no APInvoices table in Vista; invoices are in APTH.", catalog)
    assert refusal.refused and not refusal.uses_fake and refusal.format_ok
    assert compute_metrics([refusal])["fake_table_rejection"] == 1.0
    pos = judge(row(), answer, catalog)
    assert pos.parses and pos.schema_valid is False and "unknown_table" in pos.issues


def test_correct_sql_with_extra_columns_is_correct_but_not_exact(catalog):
    answer = format_answer("x", "SELECT h.APTrans, h.Vendor, h.InvTotal FROM APTH h WITH (NOLOCK) "
                                "WHERE h.APCo = @APCo ORDER BY h.InvTotal DESC")
    predicted = result(["APTrans", "Vendor", "InvTotal"], [(1, 7, 100.0), (2, 7, 50.0), (3, 8, 10.0)])
    v = judge(row(), answer, catalog, run_sql=fake_db(predicted), gold_result=GOLD_RESULT)
    assert v.execution_correct and not v.exact_match


@pytest.mark.parametrize("question, correct", [
    ("List AP invoices with their totals", True),
    ("List AP invoices from the highest total down", False),
])
def test_other_row_order_matters_only_when_the_question_asks(catalog, question, correct):
    answer = format_answer("x", "SELECT h.APTrans, h.InvTotal FROM APTH h WITH (NOLOCK) WHERE h.APCo = @APCo")
    predicted = result(["APTrans", "InvTotal"], [(3, 10.0), (1, 100.0), (2, 50.0)])
    v = judge(row(question=question), answer, catalog, run_sql=fake_db(predicted), gold_result=GOLD_RESULT)
    assert v.execution_correct is correct


def test_sql_that_parses_but_names_a_missing_column(catalog):
    answer = format_answer("x", "SELECT h.APTrans, h.GrossAmt FROM APTH h WITH (NOLOCK) WHERE h.APCo = @APCo")
    v = judge(row(), answer, catalog, run_sql=fake_db(GOLD_RESULT), gold_result=GOLD_RESULT)
    assert v.parses and v.schema_valid is False and "unknown_column" in v.issues
    assert v.execution_correct is None  # never executed: it does not check
    m = compute_metrics([v])
    assert m["syntax_parse"] == 1.0 and m["syntax_validity"] == 0.0 and m["execution_accuracy"] == 0.0


def test_references_finds_tables_and_columns():
    assert references("SELECT x.GrossAmt FROM APTH x", "APTH.GrossAmt")
    assert not references("SELECT x.InvTotal FROM APTH x", "APTH.GrossAmt")
    assert references("SELECT * FROM dbo.APInvoices", "APInvoices")
