"""`vgpt run`, the README's main job, end to end on the embedded defaults (CPU)."""

import json

from typer.testing import CliRunner

from vgpt.cli import _register, app


def test_vgpt_run_end_to_end(tmp_path):
    _register()
    out = tmp_path / "run"
    result = CliRunner().invoke(app, ["run", "--out", str(out), "--max-steps", "3", "--eval-limit", "8", "--json"])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    report = json.loads((out / "eval" / "report.json").read_text())
    for key in ("real_table_recognition", "fake_table_rejection", "syntax_validity", "nolock_usage",
                "execution_accuracy"):
        value = report["metrics"][key]
        assert value is None or 0.0 <= value <= 1.0
    assert report["answered"] == 8 and report["complete"]
    assert (out / "eval" / "report.html").read_text().startswith("<!doctype html>")
    assert (out / "sft" / "adapter_config.json").exists() and (out / "sft" / "trainer_log.jsonl").exists()
    assert summary["data"]["rows"] > summary["data"]["curated"] > 0
