"""``vgpt data``: validate, build, expand, stats, export, show."""

from __future__ import annotations

import time
from pathlib import Path

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table as RichTable

from vgpt.console import console, err_console, print_json
from vgpt.errors import VgptError

app = typer.Typer(help="The curated dataset: validate, build, expand, stats, export, show.", no_args_is_help=True)

CuratedOpt = typer.Option(None, "--curated", help="Folder of curated YAML files (default: the embedded set).")
CatalogOpt = typer.Option(None, "--catalog", help="Catalog YAML (default: the embedded Vista catalog).")
DbOpt = typer.Option(None, "--db", help="Sandbox database (default: built on first use).")
JsonOpt = typer.Option(False, "--json", help="Print JSON.")
DEFAULT_OUT = Path("build/dataset")


def _progress(quiet: bool) -> Progress:
    return Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                    console=err_console, disable=quiet, transient=True)


def _load(curated: Path | None, file: Path | None):
    from vgpt.data.curated_io import load_curated, load_file

    if file:
        if not file.exists():
            raise VgptError("no such file", path=str(file))
        return load_file(file)
    return load_curated(curated)


def run_validation(items, catalog, db_path: Path | None, quiet: bool):
    from vgpt.data.validate import validate
    from vgpt.sandbox.execute import SandboxDatabase

    database = SandboxDatabase(db_path)
    with _progress(quiet) as bar:
        task = bar.add_task("validating", total=len(items))
        return validate(items, catalog, database, progress=lambda: bar.advance(task))


def _print_report(report) -> None:
    table = RichTable("category", "examples", "valid")
    for cat, c in sorted(report.by_category.items()):
        table.add_row(cat, str(c["total"]), str(c["valid"]))
    console.print(table)
    for f in report.failures:
        console.print(f"[red]FAIL[/] {f.path}:{f.line} {f.id}: [bold]{f.code}[/] {f.message}", highlight=False)
    n_bad = len({f.id for f in report.failures})
    console.print(f"{report.total - n_bad}/{report.total} examples valid, {len(report.failures)} failures")


@app.command()
def validate(
    curated: Path = CuratedOpt,
    file: Path = typer.Option(None, "--file", help="Validate one curated file only."),
    catalog: Path = CatalogOpt,
    db: Path = DbOpt,
    as_json: bool = JsonOpt,
) -> None:
    """Check every curated example: names, guard, NOLOCK, company filter, execution, prompt coverage."""
    from vgpt.schema import load_catalog

    items = _load(curated, file)
    report = run_validation(items, load_catalog(catalog), db, as_json)
    if as_json:
        print_json(report.to_json())
    else:
        _print_report(report)
    if not report.ok:
        raise typer.Exit(1)


def _build_options(schema_variants: int, cutoff: int, ddl_budget: int) -> dict:
    return {"n_schema": schema_variants, "cutoff": cutoff, "ddl_budget": ddl_budget}


@app.command()
def build(
    curated: Path = CuratedOpt,
    catalog: Path = CatalogOpt,
    db: Path = DbOpt,
    out: Path = typer.Option(DEFAULT_OUT, "--out", help="Output folder (replaced atomically)."),
    schema_variants: int = typer.Option(2, help="Schema variants per phrasing (gold tables, then + distractors)."),
    cutoff: int = typer.Option(4096, help="Training cutoff in tokens; longer rows are excluded and reported."),
    ddl_budget: int = typer.Option(2000, help="Token budget of the schema part of a prompt."),
    as_json: bool = JsonOpt,
) -> None:
    """Validate the curated sources, then build the training rows with splits (refuses invalid sources)."""
    from vgpt.data.build import build_rows
    from vgpt.data.export import write_dataset
    from vgpt.schema import load_catalog

    started = time.perf_counter()
    cat = load_catalog(catalog)
    items = _load(curated, None)
    report = run_validation(items, cat, db, as_json)
    if not report.ok:
        if not as_json:
            _print_report(report)
        raise VgptError(f"{len({f.id for f in report.failures})} curated examples are invalid; nothing written "
                        "(run 'vgpt data validate' for the list)")
    options = _build_options(schema_variants, cutoff, ddl_budget)
    with _progress(as_json) as bar:
        task = bar.add_task("building", total=len(items))
        result = build_rows([i.example for i in items], cat, progress=lambda: bar.advance(task), **options)
    manifest = {
        "curated": len(items),
        "rows": len(result.rows),
        "by_split": {s: sum(r.split == s for r in result.rows) for s in ("train", "validation", "test")},
        "excluded": [{"id": i, "reason": why} for i, why in result.excluded],
        "duplicate_prompts_dropped": result.duplicate_prompts,
        "options": options,
        "seconds": round(time.perf_counter() - started, 1),
    }
    write_dataset(result.rows, out, manifest, cat)
    if as_json:
        print_json({**manifest, "out": str(out)})
        return
    console.print(f"{len(items)} curated examples -> {len(result.rows)} rows in {out} "
                  f"(train {manifest['by_split']['train']}, validation {manifest['by_split']['validation']}, "
                  f"test {manifest['by_split']['test']}); {len(result.excluded)} excluded over the cutoff, "
                  f"{result.duplicate_prompts} duplicate prompts dropped; {manifest['seconds']} s")
    for row_id, why in result.excluded[:20]:
        console.print(f"  excluded {row_id}: {why}")


