"""Padding-free packing: examples end to end in one row, attention confined to each example.

TRL's padding-free collator (``SFTConfig(packing=True)``) lays a batch's examples end to end in
one row, resets ``position_ids`` at each example and passes the boundaries as ``cu_seq_lens_q``.
transformers' own "sdpa" path turns that into a dense (tokens x tokens) block mask, and its
"flash_attention_2" path needs the flash-attn package. ``PACKED_ATTENTION`` is an attention
function that reads the boundaries and runs a variable-length flash kernel (PyTorch's
``torch.nn.attention.varlen``), or plain causal SDPA on each example where that kernel is missing
(the CPU): no mask is built and no token attends across an example boundary.
"""

from __future__ import annotations

import inspect

from vgpt.errors import VgptError

PACKED_ATTENTION = "vgpt_packed"
_FORCED_KERNEL: str | None = None  # "varlen" or "sdpa-loop"; None picks the best available


def attention_kernel(device_type: str = "cuda") -> str:
    """The kernel packed attention uses on ``device_type``: 'varlen' (flash) or 'sdpa-loop'."""
    if _FORCED_KERNEL:
        return _FORCED_KERNEL
    if device_type != "cuda":
        return "sdpa-loop"
    try:
        from torch.nn.attention.varlen import varlen_attn  # noqa: F401
    except ImportError:
        return "sdpa-loop"
    return "varlen"


def force_kernel(name: str | None) -> None:
    """Pin the kernel (the benchmark compares them); None restores the automatic choice."""
    global _FORCED_KERNEL
    if name not in (None, "varlen", "sdpa-loop"):
        raise VgptError(f"unknown packed-attention kernel {name!r}: varlen or sdpa-loop")
    _FORCED_KERNEL = name


def boundaries(kwargs: dict, length: int):
    """``cu_seq_lens`` (int32, with 0 and ``length``) from the collator, or from position-id resets."""
    import torch

    cu = kwargs.get("cu_seq_lens_q")
    if cu is not None:
        return cu.to(torch.int32)
    pos = kwargs.get("position_ids")
    if pos is None:
        return None
    starts = (pos[0] == 0).nonzero().flatten()
    end = torch.tensor([length], device=starts.device)
    return torch.cat([starts, end]).to(torch.int32)


def packed_attention(module, query, key, value, attention_mask, scaling=None, dropout=0.0, **kwargs):
    """transformers attention function: query (1, heads, tokens, dim) -> (1, tokens, heads, dim)."""
    if attention_mask is not None:
        return _padded(query, key, value, attention_mask, scaling)  # DPO pairs, batched generation
    if query.shape[0] != 1 or query.shape[2] != key.shape[2]:
        return _plain(query, key, value, scaling)  # generation: a single sequence, with a cache
    cu = boundaries(kwargs, query.shape[2])
    if cu is None:
        return _plain(query, key, value, scaling)
    if attention_kernel(query.device.type) == "varlen":
        max_len = kwargs.get("max_length_q") or int(cu.diff().max())
        return _varlen(query, key, value, cu, int(max_len), scaling), None
    return _sdpa_loop(query, key, value, cu.tolist(), scaling), None


def _plain(query, key, value, scaling):
    import torch.nn.functional as F

    # Causal when queries and keys are the same tokens; a decode step (one query) sees every key.
    causal = query.shape[2] == key.shape[2] and query.shape[2] > 1
    out = F.scaled_dot_product_attention(query, key, value, is_causal=causal, scale=scaling,
                                         enable_gqa=key.shape[1] != query.shape[1])
    return out.transpose(1, 2).contiguous(), None


def _padded(query, key, value, mask_2d, scaling):
    """A padded batch: causal SDPA under its 2-D padding mask (keys on the right of the mask)."""
    import torch
    import torch.nn.functional as F

    q_len, k_len = query.shape[2], key.shape[2]
    causal = torch.ones(q_len, k_len, dtype=torch.bool, device=query.device).tril(diagonal=k_len - q_len)
    mask = causal[None, None] & mask_2d[:, None, None, -k_len:].to(torch.bool)
    mask = mask | ~mask.any(-1, keepdim=True)  # a padding query with no visible key: finite, ignored output
    out = F.scaled_dot_product_attention(query, key, value, attn_mask=mask, scale=scaling,
                                         enable_gqa=key.shape[1] != query.shape[1])
    return out.transpose(1, 2).contiguous(), None


def _sdpa_loop(query, key, value, cu: list[int], scaling):
    import torch
    import torch.nn.functional as F

    gqa = key.shape[1] != query.shape[1]
    parts = [F.scaled_dot_product_attention(query[:, :, s:e], key[:, :, s:e], value[:, :, s:e],
                                            is_causal=True, scale=scaling, enable_gqa=gqa)
             for s, e in zip(cu[:-1], cu[1:], strict=True) if e > s]
    return torch.cat(parts, dim=2).transpose(1, 2).contiguous()


def _varlen(query, key, value, cu, max_len: int, scaling):
    from torch.nn.attention.varlen import varlen_attn

    q, k, v = (t[0].transpose(0, 1).contiguous() for t in (query, key, value))  # (tokens, heads, dim)
    params = inspect.signature(varlen_attn).parameters
    extra = {"scale": scaling} if "scale" in params else {}
    if "window_size" in params:
        extra["window_size"] = (-1, 0)  # causal
    else:
        extra["is_causal"] = True
    if k.shape[1] != q.shape[1]:
        if "enable_gqa" in params:
            extra["enable_gqa"] = True
        else:  # older PyTorch: repeat the key/value heads for each group of query heads
            groups = q.shape[1] // k.shape[1]
            k, v = k.repeat_interleave(groups, dim=1), v.repeat_interleave(groups, dim=1)
    out = varlen_attn(q, k, v, cu, cu, max_len, max_len, **extra)
    return out.unsqueeze(0)


def register_packed_attention() -> str:
    """Register ``PACKED_ATTENTION`` with transformers (idempotent); return its name."""
    from transformers import AttentionInterface
    from transformers.masking_utils import ALL_MASK_ATTENTION_FUNCTIONS, flash_attention_mask

    AttentionInterface.register(PACKED_ATTENTION, packed_attention)
    # Like flash attention: no 4-D mask is built for packed rows; a padded batch hands its 2-D mask on.
    ALL_MASK_ATTENTION_FUNCTIONS.register(PACKED_ATTENTION, flash_attention_mask)
    return PACKED_ATTENTION
