"""Guards: fp16 refused, NaN or exploding gradients stop the run, degenerate output fails."""

from __future__ import annotations

import pytest
import torch
from transformers import AutoModelForCausalLM, AutoTokenizer

from vgpt.errors import VgptError
from vgpt.train.dataset import load_sft
from vgpt.train.guards import (
    TrainingAborted,
    check_generations,
    degenerate_reason,
    resolve_precision,
)
from vgpt.train.sft import run_sft


def test_fp16_is_refused_for_llama(tmp_path, tiny_model, make_config):
    with pytest.raises(VgptError, match="fp16 is refused"):
        resolve_precision("fp16", "llama")
    with pytest.raises(VgptError, match="fp16 is refused"):
        run_sft(make_config(tmp_path / "o", precision="fp16"), quiet=True)
    assert not (tmp_path / "o" / "trainer_log.jsonl").exists()  # refused before training
    assert resolve_precision("bf16", "llama") in ("bf16", "fp32")  # fp32 where bf16 is missing


def test_nan_loss_stops_the_run(tmp_path, tiny_model, make_config):
    with pytest.raises(TrainingAborted, match=r"(loss|grad_norm) is (nan|inf)|gradient norm"):
        run_sft(make_config(tmp_path / "nan", sft={"lr": 1e30}), quiet=True)
    assert not (tmp_path / "nan" / "adapter_model.safetensors").exists()


def test_injected_nan_is_caught_at_that_step(tmp_path, tiny_model, make_config):
    from transformers import TrainerCallback

    class PoisonAfter(TrainerCallback):
        # From step 3 on, the token embeddings are NaN: so is the loss of that step.
        def on_step_end(self, args, state, control, model=None, **kwargs):
            if state.global_step == 2:
                model.get_input_embeddings().register_forward_hook(lambda m, i, o: o * float("nan"))

    with pytest.raises(TrainingAborted, match="step 3: loss is nan"):
        run_sft(make_config(tmp_path / "poison"), callbacks=[PoisonAfter()], quiet=True)


def test_exploding_gradient_norm_stops_the_run(tmp_path, tiny_model, make_config):
    with pytest.raises(TrainingAborted, match="exceeds guards.grad_norm_limit 1e-06"):
        run_sft(make_config(tmp_path / "g", guards={"grad_norm_limit": 1e-6}), quiet=True)


def test_degenerate_reasons():
    assert degenerate_reason("!!!!!!!!") == "one repeated character '!'"
    assert degenerate_reason("  ") == "empty output"
    assert degenerate_reason("ab ab", [7, 7, 7, 7, 7]) == "one repeated token (id 7)"
    assert degenerate_reason("Use APTH.") == "no ```sql block where SQL is expected"
    assert degenerate_reason("APInvoice does not exist; use APTH.", expect_sql=False) is None
    assert degenerate_reason("Query APTH.\n\n```sql\nSELECT APCo FROM APTH WITH (NOLOCK)\n```") is None


def test_a_model_that_emits_one_token_fails_the_check(tiny_model, make_config):
    tok = AutoTokenizer.from_pretrained(tiny_model)
    model = AutoModelForCausalLM.from_pretrained(tiny_model)
    bang = tok.convert_tokens_to_ids("!")
    head = torch.nn.Linear(model.config.hidden_size, model.config.vocab_size, bias=True)
    with torch.no_grad():
        head.weight.zero_()
        head.bias.zero_()
        head.bias[bang] = 10.0  # whatever the input, '!' wins: the original model's failure
    model.lm_head = head
    rows = [r for r in load_sft(make_config("x").data) if r["split"] != "train"][:2]
    with pytest.raises(TrainingAborted, match="one repeated character '!'"):
        check_generations(model, tok, rows, max_new_tokens=8)
    report = check_generations(model, tok, rows, max_new_tokens=8, fail=False)
    assert all(r["output"] == "!" * 8 for r in report)
