"""What SFT and DPO share: checks before training, TrainingArguments fields, the run summary."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from vgpt.errors import VgptError
from vgpt.fileio import write_json
from vgpt.train.config import TrainConfig
from vgpt.train.guards import (
    check_fits,
    check_quantization,
    params_billion,
    preflight_check,
    resolve_precision,
)
from vgpt.train.loading import check_output_dir, load_model_config, load_tokenizer, resolve_model

RUN_SUMMARY = "vgpt_run.json"


class Prepared:
    """Everything checked before a single weight is loaded."""

    def __init__(self, cfg: TrainConfig, stage: str, resume: bool):
        if not cfg.data:
            raise VgptError("no dataset folder: pass --data DIR (or data: in the config)")
        if not Path(cfg.data).is_dir():
            raise VgptError("no such dataset folder", path=cfg.data)
        quiet_libraries()
        self.cfg = cfg
        self.stage = stage
        self.out = check_output_dir(cfg.out)
        self.model_path = resolve_model(cfg.model)
        self.model_config = load_model_config(self.model_path)
        self.precision = resolve_precision(cfg.precision, getattr(self.model_config, "model_type", None))
        check_quantization(cfg)
        _check_reporter(cfg.report_to)
        _check_speed_options(cfg, stage)
        self.tokenizer = load_tokenizer(self.model_path)
        preflight_check(self.tokenizer, self.model_config, _generation_config(self.model_path))
        self.memory_estimate = check_fits(cfg, stage, params_billion(self.model_config))
        self.resume_from = _resume_point(self.out, resume)


def _check_reporter(report_to: str) -> None:
    import importlib.util

    module = {"tensorboard": "tensorboard", "wandb": "wandb"}.get(report_to)
    if module and importlib.util.find_spec(module) is None:
        raise VgptError(f"--report-to {report_to} needs the {module} package: pip install {module}")


def _check_speed_options(cfg: TrainConfig, stage: str) -> None:
    """Register vgpt's packed attention when asked for; Liger needs its package and a CUDA GPU."""
    import importlib.util

    from vgpt.train.packing import PACKED_ATTENTION, register_packed_attention

    if cfg.attn_implementation == PACKED_ATTENTION:
        register_packed_attention()
    if stage == "sft" and cfg.sft.liger:
        import torch

        if importlib.util.find_spec("liger_kernel") is None or not torch.cuda.is_available():
            raise VgptError("sft.liger needs the liger-kernel package and a CUDA GPU: pip install liger-kernel, "
                            "or set sft.liger: false")


def _generation_config(model_path: str):
    from transformers import GenerationConfig

    try:
        return GenerationConfig.from_pretrained(model_path)
    except OSError:
        return None


def _resume_point(out: Path, resume: bool) -> str | None:
    from vgpt.train.loading import last_checkpoint

    last = last_checkpoint(out)
    if resume and last is None:
        raise VgptError("--resume: no checkpoint-* folder to resume from", path=str(out))
    if not resume and last is not None:
        raise VgptError(f"{out} already holds checkpoints; pass --resume to continue, or another --out")
    return last


def training_args(cfg: TrainConfig, stage: str, precision: str, out: Path, has_eval: bool) -> dict[str, Any]:
    """TrainingArguments fields shared by SFTConfig and DPOConfig."""
    st = getattr(cfg, stage)
    return dict(
        output_dir=str(out), per_device_train_batch_size=st.batch_size, per_device_eval_batch_size=st.batch_size,
        gradient_accumulation_steps=st.grad_accum, learning_rate=st.lr, num_train_epochs=st.epochs,
        max_steps=st.max_steps, lr_scheduler_type=st.scheduler,
        warmup_steps=st.warmup_ratio if st.warmup_ratio > 0 else 0,
        bf16=precision == "bf16", fp16=False, gradient_checkpointing=st.gradient_checkpointing,
        logging_steps=st.logging_steps, logging_nan_inf_filter=False,  # a NaN must reach the guard
        eval_strategy="steps" if has_eval else "no", eval_steps=st.eval_steps,
        save_strategy="steps", save_steps=st.save_steps, save_total_limit=st.save_total_limit,
        max_grad_norm=st.max_grad_norm, report_to=[] if cfg.report_to == "none" else [cfg.report_to],
        seed=cfg.seed, data_seed=cfg.seed, disable_tqdm=True, dataloader_num_workers=cfg.dataloader_workers,
        max_length=st.cutoff,
    )


def lora_config(settings, task_type: str = "CAUSAL_LM"):
    from peft import LoraConfig

    return LoraConfig(r=settings.rank, lora_alpha=settings.alpha, lora_dropout=settings.dropout,
                      target_modules=settings.target, task_type=task_type)


def write_summary(out: Path, summary: dict) -> Path:
    path = out / RUN_SUMMARY
    write_json(path, summary)
    return path


def quiet_libraries() -> None:
    """Our progress bar and run.log replace the libraries' tqdm bars and deprecation chatter."""
    import warnings

    import datasets
    from transformers.utils import logging as hf_logging

    datasets.disable_progress_bars()
    hf_logging.disable_progress_bar()
    hf_logging.set_verbosity_error()
    warnings.filterwarnings("ignore", category=FutureWarning, module="transformers")
    warnings.filterwarnings("ignore", message=".*pin_memory.*")


def quiet_trainer(trainer) -> None:
    """Our trainer_log.jsonl and rich bar replace the Trainer's printed dicts and tqdm bar."""
    from transformers import PrinterCallback, ProgressCallback

    trainer.remove_callback(PrinterCallback)
    trainer.remove_callback(ProgressCallback)
