"""The fused LoRA forward gives PEFT's loss and gradients, and steps aside where it cannot apply."""

from __future__ import annotations

import pytest
import torch

from vgpt.train.fused_lora import FusedLoraLinear, fuse_lora


def _lora_model(tiny_model, dropout: float = 0.0):
    from peft import get_peft_model
    from transformers import AutoModelForCausalLM

    from vgpt.train.common import lora_config
    from vgpt.train.config import LoraSettings

    torch.manual_seed(0)
    model = AutoModelForCausalLM.from_pretrained(str(tiny_model), attn_implementation="sdpa")
    model = get_peft_model(model, lora_config(LoraSettings(rank=8, alpha=16, dropout=dropout)))
    for name, p in model.named_parameters():  # B starts at zero; make the adapter do something
        if "lora_B" in name:
            torch.nn.init.normal_(p, std=0.05)
    return model.train()


def _loss_and_grads(model, batch, seed=1):
    torch.manual_seed(seed)
    loss = model(**batch).loss
    loss.backward()
    grads = {n: p.grad.clone() for n, p in model.named_parameters() if p.requires_grad}
    model.zero_grad(set_to_none=True)
    return loss.detach(), grads


def _batch(model):
    ids = torch.randint(5, model.config.vocab_size, (2, 17), generator=torch.Generator().manual_seed(3))
    return {"input_ids": ids, "labels": ids.clone()}


@pytest.mark.parametrize("dropout", [0.0, 0.1])
def test_fused_forward_matches_peft(tiny_model, dropout):
    model = _lora_model(tiny_model, dropout)
    batch = _batch(model)
    loss_peft, grads_peft = _loss_and_grads(model, batch)
    assert fuse_lora(model) == 7 * model.config.num_hidden_layers  # q k v o gate up down
    loss_fused, grads_fused = _loss_and_grads(model, batch)
    torch.testing.assert_close(loss_fused, loss_peft, rtol=1e-5, atol=1e-6)
    assert grads_fused.keys() == grads_peft.keys()
    for name in grads_peft:
        torch.testing.assert_close(grads_fused[name], grads_peft[name], rtol=1e-4, atol=1e-6)


@pytest.mark.parametrize("uncast", [True, False])  # SFT turns PEFT's fp32 input copies off; DPO does not
def test_fused_forward_matches_peft_under_bf16_autocast(tiny_model, uncast):
    from peft.helpers import disable_input_dtype_casting

    model = _lora_model(tiny_model)
    batch = _batch(model)

    def run():
        with disable_input_dtype_casting(model, active=uncast), torch.autocast("cpu", dtype=torch.bfloat16):
            return _loss_and_grads(model, batch)

    loss_peft, grads_peft = run()
    fuse_lora(model)
    loss_fused, grads = run()
    torch.testing.assert_close(loss_fused, loss_peft, rtol=1e-2, atol=1e-2)
    for name, g in grads.items():  # fp32 adapter gradients, as autocast hands back; bf16 rounding apart, PEFT's
        assert g.dtype == torch.float32
        assert torch.linalg.vector_norm(g - grads_peft[name]) <= 0.05 * torch.linalg.vector_norm(grads_peft[name])


def test_disabled_adapter_falls_back_to_the_base_model(tiny_model):
    model = _lora_model(tiny_model)
    fuse_lora(model)
    batch = _batch(model)
    with torch.no_grad():
        with model.disable_adapter():
            base = model(**batch).logits
        adapted = model(**batch).logits
        plain = model.get_base_model()
    assert not torch.allclose(base, adapted)  # the adapter changes the output, so the check can fail
    layer = plain.model.layers[0].self_attn.q_proj
    assert isinstance(layer, FusedLoraLinear) and layer._fusable() == "default"
    layer.merged_adapters.append("default")  # a merged adapter is not fused a second time
    assert layer._fusable() is None


