"""Benchmark: evaluation throughput, batched generation vs one prompt at a time.

    python benchmarks/eval_throughput.py --model DIR [--data build/dataset] [--n 64] [--batch 32]
    python benchmarks/eval_throughput.py --random-shape llama3-8b     # on a GPU, nothing downloaded

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


def run(backend: TransformersBackend, prompts: list[str], batch: int) -> tuple[float, int]:
    import torch

    backend.batch_size = batch
    backend.generate(prompts[: min(batch, 4)])  # warm-up
    if torch.cuda.is_available():
        torch.cuda.synchronize()
    began = time.perf_counter()
    out = backend.generate(prompts)
    if torch.cuda.is_available():
        torch.cuda.synchronize()
    return len(prompts) / (time.perf_counter() - began), sum(g.new_tokens for g in out)


def random_model(shape: str):
    """A model of the named shape with random bf16 weights on the GPU, and the project's tokenizer.

    The vocabulary is the project tokenizer's (so every generated id decodes); the rest is the
    real shape. Random weights never emit <|eot_id|> on purpose, so every answer runs to
    max_new_tokens in both modes: the comparison is of the same work.
    """
    import torch
    from transformers import AutoTokenizer, LlamaConfig, LlamaForCausalLM

    from vgpt.train.tiny import build_tiny_model

    sizes = {"llama3-8b": dict(hidden_size=4096, num_hidden_layers=32, num_attention_heads=32,
                               num_key_value_heads=8, intermediate_size=14336),
             "llama3-1b": dict(hidden_size=2048, num_hidden_layers=16, num_attention_heads=32,
                               num_key_value_heads=8, intermediate_size=8192)}[shape]
    tokenizer = AutoTokenizer.from_pretrained(build_tiny_model())
    config = LlamaConfig(vocab_size=len(tokenizer), max_position_embeddings=8192, rope_theta=500000.0,
                         attn_implementation="sdpa", **sizes)
    torch.manual_seed(0)
    with torch.device("cuda"):
        model = LlamaForCausalLM(config).to(torch.bfloat16)
    return TransformersBackend.from_model(model, tokenizer, name=f"random {shape}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--model", default=None)
    parser.add_argument("--adapter", default=None)
    parser.add_argument("--data", default=None)
    parser.add_argument("--n", type=int, default=64)
    parser.add_argument("--batch", type=int, default=32)
    parser.add_argument("--max-new-tokens", type=int, default=128)
    parser.add_argument("--random-shape", choices=["llama3-8b", "llama3-1b"], default=None)
    args = parser.parse_args()
    if args.random_shape:
        backend = random_model(args.random_shape)
        backend.max_new_tokens = args.max_new_tokens
        model = backend.name
    else:
        model = args.model
        if model is None:
            from vgpt.train.tiny import build_tiny_model

            model = str(build_tiny_model())
        backend = TransformersBackend(model, args.adapter, max_new_tokens=args.max_new_tokens)
    prompts = prompts_from(args.data, args.n)
    one, one_tokens = run(backend, prompts, 1)
    batched, batched_tokens = run(backend, prompts, args.batch)
    print(f"model {model} on {backend.device}; {len(prompts)} prompts, max_new_tokens {args.max_new_tokens}")
    print(f"  one at a time   {one:8.2f} questions/s   ({one_tokens} new tokens)")
    print(f"  batch of {args.batch:<5}  {batched:8.2f} questions/s   ({batched_tokens} new tokens)   "
          f"{batched / one:.1f}x")


if __name__ == "__main__":
    main()
