"""``vgpt sandbox`` commands: query (JSON shape, stdin, parameters, errors), info, build."""

from __future__ import annotations

import json
import subprocess
import sys

from typer.testing import CliRunner

from vgpt.errors import VgptError
from vgpt.sandbox.cli import app

runner = CliRunner()


def run(*args, input=None):
    return runner.invoke(app, [str(a) for a in args], input=input)


def test_query_json_shape(sandbox_file):
    r = run("query", "--db", sandbox_file, "--json",
            "SELECT Mth, InvTotal, APRef FROM APTH WITH (NOLOCK) WHERE APCo = @APCo AND APTrans = 1 ORDER BY Mth")
    assert r.exit_code == 0, r.output
    assert json.loads(r.stdout) == {
        "columns": ["Mth", "InvTotal", "APRef"],
        "rows": [["2026-02-01T00:00:00", 1500, "INV-100"], ["2026-03-01T00:00:00", 900.25, "INV-101"]],
        "truncated": False,
    }


def test_query_from_stdin_with_param_and_cap(sandbox_file):
    r = run("query", "--db", sandbox_file, "--json", "--param", "APCo=1", "--max-rows", "2", "-",
            input="SELECT APTrans FROM APTH WHERE APCo = @APCo ORDER BY Mth, APTrans")
    assert r.exit_code == 0, r.output
    out = json.loads(r.stdout)
    assert out["rows"] == [[1], [2]] and out["truncated"] is True


def test_query_param_override(sandbox_file):
    r = run("query", "--db", sandbox_file, "--json", "-p", "@APCo=2", "SELECT COUNT(*) AS n FROM APTH WHERE APCo = @APCo")
    assert json.loads(r.stdout)["rows"] == [[1]]


def test_query_table_output(sandbox_file):
    r = run("query", "--db", sandbox_file, "--duckdb", "SELECT SortName + '!' AS s FROM APVM WHERE Vendor = 101")
    assert r.exit_code == 0 and "BETA!" in r.stdout and "1 rows" in r.stdout and "||" in r.stdout


def test_query_errors_exit_non_zero(sandbox_file, tmp_path):
    r = run("query", "--db", sandbox_file, "SELECT * FROM NoSuchTable")
    assert r.exit_code != 0 and isinstance(r.exception, VgptError) and "NoSuchTable" in str(r.exception)
    r = run("query", "--db", sandbox_file, "SELECT 1 WHERE 1 = @Job")
    assert r.exit_code != 0 and "@Job" in str(r.exception)
    r = run("query", "--db", sandbox_file, "--param", "nonsense", "SELECT 1")
    assert r.exit_code != 0 and "NAME=VALUE" in str(r.exception)
    r = run("query", "--db", tmp_path / "none.duckdb", "SELECT 1")
    assert r.exit_code != 0 and "no sandbox database" in str(r.exception)


def test_error_is_one_line_exit_2(sandbox_file):
    # through the real entry point: VgptError becomes one line on stderr and exit code 2
    proc = subprocess.run([sys.executable, "-m", "vgpt.cli", "sandbox", "query", "--db", str(sandbox_file),
                           "SELECT * FROM APXX"], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 2
    assert "APXX" in proc.stderr and "Traceback" not in proc.stderr


def test_info_json(sandbox_file):
    r = run("info", "--db", sandbox_file, "--json")
    assert r.exit_code == 0, r.output
    info = json.loads(r.stdout)
    assert info["tables"]["APTH"] == 5 and info["tables"]["APVM"] == 3
    assert "_vgpt_meta" not in info["tables"]
    assert info["meta"] == {"seed": "7", "scale": "0.5"} and info["bytes"] > 0
    r = run("info", "--db", sandbox_file)
    assert r.exit_code == 0 and "APTD" in r.stdout


def test_build_refuses_to_overwrite(sandbox_file):
    before = sandbox_file.read_bytes()
    r = run("build", "--out", sandbox_file)
    assert r.exit_code != 0 and "--force" in str(r.exception)
    assert sandbox_file.read_bytes() == before


def test_build_then_query_generated_database(tmp_path, monkeypatch):
    out = tmp_path / "built.duckdb"
    r = run("build", "--out", out, "--scale", "0.01", "--seed", "3", "--json")
    assert r.exit_code == 0, r.output
    summary = json.loads(r.stdout)
    assert summary["path"] == str(out) and summary["seed"] == 3
    assert sorted(p.name for p in tmp_path.iterdir()) == ["built.duckdb"]  # no temporary left behind
    monkeypatch.setenv("VGPT_SANDBOX", str(out))  # the default database is now this file
    r = run("query", "--json", "SELECT COUNT(*) AS n FROM APTH WITH (NOLOCK) WHERE APCo = @APCo")
    assert r.exit_code == 0, r.output
    assert json.loads(r.stdout)["rows"][0][0] == summary["rows"]["APTH"] - _company2_invoices(out)
    r = run("info", "--json")
    assert json.loads(r.stdout)["meta"]["seed"] == "3"


def _company2_invoices(path) -> int:
    import duckdb

    with duckdb.connect(str(path), read_only=True) as con:
        return con.execute("SELECT COUNT(*) FROM APTH WHERE APCo <> 1").fetchone()[0]
