"""``vgpt train``: SFT, DPO, merge, LLaMA-Factory export, the tiny offline model.

Only light modules load here; torch, transformers, peft and trl load inside the commands.
"""

from __future__ import annotations

from pathlib import Path

import typer

from vgpt.console import console, print_json

app = typer.Typer(help="Fine-tune with TRL + PEFT (SFT, DPO), merge adapters, export LLaMA-Factory configs.",
                  no_args_is_help=True)

JsonOpt = typer.Option(False, "--json", help="Print the run summary as JSON.")
PresetOpt = typer.Option(None, "--preset", help="a6000-48gb (default), 24gb, h100-80gb or cpu-tiny.")
ConfigOpt = typer.Option(None, "--config", help="A YAML training config on top of the preset.")
DataOpt = typer.Option(None, "--data", help="Dataset folder with sft.jsonl / dpo.jsonl (docs/training.md).")
OutOpt = typer.Option(None, "--out", help="Output folder: adapter, checkpoints, trainer_log.jsonl, loss.png.")
ModelOpt = typer.Option(None, "--model", help="Base model folder or hub name ('tiny': the offline tiny Llama).")
MaxStepsOpt = typer.Option(None, "--max-steps", help="Stop after this many optimizer steps (overrides epochs).")
EpochsOpt = typer.Option(None, "--epochs", help="Training epochs.")
LrOpt = typer.Option(None, "--lr", help="Learning rate.")
BatchOpt = typer.Option(None, "--batch-size", help="Per-device batch size.")
ReportOpt = typer.Option(None, "--report-to", help="tensorboard, wandb or none (default none).")
ResumeOpt = typer.Option(False, "--resume", help="Continue from the last checkpoint in --out.")


def _config(stage: str, preset, config, **overrides):
    from vgpt.train.presets import resolve_config, stage_overrides

    return resolve_config(preset=preset, config_file=config, overrides=stage_overrides(stage, **overrides))


def _report(summary: dict, as_json: bool) -> None:
    if as_json:
        print_json({k: v for k, v in summary.items() if k != "config"})
        return
    out = Path(summary["out"])
    made = [p.name for p in (out / "adapter_model.safetensors", out / "trainer_log.jsonl", out / "loss.png",
                             out / "vgpt_run.json") if p.exists()]
    console.print(f"[bold]{summary['stage']}[/] done in {summary['seconds']} s: {', '.join(made)} in {out}")


@app.command("sft")
def sft(
    preset: str = PresetOpt, config: Path = ConfigOpt, data: Path = DataOpt, out: Path = OutOpt,
    model: str = ModelOpt, max_steps: int = MaxStepsOpt, epochs: float = EpochsOpt, lr: float = LrOpt,
    batch_size: int = BatchOpt, report_to: str = ReportOpt, resume: bool = ResumeOpt, as_json: bool = JsonOpt,
) -> None:
    """Supervised fine-tuning (LoRA, loss on the answers only) on DATA/sft.jsonl."""
    cfg = _config("sft", preset, config, data=data, out=out, model=model, max_steps=max_steps, epochs=epochs,
                  lr=lr, batch_size=batch_size, report_to=report_to)
    from vgpt.train.sft import run_sft

    _report(run_sft(cfg, resume=resume, quiet=as_json), as_json)


@app.command("dpo")
def dpo(
    adapter: Path = typer.Option(..., "--adapter", help="The SFT adapter folder DPO starts from."),
    preset: str = PresetOpt, config: Path = ConfigOpt, data: Path = DataOpt, out: Path = OutOpt,
    model: str = ModelOpt, max_steps: int = MaxStepsOpt, epochs: float = EpochsOpt, lr: float = LrOpt,
    batch_size: int = BatchOpt, report_to: str = ReportOpt, resume: bool = ResumeOpt, as_json: bool = JsonOpt,
) -> None:
    """Preference tuning (DPO) on DATA/dpo.jsonl: a new LoRA on top of base + SFT adapter."""
    cfg = _config("dpo", preset, config, data=data, out=out or Path("runs/dpo"), model=model, adapter=adapter,
                  max_steps=max_steps, epochs=epochs, lr=lr, batch_size=batch_size, report_to=report_to)
    from vgpt.train.dpo import run_dpo

    _report(run_dpo(cfg, resume=resume, quiet=as_json), as_json)


