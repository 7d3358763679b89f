"""Train a small Llama from scratch on the full training split, then answer the test split.

    python benchmarks/train_from_scratch.py --data DATA_DIR --out OUT [--minutes 4]

The honest measure of what the data and the pipeline teach with no pretrained base: the
project's own tokenizer (byte-level BPE trained on the training split's text), a Llama of
tens of millions of parameters with random initial weights, full fine-tuning (no LoRA)
through `vgpt.train.sft.run_sft`, at most `--minutes` of training. It then generates an
answer for every test prompt and writes them to OUT/answers.jsonl, to be judged where the
sandbox is: `vgpt eval --answers OUT/answers.jsonl --data DATA_DIR --out REPORT_DIR`.
"""

from __future__ import annotations

import argparse
import json
import shutil
import time
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--minutes", type=float, default=4.0)
    parser.add_argument("--max-new-tokens", type=int, default=256)
    args = parser.parse_args()

    from vgpt.eval.backends import TransformersBackend, record_answers
    from vgpt.train.dataset import load_sft
    from vgpt.train.presets import resolve_config
    from vgpt.train.sft import run_sft
    from vgpt.train.tiny import build_tiny_model

    rows = load_sft(args.data)
    train_text = [m["content"] for r in rows if r["split"] == "train" for m in r["messages"]]
    began = time.time()
    base = build_tiny_model(args.out / "base", vocab_size=8192, layers=8, hidden=512, heads=8, kv_heads=4,
                            intermediate=1536, max_positions=4096, seed=0, extra_text=train_text)
    print(f"tokenizer + model built in {time.time() - began:.0f} s: {json.loads((base / 'vgpt_tiny.json').read_text())}")
    cfg = resolve_config(preset="h100-80gb", overrides={
        "model": str(base), "data": str(args.data), "out": str(args.out / "sft"),
        "attn_implementation": "sdpa",
        "sft": {"full_finetune": True, "packing": False, "liger": False, "batch_size": 16, "grad_accum": 1,
                "lr": 1e-3, "epochs": 30, "warmup_ratio": 0.05, "gradient_checkpointing": False,
                "max_minutes": args.minutes, "logging_steps": 20, "eval_steps": 200, "save_steps": 100000},
        "guards": {"check_output": False},
    })
    summary = run_sft(cfg, quiet=True)
    print("training:", {k: summary.get(k) for k in ("global_step", "train_loss", "seconds", "precision", "counts")})
    backend = TransformersBackend(str(args.out / "sft"), batch_size=64, max_new_tokens=args.max_new_tokens)
    prompts = [r["messages"][0]["content"] for r in rows if r["split"] == "test"]
    began = time.time()
    n = record_answers(prompts, backend, args.out / "answers.jsonl")
    print(f"answered {n} test prompts in {time.time() - began:.0f} s")
    for name in ("trainer_log.jsonl", "loss.png", "vgpt_run.json"):
        if (args.out / "sft" / name).exists():
            shutil.copy(args.out / "sft" / name, args.out / name)


if __name__ == "__main__":
    main()
