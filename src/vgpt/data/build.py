"""Build training rows from validated curated examples (prompts, answers, splits)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from vgpt.data.expand import (
    DEFAULT_SCHEMA_VARIANTS,
    Row,
    fill_question,
    inline_params,
    parameter_sets,
    placeholders,
    schema_variants,
)
from vgpt.data.model import Example
from vgpt.data.prompt import build_prompt, format_answer
from vgpt.data.splits import split_of
from vgpt.schema.model import Catalog

DEFAULT_CUTOFF = 4096
DEFAULT_DDL_BUDGET = 2000
CHAT_OVERHEAD = 16  # Llama-3 chat template header and end tokens around one turn


@dataclass
class BuildResult:
    rows: list[Row] = field(default_factory=list)
    excluded: list[tuple[str, str]] = field(default_factory=list)  # (row id, reason)
    duplicate_prompts: int = 0


def _answer(example: Example, sql: str | None) -> str:
    if example.is_negative:
        return example.answer.strip()
    return format_answer(example.explanation, sql, example.notes)


def _refusal_columns(example: Example, catalog: Catalog) -> dict[str, set[str]]:
    """A refusal names the real column to use: the prompt must show it."""
    table, _, column = (example.real or "").partition(".")
    real = catalog.table(table)
    if not column or real is None or real.name not in {catalog.table(t).name for t in example.tables}:
        return {}
    return {real.name: {real.column(column).name}} if real.has_column(column) else {}


def example_rows(
    example: Example,
    catalog: Catalog,
    *,
    n_schema: int = DEFAULT_SCHEMA_VARIANTS,
    cutoff: int = DEFAULT_CUTOFF,
    ddl_budget: int = DEFAULT_DDL_BUDGET,
    counter: Callable[[str], int] | None = None,
) -> tuple[list[Row], list[tuple[str, str]]]:
    """Every row of one example, and the rows excluded for length with the reason."""
    from vgpt.schema.ddl import render_ddl
    from vgpt.schema.tokens import estimate_tokens
    from vgpt.sql import used_columns

    count = counter or estimate_tokens
    rows, excluded = [], []
    split = split_of(example.id)
    for p_index, values in enumerate(parameter_sets(example)):
        # declared params are literals with variants: always inlined, shown where a phrasing asks
        sql = inline_params(example.sql, values) if example.sql else None
        required = used_columns(sql, catalog) if sql else _refusal_columns(example, catalog)
        for q_index, phrasing in enumerate(example.questions):
            if p_index and not placeholders(phrasing):
                continue  # a variant only changes phrasings that show the values
            shown = {k: values[k] for k in placeholders(phrasing)}
            question = fill_question(phrasing, values)
            answer = _answer(example, sql)
            answer_tokens = count(answer)
            budget = min(ddl_budget, cutoff - CHAT_OVERHEAD - answer_tokens - count(build_prompt(question, "")))
            # negatives get one schema variant: the guide's lesson is that too many refusals
            # teach a model to refuse real questions
            variants = schema_variants(catalog, example, q_index, 1 if example.is_negative else n_schema)
            for s_index, (tables, seed) in enumerate(variants):
                row_id = f"{example.id}#q{q_index}p{p_index}s{s_index}"
                ddl = render_ddl(catalog, tables, required=required, budget=budget, seed=seed, counter=count)
                if ddl.over_budget:
                    excluded.append((row_id, f"schema needs {ddl.tokens} tokens; {budget} left under cutoff {cutoff}"))
                    continue
                prompt = build_prompt(question, ddl.text)
                rows.append(Row(
                    id=row_id, example_id=example.id, category=example.category, module=example.module,
                    difficulty=example.difficulty, split=split, question=question, prompt=prompt,
                    answer=answer, tables=list(example.tables), shown_tables=list(ddl.columns),
                    sql=sql, params=shown, negative=example.is_negative, fake=example.fake,
                    real=example.real, prompt_tokens=count(prompt), answer_tokens=answer_tokens,
                ))
    return rows, excluded


def build_rows(examples: Iterable[Example], catalog: Catalog, *, progress=None, **options) -> BuildResult:
    """All rows of all examples; a prompt seen before is dropped (counted, never duplicated)."""
    result = BuildResult()
    seen: set[str] = set()
    for example in examples:
        rows, excluded = example_rows(example, catalog, **options)
        result.excluded.extend(excluded)
        for row in rows:
            if row.prompt in seen:
                result.duplicate_prompts += 1
                continue
            seen.add(row.prompt)
            result.rows.append(row)
        if progress:
            progress()
    return result
