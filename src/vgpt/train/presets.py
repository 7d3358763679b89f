"""Hardware presets (YAML package data) and the resolution of preset + file + command-line overrides."""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Any

from vgpt.errors import VgptError
from vgpt.train.config import TrainConfig, build_config, merge_dicts, read_yaml

DEFAULT_PRESET = "a6000-48gb"


def preset_names() -> list[str]:
    folder = resources.files("vgpt.train") / "presets"
    return sorted(p.name[: -len(".yaml")] for p in folder.iterdir() if p.name.endswith(".yaml"))


def preset_data(name: str) -> dict[str, Any]:
    if name not in preset_names():
        raise VgptError(f"unknown preset {name!r}; choose one of {', '.join(preset_names())}")
    with resources.as_file(resources.files("vgpt.train") / "presets" / f"{name}.yaml") as path:
        return read_yaml(Path(path))


def resolve_config(
    *, preset: str | None = None, config_file: str | Path | None = None, overrides: dict | None = None
) -> TrainConfig:
    """Preset, then the config file, then command-line overrides (nested dicts), each on top."""
    data: dict[str, Any] = {}
    file_data = read_yaml(Path(config_file)) if config_file else {}
    name = preset or file_data.get("preset") or DEFAULT_PRESET
    data = merge_dicts(preset_data(name), file_data)
    data = merge_dicts(data, overrides or {})
    data["preset"] = name
    return build_config(data, str(config_file) if config_file else f"preset {name}")


def stage_overrides(stage: str, **values) -> dict[str, Any]:
    """Turn CLI flags into a nested override dict; None means 'not given'."""
    top_keys = {"model", "out", "data", "report_to", "adapter", "seed"}
    stage_keys = {"max_steps", "epochs", "lr", "batch_size", "grad_accum", "cutoff"}
    out: dict[str, Any] = {}
    for key, value in values.items():
        if value is None:
            continue
        if key in top_keys:
            out[key] = str(value) if isinstance(value, Path) else value
        elif key in stage_keys:
            out.setdefault(stage, {})[key] = value
        else:
            raise ValueError(f"unknown override {key}")
    return out


def describe(cfg: TrainConfig) -> dict[str, Any]:
    return cfg.model_dump(mode="json")
