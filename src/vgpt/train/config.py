"""Training configuration: pydantic models read from YAML; defaults are the guide's parameters."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from vgpt.errors import VgptError

BASE_MODEL = "defog/llama-3-sqlcoder-8b"
TINY_MODEL = "tiny"  # built offline by vgpt.train.tiny; never downloaded


class _Strict(BaseModel):
    # A typo in a config key must fail loudly, not silently fall back to a default.
    model_config = ConfigDict(extra="forbid", validate_assignment=True)


class LoraSettings(_Strict):
    rank: int = Field(128, ge=1)
    alpha: int = Field(256, ge=1)
    dropout: float = Field(0.05, ge=0, lt=1)
    target: str | list[str] = "all-linear"  # every linear layer but the output head
    # PEFT's numbers in one autograd node with fewer passes over each output (vgpt.train.fused_lora)
    fused: bool = True


class QuantSettings(_Strict):
    """QLoRA: the base model in 4 bits through bitsandbytes (CUDA only)."""

    bits: Literal[4] = 4
    quant_type: Literal["nf4", "fp4"] = "nf4"
    compute_dtype: Literal["bf16"] = "bf16"
    double_quant: bool = True


class _StageSettings(_Strict):
    batch_size: int = Field(4, ge=1)  # per device
    grad_accum: int = Field(4, ge=1)
    lr: float = Field(1e-4, gt=0)
    epochs: float = Field(3.0, gt=0)
    max_steps: int = -1  # > 0 overrides epochs
    scheduler: str = "cosine"
    warmup_ratio: float = Field(0.1, ge=0, lt=1)
    cutoff: int = Field(4096, ge=16)  # longer examples are excluded, never truncated
    gradient_checkpointing: bool = True
    logging_steps: int = Field(10, ge=1)
    eval_steps: int = Field(50, ge=1)
    save_steps: int = Field(50, ge=1)
    save_total_limit: int = Field(3, ge=1)
    max_grad_norm: float = Field(1.0, gt=0)  # clipping, as the Trainer does
    max_minutes: float | None = Field(None, gt=0)  # stop (and save) after this much training time


class SFTSettings(_StageSettings):
    lora: LoraSettings = Field(default_factory=LoraSettings)
    val_size: float = Field(0.1, ge=0, lt=1)  # held out of train when the data has no validation rows
    # Speed (docs/benchmarks.md): TRL's best-fit packing into rows of `cutoff` tokens, `batch_size`
    # rows flattened padding-free a step; pair it with attn_implementation vgpt_packed.
    packing: bool = False
    liger: bool = False  # Liger's RMSNorm, SwiGLU and RoPE kernels (pip install liger-kernel; CUDA)
    # The last N decoder layers keep their activations instead of being checkpointed: ~2.3 GiB each
    # per 16k tokens on 8B, for ~1% speed each (vgpt.train.checkpointing, docs/benchmarks.md).
    keep_activations: int = Field(0, ge=0)
    # Train every weight instead of a LoRA (a small model trained from scratch); `lora` is unused then.
    full_finetune: bool = False


class DPOSettings(_StageSettings):
    lora: LoraSettings = Field(default_factory=lambda: LoraSettings(rank=64, alpha=128))
    batch_size: int = Field(2, ge=1)
    grad_accum: int = Field(8, ge=1)
    lr: float = Field(5e-5, gt=0)
    epochs: float = Field(1.0, gt=0)
    beta: float = Field(0.1, gt=0)
    loss: str = "sigmoid"


class GuardSettings(_Strict):
    grad_norm_limit: float = Field(1e4, gt=0)  # a pre-clipping norm above this stops the run
    check_prompts: int = Field(3, ge=0)  # held-out prompts generated after training
    max_new_tokens: int = Field(96, ge=1)
    check_output: bool = True  # fail the run on degenerate generations


class TrainConfig(_Strict):
    preset: str | None = None
    model: str = BASE_MODEL
    data: str | None = None  # dataset folder: sft.jsonl, dpo.jsonl (docs/training.md)
    out: str = "runs/sft"
    adapter: str | None = None  # DPO: the SFT adapter it starts from
    precision: Literal["bf16", "fp32", "fp16"] = "bf16"
    quantization: QuantSettings | None = None
    gpu_memory_gib: float | None = None  # the card the preset is written for; checked before training
    report_to: Literal["none", "tensorboard", "wandb"] = "none"
    seed: int = 42
    attn_implementation: str = "sdpa"
    dataloader_workers: int = Field(0, ge=0)
    sft: SFTSettings = Field(default_factory=SFTSettings)
    dpo: DPOSettings = Field(default_factory=DPOSettings)
    guards: GuardSettings = Field(default_factory=GuardSettings)


def _message(err: ValidationError) -> str:
    first = err.errors()[0]
    where = ".".join(str(p) for p in first["loc"]) or "(top)"
    if first["type"] == "extra_forbidden":
        return f"unknown key {where!r} (a typo?)"
    return f"{where}: {first['msg']}"


def read_yaml(path: Path) -> dict[str, Any]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise VgptError("no such config file", path=str(path)) from None
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        raise VgptError("YAML error", path=str(path), line=mark.line + 1 if mark else None) from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise VgptError("a training config is a YAML mapping", path=str(path))
    return data


def merge_dicts(base: dict, over: dict) -> dict:
    """``over`` on top of ``base``; nested mappings merge key by key."""
    out = dict(base)
    for key, value in over.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = merge_dicts(out[key], value)
        else:
            out[key] = value
    return out


def build_config(data: dict[str, Any], source: str = "config") -> TrainConfig:
    try:
        return TrainConfig.model_validate(data)
    except ValidationError as err:
        raise VgptError(_message(err), path=source) from None


def load_config(path: str | Path) -> TrainConfig:
    path = Path(path)
    return build_config(read_yaml(path), str(path))
