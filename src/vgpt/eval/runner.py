"""Running an evaluation: prompts in, verdicts and metrics out, saved as it goes."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

from vgpt.data.expand import Row
from vgpt.data.prompt import SQLCODER_ANSWER_PREFIX, build_prompt
from vgpt.errors import VgptError
from vgpt.eval.metrics import compute_metrics, metrics_by
from vgpt.eval.verdicts import Verdict, judge
from vgpt.schema.model import Catalog


@dataclass
class EvalRun:
    backend: str
    style: str
    split: str
    verdicts: list[Verdict] = field(default_factory=list)
    total: int = 0
    seconds: float = 0.0
    error: str | None = None

    @property
    def complete(self) -> bool:
        return self.error is None and len(self.verdicts) == self.total

    def report(self) -> dict:
        tokens = sum(v.new_tokens or 0 for v in self.verdicts)
        gen_seconds = sum(v.latency_s or 0 for v in self.verdicts)
        latencies = sorted(v.latency_s or 0 for v in self.verdicts)
        return {
            "backend": self.backend,
            "style": self.style,
            "split": self.split,
            "complete": self.complete,
            "error": self.error,
            "answered": len(self.verdicts),
            "total": self.total,
            "metrics": compute_metrics(self.verdicts),
            "by_category": metrics_by(self.verdicts, "category"),
            "by_module": metrics_by(self.verdicts, "module"),
            "speed": {
                "seconds": round(self.seconds, 2),
                "questions_per_s": round(len(self.verdicts) / self.seconds, 3) if self.seconds else None,
                "tokens_per_s": round(tokens / gen_seconds, 1) if gen_seconds else None,
                "latency_p50_s": round(latencies[len(latencies) // 2], 3) if latencies else None,
            },
            "answers": [v.to_json() for v in self.verdicts],
        }


def schema_of(prompt: str) -> str:
    """The DDL part of a guide-style prompt."""
    return prompt.split("Database Schema:\n", 1)[-1].split("\n\nProvide:", 1)[0]


def prompt_for(row: Row, style: str) -> tuple[str, str]:
    """(prompt, assistant prefix) of a row in a prompt style."""
    if style == "guide":
        return row.prompt, ""
    return build_prompt(row.question, schema_of(row.prompt), "sqlcoder"), SQLCODER_ANSWER_PREFIX.format(
        question=row.question)


def evaluate(
    rows: list[Row],
    backend,
    catalog: Catalog,
    database=None,
    *,
    style: str = "guide",
    split: str = "test",
    chunk: int = 32,
    on_chunk: Callable[[EvalRun], None] | None = None,
) -> EvalRun:
    """Generate and judge every row; ``on_chunk`` sees the run after each chunk (to save partials).

    A backend failure stops the run and is recorded in ``run.error``: what finished is kept.
    """
    if not rows:
        raise VgptError(f"the {split} split is empty: nothing to evaluate")
    run = EvalRun(backend=backend.name, style=style, split=split, total=len(rows))
    gold_cache: dict[str, object] = {}

    def gold(row: Row):
        if row.sql is None or database is None:
            return None
        if row.sql not in gold_cache:
            gold_cache[row.sql] = database.query(row.sql)
        return gold_cache[row.sql]

    run_sql = database.query if database is not None else None
    began = time.perf_counter()
    for start in range(0, len(rows), chunk):
        batch = rows[start : start + chunk]
        prompts, prefixes = zip(*(prompt_for(r, style) for r in batch), strict=True)
        try:
            generations = backend.generate(list(prompts), list(prefixes))
        except VgptError as err:
            run.error = str(err)
            break
        for row, generation in zip(batch, generations, strict=True):
            verdict = judge(row, generation.text, catalog, run_sql=run_sql, gold_result=gold(row))
            verdict.latency_s, verdict.new_tokens = generation.seconds, generation.new_tokens
            run.verdicts.append(verdict)
        run.seconds = time.perf_counter() - began
        if on_chunk:
            on_chunk(run)
    run.seconds = time.perf_counter() - began
    return run
