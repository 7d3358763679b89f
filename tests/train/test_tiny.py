"""The tiny offline model: Llama-3 tokens and template, cached builds, the preflight check."""

from __future__ import annotations

import copy

import pytest
from transformers import AutoConfig, AutoTokenizer, GenerationConfig

from vgpt.errors import VgptError
from vgpt.train.chat_format import EOT, LLAMA3_CHAT_TEMPLATE
from vgpt.train.guards import preflight_check
from vgpt.train.tiny import build_tiny_model


def test_tokenizer_has_llama3_tokens_and_template(tiny_model):
    tok = AutoTokenizer.from_pretrained(tiny_model)
    for t in ("<|begin_of_text|>", "<|start_header_id|>", "<|end_header_id|>", "<|eot_id|>", "<|end_of_text|>"):
        assert t in tok.get_vocab()
    text = tok.apply_chat_template([{"role": "user", "content": "Question: x"}], tokenize=False,
                                   add_generation_prompt=True)
    assert text == ("<|begin_of_text|><|start_header_id|>user<|end_header_id|>\n\nQuestion: x<|eot_id|>"
                    "<|start_header_id|>assistant<|end_header_id|>\n\n")
    sql = "SELECT APCo FROM APTH WITH (NOLOCK)"
    assert tok.decode(tok(sql)["input_ids"]) == sql  # byte-level BPE round-trips


def test_build_is_cached_and_sizes_apply(tmp_path, tiny_model):
    stamp = tiny_model / "vgpt_tiny.json"
    before = stamp.stat().st_mtime_ns
    assert build_tiny_model() == tiny_model and stamp.stat().st_mtime_ns == before
    other = build_tiny_model(tmp_path / "m", layers=3, hidden=96, heads=6, kv_heads=2)
    cfg = AutoConfig.from_pretrained(other)
    assert (cfg.num_hidden_layers, cfg.hidden_size) == (3, 96)
    assert GenerationConfig.from_pretrained(other).eos_token_id[-1] == AutoTokenizer.from_pretrained(other).convert_tokens_to_ids(EOT)


def test_preflight_passes_on_the_tiny_model(tiny_model):
    tok = AutoTokenizer.from_pretrained(tiny_model)
    preflight_check(tok, AutoConfig.from_pretrained(tiny_model), GenerationConfig.from_pretrained(tiny_model))


def test_preflight_catches_each_problem(tiny_model):
    tok = AutoTokenizer.from_pretrained(tiny_model)
    cfg = AutoConfig.from_pretrained(tiny_model)
    gen = GenerationConfig.from_pretrained(tiny_model)
    bad_pad = copy.deepcopy(tok)
    bad_pad.pad_token = EOT
    with pytest.raises(VgptError, match="pad token is <\\|eot_id\\|>"):
        preflight_check(bad_pad, cfg, gen)
    no_stop = copy.deepcopy(gen)
    no_stop.eos_token_id = [tok.convert_tokens_to_ids("<|end_of_text|>")]
    with pytest.raises(VgptError, match="not a stop token"):
        preflight_check(tok, cfg, no_stop)
    plain = copy.deepcopy(tok)
    plain.chat_template = "{% for m in messages %}{{ m['content'] }}{% endfor %}"
    with pytest.raises(VgptError, match="header"):
        preflight_check(plain, cfg, gen)
    unmarked = copy.deepcopy(tok)
    unmarked.chat_template = LLAMA3_CHAT_TEMPLATE.replace("{%- generation -%}", "").replace("{%- endgeneration -%}", "")
    with pytest.raises(VgptError, match="assistant mask"):
        preflight_check(unmarked, cfg, gen)
