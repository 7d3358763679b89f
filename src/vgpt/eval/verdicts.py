"""Judging one model answer against its test row: the per-answer verdicts every metric counts."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field

import sqlglot
from sqlglot import exp

from vgpt.data.expand import Row
from vgpt.data.prompt import extract_sql
from vgpt.errors import VgptError
from vgpt.schema.model import Catalog

# Phrases a refusal uses; a negative answer with no SQL and none of these is still a refusal
# (it gave no SQL), but format adherence wants the refusal to say why.
REFUSAL = re.compile(
    r"\b(does not exist|doesn't exist|no such|not (?:a|an) (?:vista )?(?:table|column)|there is no|"
    r"isn't a|is not a|not in (?:the|this) schema|not part of|cannot find|unknown (?:table|column))\b",
    re.IGNORECASE,
)


@dataclass
class Verdict:
    id: str
    example_id: str
    category: str
    module: str
    negative: bool
    question: str
    answer: str
    sql: str | None = None
    refused: bool = False
    degenerate: bool = False
    format_ok: bool = False
    uses_fake: bool | None = None
    parses: bool | None = None
    schema_valid: bool | None = None
    nolock: bool | None = None
    company_filter: bool | None = None
    executed: bool | None = None
    execution_correct: bool | None = None
    exact_match: bool | None = None
    issues: list[str] = field(default_factory=list)
    error: str | None = None
    latency_s: float | None = None
    new_tokens: int | None = None

    def to_json(self) -> dict:
        return asdict(self)


def is_degenerate(text: str) -> bool:
    """Empty output, or one character, token or word repeated (the original model's ``!!!!``)."""
    from vgpt.train.guards import degenerate_reason

    return degenerate_reason(text, expect_sql=False) is not None


def references(sql: str, name: str) -> bool:
    """Does the SQL use ``name`` ('Table' or 'Table.Column')? Unparseable SQL is searched as text."""
    table, _, column = name.lower().partition(".")
    try:
        tree = sqlglot.parse_one(sql, read="tsql")
    except sqlglot.errors.SqlglotError:
        return bool(re.search(rf"\b{re.escape(column or table)}\b", sql, re.IGNORECASE))
    if column:
        return any(c.name.lower() == column for c in tree.find_all(exp.Column))
    return any(t.name.lower() == table for t in tree.find_all(exp.Table))


def _format_ok(answer: str, sql: str | None, negative: bool) -> bool:
    if negative:
        return sql is None and bool(REFUSAL.search(answer))
    before, _, _ = answer.partition("```")
    return sql is not None and answer.count("```sql") == 1 and bool(before.strip())


def judge(row: Row, answer: str, catalog: Catalog, run_sql=None, gold_result=None) -> Verdict:
    """Verdicts for one answer. ``run_sql(sql)`` executes on the sandbox; ``gold_result`` is the gold's result."""
    from vgpt.sql import check_sql

    sql = extract_sql(answer)
    v = Verdict(id=row.id, example_id=row.example_id, category=row.category, module=row.module,
                negative=row.negative, question=row.question, answer=answer, sql=sql)
    v.degenerate = is_degenerate(answer)
    v.refused = sql is None
    v.format_ok = _format_ok(answer, sql, row.negative)
    if row.negative:
        v.uses_fake = bool(sql) and references(sql, row.fake)
    if sql is None:
        return v
    result = check_sql(sql, catalog)
    v.issues = result.codes()
    v.parses = result.parsed and "multiple_statements" not in v.issues
    v.schema_valid = result.ok
    if result.parsed:
        v.nolock = "missing_nolock" not in v.issues
        v.company_filter = "missing_company_filter" not in v.issues
    if row.negative or not result.ok or run_sql is None or gold_result is None:
        return v
    from vgpt.sandbox.compare import compare_results

    try:
        predicted = run_sql(sql)
    except VgptError as err:
        v.executed, v.execution_correct, v.error = False, False, str(err)
        return v
    v.executed = True
    comparison = compare_results(gold_result, predicted, question=row.question)
    v.execution_correct, v.exact_match = comparison.correct, comparison.exact
    return v
