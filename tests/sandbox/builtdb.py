"""One generated sandbox per test session, shared by the invariant and query tests.

Built at a small scale into a temporary folder (removed at exit); the build is cached per
process so that both test modules reuse it.
"""

from __future__ import annotations

import atexit
import shutil
import tempfile
from functools import cache
from pathlib import Path

import duckdb

from vgpt.sandbox.build import build_sandbox

SCALE = 0.2
SEED = 0


@cache
def built(seed: int = SEED, scale: float = SCALE) -> tuple[Path, dict]:
    folder = Path(tempfile.mkdtemp(prefix="vgpt-sandbox-test-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    path = folder / f"sandbox-{seed}-{scale}.duckdb"
    summary = build_sandbox(path, seed=seed, scale=scale, progress=False)
    return path, summary


def connect(seed: int = SEED, scale: float = SCALE) -> duckdb.DuckDBPyConnection:
    path, _ = built(seed, scale)
    return duckdb.connect(str(path), read_only=True)
