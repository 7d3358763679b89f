"""``vgpt sql check`` and ``vgpt sql bench`` through typer's CliRunner."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from vgpt.sql.cli import app

CATALOG = str(Path(__file__).parent / "catalog.yaml")
runner = CliRunner()


def test_json_shape_and_exit_0():
    res = runner.invoke(app, ["check", "--catalog", CATALOG, "--json", "--fix",
                              "SELECT APRef FROM APTH WHERE APCo = 1"])
    assert res.exit_code == 0, res.output
    out = json.loads(res.output)
    assert set(out) == {"ok", "issues", "tables", "columns", "sql"}
    assert out["ok"] is True and out["tables"] == ["APTH"] and out["columns"] == ["APTH.APRef", "APTH.APCo"]
    assert out["issues"][0]["code"] == "missing_nolock" and out["issues"][0]["severity"] == "warning"
    assert "WITH (NOLOCK)" in out["sql"]


def test_stdin_and_exit_1_on_errors():
    res = runner.invoke(app, ["check", "--catalog", CATALOG, "--json", "-"], input="DELETE FROM APTD")
    assert res.exit_code == 1
    assert json.loads(res.output)["issues"][0]["code"] == "not_select"


def test_exit_2_on_bad_input():
    # the root `vgpt` entry point turns VgptError into one line and exit code 2
    for args, stdin in [(["-"], "   "), (["--catalog", "/nonexistent/catalog.yaml", "SELECT 1"], "")]:
        cmd = [sys.executable, "-c", "from vgpt.cli import main; main()", "sql", "check", *args]
        proc = subprocess.run(cmd, input=stdin, capture_output=True, text=True, timeout=60)
        assert proc.returncode == 2, proc.stderr
        assert "Traceback" not in proc.stderr


def test_human_output_names_the_issue():
    res = runner.invoke(app, ["check", "--catalog", CATALOG, "SELECT h.GrossAmt FROM APTH h"])
    assert res.exit_code == 1
    assert "unknown_column" in res.output and "APTL.GrossAmt" in res.output


def test_bench_json():
    res = runner.invoke(app, ["bench", "--n", "60", "--catalog", CATALOG, "--json"])
    assert res.exit_code == 0, res.output
    out = json.loads(res.output)
    assert out["statements"] == 60 and out["ok"] + out["rejected"] == 60 and out["ok"] > 0
