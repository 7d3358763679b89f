"""Fold LoRA adapters into their base model and save a standalone model folder."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from vgpt.errors import VgptError
from vgpt.train.chat_format import stop_token_ids
from vgpt.train.loading import load_adapter, load_tokenizer, resolve_model


def merge_adapters(base: str, adapters: list[str | Path], out: str | Path) -> Path:
    """Apply ``adapters`` in order (SFT, then DPO) to ``base``, merge, and save to ``out``.

    The folder appears whole or not at all: it is written beside ``out`` and renamed into place.
    """
    from transformers import AutoModelForCausalLM

    from vgpt.train.common import quiet_libraries

    quiet_libraries()
    if not adapters:
        raise VgptError("merge needs at least one --adapter")
    base_path = resolve_model(base)
    out = Path(out).expanduser()
    if out.exists() and any(out.iterdir()):
        raise VgptError("output folder exists and is not empty", path=str(out))
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=out.parent))
    except OSError as err:
        raise VgptError(f"output folder is not writable ({err.strerror})", path=str(out)) from None
    try:
        model = AutoModelForCausalLM.from_pretrained(base_path, dtype="auto")
        for adapter in adapters:
            model = load_adapter(model, adapter).merge_and_unload()
        tokenizer = load_tokenizer(str(adapters[-1]) if (Path(adapters[-1]) / "tokenizer_config.json").exists()
                                   else base_path)
        stops = stop_token_ids(tokenizer)
        model.generation_config.eos_token_id = stops
        model.generation_config.pad_token_id = tokenizer.pad_token_id
        model.config.eos_token_id = stops
        model.save_pretrained(tmp)
        tokenizer.save_pretrained(tmp)
        if out.exists():
            out.rmdir()
        tmp.rename(out)
    finally:
        if tmp.exists():
            shutil.rmtree(tmp)
    return out
