"""The guarded request path, shared by ``vgpt ask``, ``vgpt chat`` and the API.

retrieve -> render the DDL -> generate -> extract the SQL -> check it (read-only, one
statement, known names: unknown names give an answer that says so, with suggestions, and
nothing runs) -> add NOLOCK -> cap rows with TOP -> optionally execute.
"""

from __future__ import annotations

import time
from dataclasses import asdict, dataclass, field

from vgpt.data.prompt import build_prompt, extract_sql
from vgpt.errors import VgptError
from vgpt.schema.model import Catalog

DEFAULT_MAX_ROWS = 100
MAX_ROWS_LIMIT = 10_000


@dataclass
class Answer:
    question: str
    tables: list[str]
    sql: str | None = None
    explanation: str = ""
    verdicts: dict = field(default_factory=dict)
    executable: bool = False
    message: str | None = None  # why nothing runs (refusal, unknown names, guard)
    columns: list[str] | None = None
    rows: list[list] | None = None
    truncated: bool = False
    raw: str = ""
    seconds: dict = field(default_factory=dict)

    def to_json(self) -> dict:
        return asdict(self)


def _explanation(text: str) -> str:
    return text.split("```", 1)[0].strip()


def _unknown_names_message(issues) -> str:
    parts = []
    for i in issues:
        if i.code in ("unknown_table", "unknown_column"):
            hint = f" (did you mean {', '.join(i.suggestions)}?)" if i.suggestions else ""
            parts.append(f"{i.message}{hint}")
    return "The SQL names what the schema does not have: " + "; ".join(parts)


class SqlService:
    """Answers questions with checked, read-only SQL; executes on a database when asked."""

    def __init__(self, catalog: Catalog, backend, database=None, *, k: int = 5, ddl_budget: int = 2000,
                 embedder=None, reranker=None):
        from vgpt.serve.retrieve import TableRetriever

        self.catalog = catalog
        self.backend = backend
        self.database = database
        self.k = k
        self.ddl_budget = ddl_budget
        self.retriever = TableRetriever(catalog, embedder=embedder, reranker=reranker)

    def pick_tables(self, question: str, tables: list[str] | None) -> list[str]:
        if tables:
            unknown = [t for t in tables if self.catalog.table(t) is None]
            if unknown:
                raise VgptError(f"unknown tables: {', '.join(unknown)}")
            return [self.catalog.table(t).name for t in tables]
        return [h.name for h in self.retriever.retrieve(question, k=self.k)]

    def prompt(self, question: str, tables: list[str]) -> str:
        from vgpt.schema.ddl import render_ddl

        ddl = render_ddl(self.catalog, tables, budget=self.ddl_budget)
        return build_prompt(question, ddl.text)

    def answer(self, question: str, *, tables: list[str] | None = None, execute: bool = False,
               max_rows: int = DEFAULT_MAX_ROWS) -> Answer:
        if not question.strip():
            raise VgptError("empty question")
        if not 1 <= max_rows <= MAX_ROWS_LIMIT:
            raise VgptError(f"max_rows must be between 1 and {MAX_ROWS_LIMIT}")
        began = time.perf_counter()
        chosen = self.pick_tables(question, tables)
        if not chosen:
            return Answer(question=question, tables=[], message="No Vista table matches the question; "
                          "name the tables to use (tables / --tables).")
        prompt = self.prompt(question, chosen)
        t_gen = time.perf_counter()
        raw = self.backend.generate([prompt])[0].text
        out = Answer(question=question, tables=chosen, raw=raw, explanation=_explanation(raw))
        out.seconds["generate"] = round(time.perf_counter() - t_gen, 3)
        self._check(out, extract_sql(raw), max_rows)
        if execute and out.executable:
            self._execute(out, max_rows)
        out.seconds["total"] = round(time.perf_counter() - began, 3)
        return out

    def _check(self, out: Answer, sql: str | None, max_rows: int) -> None:
        from vgpt.sql import check_sql

        if sql is None:
            out.message = "The model answered without SQL." if out.raw.strip() else "The model gave no answer."
            return
        result = check_sql(sql, self.catalog, fix=True, top_cap=max_rows)
        out.verdicts = result.to_json()
        if result.ok:
            out.sql, out.executable = result.sql, True
            return
        out.sql = sql  # shown for reference, never run
        codes = set(result.codes())
        if codes & {"unknown_table", "unknown_column"}:
            out.message = _unknown_names_message(result.issues)
        else:
            out.message = "Refused: " + "; ".join(i.message for i in result.errors)

    def _execute(self, out: Answer, max_rows: int) -> None:
        if self.database is None:
            out.message = "No database is configured: the SQL was not run."
            return
        t = time.perf_counter()
        try:
            result = self.database.query(out.sql, max_rows=max_rows)
        except VgptError as err:
            out.message = f"The database refused the query: {err}"
            return
        out.columns = list(result.columns)
        out.rows = [[_jsonable(v) for v in row] for row in result.rows]
        out.truncated = result.truncated
        out.seconds["execute"] = round(time.perf_counter() - t, 3)


def _jsonable(value):
    import datetime
    import decimal

    if isinstance(value, decimal.Decimal):
        return float(value)
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    return value
