"""Resolving and loading models, tokenizers and output folders, with clear errors before training."""

from __future__ import annotations

import os
import re
from pathlib import Path

from vgpt.errors import VgptError
from vgpt.train.config import TINY_MODEL

_HUB_NAME = re.compile(r"^[A-Za-z0-9][\w.-]*/[\w.-]+$")


def resolve_model(model: str) -> str:
    """A local model folder, or a hub name (loaded from the local cache only at training time)."""
    if model == TINY_MODEL:
        from vgpt.train.tiny import build_tiny_model

        return str(build_tiny_model())
    path = Path(model).expanduser()
    if path.exists():
        if not (path / "config.json").is_file():
            raise VgptError("not a model folder (no config.json)", path=str(path))
        return str(path)
    if _HUB_NAME.match(model) and not model.startswith((".", "/", "~")):
        return model
    raise VgptError("no such model folder", path=model)


def check_output_dir(out: str | Path) -> Path:
    out = Path(out).expanduser()
    try:
        out.mkdir(parents=True, exist_ok=True)
        probe = out / ".vgpt_write_probe"
        probe.write_text("ok")
        probe.unlink()
    except OSError as err:
        raise VgptError(f"output folder is not writable ({err.strerror})", path=str(out)) from None
    return out


def load_tokenizer(model_path: str):
    from transformers import AutoTokenizer

    from vgpt.train.chat_format import ensure_chat_format

    try:
        tok = AutoTokenizer.from_pretrained(model_path)
    except OSError as err:
        raise VgptError(f"cannot load the tokenizer of {model_path}: {str(err).splitlines()[0]}") from None
    ensure_chat_format(tok)
    return tok


def load_model_config(model_path: str):
    from transformers import AutoConfig

    try:
        return AutoConfig.from_pretrained(model_path)
    except (OSError, ValueError) as err:
        raise VgptError(f"cannot load the model config of {model_path}: {str(err).splitlines()[0]}") from None


def torch_dtype(precision: str):
    import torch

    return {"bf16": torch.bfloat16, "fp32": torch.float32, "fp16": torch.float16}[precision]


def load_base_model(model_path: str, precision: str, cfg):
    """The base causal LM in ``precision`` (or 4-bit nf4 for QLoRA presets)."""
    from transformers import AutoModelForCausalLM

    kwargs = {"dtype": torch_dtype(precision), "attn_implementation": cfg.attn_implementation}
    if cfg.quantization is not None:
        from transformers import BitsAndBytesConfig

        q = cfg.quantization
        kwargs["quantization_config"] = BitsAndBytesConfig(
            load_in_4bit=True, bnb_4bit_quant_type=q.quant_type,
            bnb_4bit_compute_dtype=torch_dtype(q.compute_dtype), bnb_4bit_use_double_quant=q.double_quant,
        )
    try:
        return AutoModelForCausalLM.from_pretrained(model_path, **kwargs)
    except OSError as err:
        raise VgptError(f"cannot load model {model_path}: {str(err).splitlines()[0]}") from None


def load_adapter(model, adapter: str | Path, *, trainable: bool = False):
    """``model`` with the LoRA adapter at ``adapter``; a clear error when it does not fit the base."""
    from peft import PeftConfig, PeftModel

    path = Path(adapter).expanduser()
    if not (path / "adapter_config.json").is_file():
        raise VgptError("not a LoRA adapter folder (no adapter_config.json)", path=str(path))
    peft_cfg = PeftConfig.from_pretrained(str(path))
    base_name = os.path.basename(str(peft_cfg.base_model_name_or_path or "").rstrip("/"))
    try:
        return PeftModel.from_pretrained(model, str(path), is_trainable=trainable)
    except (RuntimeError, ValueError, KeyError) as err:
        first = str(err).strip().splitlines()[0][:160]
        raise VgptError(f"adapter {path} does not match this base model (trained on {base_name or '?'}): {first}") from None


def last_checkpoint(out: Path) -> str | None:
    from transformers.trainer_utils import get_last_checkpoint

    return get_last_checkpoint(str(out)) if out.is_dir() else None
