"""Validation of curated examples: every rule a training example must pass, with reasons.

Positives: the SQL parses as T-SQL, passes the read-only guard, names only catalog tables and
columns, carries NOLOCK on every table reference, filters module tables by company, reads only
the tables the example declares, executes on the sandbox for every parameter set and returns
rows, and its rendered prompt shows every column it uses. Negatives: the fake name is absent
from the catalog, the real one present and named in the answer, and no SQL uses the fake.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import asdict, dataclass, field

from vgpt.data.build import DEFAULT_DDL_BUDGET
from vgpt.data.curated_io import Sourced
from vgpt.data.expand import inline_params, parameter_sets
from vgpt.data.model import Example
from vgpt.data.prompt import extract_sql
from vgpt.errors import VgptError
from vgpt.schema.model import Catalog

WARNINGS_THAT_FAIL = {"missing_nolock", "missing_company_filter"}


@dataclass
class Failure:
    id: str
    path: str
    line: int
    code: str
    message: str


@dataclass
class ValidationReport:
    total: int = 0
    by_category: dict[str, dict[str, int]] = field(default_factory=dict)
    failures: list[Failure] = field(default_factory=list)
    near_duplicates: list[tuple[str, str, str]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.failures

    def to_json(self) -> dict:
        return {
            "ok": self.ok,
            "total": self.total,
            "valid": self.total - len({f.id for f in self.failures}),
            "by_category": self.by_category,
            "failures": [asdict(f) for f in self.failures],
        }


class ExampleChecker:
    """Checks one example at a time against a catalog and a sandbox database."""

    def __init__(self, catalog: Catalog, database, *, ddl_budget: int = DEFAULT_DDL_BUDGET):
        self.catalog = catalog
        self.db = database
        self.ddl_budget = ddl_budget

    def check(self, example: Example) -> list[tuple[str, str]]:
        """(code, message) for each rule the example breaks; empty when it passes."""
        unknown = [t for t in example.tables if self.catalog.table(t) is None]
        if unknown:
            return [("unknown_table", f"declared tables not in the catalog: {', '.join(unknown)}")]
        if example.is_negative:
            return self._check_negative(example)
        return self._check_positive(example)

    def _check_positive(self, ex: Example) -> list[tuple[str, str]]:
        from vgpt.sql import check_sql

        unused = _declared_but_unused(ex)
        if unused:  # a variant would change the question but not the SQL
            return [("param_unused", f"params {', '.join(unused)} are declared but the SQL has no @{unused[0]}")]
        try:
            sql = inline_params(ex.sql, ex.params)
        except Exception as err:  # noqa: BLE001 - sqlglot raises several types on bad SQL
            return [("parse_error", f"SQL does not parse: {str(err).splitlines()[0]}")]
        result = check_sql(sql, self.catalog)
        problems = [
            (i.code, i.message)
            for i in result.issues
            if i.severity == "error" or i.code in WARNINGS_THAT_FAIL
        ]
        if problems:
            return problems
        declared = {t.lower() for t in ex.tables}
        undeclared = [t for t in result.tables if t.lower() not in declared]
        if undeclared:  # the prompt would not show these tables at all
            return [("undeclared_table", f"SQL reads {', '.join(undeclared)} not listed in tables")]
        problems += self._check_prompt_shows_columns(ex, sql)
        problems += self._check_execution(ex)
        return problems

    def _check_prompt_shows_columns(self, ex: Example, sql: str) -> list[tuple[str, str]]:
        from vgpt.schema.ddl import render_ddl
        from vgpt.sql import used_columns

        used = used_columns(sql, self.catalog)
        ddl = render_ddl(self.catalog, ex.tables, required=used, budget=self.ddl_budget)
        hidden = [
            f"{t}.{c}"
            for t, cols in used.items()
            for c in cols
            if c.lower() not in {s.lower() for s in ddl.columns.get(t, [])}
        ]
        out = []
        if hidden:
            out.append(("column_not_in_prompt", f"prompt hides {', '.join(sorted(hidden))}"))
        if ddl.over_budget:
            out.append(("prompt_over_budget", f"schema needs {ddl.tokens} tokens (budget {self.ddl_budget})"))
        return out

    def _check_execution(self, ex: Example) -> list[tuple[str, str]]:
        out = []
        for values in parameter_sets(ex):
            label = f" with {values}" if values else ""
            try:
                result = self.db.query(inline_params(ex.sql, values))
            except VgptError as err:
                out.append(("execution_error", f"sandbox error{label}: {err}"))
                continue
            if not result.rows and not ex.expect_empty:
                out.append(("empty_result", f"returns no rows{label}"))
            if result.rows and ex.expect_empty:
                out.append(("unexpected_rows", f"declared expect_empty but returns rows{label}"))
        return out

    def _check_negative(self, ex: Example) -> list[tuple[str, str]]:
        out = []
        fake_table, _, fake_col = ex.fake.partition(".")
        if fake_col:
            table = self.catalog.table(fake_table)
            if table is not None and table.has_column(fake_col):
                out.append(("fake_exists", f"{ex.fake} exists in the catalog"))
        elif self.catalog.table(fake_table) is not None:
            out.append(("fake_exists", f"table {ex.fake} exists in the catalog"))
        real_table, _, real_col = ex.real.partition(".")
        if self.catalog.table(real_table) is None or (real_col and self.catalog.column(real_table, real_col) is None):
            out.append(("real_missing", f"the suggested {ex.real} is not in the catalog"))
        named = real_col or real_table
        if not re.search(rf"\b{re.escape(named)}\b", ex.answer, re.IGNORECASE):
            out.append(("real_not_named", f"the answer does not name {ex.real}"))
        sql = extract_sql(ex.answer)
        if sql:
            from vgpt.sql import check_sql

            if not check_sql(sql, self.catalog).ok:
                out.append(("negative_sql", "the refusal contains SQL that does not check"))
        return out


def _declared_but_unused(ex: Example) -> list[str]:
    import sqlglot
    from sqlglot import exp

    try:
        used = {p.name.lower() for p in sqlglot.parse_one(ex.sql, read="tsql").find_all(exp.Parameter)}
    except sqlglot.errors.SqlglotError:
        return []  # the parse error is reported by the SQL check
    return [name for name in ex.params if name.lower() not in used]


def _words(text: str) -> frozenset[str]:
    return frozenset(re.findall(r"[a-z0-9]+", text.lower()))


def near_duplicates(examples: list[Example], threshold: float = 0.9) -> list[tuple[str, str, str]]:
    """Pairs of different examples whose normalised SQL is equal or whose phrasings nearly are."""
    from vgpt.data.dedupe import sql_fingerprint

    found: list[tuple[str, str, str]] = []
    by_sql: dict[str, str] = {}
    for ex in examples:
        if ex.sql:
            key = sql_fingerprint(ex.sql)
            if key in by_sql:
                found.append((by_sql[key], ex.id, "same SQL up to literals and aliases"))
            else:
                by_sql[key] = ex.id
    index: dict[str, list[tuple[str, frozenset[str]]]] = {}
    doc_freq = Counter(w for ex in examples for q in ex.questions for w in _words(q))
    reported: set[tuple[str, str]] = set()
    for ex in examples:
        for q in ex.questions:
            words = _words(q)
            if not words:
                continue
            rare = sorted(words, key=lambda w: (doc_freq[w], w))[:2]
            for w in rare:
                for other_id, other_words in index.get(w, []):
                    if other_id == ex.id or (other_id, ex.id) in reported:
                        continue
                    jaccard = len(words & other_words) / len(words | other_words)
                    if jaccard >= threshold:
                        reported.add((other_id, ex.id))
                        found.append((other_id, ex.id, f"phrasings {jaccard:.0%} alike: {q!r}"))
            for w in rare:
                index.setdefault(w, []).append((ex.id, words))
    return found


def validate(items: list[Sourced], catalog: Catalog, database, *, progress=None) -> ValidationReport:
    report = ValidationReport(total=len(items))
    checker = ExampleChecker(catalog, database)
    for item in items:
        ex = item.example
        counts = report.by_category.setdefault(ex.category, {"total": 0, "valid": 0})
        counts["total"] += 1
        problems = checker.check(ex)
        for code, message in problems:
            report.failures.append(Failure(ex.id, item.path, item.line, code, message))
        if not problems:
            counts["valid"] += 1
        if progress:
            progress()
    where = {i.example.id: i for i in items}
    for first, second, why in near_duplicates([i.example for i in items]):
        report.near_duplicates.append((first, second, why))
        item = where[second]
        report.failures.append(Failure(second, item.path, item.line, "near_duplicate", f"near-duplicate of {first}: {why}"))
    return report
