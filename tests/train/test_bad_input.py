"""Bad input fails with one clear line before any training: models, data rows, folders, presets."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from vgpt.errors import VgptError
from vgpt.train.presets import resolve_config
from vgpt.train.sft import run_sft


def test_missing_model_path(tmp_path, make_config):
    with pytest.raises(VgptError, match="no such model folder"):
        run_sft(make_config(tmp_path / "o", model=str(tmp_path / "nope")), quiet=True)


def test_bad_row_is_named(tmp_path, data_dir, tiny_model, make_config):
    lines = (data_dir / "sft.jsonl").read_text().splitlines()
    row = json.loads(lines[3])
    row["messages"] = row["messages"][:1]  # no answer
    lines[3] = json.dumps(row)
    (data_dir / "sft.jsonl").write_text("\n".join(lines) + "\n")
    with pytest.raises(VgptError, match=r"sft.jsonl:4: row ap-004: 'messages' must be"):
        run_sft(make_config(tmp_path / "o", data_dir), quiet=True)
    (data_dir / "sft.jsonl").write_text("{not json\n")
    with pytest.raises(VgptError, match=r"sft.jsonl:1: not JSON"):
        run_sft(make_config(tmp_path / "o2", data_dir), quiet=True)


def test_unwritable_output(tmp_path, tiny_model, make_config):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(VgptError, match="not writable"):
        run_sft(make_config(blocker / "out"), quiet=True)


def test_preset_that_cannot_fit(tmp_path):
    from vgpt.train.guards import check_fits

    cfg = resolve_config(preset="a6000-48gb", overrides={"sft": {"batch_size": 4}})
    with pytest.raises(VgptError, match="needs about 5[0-9] GiB, more than the 48 GiB of preset a6000-48gb"):
        check_fits(cfg, "sft", 8.03)
    assert check_fits(resolve_config(preset="a6000-48gb"), "sft", 8.03) < 48
    assert check_fits(resolve_config(preset="h100-80gb"), "sft", 8.03) < 80
    assert check_fits(resolve_config(preset="24gb"), "sft", 8.03) < 24


def test_qlora_without_bitsandbytes_is_clear(tmp_path):
    from vgpt.train.guards import check_quantization

    # On a CPU machine either bitsandbytes is missing or there is no CUDA: both are named.
    with pytest.raises(VgptError, match="bitsandbytes"):
        check_quantization(resolve_config(preset="24gb"))


def test_cli_prints_one_line_and_exits_2(tmp_path, fixtures_dir):
    import subprocess

    result = subprocess.run(["vgpt", "train", "sft", "--preset", "cpu-tiny", "--data", str(fixtures_dir),
                             "--out", str(tmp_path / "o"), "--model", str(tmp_path / "missing")],
                            capture_output=True, text=True)
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0 and "no such model folder" in result.stderr
    assert "Traceback" not in result.stderr


def test_cli_help_lists_the_commands():
    from vgpt.cli import _register, app

    _register()
    result = CliRunner().invoke(app, ["train", "--help"])
    for command in ("sft", "dpo", "merge", "export-llamafactory", "tiny-model"):
        assert command in result.output


def test_reporter_must_be_installed(monkeypatch):
    import importlib.util

    from vgpt.train.common import _check_reporter

    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == "wandb" else real(name, *a))
    with pytest.raises(VgptError, match="pip install wandb"):
        _check_reporter("wandb")
    _check_reporter("none")
