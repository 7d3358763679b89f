"""Preference tuning (DPO) with TRL's DPOTrainer, on top of the SFT adapter.

The choice: the SFT adapter is merged into the base weights in memory, and a new LoRA (the
guide's rank 64, alpha 128) trains on top. With the new adapter disabled the model *is* the
SFT model, so TRL uses it as the DPO reference without a second copy in memory. The DPO
adapter therefore applies to base + SFT: `vgpt train merge --adapter SFT --adapter DPO`.
"""

from __future__ import annotations

import time

from vgpt.errors import VgptError
from vgpt.train.chat_format import chat_messages, stop_token_ids
from vgpt.train.common import Prepared, lora_config, quiet_trainer, training_args
from vgpt.train.config import TrainConfig
from vgpt.train.dataset import load_dpo
from vgpt.train.tracking import RunLog, make_callbacks, make_time_limit


def pair_length(tokenizer, row: dict) -> int:
    """Tokens of the prompt plus the longer answer, through the chat template."""
    prompt = chat_messages(row["prompt"])
    return max(
        len(tokenizer.apply_chat_template(prompt + [{"role": "assistant", "content": row[k]}],
                                          tokenize=True, return_dict=True)["input_ids"])
        for k in ("chosen", "rejected")
    )


def _dataset(rows: list[dict]):
    from datasets import Dataset

    return Dataset.from_list([
        {"prompt": chat_messages(r["prompt"]),
         "chosen": [{"role": "assistant", "content": r["chosen"]}],
         "rejected": [{"role": "assistant", "content": r["rejected"]}]}
        for r in rows
    ])


def sft_merged_model(prep: Prepared):
    """The base model with the SFT adapter folded in (the DPO policy start and reference)."""
    from vgpt.train.loading import load_adapter, load_base_model

    if not prep.cfg.adapter:
        raise VgptError("dpo starts from the SFT adapter: pass --adapter DIR (an `vgpt train sft` output)")
    model = load_base_model(prep.model_path, prep.precision, prep.cfg)
    model = load_adapter(model, prep.cfg.adapter).merge_and_unload()
    model.generation_config.eos_token_id = stop_token_ids(prep.tokenizer)
    return model


def run_dpo(cfg: TrainConfig, *, resume: bool = False, callbacks=(), quiet: bool = False) -> dict:
    from trl import DPOConfig, DPOTrainer

    from vgpt.train.guards import make_nonfinite_guard
    from vgpt.train.sft import finish

    prep = Prepared(cfg, "dpo", resume)
    log = RunLog(prep.out, quiet)
    rows = load_dpo(cfg.data)
    lengths = [pair_length(prep.tokenizer, r) for r in rows]
    excluded = [(r["id"], n) for r, n in zip(rows, lengths, strict=True) if n > cfg.dpo.cutoff]
    if excluded:
        log(f"excluded {len(excluded)} pairs over the cutoff of {cfg.dpo.cutoff} tokens: "
            + ", ".join(f"{rid} ({n})" for rid, n in excluded))
    skip = {rid for rid, _ in excluded}
    train = [r for r in rows if r["id"] not in skip and r["split"] == "train"]
    val = [r for r in rows if r["id"] not in skip and r["split"] == "validation"]
    if not train:
        raise VgptError("no DPO training pairs left (all over the cutoff, or none in split train)")
    model = sft_merged_model(prep)
    log(f"dpo: {prep.model_path} + SFT {cfg.adapter}, {len(train)} pairs, beta {cfg.dpo.beta}, "
        f"loss {cfg.dpo.loss}, LoRA r={cfg.dpo.lora.rank}, out {prep.out}")
    args = DPOConfig(**training_args(cfg, "dpo", prep.precision, prep.out, bool(val)),
                     beta=cfg.dpo.beta, loss_type=[cfg.dpo.loss])
    trainer = DPOTrainer(
        model=model, args=args, train_dataset=_dataset(train), eval_dataset=_dataset(val) if val else None,
        processing_class=prep.tokenizer, peft_config=lora_config(cfg.dpo.lora),
        callbacks=[make_nonfinite_guard(cfg.guards.grad_norm_limit), *make_callbacks(prep.out),
                   *make_time_limit(cfg.dpo.max_minutes), *callbacks],
    )
    if cfg.dpo.lora.fused:
        from vgpt.train.fused_lora import fuse_lora

        fuse_lora(trainer.model)
    quiet_trainer(trainer)
    started = time.time()
    result = trainer.train(resume_from_checkpoint=prep.resume_from)
    return finish(trainer, prep, log, [], started, result, excluded=excluded,
                  sft_adapter=cfg.adapter, counts={"train": len(train), "validation": len(val)})
