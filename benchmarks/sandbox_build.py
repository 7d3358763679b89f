"""Time a sandbox build and print its figures.

    python benchmarks/sandbox_build.py [--scale 1.0] [--seed 0] [--out PATH]

Prints the catalog load time (separately: it is YAML parsing, not generation), the build time,
rows, tables and file size. The target is a scale-1 build in 20 s or less on 2 CPU cores.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from pathlib import Path

from vgpt.sandbox.build import build_sandbox
from vgpt.schema.catalog import load_catalog


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--scale", type=float, default=1.0)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--out", type=Path, default=None)
    args = ap.parse_args()
    start = time.perf_counter()
    catalog = load_catalog()
    catalog_s = time.perf_counter() - start
    with tempfile.TemporaryDirectory() as tmp:
        out = args.out or Path(tmp) / "sandbox.duckdb"
        summary = build_sandbox(out, seed=args.seed, scale=args.scale, catalog=catalog, progress=False)
    print(f"cpu cores        {os.cpu_count()}")
    print(f"catalog load     {catalog_s:.2f} s ({len(catalog.tables)} tables)")
    print(f"build            {summary['seconds']:.2f} s (scale {args.scale}, seed {args.seed})")
    print(f"rows             {summary['total_rows']:,} in {summary['tables']} tables")
    print(f"file size        {summary['bytes'] / 2**20:.1f} MiB")
    biggest = sorted(summary["rows"].items(), key=lambda kv: -kv[1])[:8]
    print("largest tables   " + ", ".join(f"{k} {v:,}" for k, v in biggest))


if __name__ == "__main__":
    main()
