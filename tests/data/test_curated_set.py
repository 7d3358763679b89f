"""The embedded curated set: its size and mix, and every example passing validation.

This is the regression gate of the dataset: an example that stops validating (a catalog or
sandbox change broke it) fails the suite with its id and reason.
"""

from collections import Counter

import pytest

from vgpt.data.curated_io import load_curated
from vgpt.data.validate import validate
from vgpt.sandbox.execute import SandboxDatabase

MINIMUMS = {"ap": 80, "ar": 80, "jc": 80, "sl": 80, "gl": 80, "pr": 80,
            "cross_module": 150, "negative_table": 75, "negative_column": 75}


@pytest.fixture(scope="module")
def items():
    return load_curated()


@pytest.fixture(scope="module")
def report(items, catalog):
    return validate(items, catalog, SandboxDatabase())


def test_the_set_has_the_size_and_mix_the_dataset_needs(items):
    counts = Counter(i.example.category for i in items)
    assert len(items) >= 1000
    short = {c: (counts[c], n) for c, n in MINIMUMS.items() if counts[c] < n}
    assert not short, f"categories below their minimum (have, need): {short}"
    assert sum(counts[c] for c in ("po", "em", "pm", "hq", "cm", "in")) >= 50


def test_every_curated_example_validates(report):
    failures = [f"{f.path}:{f.line} {f.id}: {f.code} {f.message}" for f in report.failures]
    assert not failures, "\n".join(failures[:40])


def test_difficulty_is_spread(items):
    counts = Counter(i.example.difficulty for i in items if not i.example.is_negative)
    total = sum(counts.values())
    assert all(counts[d] / total >= 0.08 for d in ("easy", "medium", "hard", "expert")), counts
