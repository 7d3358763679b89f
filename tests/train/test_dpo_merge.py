"""DPO on top of the SFT adapter, and merging adapters into a standalone model."""

from __future__ import annotations

import json

import pytest
import torch
from peft import LoraConfig, PeftModel, get_peft_model
from transformers import AutoModelForCausalLM, AutoTokenizer

from vgpt.errors import VgptError
from vgpt.train.dpo import run_dpo
from vgpt.train.merge import merge_adapters
from vgpt.train.tiny import build_tiny_model
from vgpt.train.tracking import read_jsonl


def _probe_ids(tok):
    msgs = [{"role": "user", "content": "Question: unpaid AP invoices for company 1"}]
    return tok.apply_chat_template(msgs, add_generation_prompt=True, return_tensors="pt", return_dict=True)


def _sft_merged(sft_run):
    from vgpt.train.tiny import build_tiny_model

    base = AutoModelForCausalLM.from_pretrained(build_tiny_model())
    return PeftModel.from_pretrained(base, str(sft_run)).merge_and_unload()


def test_dpo_trains_a_new_adapter_on_the_sft_model(tmp_path, sft_run, make_config):
    out = tmp_path / "dpo"
    summary = run_dpo(make_config(out, adapter=str(sft_run)), quiet=True)
    assert summary["global_step"] == 4 and summary["sft_adapter"] == str(sft_run)
    adapter_cfg = json.loads((out / "adapter_config.json").read_text())
    assert adapter_cfg["r"] == 4 and adapter_cfg["lora_alpha"] == 8  # the DPO LoRA, not the SFT one (r=8)
    log = [r for r in read_jsonl(out / "trainer_log.jsonl") if "loss" in r]
    assert len(log) == 4 and all("rewards/margins" in r for r in log)
    assert (out / "loss.png").is_file()
    # The DPO adapter sits on base + SFT: merging both, in order, reproduces that stack.
    merged = AutoModelForCausalLM.from_pretrained(merge_adapters("tiny", [sft_run, out], tmp_path / "m"))
    stack = PeftModel.from_pretrained(_sft_merged(sft_run), str(out))
    tok = AutoTokenizer.from_pretrained(out)
    with torch.no_grad():
        assert torch.allclose(merged(**_probe_ids(tok)).logits, stack(**_probe_ids(tok)).logits, atol=1e-5)


def test_dpo_needs_the_sft_adapter(tmp_path, tiny_model, make_config):
    with pytest.raises(VgptError, match="--adapter"):
        run_dpo(make_config(tmp_path / "d"), quiet=True)


def test_merged_model_matches_base_plus_adapter(tmp_path, tiny_model, sft_run):
    out = merge_adapters("tiny", [sft_run], tmp_path / "merged")
    tok = AutoTokenizer.from_pretrained(out)
    merged = AutoModelForCausalLM.from_pretrained(out)
    assert tok.convert_tokens_to_ids("<|eot_id|>") in merged.generation_config.eos_token_id
    assert any(p.name.endswith(".safetensors") for p in out.iterdir())
    base = AutoModelForCausalLM.from_pretrained(tiny_model)
    base_logits = base(**_probe_ids(tok)).logits
    peft = PeftModel.from_pretrained(AutoModelForCausalLM.from_pretrained(tiny_model), str(sft_run))
    with torch.no_grad():
        want = peft(**_probe_ids(tok)).logits
        got = merged(**_probe_ids(tok)).logits
    assert torch.allclose(got, want, atol=1e-5)
    assert not torch.allclose(got, base_logits, atol=1e-5)  # the adapter did change the model


def test_adapter_for_another_base_is_refused(tmp_path, tiny_model):
    other = build_tiny_model(tmp_path / "other", hidden=96, heads=6, kv_heads=2)
    lora = get_peft_model(AutoModelForCausalLM.from_pretrained(other),
                          LoraConfig(r=4, lora_alpha=8, target_modules="all-linear"))
    lora.save_pretrained(tmp_path / "foreign")
    with pytest.raises(VgptError, match="does not match this base model"):
        merge_adapters("tiny", [tmp_path / "foreign"], tmp_path / "m")
    assert not (tmp_path / "m").exists()  # nothing half-written
