"""A LoRA linear layer with PEFT's numbers and fewer passes over the layer's output.

PEFT computes ``result + lora_B(lora_A(dropout(x))) * scaling`` as separate autograd ops: the
B product goes to a temporary as wide as the layer's output, the scaling multiply reads and
writes it again, the add reads both and writes a third tensor; in the backward the gradient
for ``x`` arrives in two pieces (from the frozen weight and from ``lora_A``) that autograd adds
in one more pass. For an 8B model at 16k tokens a step each of those passes is 0.1-0.5 GB, seven
projections a layer, in the forward, checkpointing's recompute and the backward.

``LoraLinearFunction`` does the layer in one autograd node instead: the scaling goes on the
rank-wide ``lora_A`` output (r = 128 columns instead of 4,096-14,336; the product is the same),
the B product is accumulated into the frozen layer's output by the GEMM itself (``addmm_``), and
in the backward the LoRA part of the input gradient is accumulated the same way. Under autocast
it computes in the autocast dtype and hands back fp32 adapter gradients, as autocast would.

Only plain LoRA on an ``nn.Linear`` with one active adapter takes this path; anything else
(DoRA and other variants, several adapters, merged or disabled adapters, extra arguments)
falls back to PEFT's own forward.
"""

from __future__ import annotations

import torch
import torch.nn.functional as F
from peft.tuners.lora.layer import Linear as LoraLinear
from torch import nn


class LoraLinearFunction(torch.autograd.Function):
    """y = x W^T + bias + s (x_d A^T) B^T, with x_d the (dropped-out) input of the adapter."""

    @staticmethod
    def forward(ctx, x, x_d, weight, bias, lora_a, lora_b, scaling: float, dtype: torch.dtype):
        shared = x_d is x  # no dropout: decided before the casts, which would make two tensors of one
        x = x.to(dtype)
        x_d = x if shared else x_d.to(dtype)
        w, a, b = weight.to(dtype), lora_a.to(dtype), lora_b.to(dtype)
        h = (x_d @ a.t()) * scaling
        y = F.linear(x, w, None if bias is None else bias.to(dtype))
        y.addmm_(h, b.t())
        ctx.shared_input = shared
        ctx.scaling = scaling
        ctx.dtypes = (lora_a.dtype, lora_b.dtype)
        ctx.save_for_backward(x, None if ctx.shared_input else x_d, w, a, b, h)
        return y

    @staticmethod
    def backward(ctx, grad_y):
        x, x_d, w, a, b, h = ctx.saved_tensors
        x_d = x if ctx.shared_input else x_d
        grad_y = grad_y.to(w.dtype)
        grad_h = (grad_y @ b) * ctx.scaling  # gradient at lora_A's output
        grad_a = (grad_h.t() @ x_d).to(ctx.dtypes[0])
        grad_b = (grad_y.t() @ h).to(ctx.dtypes[1])
        grad_x = grad_y @ w
        grad_x_d = None
        if ctx.shared_input:
            grad_x.addmm_(grad_h, a)  # both halves of the input gradient in one buffer
        else:
            grad_x_d = grad_h @ a
        return grad_x, grad_x_d, None, None, grad_a, grad_b, None, None


class FusedLoraLinear(LoraLinear):
    def forward(self, x: torch.Tensor, *args, **kwargs) -> torch.Tensor:
        adapter = self._fusable()
        if adapter is None or args or kwargs:
            return super().forward(x, *args, **kwargs)
        self._check_forward_args(x)
        lead = x.shape[:-1]
        flat = x.reshape(-1, x.shape[-1])
        dropped = self.lora_dropout[adapter](flat)  # nn.Identity hands back ``flat`` itself
        base = self.base_layer
        y = LoraLinearFunction.apply(flat, dropped, base.weight, base.bias, self.lora_A[adapter].weight,
                                     self.lora_B[adapter].weight, self.scaling[adapter], _compute_dtype(x))
        return y.view(*lead, y.shape[-1])

    def _fusable(self) -> str | None:
        if self.disable_adapters or self.merged or len(self.active_adapters) != 1:
            return None
        adapter = self.active_adapters[0]
        if adapter not in self.lora_A or adapter in self.lora_variant:
            return None
        a, b = self.lora_A[adapter], self.lora_B[adapter]
        if type(self.base_layer) is not nn.Linear or type(a) is not nn.Linear or type(b) is not nn.Linear:
            return None
        bias = self.base_layer.bias
        if a.bias is not None or b.bias is not None or self.base_layer.weight.requires_grad or (
                bias is not None and bias.requires_grad):  # the fused backward gives the frozen layer no gradient
            return None
        return adapter


def _compute_dtype(x: torch.Tensor) -> torch.dtype:
    device = x.device.type
    if torch.is_autocast_enabled(device):
        return torch.get_autocast_dtype(device)
    return x.dtype


def fuse_lora(model: nn.Module) -> int:
    """Give every plain PEFT LoRA ``Linear`` in ``model`` the fused layer; returns how many."""
    count = 0
    for module in model.modules():
        if type(module) is LoraLinear:
            module.__class__ = FusedLoraLinear
            count += 1
    return count
