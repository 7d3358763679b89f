"""``vgpt eval``: evaluate a model on a split; ``vgpt eval compare``: runs side by side."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.table import Table as RichTable

from vgpt.console import console, err_console, print_json
from vgpt.errors import VgptError

app = typer.Typer(help="Evaluate a model (the guide's four metrics + execution accuracy); compare runs.",
                  invoke_without_command=True)


def make_backend(model: str | None, adapter: str | None, endpoint: str | None, api_key: str | None,
                 use_vllm: bool, batch_size: int, max_new_tokens: int, answers: str | None = None):
    from vgpt.eval import backends

    if answers:
        return backends.RecordedBackend(answers)
    if endpoint:
        return backends.OpenAIBackend(endpoint, model or "vgpt", api_key=api_key, max_new_tokens=max_new_tokens)
    if not model:
        raise VgptError("give --model PATH (a merged model or a base with --adapter), --endpoint URL or --answers FILE")
    if use_vllm:
        return backends.VLLMBackend(model, adapter, max_new_tokens=max_new_tokens)
    return backends.TransformersBackend(model, adapter, batch_size=batch_size, max_new_tokens=max_new_tokens)


def run_eval(rows, backend, catalog, db_path, style: str, split: str, out: Path, quiet: bool) -> dict:
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from vgpt.eval.report import write_report
    from vgpt.eval.runner import evaluate
    from vgpt.sandbox.execute import SandboxDatabase

    database = SandboxDatabase(db_path)
    with Progress(TextColumn("evaluating"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  console=err_console, disable=quiet, transient=True) as bar:
        task = bar.add_task("eval", total=len(rows))

        def save(run):
            bar.update(task, completed=len(run.verdicts))
            write_report(run.report(), out)  # a partial report survives an interruption

        run = evaluate(rows, backend, catalog, database, style=style, split=split, on_chunk=save)
    report = run.report()
    write_report(report, out)
    return report


@app.callback()
def evaluate_command(
    ctx: typer.Context,
    model: str = typer.Option(None, "--model", help="Model directory (merged) or base model; hub names need a local cache."),
    adapter: str = typer.Option(None, "--adapter", help="LoRA adapter directory on top of --model."),
    endpoint: str = typer.Option(None, "--endpoint", help="OpenAI-compatible base URL instead of a local model."),
    api_key: str = typer.Option(None, "--api-key", envvar="VGPT_API_KEY", help="Key for --endpoint."),
    use_vllm: bool = typer.Option(False, "--vllm", help="Generate with vLLM (GPU, optional extra)."),
    answers: str = typer.Option(None, "--answers", help="Judge answers recorded elsewhere (JSONL from record_answers)."),
    data: Path = typer.Option(Path("build/dataset"), "--data", help="A built dataset folder."),
    split: str = typer.Option("test", "--split", help="train | validation | test"),
    style: str = typer.Option("guide", "--style", help="guide (the vgpt prompt) | sqlcoder (SQLCoder's native prompt)"),
    limit: int = typer.Option(None, "--limit", help="Evaluate the first N rows only."),
    batch_size: int = typer.Option(8, "--batch-size", help="Prompts per generate() call (transformers)."),
    max_new_tokens: int = typer.Option(512, "--max-new-tokens"),
    out: Path = typer.Option(Path("build/eval"), "--out", help="Report folder."),
    db: Path = typer.Option(None, "--db", help="Sandbox database (default: built on first use)."),
    catalog: Path = typer.Option(None, "--catalog", help="Catalog YAML (default: embedded)."),
    as_json: bool = typer.Option(False, "--json", help="Print the metrics as JSON."),
) -> None:
    """Evaluate a model on a split of the built dataset; writes report.json, summary.md, report.html."""
    if ctx.invoked_subcommand:
        return
    from vgpt.data.export import read_rows
    from vgpt.data.prompt import PROMPT_STYLES
    from vgpt.schema import load_catalog

    if style not in PROMPT_STYLES:
        raise VgptError(f"unknown style {style!r}; use one of {', '.join(PROMPT_STYLES)}")
    rows = [r for r in read_rows(data) if r.split == split][: limit or None]
    if not rows:
        raise VgptError(f"the {split} split of {data} is empty")
    backend = make_backend(model, adapter, endpoint, api_key, use_vllm, batch_size, max_new_tokens, answers)
    report = run_eval(rows, backend, load_catalog(catalog), db, style, split, out, as_json)
    if as_json:
        print_json({"metrics": report["metrics"], "complete": report["complete"], "out": str(out)})
    else:
        print_metrics(report)
        console.print(f"report: {out / 'report.html'}  ({out / 'report.json'}, {out / 'summary.md'})")
    if not report["complete"]:
        raise VgptError(f"evaluation stopped after {report['answered']} of {report['total']}: {report['error']} "
                        f"(the partial report is in {out})")


def print_metrics(report: dict) -> None:
    from vgpt.eval.metrics import HEADLINE, TARGETS

    table = RichTable("metric", "value", "guide target")
    for key in (*HEADLINE, "syntax_parse", "company_filter_rate", "format_adherence", "degenerate_rate"):
        value = report["metrics"].get(key)
        table.add_row(key, "—" if value is None else f"{100 * value:.1f}%",
                      f"{100 * TARGETS[key]:.0f}%" if key in TARGETS else "")
    console.print(table)


@app.command()
def compare(
    runs: list[Path] = typer.Argument(..., help="Report folders (or report.json files), e.g. base sft dpo."),
    out: Path = typer.Option(Path("build/compare.html"), "--out", help="The side-by-side HTML page."),
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """Put several evaluation runs side by side: metric table and charts in one HTML page."""
    from vgpt.eval.report import compare_page, load_report
    from vgpt.fileio import write_text

    if len(runs) < 1:
        raise VgptError("name at least one report folder")
    reports = {}
    for path in runs:
        name = path.name if path.is_dir() else path.parent.name
        while name in reports:
            name += "'"
        reports[name] = load_report(path)
    write_text(out, compare_page(reports))
    if as_json:
        print_json({"out": str(out), "metrics": {n: r["metrics"] for n, r in reports.items()}})
    else:
        console.print(f"comparison of {', '.join(reports)}: {out}")
