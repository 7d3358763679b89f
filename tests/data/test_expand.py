import random

import sqlglot

from vgpt.data.dedupe import sql_fingerprint
from vgpt.data.expand import distractors, fill_question, inline_params, placeholders
from vgpt.data.mistakes import drop_company_filter, drop_nolock, invent_column
from vgpt.data.prompt import build_prompt, extract_sql, format_answer
from vgpt.data.splits import split_of

SQL = "SELECT h.APTrans, h.InvTotal FROM APTH h WITH (NOLOCK) WHERE h.APCo = @APCo AND h.InvTotal > @MinAmount"


def test_inline_params_replaces_only_named_parameters():
    out = inline_params(SQL, {"MinAmount": 5000})
    assert "@APCo" in out and "@MinAmount" not in out and "5000" in out
    assert sqlglot.parse_one(out, read="tsql")  # still T-SQL
    assert inline_params(SQL, {}) == SQL


def test_placeholders_and_filling():
    q = "invoices over ${MinAmount} for company {APCo}"
    assert placeholders(q) == {"MinAmount", "APCo"}
    assert fill_question(q, {"MinAmount": 5000, "APCo": 2, "Other": 1}) == "invoices over $5000 for company 2"


def test_split_is_deterministic_and_roughly_proportional():
    ids = [f"ex-{i}" for i in range(4000)]
    first = [split_of(i) for i in ids]
    assert first == [split_of(i) for i in ids]
    share = {s: first.count(s) / len(ids) for s in ("train", "validation", "test")}
    assert 0.76 < share["train"] < 0.84 and 0.07 < share["test"] < 0.13


def test_prompt_and_answer_round_trip_the_sql():
    answer = format_answer("Open invoices.", SQL, "APTD.Status 1 is open.")
    assert extract_sql(answer) == SQL
    assert extract_sql("There is no APInvoices table in Vista.") is None
    prompt = build_prompt("open invoices", "CREATE TABLE APTH (\n  APCo tinyint\n);")
    assert prompt.startswith("Generate a SQL query to answer the following question.")
    assert "Question: open invoices" in prompt and "Database Schema:\nCREATE TABLE APTH" in prompt


def test_fingerprint_ignores_literals_aliases_and_layout():
    a = "SELECT h.APTrans FROM APTH h WITH (NOLOCK) WHERE h.APCo = 1 AND h.InvTotal > 500"
    b = "select x.APTrans\nfrom APTH x with (nolock)\nwhere x.APCo = @APCo and x.InvTotal > 9999"
    c = "SELECT h.APTrans FROM APTH h WITH (NOLOCK) WHERE h.APCo = 1 AND h.InvTotal < 500"
    assert sql_fingerprint(a) == sql_fingerprint(b)
    assert sql_fingerprint(a) != sql_fingerprint(c)


def test_mistakes_change_what_they_claim(catalog):
    no_hint = drop_nolock(SQL)
    assert "NOLOCK" not in no_hint.upper() and "APCo" in no_hint
    no_company = drop_company_filter(SQL, catalog)
    assert "@APCo" not in no_company and "@MinAmount" in no_company and "NOLOCK" in no_company.upper()
    invented = invent_column(SQL, catalog, random.Random(1))
    names = {c.name for c in sqlglot.parse_one(invented, read="tsql").find_all(sqlglot.exp.Column)}
    assert any(catalog.column("APTH", n) is None for n in names)
    assert drop_nolock("SELECT 1 AS x") is None


def test_distractors_come_from_the_join_graph(catalog):
    picked = distractors(catalog, ["APTH"], random.Random(0), 3)
    assert picked and set(picked) <= set(catalog.neighbors("APTH"))
    assert "APTH" not in picked