@app.command("merge")
def merge(
    base: str = typer.Option(..., "--base", help="Base model folder or hub name ('tiny' for the tiny model)."),
    adapter: list[Path] = typer.Option(..., "--adapter", help="LoRA adapter folder; repeat for SFT then DPO."),
    out: Path = typer.Option(..., "--out", help="New folder for the merged model."),
    as_json: bool = JsonOpt,
) -> None:
    """Merge LoRA adapters into the base model: a standalone folder from_pretrained loads."""
    from vgpt.train.merge import merge_adapters

    with console.status("merging"):
        path = merge_adapters(base, adapter, out)
    if as_json:
        print_json({"out": str(path), "adapters": [str(a) for a in adapter]})
    else:
        console.print(f"merged model in {path}")


@app.command("export-llamafactory")
def export_llamafactory(
    data: Path = typer.Option(..., "--data", help="Dataset folder with sft.jsonl (and dpo.jsonl)."),
    out: Path = typer.Option(..., "--out", help="Folder for dataset_info.json, data files and YAML configs."),
    preset: str = PresetOpt, config: Path = ConfigOpt, model: str = ModelOpt, as_json: bool = JsonOpt,
) -> None:
    """Write LLaMA-Factory 0.9 dataset files, dataset_info.json, stage1_sft.yaml and stage2_dpo.yaml."""
    from vgpt.train.llamafactory import export_llamafactory as export
    from vgpt.train.presets import resolve_config, stage_overrides

    cfg = resolve_config(preset=preset or "h100-80gb", config_file=config,
                         overrides=stage_overrides("sft", model=model))
    result = export(data, out, cfg)
    if as_json:
        print_json(result)
    else:
        console.print(f"{result['sft_rows']} SFT rows, {result['validation_rows']} validation rows, "
                      f"{result['dpo_pairs']} DPO pairs in {result['out']}: {', '.join(result['files'])}")


@app.command("tiny-model")
def tiny_model(
    out: Path = typer.Option(..., "--out", help="Folder for the model and tokenizer."),
    layers: int = typer.Option(2, "--layers"), hidden: int = typer.Option(64, "--hidden"),
    heads: int = typer.Option(4, "--heads"), kv_heads: int = typer.Option(2, "--kv-heads"),
    vocab_size: int = typer.Option(2048, "--vocab-size"), seed: int = typer.Option(0, "--seed"),
    as_json: bool = JsonOpt,
) -> None:
    """Build a tiny Llama-3-shaped model and tokenizer offline (no download)."""
    import json

    from vgpt.train.tiny import build_tiny_model

    with console.status("building the tiny model"):
        path = build_tiny_model(out, vocab_size=vocab_size, layers=layers, hidden=hidden, heads=heads,
                                kv_heads=kv_heads, seed=seed)
    info = {"out": str(path), **json.loads((path / "vgpt_tiny.json").read_text())}
    if as_json:
        print_json(info)
    else:
        console.print(f"tiny model ({info['parameters']:,} parameters) in {path}")


@app.command("presets")
def presets(as_json: bool = JsonOpt) -> None:
    """List the presets with their key settings."""
    from vgpt.train.presets import preset_names, resolve_config

    rows = []
    for name in preset_names():
        c = resolve_config(preset=name)
        rows.append({"preset": name, "model": c.model, "precision": c.precision,
                     "quantization": c.quantization.quant_type if c.quantization else None,
                     "gpu_memory_gib": c.gpu_memory_gib, "sft_batch": f"{c.sft.batch_size}x{c.sft.grad_accum}",
                     "cutoff": c.sft.cutoff, "lora_rank": c.sft.lora.rank})
    if as_json:
        print_json(rows)
        return
    for r in rows:
        console.print(" ".join(f"{k}={v}" for k, v in r.items()))


