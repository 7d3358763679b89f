"""Benchmark: validate + build the whole curated set (target: <= 60 s on 2 cores).

    python benchmarks/data_build.py [--out DIR]

Prints the time of each stage; the sandbox is built first (its time is reported apart,
since validation reuses one database).
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from vgpt.data.build import build_rows
from vgpt.data.curated_io import load_curated
from vgpt.data.export import write_dataset
from vgpt.data.validate import validate
from vgpt.sandbox.build import build_sandbox
from vgpt.sandbox.execute import SandboxDatabase
from vgpt.schema import load_catalog


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args()
    out = args.out or Path(tempfile.mkdtemp(prefix="vgpt-bench-"))
    timings = {}
    t = time.perf_counter()
    build_sandbox(out / "sandbox.duckdb", progress=False)
    timings["sandbox build"] = time.perf_counter() - t
    t = time.perf_counter()
    catalog = load_catalog()
    items = load_curated()
    timings["load catalog + curated"] = time.perf_counter() - t
    t = time.perf_counter()
    report = validate(items, catalog, SandboxDatabase(out / "sandbox.duckdb"))
    timings["validate"] = time.perf_counter() - t
    t = time.perf_counter()
    result = build_rows([i.example for i in items], catalog)
    write_dataset(result.rows, out / "dataset", {"curated": len(items)}, catalog)
    timings["build + write"] = time.perf_counter() - t
    print(f"{len(items)} curated examples ({len(report.failures)} failures) -> {len(result.rows)} rows")
    for name, seconds in timings.items():
        print(f"  {name:<24} {seconds:6.1f} s")
    total = timings["load catalog + curated"] + timings["validate"] + timings["build + write"]
    print(f"  {'validate + build total':<24} {total:6.1f} s  (target <= 60 s)")


if __name__ == "__main__":
    main()
