"""Config models, presets and overrides: the guide's defaults, typos caught, bad presets refused."""

from __future__ import annotations

import pytest

from vgpt.errors import VgptError
from vgpt.train.config import TrainConfig, load_config
from vgpt.train.presets import preset_names, resolve_config, stage_overrides


def test_defaults_are_the_guides_parameters():
    c = TrainConfig()
    assert c.model == "defog/llama-3-sqlcoder-8b" and c.precision == "bf16"
    s = c.sft
    assert (s.lora.rank, s.lora.alpha, s.lora.dropout, s.lora.target) == (128, 256, 0.05, "all-linear")
    assert (s.batch_size, s.grad_accum, s.lr, s.epochs, s.scheduler) == (4, 4, 1e-4, 3.0, "cosine")
    assert (s.warmup_ratio, s.cutoff, s.val_size, s.gradient_checkpointing) == (0.1, 4096, 0.1, True)
    d = c.dpo
    assert (d.lora.rank, d.lora.alpha, d.beta, d.loss) == (64, 128, 0.1, "sigmoid")
    assert (d.batch_size, d.grad_accum, d.lr, d.epochs) == (2, 8, 5e-5, 1.0)


def test_presets_ship_and_load():
    assert {"a6000-48gb", "24gb", "h100-80gb", "cpu-tiny"} <= set(preset_names())
    assert resolve_config().preset == "a6000-48gb"
    q = resolve_config(preset="24gb")
    assert q.quantization.quant_type == "nf4" and q.quantization.compute_dtype == "bf16"
    tiny = resolve_config(preset="cpu-tiny")
    assert tiny.model == "tiny" and tiny.precision == "fp32" and tiny.sft.max_steps > 0


def test_typo_in_config_file_is_named(tmp_path):
    path = tmp_path / "c.yaml"
    path.write_text("sft:\n  learning_rat: 0.1\n")
    with pytest.raises(VgptError, match=r"unknown key 'sft.learning_rat'"):
        load_config(path)


def test_file_then_cli_overrides_win(tmp_path):
    path = tmp_path / "c.yaml"
    path.write_text("preset: h100-80gb\nsft:\n  lr: 0.0003\n  epochs: 2\n")
    cfg = resolve_config(config_file=path, overrides=stage_overrides("sft", epochs=5.0, out=tmp_path))
    assert cfg.preset == "h100-80gb" and cfg.sft.lr == 3e-4 and cfg.sft.epochs == 5.0
    assert cfg.out == str(tmp_path) and cfg.sft.batch_size == 4


def test_unknown_preset_lists_the_known_ones():
    with pytest.raises(VgptError, match="cpu-tiny"):
        resolve_config(preset="a100")


def test_bad_value_is_one_line():
    with pytest.raises(VgptError, match="sft.lr"):
        resolve_config(overrides={"sft": {"lr": -1}})