@app.command("launch-config")
def launch_config(
    strategy: str = typer.Option("fsdp", "--strategy", help="fsdp (FSDP2) or deepspeed (ZeRO-3)."),
    gpus: int = typer.Option(2, "--gpus", help="GPUs on the host."),
    out: Path = typer.Option(Path("configs"), "--out", help="Folder for the accelerate config (and DeepSpeed JSON)."),
    as_json: bool = JsonOpt,
) -> None:
    """Write an `accelerate launch` config for several GPUs of one host, and print the command."""
    from vgpt.train.launch import write_launch_config

    result = write_launch_config(strategy, gpus, out)
    if as_json:
        print_json(result)
        return
    console.print("wrote " + ", ".join(result["files"]))
    console.print(f"run: {result['command']}", highlight=False, soft_wrap=True)


@app.command("bench")
def bench(
    setups: str = typer.Option("baseline,vgpt", "--setups",
                               help="Comma-separated: baseline, vgpt, preset-a6000, vgpt-dropout, vgpt-unfused, "
                                    "vgpt-checkpoint-all, vgpt-noliger, vgpt-cast, vgpt-loop, packed-sdpa, padded-fast."),
    lengths: str = typer.Option("600-1600", "--lengths", help="Example lengths in tokens, uniform MIN-MAX."),
    steps: int = typer.Option(8, "--steps", min=1, help="Timed steps per setup (after --warmup)."),
    warmup: int = typer.Option(3, "--warmup", min=1, help="Untimed steps first (kernel compilation, caches)."),
    batch_size: int = typer.Option(4, "--batch-size", min=1, help="Examples (padded) or packed rows a step."),
    memory_check: bool = typer.Option(True, "--memory-check/--no-memory-check",
                                      help="Also time batch-size examples of 4096 tokens (packed: one row of them) for the peak."),
    as_json: bool = JsonOpt,
) -> None:
    """LoRA SFT speed and peak memory on an 8B-shaped model: vgpt's setup against the plain baseline (CUDA only)."""
    from vgpt.train.bench import parse_lengths, parse_setups, require_cuda

    chosen, span = parse_setups(setups), parse_lengths(lengths)
    require_cuda()
    from vgpt.train.bench import run_bench

    say = (lambda _line: None) if as_json else (lambda line: console.print(line))
    report = run_bench(chosen, lengths=span, steps=steps, warmup=warmup, batch_size=batch_size,
                       memory_check=memory_check, progress=say)
    if as_json:
        print_json(report)
    else:
        _bench_table(report)


def _bench_table(report: dict) -> None:
    from rich.table import Table

    env = report["environment"]
    table = Table(title=f"LoRA r=128 SFT, Llama-3-8B shape, {env['device']}, lengths "
                        f"{report['lengths'][0]}-{report['lengths'][1]}, {report['steps']} timed steps")
    for col in ("setup", "real tok/s", "fed tok/s", "peak GiB", "MFU", "speedup", "4x4096 peak GiB", "attention"):
        table.add_column(col, justify="left" if col in ("setup", "attention") else "right")
    for r in report["results"]:
        if "error" in r:
            table.add_row(r["setup"], "error", "", "", "", "", "", r["error"][:60])
            continue
        mem = r.get("memory_check") or {}
        table.add_row(r["setup"], f"{r['real_tokens_s']:,.0f}", f"{r['fed_tokens_s']:,.0f}", f"{r['peak_gib']:.1f}",
                      f"{r['mfu']:.1%}", f"{r.get('speedup', float('nan')):.2f}x",
                      f"{mem['peak_gib']:.1f}" if mem else "-", r["kernel"])
    console.print(table)
    console.print(" ".join(f"{k} {v}" for k, v in env.items()))
