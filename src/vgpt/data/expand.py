"""Expansion: curated examples -> training rows.

Each example yields phrasings × parameter variants × schema variants. A schema variant shows
the gold tables plus 0–3 related distractor tables from the join graph, with the optional
columns ordered by a per-variant seed; every column the SQL uses is always shown (the
renderer guarantees it). A parameter variant fills the ``{Name}`` placeholders of a phrasing
and inlines the same values into the SQL, which the validator re-executes.
"""

from __future__ import annotations

import hashlib
import random
import string
from dataclasses import asdict, dataclass, field

import sqlglot
from sqlglot import exp

from vgpt.data.model import Example
from vgpt.schema.model import Catalog

DEFAULT_SCHEMA_VARIANTS = 2
MAX_DISTRACTORS = 3


@dataclass
class Row:
    """One training example as every export reads it."""

    id: str
    example_id: str
    category: str
    module: str
    difficulty: str
    split: str
    question: str
    prompt: str
    answer: str
    tables: list[str]
    shown_tables: list[str]
    sql: str | None = None
    params: dict = field(default_factory=dict)
    negative: bool = False
    fake: str | None = None
    real: str | None = None
    prompt_tokens: int = 0
    answer_tokens: int = 0

    def to_json(self) -> dict:
        return asdict(self)


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def fill_question(question: str, values: dict) -> str:
    return question.format(**{k: values[k] for k in placeholders(question)})


def _literal(value) -> exp.Expression:
    if isinstance(value, bool):
        return exp.Literal.string("Y" if value else "N")
    if isinstance(value, (int, float)):
        return exp.Literal.number(value)
    return exp.Literal.string(str(value))


def inline_params(sql: str, values: dict) -> str:
    """Replace ``@Name`` by a literal for each name in ``values``, through the AST."""
    if not values:
        return sql
    lowered = {k.lower(): v for k, v in values.items()}
    tree = sqlglot.parse_one(sql, read="tsql")

    def swap(node: exp.Expression) -> exp.Expression:
        if isinstance(node, exp.Parameter):
            name = node.name.lower()
            if name in lowered:
                return _literal(lowered[name])
        return node

    return tree.transform(swap).sql(dialect="tsql", pretty=True)


def parameter_sets(example: Example) -> list[dict]:
    """The default values first, then each variant laid over them."""
    sets = [dict(example.params)]
    for variant in example.variants:
        sets.append({**example.params, **variant})
    return sets


def _seed(*parts) -> int:
    return int.from_bytes(hashlib.sha256("|".join(map(str, parts)).encode()).digest()[:8], "big")


def distractors(catalog: Catalog, gold: list[str], rng: random.Random, k: int) -> list[str]:
    """Up to ``k`` tables one join away from the gold tables (and not gold themselves)."""
    gold_lower = {g.lower() for g in gold}
    pool: list[str] = []
    for table in gold:
        for other in catalog.neighbors(table):
            if other.lower() not in gold_lower and other not in pool:
                pool.append(other)
    rng.shuffle(pool)
    return pool[:k]


def schema_variants(catalog: Catalog, example: Example, phrasing: int, n: int) -> list[tuple[list[str], int]]:
    """``n`` (tables to show, column-order seed) pairs; the first shows the gold tables only."""
    out = []
    for v in range(n):
        seed = _seed(example.id, phrasing, v)
        rng = random.Random(seed)
        extra = distractors(catalog, example.tables, rng, rng.randint(1, MAX_DISTRACTORS)) if v else []
        tables = list(example.tables) + extra
        if v:
            rng.shuffle(tables)
        out.append((tables, seed))
    return out
