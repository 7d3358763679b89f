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

from vgpt.data.export import DPO_FILE, LF_DPO, LF_SFT, LF_VAL, write_llamafactory_dataset
from vgpt.errors import VgptError
from vgpt.fileio import write_text
from vgpt.train.config import TrainConfig
from vgpt.train.dataset import load_dpo, load_sft

ARGS_FILE = "llamafactory_args_0.9.txt"


def known_argument_names() -> set[str]:
    text = (resources.files("vgpt.train") / ARGS_FILE).read_text(encoding="utf-8")
    return {line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")}


def unknown_keys(config: dict) -> list[str]:
    known = known_argument_names()
    return sorted(k for k in config if k not in known)


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
    conf["dataset"] = LF_SFT
    if has_val:
        conf["eval_dataset"] = LF_VAL
    else:
        conf["val_size"] = cfg.sft.val_size
    conf.update(per_device_eval_batch_size=cfg.sft.batch_size, eval_strategy="steps", eval_steps=cfg.sft.eval_steps)
    return conf


def dpo_yaml(cfg: TrainConfig, dataset_dir: Path, n_pairs: int) -> dict:
    conf = _common(cfg, "dpo", dataset_dir, "saves/vgpt/dpo", n_pairs)
    # LLaMA-Factory's own route: load the SFT adapter and train a new one on top of it.
    conf.update(dataset=LF_DPO, adapter_name_or_path="saves/vgpt/sft", create_new_adapter=True,
                pref_beta=cfg.dpo.beta, pref_loss=cfg.dpo.loss)
    return conf


def export_llamafactory(data_dir: str | Path, out: str | Path, cfg: TrainConfig) -> dict:
    """Write the LLaMA-Factory dataset folder and configs into ``out``; return what was written."""
    data_dir, out = Path(data_dir), Path(out).expanduser()
    rows = load_sft(data_dir)
    pairs = load_dpo(data_dir) if (data_dir / DPO_FILE).exists() else []
    n_train = sum(r["split"] == "train" for r in rows)
    has_val = any(r["split"] == "validation" for r in rows)
    n_dpo = sum(p["split"] == "train" for p in pairs)
    configs = {"stage1_sft.yaml": sft_yaml(cfg, out.resolve(), n_train, has_val)}
    if n_dpo:
        configs["stage2_dpo.yaml"] = dpo_yaml(cfg, out.resolve(), n_dpo)
    for name, conf in configs.items():
        bad = unknown_keys(conf)
        if bad:  # a bug here, not the user's: fail before writing anything
            raise VgptError(f"{name}: keys unknown to LLaMA-Factory 0.9: {', '.join(bad)}")
    try:
        counts = write_llamafactory_dataset(rows, pairs, out)
        for name, conf in configs.items():
            write_text(out / name, yaml.safe_dump(conf, sort_keys=False))
    except OSError as err:
        raise VgptError(f"cannot write the export ({err.strerror})", path=str(out)) from None
    return {"out": str(out), "sft_rows": counts[LF_SFT], "validation_rows": counts[LF_VAL],
            "dpo_pairs": counts[LF_DPO], "files": sorted(p.name for p in out.iterdir())}
