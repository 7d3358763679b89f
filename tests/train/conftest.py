"""Fixtures for the training tests: the fixture dataset, the tiny model, one shared SFT run."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="session", autouse=True)
def _tiny_cache(tmp_path_factory):
    # The tiny model is built once per test session, away from the user's cache.
    old = os.environ.get("VGPT_CACHE")
    os.environ["VGPT_CACHE"] = str(tmp_path_factory.mktemp("vgpt-cache"))
    yield
    if old is None:
        os.environ.pop("VGPT_CACHE", None)
    else:
        os.environ["VGPT_CACHE"] = old


@pytest.fixture
def data_dir(tmp_path) -> Path:
    """A writable copy of the fixture dataset."""
    out = tmp_path / "data"
    shutil.copytree(FIXTURES, out)
    return out


@pytest.fixture(scope="session")
def tiny_model(_tiny_cache) -> Path:
    from vgpt.train.tiny import build_tiny_model

    return build_tiny_model()


def tiny_config(out: Path, data: Path = FIXTURES, **overrides):
    from vgpt.train.presets import resolve_config

    return resolve_config(preset="cpu-tiny", overrides={"out": str(out), "data": str(data), **overrides})


@pytest.fixture(scope="session")
def make_config():
    """``make_config(out, data=fixtures, **overrides)``: the cpu-tiny config for a test run."""
    return tiny_config


@pytest.fixture(scope="session")
def fixtures_dir() -> Path:
    return FIXTURES


@pytest.fixture(scope="session")
def sft_run(tmp_path_factory, tiny_model) -> Path:
    """One 10-step SFT run through the CLI, shared by the SFT, resume, DPO and merge tests."""
    from typer.testing import CliRunner

    from vgpt.cli import _register, app

    out = tmp_path_factory.mktemp("sft")
    _register()
    result = CliRunner().invoke(app, ["train", "sft", "--preset", "cpu-tiny", "--max-steps", "10",
                                      "--out", str(out), "--data", str(FIXTURES), "--json"])
    assert result.exit_code == 0, result.output
    (out / "cli_stdout.json").write_text(result.stdout)
    return out
