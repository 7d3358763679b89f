"""Padding-free packing: same loss as padded batches, no attention across examples, bench refusal on CPU."""

from __future__ import annotations

import pytest
import torch

from vgpt.train.packing import PACKED_ATTENTION, boundaries, register_packed_attention


def _examples(lengths, vocab, seed=0):
    g = torch.Generator().manual_seed(seed)
    return [torch.randint(5, vocab, (n,), generator=g).tolist() for n in lengths]


def _collate(examples, packed: bool) -> dict:
    from trl.trainer.sft_trainer import DataCollatorForLanguageModeling

    return DataCollatorForLanguageModeling(pad_token_id=0, padding_free=packed)([{"input_ids": e} for e in examples])


@pytest.fixture(scope="module")
def models(tiny_model):
    """The tiny model twice, same weights: packed attention, and plain SDPA for padded batches."""
    from transformers import AutoModelForCausalLM

    register_packed_attention()
    packed = AutoModelForCausalLM.from_pretrained(str(tiny_model), attn_implementation=PACKED_ATTENTION).eval()
    padded = AutoModelForCausalLM.from_pretrained(str(tiny_model), attn_implementation="sdpa").eval()
    return packed, padded


def test_packed_loss_equals_padded_loss(models):
    packed_model, padded_model = models
    examples = _examples([9, 23, 4, 15], packed_model.config.vocab_size)
    packed, padded = _collate(examples, True), _collate(examples, False)
    assert packed["input_ids"].shape == (1, 51) and padded["input_ids"].shape == (4, 23)
    with torch.no_grad():
        loss_packed = packed_model(**packed).loss
        loss_padded = padded_model(**padded).loss
    # Token-weighted mean of the padded batch: each example scores its n - 1 next tokens.
    assert int((packed["labels"][0, 1:] != -100).sum()) == sum(len(e) - 1 for e in examples)
    torch.testing.assert_close(loss_packed, loss_padded, rtol=1e-5, atol=1e-5)


def test_packed_loss_through_the_chunked_head_equals_padded_loss(tiny_model, models):
    """The LM head vgpt's SFT runs (TRL's fused head) gives the padded loss on a packed row too."""
    from transformers import AutoModelForCausalLM
    from trl.trainer.utils import add_fused_lm_head

    _, padded_model = models
    model = AutoModelForCausalLM.from_pretrained(str(tiny_model), attn_implementation=PACKED_ATTENTION).eval()
    add_fused_lm_head(model)
    examples = _examples([30, 11, 17], model.config.vocab_size, seed=3)
    with torch.no_grad():
        fused = model(**_collate(examples, True), fused_lm_head=True).loss
        padded = padded_model(**_collate(examples, False)).loss
    torch.testing.assert_close(fused, padded, rtol=1e-5, atol=1e-5)


def test_no_attention_across_packed_examples(models):
    packed_model, _ = models
    vocab = packed_model.config.vocab_size
    a, b = _examples([12, 10], vocab, seed=1)
    a_changed = _examples([12], vocab, seed=2)[0]
    with torch.no_grad():
        before = packed_model(**_collate([a, b], True)).logits[0]
        after = packed_model(**_collate([a_changed, b], True)).logits[0]
        # The same row without the boundaries: plain causal attention, B sees A.
        leaky = packed_model(input_ids=_collate([a_changed, b], True)["input_ids"]).logits[0]
    assert not torch.allclose(before[:12], after[:12])  # A's own logits follow A's tokens
    torch.testing.assert_close(before[12:], after[12:], rtol=0, atol=1e-6)  # B's do not
    assert not torch.allclose(before[12:], leaky[12:], atol=1e-4)  # the check can fail


def test_boundaries_from_position_ids_match_the_collator():
    batch = _collate(_examples([3, 5, 2], 100), True)
    from_positions = boundaries({"position_ids": batch["position_ids"]}, batch["input_ids"].shape[1])
    assert from_positions.tolist() == batch["cu_seq_lens_q"].tolist() == [0, 3, 8, 10]


def _vgpt(monkeypatch, capsys, *args) -> tuple[int, list[str]]:
    """Run the real ``vgpt`` entry point (its one-line error handling included)."""
    import sys

    from vgpt.cli import main

    monkeypatch.setattr(sys, "argv", ["vgpt", *args])
    with pytest.raises(SystemExit) as exit_info:
        main()
    return exit_info.value.code, [line for line in capsys.readouterr().err.splitlines() if line.strip()]


def test_bench_refuses_without_cuda(monkeypatch, capsys):
    monkeypatch.setattr(torch.cuda, "is_available", lambda: False)
    code, err = _vgpt(monkeypatch, capsys, "train", "bench", "--steps", "2")
    assert code == 2
    assert err == ["error: vgpt train bench needs a CUDA GPU (an H100 for the documented figures); none is visible"]


def test_bench_rejects_an_unknown_setup(monkeypatch, capsys):
    code, err = _vgpt(monkeypatch, capsys, "train", "bench", "--setups", "baseline,turbo")
    assert code == 2
    assert len(err) == 1 and "unknown setup turbo" in err[0]


def test_packed_sft_run_trains_on_whole_examples(tmp_path, make_config):
    """``sft.packing`` through the real SFT path: several examples a row, every one found by id."""
    import json

    from vgpt.train.sft import run_sft

    cfg = make_config(tmp_path / "out", attn_implementation=PACKED_ATTENTION,
                      sft={"packing": True, "max_steps": 2})
    summary = run_sft(cfg, quiet=True)
    assert summary["global_step"] == 2 and 0 < summary["train_loss"] < 20
    steps = [json.loads(line) for line in (tmp_path / "out" / "batch_ids.jsonl").read_text().splitlines()]
    ids = [i for s in steps for i in s["ids"]]
    assert len(steps) == 2 and "?" not in ids and len(ids) == len(set(ids)) > 2 * 2  # > batch 2 a step
