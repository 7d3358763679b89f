"""Guards against the failure that produced the original model's ``!!!!`` answers.

Before training: precision (no fp16 on Llama-3), the tokenizer and template (preflight), memory.
During: a callback that stops on a non-finite loss or an exploding gradient norm.
After: generations on held-out prompts must not be degenerate.
"""

from __future__ import annotations

import math
from collections import Counter

from vgpt.errors import VgptError
from vgpt.train.chat_format import EOT, HEADER_END, HEADER_START, chat_messages

# Activation memory per (batch x token), in GiB, for Llama-3-8B with LoRA rank 128, gradient
# checkpointing and SDPA: (50.5 GiB peak - 16 GiB bf16 weights) / (4 x 4096), from DESIGN.md.
GIB_PER_TOKEN_8B = 0.0021
OVERHEAD_GIB = 2.0


class TrainingAborted(VgptError):
    """The run was stopped by a guard."""


def resolve_precision(requested: str, model_type: str | None) -> str:
    """The precision to train in: bf16, or fp32 where bf16 is missing; fp16 never for Llama."""
    if requested == "fp16":
        if model_type in (None, "llama"):
            raise VgptError("fp16 is refused for Llama-3 models: its range overflows (the original model's "
                            "'!!!!' answers); use precision bf16, or fp32 where bf16 is missing")
    if requested != "bf16":
        return requested
    import torch

    if torch.cuda.is_available() and torch.cuda.is_bf16_supported():
        return "bf16"
    return "fp32"


def check_quantization(cfg) -> None:
    if cfg.quantization is None:
        return
    try:
        import bitsandbytes  # noqa: F401
    except ImportError:
        raise VgptError(f"preset {cfg.preset or '?'} trains in 4 bits (QLoRA) and needs bitsandbytes: "
                        "pip install bitsandbytes (CUDA GPUs only)") from None
    import torch

    if not torch.cuda.is_available():
        raise VgptError("4-bit QLoRA through bitsandbytes needs a CUDA GPU; none is visible")


def estimate_peak_gib(params_billion: float, batch_size: int, cutoff: int, four_bit: bool) -> float:
    """A rough peak-memory estimate from DESIGN.md's H100 measurements, scaled by model size."""
    weights = params_billion * (0.55 if four_bit else 2.0)
    activations = GIB_PER_TOKEN_8B * (params_billion / 8.0) * batch_size * cutoff
    return weights + activations + OVERHEAD_GIB


def check_fits(cfg, stage: str, params_billion: float | None) -> float | None:
    """Refuse a preset whose batch x cutoff cannot fit its card; return the estimate."""
    if params_billion is None or cfg.gpu_memory_gib is None:
        return None
    st = getattr(cfg, stage)
    need = estimate_peak_gib(params_billion, st.batch_size, st.cutoff, cfg.quantization is not None)
    if stage == "sft" and st.keep_activations:
        from vgpt.train.checkpointing import kept_layers_gib

        need += kept_layers_gib(st.keep_activations, st.batch_size * st.cutoff, params_billion)
    if stage == "dpo":
        need += GIB_PER_TOKEN_8B * (params_billion / 8.0) * st.batch_size * st.cutoff  # chosen + rejected
    if need > cfg.gpu_memory_gib:
        raise VgptError(f"{stage}: batch {st.batch_size} x cutoff {st.cutoff} needs about {need:.0f} GiB, more "
                        f"than the {cfg.gpu_memory_gib:g} GiB of preset {cfg.preset}; lower --batch-size "
                        "(raise grad_accum to keep the effective batch) or the cutoff")
    return need


def params_billion(model_config) -> float:
    h, n, v = model_config.hidden_size, model_config.num_hidden_layers, model_config.vocab_size
    kv = getattr(model_config, "num_key_value_heads", model_config.num_attention_heads)
    head = h // model_config.num_attention_heads
    attn = 2 * h * h + 2 * h * kv * head
    mlp = 3 * h * model_config.intermediate_size
    return (n * (attn + mlp) + 2 * v * h) / 1e9


