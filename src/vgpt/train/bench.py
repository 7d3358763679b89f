"""``vgpt train bench``: LoRA SFT speed and memory of vgpt's setup against the plain baseline.

Both setups train a LoRA (rank 128 on every linear layer) on a Llama-3-8B-shaped model with
random bf16 weights, built on the GPU (nothing is downloaded), with gradient checkpointing, fp32
adapters under bf16 autocast and a fused AdamW step. What differs is how a batch reaches the
model (docs/benchmarks.md):

- ``baseline``: transformers + PEFT as documented: 4 examples padded to the longest, SDPA,
  LoRA dropout 0.05, the model's own loss over full fp32 logits.
- ``vgpt``: what ``vgpt train sft`` runs with preset h100-80gb and ``sft.lora.dropout: 0``: TRL's
  best-fit packing into rows of ``cutoff`` tokens, 4 rows a step flattened padding-free by TRL's
  collator, attention confined to each example (vgpt.train.packing), TRL's chunked LM head (no
  full logits), LoRA inputs left in bf16 under autocast, Liger's RMSNorm, SwiGLU and RoPE
  kernels, the fused LoRA layer (vgpt.train.fused_lora) and the last 6 decoder layers left out
  of checkpointing (vgpt.train.checkpointing).

The other setups take one ingredient away, to show what each is worth.
"""

from __future__ import annotations

import gc
import random
import statistics
import time
from dataclasses import asdict, dataclass

from vgpt.errors import VgptError

LLAMA3_8B = dict(hidden_size=4096, num_hidden_layers=32, num_attention_heads=32, num_key_value_heads=8,
                 intermediate_size=14336, vocab_size=128256, max_position_embeddings=8192,
                 rope_theta=500000.0, tie_word_embeddings=False)
FLOP_PER_TOKEN = 33e9  # LoRA on 8B: forward + backward through the frozen weights (issue 5)
PEAK_FLOPS = 989e12  # H100 SXM dense bf16


@dataclass(frozen=True)
class Setup:
    name: str
    packed: bool  # padding-free rows (TRL packing) instead of padded batches
    attention: str  # transformers attn_implementation
    kernel: str | None = None  # packed attention kernel; None: the best available
    dropout: float = 0.0
    reentrant: bool | None = False  # None: transformers' default checkpointing
    fused_head: bool = True  # TRL's chunked LM head instead of full logits
    uncast: bool = True  # LoRA inputs stay bf16 under autocast (PEFT would copy them to fp32 first)
    liger: bool = True  # Liger's fused RMSNorm, SwiGLU and RoPE kernels
    fused_lora: bool = True  # scaling on the rank-wide side, B product added in the GEMM (vgpt.train.fused_lora)
    keep_activations: int = 6  # the last N decoder layers are not checkpointed (vgpt.train.checkpointing)
    note: str = ""


SETUPS = {s.name: s for s in (
    Setup("baseline", False, "sdpa", dropout=0.05, reentrant=None, fused_head=False, uncast=False, liger=False,
          fused_lora=False, keep_activations=0, note="padded 4/step, SDPA, dropout 0.05, full-logit loss"),
    Setup("vgpt", True, "vgpt_packed",
          note="packed, varlen flash, chunked head, dropout 0, bf16 LoRA inputs, Liger, fused LoRA, 6 layers kept"),
    # Each of these takes one ingredient out of vgpt.
    Setup("vgpt-noliger", True, "vgpt_packed", liger=False, note="vgpt without Liger kernels"),
    Setup("vgpt-cast", True, "vgpt_packed", liger=False, uncast=False,
          note="vgpt without Liger, PEFT's fp32 input copies"),
    Setup("vgpt-loop", True, "vgpt_packed", kernel="sdpa-loop", note="vgpt, SDPA once per example"),
    Setup("packed-sdpa", True, "sdpa", note="vgpt, transformers' dense block mask + SDPA"),
    Setup("vgpt-dropout", True, "vgpt_packed", dropout=0.05, note="vgpt with LoRA dropout 0.05 (= preset h100-80gb)"),
    Setup("padded-fast", False, "sdpa", note="vgpt's model side on padded batches of 4"),
    Setup("vgpt-unfused", True, "vgpt_packed", fused_lora=False, note="vgpt with PEFT's own LoRA forward"),
    Setup("vgpt-checkpoint-all", True, "vgpt_packed", keep_activations=0, note="vgpt, every layer checkpointed"),
    # What the default preset a6000-48gb runs (packed, no Liger, dropout 0.05, nothing kept); it trains 2 rows a step.
    Setup("preset-a6000", True, "vgpt_packed", liger=False, dropout=0.05, keep_activations=0,
          note="preset a6000-48gb: packed, varlen flash, chunked head, fused LoRA, dropout 0.05, no Liger"),
)}


