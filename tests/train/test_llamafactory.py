"""The LLaMA-Factory export: files, dataset_info.json, and YAML keys it accepts."""

from __future__ import annotations

import json

import yaml

from vgpt.train.dataset import load_dpo, load_sft
from vgpt.train.llamafactory import export_llamafactory, known_argument_names, unknown_keys
from vgpt.train.presets import resolve_config


def test_vendored_names_cover_both_parsers():
    names = known_argument_names()
    # LLaMA-Factory's own (model, data, finetuning, generating) and transformers' training arguments.
    for name in ("model_name_or_path", "template", "cutoff_len", "lora_rank", "pref_beta", "max_new_tokens",
                 "per_device_train_batch_size", "learning_rate", "lr_scheduler_type", "bf16"):
        assert name in names
    assert unknown_keys({"lora_rank": 8, "lora_rnak": 8}) == ["lora_rnak"]


def test_export_writes_valid_files(tmp_path, fixtures_dir):
    out = tmp_path / "lf"
    result = export_llamafactory(fixtures_dir, out, resolve_config(preset="h100-80gb"))
    rows = load_sft(fixtures_dir)
    assert result["sft_rows"] == sum(r["split"] == "train" for r in rows)
    info = json.loads((out / "dataset_info.json").read_text())
    assert info["vgpt_dpo"]["ranking"] is True
    assert info["vgpt_dpo"]["columns"] == {"prompt": "instruction", "query": "input",
                                           "chosen": "chosen", "rejected": "rejected"}
    for entry in info.values():
        assert (out / entry["file_name"]).is_file()
    sft = json.loads((out / "vgpt_sft.json").read_text())
    first = next(r for r in rows if r["split"] == "train")
    assert sft[0] == {"instruction": first["messages"][0]["content"], "input": "",
                      "output": first["messages"][1]["content"]}
    dpo = json.loads((out / "vgpt_dpo.json").read_text())
    assert len(dpo) == len(load_dpo(fixtures_dir)) and set(dpo[0]) == {"instruction", "input", "chosen", "rejected"}

    s1 = yaml.safe_load((out / "stage1_sft.yaml").read_text())
    s2 = yaml.safe_load((out / "stage2_dpo.yaml").read_text())
    assert unknown_keys(s1) == [] and unknown_keys(s2) == []
    assert (s1["stage"], s1["template"], s1["lora_rank"], s1["lora_alpha"], s1["cutoff_len"]) == ("sft", "llama3", 128, 256, 4096)
    assert (s1["per_device_train_batch_size"], s1["gradient_accumulation_steps"], s1["learning_rate"]) == (4, 4, 1e-4)
    assert s1["dataset"] == "vgpt_sft" and s1["eval_dataset"] == "vgpt_sft_val" and s1["bf16"] is True
    assert (s2["stage"], s2["lora_rank"], s2["pref_beta"], s2["pref_loss"]) == ("dpo", 64, 0.1, "sigmoid")
    assert s2["dataset"] in info and s2["adapter_name_or_path"] == s1["output_dir"]
