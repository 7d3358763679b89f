"""Interrupt a run after a checkpoint, resume it, and get the same steps on the same data."""

from __future__ import annotations

import json

import pytest
from transformers import TrainerCallback

from vgpt.errors import VgptError
from vgpt.train.sft import run_sft
from vgpt.train.tracking import read_jsonl


class Crash(TrainerCallback):
    """Simulates an interruption (power loss, OOM kill) after ``step``."""

    def __init__(self, step: int):
        self.step = step

    def on_step_end(self, args, state, control, **kwargs):
        if state.global_step == self.step:
            raise KeyboardInterrupt


def test_resume_continues_with_the_same_order(tmp_path, sft_run, make_config):
    full = json.loads((sft_run / "vgpt_run.json").read_text())  # the same config, never interrupted
    out = tmp_path / "cut"
    with pytest.raises(KeyboardInterrupt):
        run_sft(make_config(out), callbacks=[Crash(7)], quiet=True)  # checkpoint-5 exists, steps 6-7 lost
    with pytest.raises(VgptError, match="--resume"):
        run_sft(make_config(out), quiet=True)  # a second run must not silently restart
    resumed = run_sft(make_config(out), resume=True, quiet=True)
    assert resumed["resumed_from"].endswith("checkpoint-5")
    assert resumed["global_step"] == full["global_step"] == 10
    assert read_jsonl(out / "batch_ids.jsonl") == read_jsonl(sft_run / "batch_ids.jsonl")
    steps = [r["step"] for r in read_jsonl(out / "trainer_log.jsonl") if "loss" in r]
    assert steps == list(range(1, 11))


def test_resume_without_checkpoint_is_an_error(tmp_path, tiny_model, make_config):
    with pytest.raises(VgptError, match="no checkpoint"):
        run_sft(make_config(tmp_path / "empty"), resume=True, quiet=True)
