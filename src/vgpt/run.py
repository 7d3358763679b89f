"""``vgpt run``: the whole pipeline on the embedded defaults, CPU only, in minutes.

sandbox -> validate + build the data -> tiny model -> SFT (cpu-tiny preset) -> evaluate on the
test split -> report. Every stage writes under ``--out``; the last line says where things are.
"""

from __future__ import annotations

import time
from pathlib import Path

import typer

from vgpt.console import console, print_json
from vgpt.errors import VgptError

# The tiny model reads prompts with its own small tokenizer: a smaller schema budget keeps
# rows inside its cutoff, and a short test subset keeps CPU generation to seconds.
RUN_DDL_BUDGET = 400
RUN_CUTOFF = 2048


class Stages:
    """Runs named stages in order, timing each and printing one line per stage."""

    def __init__(self, quiet: bool):
        self.quiet = quiet
        self.timings: dict[str, float] = {}

    def __call__(self, name: str, fn, *args, **kwargs):
        began = time.perf_counter()
        if self.quiet:
            result = fn(*args, **kwargs)
        else:
            with console.status(f"[bold]{name}[/] …"):
                result = fn(*args, **kwargs)
        self.timings[name] = round(time.perf_counter() - began, 1)
        if not self.quiet:
            console.print(f"[green]✓[/] {name} ({self.timings[name]} s)")
        return result


def _sandbox(path: Path, scale: float) -> Path:
    from vgpt.sandbox.build import build_sandbox

    if not path.exists():
        build_sandbox(path, seed=0, scale=scale, progress=False)
    return path


def _data(out: Path, db_path: Path, curated: Path | None) -> dict:
    from vgpt.data.build import build_rows
    from vgpt.data.curated_io import load_curated
    from vgpt.data.export import write_dataset
    from vgpt.data.validate import validate
    from vgpt.sandbox.execute import SandboxDatabase
    from vgpt.schema import load_catalog

    catalog = load_catalog()
    items = load_curated(curated)
    report = validate(items, catalog, SandboxDatabase(db_path))
    if not report.ok:
        first = report.failures[0]
        raise VgptError(f"{len(report.failures)} curated examples fail validation, e.g. {first.id}: {first.message}")
    result = build_rows([i.example for i in items], catalog, ddl_budget=RUN_DDL_BUDGET, cutoff=RUN_CUTOFF)
    write_dataset(result.rows, out / "dataset", {"curated": len(items), "rows": len(result.rows)}, catalog)
    splits = {s: sum(r.split == s for r in result.rows) for s in ("train", "validation", "test")}
    return {"curated": len(items), "rows": len(result.rows), "splits": splits}


def _train(out: Path, max_steps: int) -> dict:
    from vgpt.train.common import quiet_libraries
    from vgpt.train.presets import resolve_config
    from vgpt.train.sft import run_sft
    from vgpt.train.tiny import build_tiny_model

    quiet_libraries()
    base = build_tiny_model(out / "tiny-base")
    cfg = resolve_config(preset="cpu-tiny", overrides={
        "model": str(base), "data": str(out / "dataset"), "out": str(out / "sft"),
        "sft": {"max_steps": max_steps, "cutoff": RUN_CUTOFF},
    })
    summary = run_sft(cfg, quiet=True)
    return {"base": str(base), "adapter": str(out / "sft"), **{k: summary[k] for k in summary if k != "log"}}


def _evaluate(out: Path, db_path: Path, base: str, adapter: str, limit: int) -> dict:
    from vgpt.data.export import read_rows
    from vgpt.eval.backends import TransformersBackend
    from vgpt.eval.report import write_report
    from vgpt.eval.runner import evaluate
    from vgpt.sandbox.execute import SandboxDatabase
    from vgpt.schema import load_catalog

    rows = [r for r in read_rows(out / "dataset") if r.split == "test"]
    # one row per example first, so a short run still covers every category it can
    firsts = {r.example_id: r for r in reversed(rows)}
    chosen = sorted(firsts.values(), key=lambda r: (r.category, r.id))[:limit]
    backend = TransformersBackend(base, adapter, batch_size=8, max_new_tokens=96)
    run = evaluate(chosen, backend, load_catalog(), SandboxDatabase(db_path))
    report = run.report()
    write_report(report, out / "eval", title="vgpt run: tiny model on the test split")
    return report


def run_command(
    out: Path = typer.Option(Path("runs/vgpt-run"), "--out", help="Folder for everything the run makes."),
    max_steps: int = typer.Option(30, "--max-steps", help="SFT steps for the tiny model."),
    eval_limit: int = typer.Option(48, "--eval-limit", help="Test questions to evaluate."),
    scale: float = typer.Option(1.0, "--scale", help="Sandbox size."),
    curated: Path = typer.Option(None, "--curated", help="Curated YAML folder (default: the embedded set)."),
    as_json: bool = typer.Option(False, "--json", help="Print a JSON summary."),
) -> None:
    """The whole pipeline on the embedded defaults (CPU): sandbox, data, tiny SFT, evaluation, report."""
    out.mkdir(parents=True, exist_ok=True)
    stages = Stages(quiet=as_json)
    db_path = stages("sandbox: build the synthetic Vista database", _sandbox, out / "sandbox.duckdb", scale)
    data = stages("data: validate the curated examples and build the dataset", _data, out, db_path, curated)
    trained = stages("train: SFT of a tiny Llama (cpu-tiny preset)", _train, out, max_steps)
    report = stages("eval: answer the test split and judge it", _evaluate, out, db_path,
                    trained["base"], trained["adapter"], eval_limit)
    summary = {
        "out": str(out),
        "sandbox": str(db_path),
        "dataset": str(out / "dataset"),
        "adapter": trained["adapter"],
        "report": str(out / "eval" / "report.json"),
        "html": str(out / "eval" / "report.html"),
        "data": data,
        "metrics": report["metrics"],
        "seconds": stages.timings,
    }
    if as_json:
        print_json(summary)
        return
    from vgpt.eval.cli import print_metrics

    print_metrics(report)
    console.print(f"data: {data['curated']} curated examples -> {data['rows']} rows {data['splits']}")
    console.print("A tiny model trained for seconds on a CPU measures the pipeline, not the method; "
                  "see docs/results.md for a real run.")
    for key in ("sandbox", "dataset", "adapter", "report", "html"):
        console.print(f"{key:>8}: {summary[key]}")


def register(app: typer.Typer) -> None:
    app.command("run")(run_command)
