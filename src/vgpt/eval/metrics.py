"""Aggregating verdicts into the guide's four metrics, execution accuracy and the rest.

Denominators (fractions 0–1; a metric with an empty denominator is None, never a vacuous 1):
- real_table_recognition: positive questions answered with SQL.
- fake_table_rejection: negative questions answered with no SQL using the fake name and no
  SQL at all (a refusal).
- syntax_validity (schema-valid) and syntax_parse (parse-only): positive answers that hold SQL.
- nolock_usage, company_filter_rate: positive answers whose SQL parses.
- execution_accuracy: all positive questions (no SQL, or SQL that fails, counts as wrong).
"""

from __future__ import annotations

from collections import defaultdict

from vgpt.eval.verdicts import Verdict

HEADLINE = ("real_table_recognition", "fake_table_rejection", "syntax_validity", "nolock_usage", "execution_accuracy")
TARGETS = {"real_table_recognition": 1.0, "fake_table_rejection": 0.9, "syntax_validity": 0.95, "nolock_usage": 1.0}


def _share(flags: list[bool]) -> float | None:
    return round(sum(flags) / len(flags), 4) if flags else None


def compute_metrics(verdicts: list[Verdict]) -> dict[str, float | int | None]:
    pos = [v for v in verdicts if not v.negative]
    neg = [v for v in verdicts if v.negative]
    with_sql = [v for v in pos if v.sql is not None]
    parsed = [v for v in with_sql if v.parses]
    return {
        "real_table_recognition": _share([v.sql is not None for v in pos]),
        "fake_table_rejection": _share([v.refused and not v.uses_fake for v in neg]),
        "syntax_validity": _share([bool(v.schema_valid) for v in with_sql]),
        "syntax_parse": _share([bool(v.parses) for v in with_sql]),
        "nolock_usage": _share([bool(v.nolock) for v in parsed]),
        "execution_accuracy": _share([bool(v.execution_correct) for v in pos]),
        "exact_match": _share([bool(v.exact_match) for v in pos]),
        "company_filter_rate": _share([bool(v.company_filter) for v in parsed]),
        "format_adherence": _share([v.format_ok for v in verdicts]),
        "degenerate_rate": _share([v.degenerate for v in verdicts]),
        "answered": len(verdicts),
        "positives": len(pos),
        "negatives": len(neg),
    }


def metrics_by(verdicts: list[Verdict], key: str) -> dict[str, dict]:
    groups: dict[str, list[Verdict]] = defaultdict(list)
    for v in verdicts:
        groups[getattr(v, key)].append(v)
    return {name: compute_metrics(group) for name, group in sorted(groups.items())}
