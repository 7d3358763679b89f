"""Benchmark: evaluation throughput, batched generation vs one prompt at a time.

    python benchmarks/eval_throughput.py --model DIR [--data build/dataset] [--n 64] [--batch 32]

The guide's probe asked one prompt at a time; vgpt's TransformersBackend batches prompts
with left padding. Both run here on the same model, prompts and settings (greedy, the same
max_new_tokens), one after the other in one process; the table gives questions/s and the
speed-up (target >= 10x on a GPU). Without --model it uses the tiny offline model (CPU).
"""

from __future__ import annotations

import argparse
import time

from vgpt.eval.backends import TransformersBackend


def prompts_from(data: str | None, n: int) -> list[str]:
    if data:
        from vgpt.data.export import read_rows

        rows = [r for r in read_rows(data) if r.split == "test"]
        return [r.prompt for r in rows[:n]]
    from vgpt.data.prompt import build_prompt
    from vgpt.schema import load_catalog
    from vgpt.schema.ddl import render_ddl

    ddl = render_ddl(load_catalog(), ["APTH", "APVM"], budget=600).text
    return [build_prompt(f"open AP invoices for vendor {i}", ddl) for i in range(n)]


def run(backend: TransformersBackend, prompts: list[str], batch: int) -> float:
    import torch

    backend.batch_size = batch
    backend.generate(prompts[: min(batch, 4)])  # warm-up
    if torch.cuda.is_available():
        torch.cuda.synchronize()
    began = time.perf_counter()
    backend.generate(prompts)
    if torch.cuda.is_available():
        torch.cuda.synchronize()
    return len(prompts) / (time.perf_counter() - began)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--model", default=None)
    parser.add_argument("--adapter", default=None)
    parser.add_argument("--data", default=None)
    parser.add_argument("--n", type=int, default=64)
    parser.add_argument("--batch", type=int, default=32)
    parser.add_argument("--max-new-tokens", type=int, default=128)
    args = parser.parse_args()
    model = args.model
    if model is None:
        from vgpt.train.tiny import build_tiny_model

        model = str(build_tiny_model())
    backend = TransformersBackend(model, args.adapter, max_new_tokens=args.max_new_tokens)
    prompts = prompts_from(args.data, args.n)
    one = run(backend, prompts, 1)
    batched = run(backend, prompts, args.batch)
    print(f"model {model} on {backend.device}; {len(prompts)} prompts, max_new_tokens {args.max_new_tokens}")
    print(f"  one at a time   {one:8.2f} questions/s")
    print(f"  batch of {args.batch:<5}  {batched:8.2f} questions/s   ({batched / one:.1f}x)")


if __name__ == "__main__":
    main()