def parse_lengths(text: str) -> tuple[int, int]:
    try:
        lo, hi = (int(x) for x in text.split("-"))
    except ValueError:
        raise VgptError(f"--lengths {text!r}: expected MIN-MAX, e.g. 600-1600") from None
    if not 1 < lo <= hi:
        raise VgptError(f"--lengths {text!r}: need 1 < MIN <= MAX")
    return lo, hi


def parse_setups(text: str) -> list[Setup]:
    names = [n.strip() for n in text.split(",") if n.strip()]
    unknown = [n for n in names if n not in SETUPS]
    if unknown or not names:
        raise VgptError(f"unknown setup {', '.join(unknown) or '(none)'}; choose from {', '.join(SETUPS)}")
    return [SETUPS[n] for n in names]


def require_cuda() -> None:
    import torch

    if not torch.cuda.is_available():
        raise VgptError("vgpt train bench needs a CUDA GPU (an H100 for the documented figures); none is visible")


def example_stream(n: int, lengths: tuple[int, int], vocab: int, seed: int) -> list[list[int]]:
    """``n`` random token sequences with lengths uniform in ``lengths`` (the dataset's spread)."""
    rng = random.Random(seed)
    return [[rng.randrange(5, vocab) for _ in range(rng.randint(*lengths))] for _ in range(n)]


def make_batches(setup: Setup, examples: list[list[int]], batch_size: int, cutoff: int) -> list[dict]:
    """Collated batches as ``vgpt train sft`` builds them: padded, or packed and flattened."""
    from trl.trainer.sft_trainer import DataCollatorForLanguageModeling

    collate = DataCollatorForLanguageModeling(pad_token_id=0, padding_free=setup.packed)
    if setup.packed:
        from datasets import Dataset
        from trl.data_utils import pack_dataset

        rows = list(pack_dataset(Dataset.from_dict({"input_ids": examples}), cutoff, "bfd"))
    else:
        rows = [{"input_ids": e} for e in examples]
    return [collate(rows[i:i + batch_size]) for i in range(0, len(rows) - batch_size + 1, batch_size)]


def real_tokens(batch: dict) -> int:
    mask = batch.get("attention_mask")
    return int(mask.sum()) if mask is not None else int(batch["input_ids"].numel())


def build_model(setup: Setup, sizes: dict | None = None, device: str = "cuda"):
    """The 8B-shaped model, random bf16 weights made on the GPU, with a fresh LoRA."""
    import torch
    from peft import get_peft_model
    from transformers import AutoModelForCausalLM, LlamaConfig

    from vgpt.train.checkpointing import keep_activations
    from vgpt.train.common import lora_config
    from vgpt.train.config import LoraSettings
    from vgpt.train.packing import force_kernel, register_packed_attention

    register_packed_attention()
    force_kernel(setup.kernel)
    config = LlamaConfig(**(sizes or LLAMA3_8B))
    with torch.device(device):
        model = AutoModelForCausalLM.from_config(config, attn_implementation=setup.attention, dtype=torch.bfloat16)
    if setup.liger:
        apply_liger(model)
    if setup.fused_head:
        from trl.trainer.utils import add_fused_lm_head

        add_fused_lm_head(model, outputs=("log_probs", "entropy", "is_top1"))  # as SFTTrainer does
    model = get_peft_model(model, lora_config(LoraSettings(rank=128, alpha=256, dropout=setup.dropout)))
    if setup.fused_lora:
        from vgpt.train.fused_lora import fuse_lora

        fuse_lora(model)
    kwargs = None if setup.reentrant is None else {"use_reentrant": setup.reentrant}
    model.gradient_checkpointing_enable(gradient_checkpointing_kwargs=kwargs)
    keep_activations(model, setup.keep_activations)  # after enabling, which turns every layer on
    model.enable_input_require_grads()  # as SFTTrainer does for PEFT + checkpointing
    model.config.use_cache = False
    model.train()
    return model


