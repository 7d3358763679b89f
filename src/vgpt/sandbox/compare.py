"""Execution accuracy: does a predicted query's result answer the question as the gold one does?

Rules (docs/sandbox.md): every gold column must appear, by its values, among the predicted
columns (names ignored, extra predicted columns allowed); rows compare as multisets, and in
order only when the question asks for an order; numbers are rounded, dates normalised.
"""

from __future__ import annotations

import datetime as dt
import decimal
import math
import re
import uuid
from collections import Counter
from dataclasses import dataclass
from typing import Any

from vgpt.sandbox.execute import QueryResult

# Words that make a question's row order part of its answer.
_ORDER_WORDS = re.compile(
    r"\b(top|bottom|highest|lowest|largest|smallest|biggest|most|least|rank|ranked|ranking|"
    r"order(ed)? by|in order|sorted|sort|ascending|descending|first \d+|last \d+|"
    r"(first|last) (ten|five|three|twenty)|oldest|newest|most recent|chronological(ly)?)\b",
    re.IGNORECASE,
)
_MAX_ASSIGNMENTS = 2_000  # column mappings tried before giving up (columns with equal values)


@dataclass
class Comparison:
    correct: bool
    exact: bool
    reason: str


def question_wants_order(question: str) -> bool:
    """True when the question's wording asks for ranked or sorted rows."""
    return bool(_ORDER_WORDS.search(question))


def gold_has_order_by(result: QueryResult) -> bool:
    """True when the SQL behind ``result`` ends in an ORDER BY (False when the SQL is unknown)."""
    if not result.sql:
        return False
    from vgpt.sandbox.transpile import parse_tsql

    try:
        return parse_tsql(result.sql).args.get("order") is not None
    except Exception:
        return False


def normalize(value: Any, float_digits: int = 2) -> Any:
    """One comparable form per value: numbers rounded, midnight datetimes as dates, text right-trimmed."""
    if value is None:
        return None
    if isinstance(value, bool):
        return float(int(value))
    if isinstance(value, (int, float, decimal.Decimal)):
        number = float(value)
        if math.isnan(number):
            return "NaN"
        return round(number, float_digits) + 0.0  # + 0.0 turns -0.0 into 0.0
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0):
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str):
        return value.rstrip()  # char(n) padding means nothing in T-SQL comparisons
    if isinstance(value, uuid.UUID):
        return str(value).lower()
    if isinstance(value, (bytes, bytearray, memoryview)):
        return bytes(value).hex()
    return str(value)


def _sort_key(value: Any) -> tuple:
    return (value is None, type(value).__name__, "" if value is None else value)


def compare_results(gold: QueryResult, pred: QueryResult, *, question: str | None = None,
                    ordered: bool | None = None, float_digits: int = 2) -> Comparison:
    """Compare a predicted result with the gold one (see the module docstring for the rules)."""
    if ordered is None:
        ordered = question_wants_order(question) if question else gold_has_order_by(gold)
    if gold.truncated != pred.truncated:
        return Comparison(False, False, "one result hit the row cap and the other did not")
    g_rows = [tuple(normalize(v, float_digits) for v in r) for r in gold.rows]
    p_rows = [tuple(normalize(v, float_digits) for v in r) for r in pred.rows]
    if len(g_rows) != len(p_rows):
        return Comparison(False, False, f"row count differs: gold {len(g_rows)}, predicted {len(p_rows)}")
    n_gold, n_pred = len(gold.columns), len(pred.columns)
    exact = n_gold == n_pred and g_rows == p_rows
    if exact:
        return Comparison(True, True, "exact match")
    if n_pred < n_gold:
        return Comparison(False, False, f"predicted {n_pred} columns, gold needs {n_gold}")
    # columns as tuples of values; a result without rows has empty columns
    g_cols = list(zip(*g_rows, strict=True)) or [()] * n_gold
    p_cols = list(zip(*p_rows, strict=True)) or [()] * n_pred
    candidates = _candidates(g_cols, p_cols)
    missing = [i for i, c in enumerate(candidates) if not c]
    if missing:
        name = gold.columns[missing[0]]
        return Comparison(False, False, f"gold column {name!r} has no predicted column with the same values")
    if _rows_match(g_rows, p_rows, candidates, ordered):
        return Comparison(True, False, "match" + (" (in order)" if ordered and len(g_rows) > 1 else ""))
    if ordered and _rows_match(g_rows, p_rows, candidates, False):
        return Comparison(False, False, "same rows in a different order (the question asks for an order)")
    return Comparison(False, False, "every column's values appear but the rows pair them differently")


def _signature(column: tuple) -> int:
    # the column's values as a multiset: order is checked later, on whole rows
    return hash(tuple(sorted(column, key=_sort_key)))


def _candidates(g_cols: list[tuple], p_cols: list[tuple]) -> list[list[int]]:
    """For each gold column, the predicted columns holding the same values (by signature hash)."""
    by_sig: dict[int, list[int]] = {}
    for j, col in enumerate(p_cols):
        by_sig.setdefault(_signature(col), []).append(j)
    return [by_sig.get(_signature(col), []) for col in g_cols]


def _rows_match(g_rows, p_rows, candidates: list[list[int]], ordered: bool) -> bool:
    """Try column assignments (distinct predicted columns) until the projected rows match."""
    want = g_rows if ordered else Counter(g_rows)
    tried = 0

    def project(mapping: list[int]):
        rows = [tuple(r[j] for j in mapping) for r in p_rows]
        return rows if ordered else Counter(rows)

    def search(i: int, mapping: list[int], used: set[int]) -> bool:
        nonlocal tried
        if i == len(candidates):
            tried += 1
            return project(mapping) == want
        for j in candidates[i]:
            if j in used or tried >= _MAX_ASSIGNMENTS:
                continue
            if search(i + 1, [*mapping, j], used | {j}):
                return True
        return False

    return search(0, [], set())
