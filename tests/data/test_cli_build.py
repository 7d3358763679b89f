"""`vgpt data` end to end on a small curated folder: validate, build, stats, export, show."""

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from vgpt.cli import _register, app
from vgpt.data.export import read_rows
from vgpt.sandbox.build import build_sandbox

CURATED = """examples:
- id: ap-totals
  category: ap
  difficulty: easy
  questions:
  - AP totals by vendor over ${MinAmount}
  - Which vendors have invoices totalling more than ${MinAmount}?
  - ap totals
  tables: [APTH, APVM]
  sql: |
    SELECT v.Name, SUM(h.InvTotal) AS Total
    FROM APTH h WITH (NOLOCK)
    JOIN APVM v WITH (NOLOCK) ON v.VendorGroup = h.VendorGroup AND v.Vendor = h.Vendor
    WHERE h.APCo = @APCo
    GROUP BY v.Name
    HAVING SUM(h.InvTotal) > @MinAmount
  explanation: Sum invoice totals per vendor.
  notes: APVM joins on VendorGroup and Vendor.
  params: {MinAmount: 1000}
  variants: [{MinAmount: 5000}]
- id: neg-apinvoices
  category: negative_table
  questions:
  - Show the APInvoices table
  - List rows of APInvoices for company 1
  tables: [APTH]
  fake: APInvoices
  real: APTH
  answer: There is no APInvoices table in Vista; AP invoice headers are in APTH.
"""


@pytest.fixture(scope="module")
def env(tmp_path_factory):
    _register()
    root = tmp_path_factory.mktemp("datacli")
    (root / "curated").mkdir()
    (root / "curated" / "ap.yaml").write_text(CURATED)
    db = root / "sandbox.duckdb"
    build_sandbox(db, scale=0.05, progress=False)
    return root, db


def run(*args):
    return CliRunner().invoke(app, [str(a) for a in args])


def test_build_then_stats_and_exports(env):
    root, db = env
    out = root / "dataset"
    result = run("data", "build", "--curated", root / "curated", "--db", db, "--out", out, "--json")
    assert result.exit_code == 0, result.output
    manifest = json.loads(result.stdout)
    rows = read_rows(out)
    assert manifest["rows"] == len(rows) > 4
    assert len({r.prompt for r in rows}) == len(rows)  # no duplicate prompt
    assert len({r.split for r in rows if r.example_id == "ap-totals"}) == 1  # one example, one split
    variant = [r for r in rows if r.params.get("MinAmount") == 5000]
    assert variant and all("5000" in r.question and "5000" in r.sql and "@MinAmount" not in r.sql for r in variant)
    assert (out / "sft.jsonl").exists() and (out / "dpo.jsonl").exists()

    stats = json.loads(run("data", "stats", "--data", out, "--json").stdout)
    assert stats["curated"] == 2 and stats["built"] == len(rows)
    assert stats["audit"]["column_not_in_prompt"] == 0 and stats["audit"]["name_not_in_catalog"] == 0
    assert stats["audit"]["table_without_nolock"] == 0
    assert all(Path(p).exists() for p in stats["charts"])

    lf = root / "lf"
    exported = json.loads(run("data", "export", "--format", "llamafactory", "--data", out, "--out", lf, "--json").stdout)
    info = json.loads((lf / "dataset_info.json").read_text())
    assert "vgpt_sft" in info and all((lf / v["file_name"]).exists() for v in info.values())
    assert exported["counts"]["vgpt_sft"] == sum(r.split == "train" for r in rows)
    dpo = root / "dpo"
    run("data", "export", "--format", "dpo", "--data", out, "--out", dpo)
    pairs = [json.loads(x) for x in (dpo / "dpo.jsonl").read_text().splitlines()]
    assert pairs and all(p["chosen"] != p["rejected"] for p in pairs)
    assert {"fake_name_used"} <= {p["mistake"] for p in pairs}


def test_build_refuses_invalid_sources_and_writes_nothing(env, tmp_path):
    root, db = env
    bad = tmp_path / "curated"
    bad.mkdir()
    (bad / "ap.yaml").write_text(CURATED.replace(" WITH (NOLOCK)\n    JOIN", "\n    JOIN"))
    out = tmp_path / "dataset"
    result = run("data", "build", "--curated", bad, "--db", db, "--out", out)
    assert result.exit_code != 0 and not out.exists()
    report = run("data", "validate", "--curated", bad, "--db", db, "--json")
    body = json.loads(report.stdout)
    assert report.exit_code == 1 and body["failures"][0]["code"] == "missing_nolock"
    assert body["failures"][0]["id"] == "ap-totals" and body["failures"][0]["path"].endswith("ap.yaml")


def test_expand_preview_and_show(env):
    root, _ = env
    preview = run("data", "expand", "--preview", "--curated", root / "curated", "--id", "ap-totals", "--json")
    rows = json.loads(preview.stdout)
    assert preview.exit_code == 0 and len(rows) >= 6  # 3 phrasings x 2 schema variants, plus variants
    shown = run("data", "show", "ap-totals", "--curated", root / "curated", "--json")
    assert json.loads(shown.stdout)["row"]["prompt"].startswith("Generate a SQL query")
    missing = run("data", "show", "ap-totalz", "--curated", root / "curated")
    assert missing.exit_code != 0
