"""The benchmark corpus for ``vgpt sql bench``: seed statements plus token-level mutations."""

from __future__ import annotations

import random
import statistics
import time

import sqlglot
from rich.progress import Progress

from vgpt.errors import VgptError
from vgpt.schema.model import Catalog
from vgpt.sql.check import check_sql
from vgpt.sql.corpus import HOSTILE, LEGIT

SEEDS = LEGIT + HOSTILE


def _mutate(sql: str, rng: random.Random) -> str:
    tokens = [sql[t.start : t.end + 1] for t in sqlglot.tokenize(sql, read="tsql")]
    i = rng.randrange(len(tokens))
    action = rng.choice(["drop", "dup", "swap"])
    if action == "drop":
        del tokens[i]
    elif action == "dup":
        tokens.insert(i, tokens[i])
    else:
        j = rng.randrange(len(tokens))
        tokens[i], tokens[j] = tokens[j], tokens[i]
    return " ".join(tokens)


def corpus(n: int, seed: int = 0) -> list[str]:
    """``n`` statements: the corpora as written for half, token mutations of them for the rest."""
    rng = random.Random(seed)
    out = [SEEDS[i % len(SEEDS)] for i in range(n // 2)]
    while len(out) < n:
        out.append(_mutate(rng.choice(SEEDS), rng))
    rng.shuffle(out)
    return out


def run_bench(n: int, catalog: Catalog, progress: bool = True) -> dict:
    statements = corpus(n)
    times, ok = [], 0
    with Progress(disable=not progress, transient=True) as bar:
        task = bar.add_task("checking", total=len(statements))
        start = time.perf_counter()
        for sql in statements:
            t0 = time.perf_counter()
            try:
                ok += check_sql(sql, catalog, fix=True, top_cap=1000).ok
            except VgptError:
                pass
            times.append((time.perf_counter() - t0) * 1000)
            bar.advance(task)
        total = time.perf_counter() - start
    times.sort()
    return {
        "statements": len(statements),
        "seconds": total,
        "checks_per_second": len(statements) / total,
        "p50_ms": statistics.median(times),
        "p95_ms": times[int(0.95 * (len(times) - 1))],
        "ok": ok,
        "rejected": len(statements) - ok,
    }