@app.command()
def expand(
    preview: bool = typer.Option(False, "--preview", help="Print rows instead of writing anything."),
    example_id: str = typer.Option(None, "--id", help="Only this example."),
    n: int = typer.Option(3, "--n", help="How many rows to print with --preview."),
    curated: Path = CuratedOpt,
    catalog: Path = CatalogOpt,
    schema_variants: int = typer.Option(2, help="Schema variants per phrasing."),
    as_json: bool = JsonOpt,
) -> None:
    """Show how examples expand into rows (phrasings × parameter variants × schema variants)."""
    from vgpt.data.build import build_rows
    from vgpt.schema import load_catalog

    if not preview:
        raise VgptError("expand only previews; use 'vgpt data build' to write the dataset")
    items = _load(curated, None)
    examples = [i.example for i in items if example_id in (None, i.example.id)]
    if not examples:
        raise VgptError(f"no example with id {example_id!r}")
    result = build_rows(examples[: max(1, n)] if example_id is None else examples, load_catalog(catalog),
                        n_schema=schema_variants)
    rows = result.rows[:n] if example_id is None else result.rows
    if as_json:
        print_json([r.to_json() for r in rows])
        return
    for row in rows:
        console.rule(f"{row.id}  [{row.split}]  {row.prompt_tokens}+{row.answer_tokens} tokens")
        console.print(row.prompt, highlight=False, markup=False)
        console.print("--- answer ---", style="dim")
        console.print(row.answer, highlight=False, markup=False)
    console.print(f"{len(result.rows)} rows from {len(examples)} example(s)")


@app.command()
def stats(
    data: Path = typer.Option(DEFAULT_OUT, "--data", help="A built dataset folder."),
    charts: Path = typer.Option(None, "--charts", help="Folder for PNG charts (default: DATA/charts)."),
    catalog: Path = CatalogOpt,
    as_json: bool = JsonOpt,
) -> None:
    """Counts, coverage, SQL features, lengths, and the three audit figures (all must be 0)."""
    import json

    from vgpt.data.export import MANIFEST, read_rows
    from vgpt.data.stats import dataset_stats, write_charts
    from vgpt.schema import load_catalog

    rows = read_rows(data)
    manifest = json.loads((data / MANIFEST).read_text())
    result = dataset_stats(rows, load_catalog(catalog), manifest.get("curated", 0))
    paths = write_charts(rows, result, charts or data / "charts")
    result["charts"] = [str(p) for p in paths]
    if as_json:
        print_json(result)
        return
    table = RichTable("category", "rows")
    for k, v in result["by_category"].items():
        table.add_row(k, str(v))
    console.print(table)
    console.print(f"curated {result['curated']}, built {result['built']}, splits {result['by_split']}")
    console.print(f"tables covered {result['tables_covered']}/{result['catalog_tables']}; "
                  f"prompt tokens {result['prompt_tokens']}")
    console.print(f"SQL features: {result['sql_features']}")
    a = result["audit"]
    console.print(f"audit over {a['sql_answers']} SQL answers: column not in prompt {a['column_not_in_prompt']:.1%}, "
                  f"name not in catalog {a['name_not_in_catalog']:.1%}, table without NOLOCK {a['table_without_nolock']:.1%}")
    console.print(f"charts: {', '.join(result['charts'])}")


@app.command()
def export(
    fmt: str = typer.Option(..., "--format", help="chat | llamafactory | dpo"),
    data: Path = typer.Option(DEFAULT_OUT, "--data", help="A built dataset folder."),
    out: Path = typer.Option(..., "--out", help="Output folder (replaced atomically)."),
    catalog: Path = CatalogOpt,
    as_json: bool = JsonOpt,
) -> None:
    """Export the built rows for TRL (chat JSONL, DPO pairs) or LLaMA-Factory (alpaca + dataset_info.json)."""
    from vgpt.data import export as ex
    from vgpt.schema import load_catalog

    if fmt not in ex.FORMATS:
        raise VgptError(f"unknown format {fmt!r}; use one of {', '.join(ex.FORMATS)}")
    rows = ex.read_rows(data)
    if fmt == "chat":
        counts = ex.export_chat(rows, out)
    elif fmt == "dpo":
        counts = ex.export_dpo(rows, load_catalog(catalog), out)
    else:
        counts = ex.export_llamafactory(rows, load_catalog(catalog), out)
    if as_json:
        print_json({"format": fmt, "out": str(out), "counts": counts})
    else:
        console.print(f"{fmt} export in {out}: {counts}")


@app.command()
def show(
    example_id: str,
    curated: Path = CuratedOpt,
    catalog: Path = CatalogOpt,
    as_json: bool = JsonOpt,
) -> None:
    """Show one curated example, with its first rendered prompt and answer."""
    from vgpt.data.build import example_rows
    from vgpt.schema import load_catalog

    items = {i.example.id: i for i in _load(curated, None)}
    item = items.get(example_id)
    if item is None:
        import difflib

        hint = difflib.get_close_matches(example_id, list(items), n=3)
        raise VgptError(f"no example {example_id!r}" + (f"; did you mean {', '.join(hint)}?" if hint else ""))
    rows, _ = example_rows(item.example, load_catalog(catalog), n_schema=1)
    if as_json:
        print_json({"example": item.example.model_dump(exclude_none=True), "source": f"{item.path}:{item.line}",
                    "row": rows[0].to_json() if rows else None})
        return
    console.print(f"[bold]{example_id}[/] ({item.example.category}, {item.example.difficulty}) {item.path}:{item.line}")
    if rows:
        console.print(rows[0].prompt, highlight=False, markup=False)
        console.print("--- answer ---", style="dim")
        console.print(rows[0].answer, highlight=False, markup=False)