_LIGER_PATCHED = ("apply_rotary_pos_emb", "LlamaRMSNorm", "LlamaMLP")


def apply_liger(model) -> None:
    """Liger's RMSNorm, SwiGLU and RoPE on ``model`` (the LM head stays TRL's chunked one)."""
    from liger_kernel.transformers import apply_liger_kernel_to_llama

    apply_liger_kernel_to_llama(rope=True, rms_norm=True, swiglu=True, cross_entropy=False,
                                fused_linear_cross_entropy=False, model=model)


def _liger_saved() -> dict:
    from transformers.models.llama import modeling_llama

    return {name: getattr(modeling_llama, name) for name in _LIGER_PATCHED}


def _liger_restore(saved: dict) -> None:
    # Liger also patches transformers' module globals; the next setup must get the originals.
    from transformers.models.llama import modeling_llama

    for name, value in saved.items():
        setattr(modeling_llama, name, value)


def _step(model, optimizer, params, batch: dict, setup: Setup, device: str):
    import torch
    from peft.helpers import disable_input_dtype_casting

    batch = {k: v.to(device, non_blocking=True) if hasattr(v, "to") else v for k, v in batch.items()}
    # Under autocast the LoRA matmuls run in bf16 anyway: PEFT's fp32 copy of each input is wasted work.
    with disable_input_dtype_casting(model, active=setup.uncast):
        with torch.autocast(device, dtype=torch.bfloat16):
            loss = model(**batch, fused_lm_head=True).loss if setup.fused_head else model(**batch).loss
        loss.backward()
    torch.nn.utils.clip_grad_norm_(params, 1.0)
    optimizer.step()
    optimizer.zero_grad(set_to_none=True)
    return loss


def _timed(model, optimizer, params, batches: list[dict], setup: Setup, device: str = "cuda"):
    """Seconds of each step (the device synchronised around it) and the last loss."""
    import torch
    from torch.nn.attention import SDPBackend, sdpa_kernel

    sync = torch.cuda.synchronize if device == "cuda" else (lambda: None)
    times, loss = [], None
    # Not cuDNN's SDPA backend: on torch 2.11 it rebuilds its plan for every new padded shape,
    # about 1.2 s of host time a step (profiled), which would slow the padded baseline for a
    # reason that is not the method's. Flash / memory-efficient / math remain for every setup.
    with sdpa_kernel([SDPBackend.FLASH_ATTENTION, SDPBackend.EFFICIENT_ATTENTION, SDPBackend.MATH]):
        for batch in batches:
            sync()
            start = time.perf_counter()
            loss = _step(model, optimizer, params, batch, setup, device)
            sync()
            times.append(time.perf_counter() - start)
    return times, float(loss.detach())


def run_setup(setup: Setup, *, lengths, steps: int, warmup: int, batch_size: int, cutoff: int,
              seed: int = 0, memory_check: bool = True) -> dict:
    """Train ``warmup + steps`` steps of ``setup``; figures from the last ``steps``."""
    import torch

    torch.manual_seed(seed)
    saved = _liger_saved()
    try:
        return _run_built(setup, build_model(setup), lengths, steps, warmup, batch_size, cutoff, seed, memory_check)
    finally:
        _liger_restore(saved)
        gc.collect()
        torch.cuda.empty_cache()