def test_sft_fuses_lora_and_keeps_the_last_layers_out_of_checkpointing(tmp_path, tiny_model, make_config,
                                                                        fixtures_dir):
    from vgpt.train.checkpointing import decoder_layers
    from vgpt.train.common import Prepared
    from vgpt.train.dataset import load_sft, split_rows
    from vgpt.train.sft import build_sft_trainer

    cfg = make_config(tmp_path / "keep", sft={"max_steps": 2, "gradient_checkpointing": True,
                                              "keep_activations": 1, "eval_steps": 100, "save_steps": 100})
    train, val = split_rows(load_sft(fixtures_dir), 0.1, 0)
    trainer = build_sft_trainer(Prepared(cfg, "sft", resume=False), train, val)
    fused = [m for m in trainer.model.modules() if isinstance(m, FusedLoraLinear)]
    layers = decoder_layers(trainer.model)
    assert len(fused) == 7 * len(layers) and len(layers) >= 2
    trainer.train()
    assert [layer.gradient_checkpointing for layer in layers] == [True] * (len(layers) - 1) + [False]


def test_fused_lora_can_be_turned_off(tmp_path, tiny_model, make_config, fixtures_dir):
    from vgpt.train.common import Prepared
    from vgpt.train.dataset import load_sft, split_rows
    from vgpt.train.sft import build_sft_trainer

    cfg = make_config(tmp_path / "plain", sft={"lora": {"rank": 8, "alpha": 16, "dropout": 0.0, "fused": False}})
    train, val = split_rows(load_sft(fixtures_dir), 0.1, 0)
    trainer = build_sft_trainer(Prepared(cfg, "sft", resume=False), train, val)
    assert not any(isinstance(m, FusedLoraLinear) for m in trainer.model.modules())


def test_kept_layers_count_against_the_card():
    from vgpt.errors import VgptError
    from vgpt.train.guards import check_fits
    from vgpt.train.presets import resolve_config

    h100 = resolve_config(preset="h100-80gb")
    assert h100.sft.keep_activations == 6
    fits = check_fits(h100, "sft", 8.03)
    greedy = resolve_config(preset="h100-80gb", overrides={"sft": {"keep_activations": 20}})
    with pytest.raises(VgptError, match="more than the 80 GiB"):
        check_fits(greedy, "sft", 8.03)
    assert fits < 80


def test_the_bench_model_is_built_as_its_setup_says():
    """The benchmark's own model builder, on the CPU with a tiny shape: fused layers, kept layers."""
    from dataclasses import replace

    from vgpt.train.bench import SETUPS, _step, build_model, example_stream, make_batches
    from vgpt.train.checkpointing import decoder_layers

    sizes = dict(hidden_size=64, num_hidden_layers=3, num_attention_heads=4, num_key_value_heads=2,
                 intermediate_size=128, vocab_size=512, max_position_embeddings=256, tie_word_embeddings=False)
    torch.manual_seed(0)
    vgpt = replace(SETUPS["vgpt"], liger=False, keep_activations=1)  # Liger is CUDA-only
    model = build_model(vgpt, sizes, device="cpu")
    layers = decoder_layers(model)
    assert [layer.gradient_checkpointing for layer in layers] == [True, True, False]
    assert sum(isinstance(m, FusedLoraLinear) for m in model.modules()) == 7 * 3
    baseline = build_model(replace(SETUPS["baseline"]), sizes, device="cpu")
    assert not any(isinstance(m, FusedLoraLinear) for m in baseline.modules())
    assert all(layer.gradient_checkpointing for layer in decoder_layers(baseline))
    params = [p for p in model.parameters() if p.requires_grad]
    optimizer = torch.optim.AdamW(params, lr=1e-3)
    batch = make_batches(vgpt, example_stream(8, (20, 40), 512, 0), 2, 128)[0]
    loss = _step(model, optimizer, params, batch, vgpt, "cpu")
    assert torch.isfinite(loss)
