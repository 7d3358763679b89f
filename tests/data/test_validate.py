"""Each validation rule, on crafted examples run against a real generated sandbox."""

import pytest

from vgpt.data.curated_io import Sourced
from vgpt.data.model import Example
from vgpt.data.validate import ExampleChecker, near_duplicates, validate
from vgpt.sandbox.build import build_sandbox
from vgpt.sandbox.execute import SandboxDatabase

GOOD_SQL = ("SELECT h.Vendor, SUM(h.InvTotal) AS Total FROM APTH h WITH (NOLOCK) "
            "WHERE h.APCo = @APCo GROUP BY h.Vendor")


@pytest.fixture(scope="module")
def checker(tmp_path_factory, catalog):
    path = tmp_path_factory.mktemp("validate") / "sandbox.duckdb"
    build_sandbox(path, scale=0.05, progress=False)
    return ExampleChecker(catalog, SandboxDatabase(path))


def positive(sql=GOOD_SQL, tables=("APTH",), **kw):
    return Example(id=kw.pop("id", "ap-x"), category="ap", questions=["ap totals by vendor", "AP invoice totals per vendor"],
                   tables=list(tables), sql=sql, explanation="Totals.", **kw)


def codes(checker, example):
    return {code for code, _ in checker.check(example)}


def test_a_good_example_passes(checker):
    assert checker.check(positive()) == []


@pytest.mark.parametrize("sql, code", [
    (GOOD_SQL.replace(" WITH (NOLOCK)", ""), "missing_nolock"),
    (GOOD_SQL.replace("WHERE h.APCo = @APCo ", ""), "missing_company_filter"),
    (GOOD_SQL.replace("InvTotal", "GrossAmt"), "unknown_column"),
    (GOOD_SQL.replace("FROM APTH", "FROM APInvoices"), "unknown_table"),
    ("DELETE FROM APTH WHERE APCo = 1", "not_select"),
    (GOOD_SQL + "; SELECT 1", "multiple_statements"),
    ("SELECT FROM WHERE", "parse_error"),
])
def test_each_sql_rule_names_its_failure(checker, sql, code):
    found = codes(checker, positive(sql=sql))
    assert found, f"{sql!r} passed"
    assert code in found or (code == "not_select" and found & {"forbidden_statement", "not_select", "not_a_query"})


def test_the_sql_may_read_only_declared_tables(checker):
    sql = ("SELECT v.Name, h.InvTotal FROM APTH h WITH (NOLOCK) JOIN APVM v WITH (NOLOCK) "
           "ON v.VendorGroup = h.VendorGroup AND v.Vendor = h.Vendor WHERE h.APCo = @APCo")
    assert "undeclared_table" in codes(checker, positive(sql=sql, tables=["APTH"]))
    assert checker.check(positive(sql=sql, tables=["APTH", "APVM"])) == []


def test_it_must_return_rows_unless_empty_is_the_point(checker):
    sql = GOOD_SQL.replace("GROUP BY", "AND h.InvTotal < -1 GROUP BY")
    assert "empty_result" in codes(checker, positive(sql=sql))
    assert checker.check(positive(sql=sql, expect_empty=True)) == []
    assert "unexpected_rows" in codes(checker, positive(expect_empty=True))


def test_every_parameter_variant_is_executed(checker):
    sql = GOOD_SQL.replace("GROUP BY", "AND h.InvTotal > @MinAmount GROUP BY")
    ok = positive(sql=sql, params={"MinAmount": 0})
    assert checker.check(ok) == []
    bad = positive(sql=sql, params={"MinAmount": 0}, variants=[{"MinAmount": 10**12}])
    assert any(code == "empty_result" and "10" in msg for code, msg in checker.check(bad))


def test_a_declared_parameter_must_be_used_by_the_sql(checker):
    assert "param_unused" in codes(checker, positive(params={"MinAmount": 5}))


def negative(fake="APInvoices", real="APTH", answer="There is no APInvoices table; use APTH.", **kw):
    category = "negative_column" if "." in fake else "negative_table"
    return Example(id="neg-x", category=category, questions=[f"show {fake}", f"what is in {fake}?"],
                   tables=["APTH", "APTL"], fake=fake, real=real, answer=answer, **kw)


def test_negative_rules(checker):
    assert checker.check(negative()) == []
    assert checker.check(negative("APTH.GrossAmt", "APTL.GrossAmt",
                                  "APTH has no GrossAmt column; line amounts are APTL.GrossAmt.")) == []
    assert "fake_exists" in codes(checker, negative("APTH", answer="There is no APTH table; use APTH."))
    assert "fake_exists" in codes(checker, negative("APTH.InvTotal", "APTH.InvTotal", "Use InvTotal."))
    assert "real_missing" in codes(checker, negative(real="APNope", answer="Use APNope."))
    assert "real_not_named" in codes(checker, negative(answer="There is no such table."))
    sql_answer = "There is no APInvoices table; use APTH:\n```sql\nSELECT * FROM APInvoices\n```"
    assert "negative_sql" in codes(checker, negative(answer=sql_answer))


def test_near_duplicates_are_found_and_reported_with_the_file(checker, catalog):
    a = positive(id="ap-a")
    b = positive(id="ap-b", sql=GOOD_SQL.replace("h.", "x.").replace("APTH h", "APTH x"))
    c = Example(id="ap-c", category="ap", questions=["AP invoice totals per vendor!", "something else entirely"],
                tables=["APTH"], sql=GOOD_SQL.replace("SUM", "MAX"), explanation="x")
    found = {(x, y) for x, y, _ in near_duplicates([a, b, c])}
    assert ("ap-a", "ap-b") in found and ("ap-a", "ap-c") in found
    items = [Sourced(e, "f.yaml", i + 1) for i, e in enumerate([a, b])]
    report = validate(items, catalog, checker.db)
    assert not report.ok and report.failures[-1].code == "near_duplicate" and report.failures[-1].line == 2
    assert report.to_json()["by_category"]["ap"] == {"total": 2, "valid": 2}
