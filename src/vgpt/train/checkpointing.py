"""Gradient checkpointing on all but the last N decoder layers: spare memory bought back as speed.

Checkpointing recomputes each layer's forward during the backward, about a fifth of a LoRA step
on an 8B model (docs/benchmarks.md). A layer left out keeps its activations instead: about
2.3 GiB for 16,384 tokens on Llama-3-8B. transformers' own ``every_n_layers`` steps in halves
(every second layer at least), too coarse for a 40 GiB budget; this keeps exactly N.
"""

from __future__ import annotations

from transformers import TrainerCallback

GIB_PER_KEPT_LAYER_16K = 2.3  # measured on an H100: Llama-3-8B shape, 16,384 tokens, LoRA r=128


def decoder_layers(model) -> list:
    from transformers.modeling_layers import GradientCheckpointingLayer

    return [m for m in model.modules() if isinstance(m, GradientCheckpointingLayer)]


def keep_activations(model, layers: int) -> int:
    """Turn checkpointing off for the last ``layers`` decoder layers; returns how many were turned off."""
    kept = decoder_layers(model)[-layers:] if layers > 0 else []
    for layer in kept:
        layer.gradient_checkpointing = False
    return len(kept)


def kept_layers_gib(layers: int, tokens: int, params_billion: float) -> float:
    """Extra peak memory of ``layers`` layers that keep their activations, scaled from the 8B figure."""
    return layers * GIB_PER_KEPT_LAYER_16K * (tokens / 16384) * (params_billion / 8.0)


class KeepActivations(TrainerCallback):
    """The Trainer turns checkpointing on for every layer when training begins; this runs after it."""

    def __init__(self, layers: int):
        self.layers = layers

    def on_train_begin(self, args, state, control, model=None, **kwargs):
        if model is not None and self.layers:
            keep_activations(model, self.layers)