def _run_built(setup, model, lengths, steps, warmup, batch_size, cutoff, seed, memory_check) -> dict:
    import torch

    params = [p for p in model.parameters() if p.requires_grad]
    optimizer = torch.optim.AdamW(params, lr=1e-4, fused=True)
    per_step = batch_size * (-(-cutoff // lengths[0]) if setup.packed else 1)  # examples a step can take
    examples = example_stream((warmup + steps + 1) * per_step, lengths, LLAMA3_8B["vocab_size"], seed)
    batches = make_batches(setup, examples, batch_size, cutoff)[: warmup + steps]
    if len(batches) < warmup + steps:
        raise VgptError(f"{setup.name}: only {len(batches)} batches drawn; lower --steps")
    torch.cuda.reset_peak_memory_stats()
    _timed(model, optimizer, params, batches[:warmup], setup)
    times, loss = _timed(model, optimizer, params, batches[warmup:], setup)
    measured = batches[warmup:]
    real = sum(real_tokens(b) for b in measured)
    fed = sum(int(b["input_ids"].numel()) for b in measured)
    result = {
        "setup": setup.name, "note": setup.note, "steps": steps, "seconds": round(sum(times), 3),
        "median_step_s": round(statistics.median(times), 4), "real_tokens": real, "fed_tokens": fed,
        "real_tokens_s": round(real / sum(times), 1), "fed_tokens_s": round(fed / sum(times), 1),
        "peak_gib": round(torch.cuda.max_memory_allocated() / 2**30, 2),
        "mfu": round(real / sum(times) * FLOP_PER_TOKEN / PEAK_FLOPS, 4), "loss": round(loss, 4),
        "kernel": _kernel_name(setup),
    }
    if memory_check:
        result["memory_check"] = _memory_check(setup, model, optimizer, params, batch_size, cutoff, seed)
    del model, optimizer, params, batches
    return result


def _kernel_name(setup: Setup) -> str:
    if setup.attention != "vgpt_packed":
        return setup.attention + (" (dense block mask)" if setup.packed else "")
    from vgpt.train.packing import attention_kernel

    return attention_kernel("cuda")


def _memory_check(setup: Setup, model, optimizer, params, batch_size: int, cutoff: int, seed: int) -> dict:
    """Peak for ``batch_size`` examples of ``cutoff`` tokens (4 x 4096, or its packed row)."""
    import torch

    examples = example_stream(batch_size * 2, (cutoff, cutoff), LLAMA3_8B["vocab_size"], seed + 1)
    batches = make_batches(setup, examples, batch_size, cutoff)[:2]
    torch.cuda.reset_peak_memory_stats()
    times, _ = _timed(model, optimizer, params, batches, setup)
    return {"tokens_per_step": int(batches[0]["input_ids"].numel()),
            "peak_gib": round(torch.cuda.max_memory_allocated() / 2**30, 2), "step_s": round(times[-1], 3)}


def environment() -> dict:
    import peft
    import torch
    import transformers
    import trl

    return {"device": torch.cuda.get_device_name(0), "torch": torch.__version__,
            "transformers": transformers.__version__, "peft": peft.__version__, "trl": trl.__version__}


def run_bench(setups: list[Setup], *, lengths=(600, 1600), steps: int = 8, warmup: int = 3,
              batch_size: int = 4, cutoff: int = 4096, seed: int = 0, memory_check: bool = True,
              progress=None) -> dict:
    """Run each setup in turn (fresh model, fresh peak counter); speedups against ``baseline``."""
    require_cuda()
    from vgpt.train.common import quiet_libraries

    quiet_libraries()
    results = []
    for setup in setups:
        try:
            results.append(run_setup(setup, lengths=lengths, steps=steps, warmup=warmup, batch_size=batch_size,
                                     cutoff=cutoff, seed=seed, memory_check=memory_check))
        except Exception as err:  # noqa: BLE001 -- one failing setup must not hide the others' figures
            import torch

            gc.collect()
            torch.cuda.empty_cache()
            results.append({"setup": setup.name, "note": setup.note,
                            "error": f"{type(err).__name__}: {str(err).strip().splitlines()[0][:200]}"})
        if progress:
            progress(_line(results[-1]))
    base = next((r for r in results if r["setup"] == "baseline" and "error" not in r), None)
    for r in results:
        if base and "error" not in r:
            r["speedup"] = round(r["real_tokens_s"] / base["real_tokens_s"], 2)
    return {"environment": environment(), "lengths": list(lengths), "batch_size": batch_size, "cutoff": cutoff,
            "steps": steps, "warmup": warmup, "flop_per_token": FLOP_PER_TOKEN, "peak_flops": PEAK_FLOPS,
            "results": [{**asdict(SETUPS[r["setup"]]), **r} for r in results]}


def _line(r: dict) -> str:
    if "error" in r:
        return f"{r['setup']}: {r['error']}"
    mem = r.get("memory_check")
    return (f"{r['setup']}: {r['real_tokens_s']:.0f} real tokens/s, peak {r['peak_gib']} GiB, MFU {r['mfu']:.1%}"
            + (f"; {mem['tokens_per_step']} tokens/step peak {mem['peak_gib']} GiB" if mem else ""))


if __name__ == "__main__":  # the device machine runs this without the vgpt console script
    from vgpt.train.cli import app

    app(["bench", *__import__("sys").argv[1:]])
