"""Export the dataset and the guide's two configs for LLaMA-Factory 0.9.x (`llamafactory-cli train`).

Writes alpaca JSON (instruction/input/output), a ranking file for DPO (instruction/input/
chosen/rejected), dataset_info.json, stage1_sft.yaml and stage2_dpo.yaml. LLaMA-Factory is not
a dependency: every YAML key is checked against the vendored list of its argument names.
"""

from __future__ import annotations

import math
from importlib import resources
from pathlib import Path

import yaml

from vgpt.errors import VgptError
from vgpt.fileio import write_json, write_text
from vgpt.train.config import TrainConfig
from vgpt.train.dataset import load_dpo, load_sft

ARGS_FILE = "llamafactory_args_0.9.txt"
SFT_NAME, VAL_NAME, DPO_NAME = "vgpt_sft", "vgpt_sft_val", "vgpt_dpo"


def known_argument_names() -> set[str]:
    text = (resources.files("vgpt.train") / ARGS_FILE).read_text(encoding="utf-8")
    return {line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")}


def unknown_keys(config: dict) -> list[str]:
    known = known_argument_names()
    return sorted(k for k in config if k not in known)


def alpaca_row(row: dict) -> dict:
    turns = [m for m in row["messages"] if m["role"] != "system"]
    if len(turns) != 2:
        raise VgptError(f"row {row['id']}: LLaMA-Factory's alpaca format holds one question and one answer")
    out = {"instruction": turns[0]["content"], "input": "", "output": turns[1]["content"]}
    system = [m["content"] for m in row["messages"] if m["role"] == "system"]
    if system:
        out["system"] = system[0]
    return out


def _warmup_steps(n_rows: int, st) -> int:
    # An integer: warmup_ratio left transformers 5, and a float warmup_steps is not valid in 4.x.
    steps = math.ceil(n_rows / (st.batch_size * st.grad_accum)) * st.epochs
    return max(0, round(steps * st.warmup_ratio))


def _common(cfg: TrainConfig, stage: str, dataset_dir: Path, output_dir: str, n_rows: int) -> dict:
    st, lora = getattr(cfg, stage), getattr(cfg, stage).lora
    return {
        "model_name_or_path": cfg.model, "trust_remote_code": True,
        "stage": stage, "do_train": True, "finetuning_type": "lora",
        "lora_rank": lora.rank, "lora_alpha": lora.alpha, "lora_dropout": lora.dropout,
        "lora_target": "all" if lora.target == "all-linear" else ",".join(lora.target),
        "dataset_dir": str(dataset_dir), "template": "llama3", "cutoff_len": st.cutoff,
        "overwrite_cache": True, "preprocessing_num_workers": 16, "dataloader_num_workers": 0,
        "output_dir": output_dir, "logging_steps": st.logging_steps, "save_steps": st.save_steps,
        "save_total_limit": st.save_total_limit, "plot_loss": True, "report_to": cfg.report_to,
        "per_device_train_batch_size": st.batch_size, "gradient_accumulation_steps": st.grad_accum,
        "learning_rate": st.lr, "num_train_epochs": st.epochs, "lr_scheduler_type": st.scheduler,
        "warmup_steps": _warmup_steps(n_rows, st), "bf16": True, "gradient_checkpointing": True,
        "max_grad_norm": st.max_grad_norm, "seed": cfg.seed, "ddp_timeout": 180000000,
    }


def sft_yaml(cfg: TrainConfig, dataset_dir: Path, n_train: int, has_val: bool) -> dict:
    conf = _common(cfg, "sft", dataset_dir, "saves/vgpt/sft", n_train)
    conf["dataset"] = SFT_NAME
    if has_val:
        conf["eval_dataset"] = VAL_NAME
    else:
        conf["val_size"] = cfg.sft.val_size
    conf.update(per_device_eval_batch_size=cfg.sft.batch_size, eval_strategy="steps", eval_steps=cfg.sft.eval_steps)
    return conf


def dpo_yaml(cfg: TrainConfig, dataset_dir: Path, n_pairs: int) -> dict:
    conf = _common(cfg, "dpo", dataset_dir, "saves/vgpt/dpo", n_pairs)
    # LLaMA-Factory's own route: load the SFT adapter and train a new one on top of it.
    conf.update(dataset=DPO_NAME, adapter_name_or_path="saves/vgpt/sft", create_new_adapter=True,
                pref_beta=cfg.dpo.beta, pref_loss=cfg.dpo.loss)
    return conf


def dataset_info(has_val: bool, has_dpo: bool) -> dict:
    info = {SFT_NAME: {"file_name": f"{SFT_NAME}.json"}}
    if has_val:
        info[VAL_NAME] = {"file_name": f"{VAL_NAME}.json"}
    if has_dpo:
        info[DPO_NAME] = {
            "file_name": f"{DPO_NAME}.json", "ranking": True,
            "columns": {"prompt": "instruction", "query": "input", "chosen": "chosen", "rejected": "rejected"},
        }
    return info


def export_llamafactory(data_dir: str | Path, out: str | Path, cfg: TrainConfig) -> dict:
    """Write the LLaMA-Factory dataset folder and configs into ``out``; return what was written."""
    data_dir, out = Path(data_dir), Path(out).expanduser()
    rows = load_sft(data_dir)
    train = [alpaca_row(r) for r in rows if r["split"] == "train"]
    val = [alpaca_row(r) for r in rows if r["split"] == "validation"]
    pairs = load_dpo(data_dir) if (data_dir / "dpo.jsonl").exists() else []
    dpo = [{"instruction": p["prompt"], "input": "", "chosen": p["chosen"], "rejected": p["rejected"]}
           for p in pairs if p["split"] == "train"]
    configs = {"stage1_sft.yaml": sft_yaml(cfg, out.resolve(), len(train), bool(val))}
    if dpo:
        configs["stage2_dpo.yaml"] = dpo_yaml(cfg, out.resolve(), len(dpo))
    for name, conf in configs.items():
        bad = unknown_keys(conf)
        if bad:  # a bug here, not the user's: fail before writing anything
            raise VgptError(f"{name}: keys unknown to LLaMA-Factory 0.9: {', '.join(bad)}")
    try:
        out.mkdir(parents=True, exist_ok=True)
        write_json(out / f"{SFT_NAME}.json", train)
        if val:
            write_json(out / f"{VAL_NAME}.json", val)
        if dpo:
            write_json(out / f"{DPO_NAME}.json", dpo)
        write_json(out / "dataset_info.json", dataset_info(bool(val), bool(dpo)))
        for name, conf in configs.items():
            write_text(out / name, yaml.safe_dump(conf, sort_keys=False))
    except OSError as err:
        raise VgptError(f"cannot write the export ({err.strerror})", path=str(out)) from None
    return {"out": str(out), "sft_rows": len(train), "validation_rows": len(val), "dpo_pairs": len(dpo),
            "files": sorted(p.name for p in out.iterdir())}