def preflight_check(tokenizer, model_config, generation_config=None) -> None:
    """Check the tokenizer and chat template before any GPU time is spent; raise on the first problem."""
    problems = []
    vocab = tokenizer.get_vocab()
    if tokenizer.pad_token is None:
        problems.append("the tokenizer has no pad token")
    elif tokenizer.pad_token == EOT:
        problems.append("the pad token is <|eot_id|>, the stop token: padding would be trained as stopping")
    if EOT not in vocab:
        problems.append("the tokenizer has no <|eot_id|>")
    else:
        eos = getattr(generation_config, "eos_token_id", None) if generation_config else None
        eos = eos if eos is not None else model_config.eos_token_id
        eos = eos if isinstance(eos, list) else [eos]
        if vocab[EOT] not in eos:
            problems.append("<|eot_id|> is not a stop token (generation_config.eos_token_id): answers would not end")
    if len(tokenizer) > model_config.vocab_size:
        problems.append(f"the tokenizer has {len(tokenizer)} tokens, the model's embeddings {model_config.vocab_size}")
    probe = chat_messages("Question: ping", "```sql\nSELECT 1\n```")
    try:
        text = tokenizer.apply_chat_template(probe, tokenize=False)
        out = tokenizer.apply_chat_template(probe, tokenize=True, return_dict=True, return_assistant_tokens_mask=True)
    except Exception as err:  # any template failure is a preflight failure
        problems.append(f"the chat template fails: {err}")
    else:
        if HEADER_START not in text or HEADER_END not in text or EOT not in text:
            problems.append("the chat template does not render the Llama-3 header and <|eot_id|> tokens")
        masked = [i for i, m in zip(out["input_ids"], out["assistant_masks"], strict=True) if m]
        answer = tokenizer.decode(masked)
        if "SELECT 1" not in answer or not answer.rstrip().endswith(EOT) or "Question" in answer:
            problems.append(f"the assistant mask is wrong: it covers {answer!r}")
    if problems:
        raise VgptError("preflight: " + "; ".join(problems))


def make_nonfinite_guard(grad_norm_limit: float):
    """A TrainerCallback that stops the run on a NaN/inf loss or a gradient norm above the limit."""
    from transformers import TrainerCallback

    class NonFiniteGuard(TrainerCallback):
        def on_log(self, args, state, control, logs=None, **kwargs):
            logs = logs or {}
            for key in ("loss", "grad_norm"):
                value = logs.get(key)
                if isinstance(value, (int, float)) and not math.isfinite(value):
                    raise TrainingAborted(f"step {state.global_step}: {key} is {value}; training stopped "
                                          "(lower the learning rate; never fp16 on Llama-3)")
            norm = logs.get("grad_norm")
            if isinstance(norm, (int, float)) and norm > grad_norm_limit:
                raise TrainingAborted(f"step {state.global_step}: gradient norm {norm:.3g} exceeds "
                                      f"guards.grad_norm_limit {grad_norm_limit:g}; training stopped")

    return NonFiniteGuard()


def degenerate_reason(text: str, token_ids: list[int] | None = None, expect_sql: bool = True) -> str | None:
    """Why a generation is degenerate, or None when it looks like an answer."""
    from vgpt.data.prompt import extract_sql

    body = text.strip()
    if not body:
        return "empty output"
    if len(body) >= 3 and len(set(body.replace(" ", "").replace("\n", ""))) == 1:
        return f"one repeated character {body[0]!r}"
    if token_ids and len(token_ids) >= 4 and len(set(token_ids)) == 1:
        return f"one repeated token (id {token_ids[0]})"
    words = body.split()
    if len(words) >= 8:
        word, n = Counter(words).most_common(1)[0]
        if n / len(words) > 0.8:
            return f"one word repeated ({word!r}, {n} of {len(words)})"
    if expect_sql and extract_sql(body) is None:
        return "no ```sql block where SQL is expected"
    return None


def generate_answers(model, tokenizer, prompts: list[str], max_new_tokens: int) -> list[tuple[str, list[int]]]:
    """Greedy answers to ``prompts`` through the chat template; returns (text, new token ids)."""
    import torch

    from vgpt.train.chat_format import stop_token_ids

    model.eval()
    out = []
    for prompt in prompts:
        ids = tokenizer.apply_chat_template(chat_messages(prompt), add_generation_prompt=True,
                                            return_tensors="pt", return_dict=True)
        ids = {k: v.to(model.device) for k, v in ids.items()}
        with torch.no_grad():
            gen = model.generate(**ids, max_new_tokens=max_new_tokens, do_sample=False,
                                 eos_token_id=stop_token_ids(tokenizer), pad_token_id=tokenizer.pad_token_id)
        new = gen[0, ids["input_ids"].shape[1]:].tolist()
        stops = set(stop_token_ids(tokenizer))
        new = [t for t in new if t not in stops]
        out.append((tokenizer.decode(new, skip_special_tokens=True), new))
    return out


def check_generations(model, tokenizer, rows: list[dict], max_new_tokens: int, *, fail: bool = True) -> list[dict]:
    """Generate on held-out rows; raise (or report) degenerate outputs. Rows are sft.jsonl rows."""
    from vgpt.data.prompt import extract_sql

    prompts = [next(m["content"] for m in r["messages"] if m["role"] == "user") for r in rows]
    results = []
    for row, (text, ids) in zip(rows, generate_answers(model, tokenizer, prompts, max_new_tokens), strict=True):
        expect_sql = extract_sql(row["messages"][-1]["content"]) is not None
        reason = degenerate_reason(text, ids, expect_sql)
        results.append({"id": row["id"], "output": text[:300], "problem": reason})
    bad = [r for r in results if r["problem"]]
    if bad and fail:
        first = bad[0]
        raise TrainingAborted(f"degenerate output on {len(bad)}/{len(results)} held-out prompts; "
                              f"{first['id']}: {first['problem']}: {first['output'][:40]!r}")
    return results
