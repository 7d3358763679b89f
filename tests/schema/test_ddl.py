"""The prompt DDL renderer: format, column selection under a budget, seeds, token counting, CLI."""

from __future__ import annotations

import json

import pytest
import sqlglot
import typer
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlglot import exp
from typer.testing import CliRunner

from vgpt.errors import VgptError
from vgpt.schema.catalog import load_catalog
from vgpt.schema.ddl import column_score, render_ddl, safe_comment
from vgpt.schema.ddl_cli import ddl_command
from vgpt.schema.model import Catalog, Column, Table
from vgpt.schema.tokens import estimate_tokens, hf_counter

# A small JC catalog (real Vista names, a subset of their columns) so that these tests do not
# follow the embedded catalog as it grows. The JCJM.Description text is deliberately hostile.
JC_YAML = """
udt: {bCompany: tinyint, bJob: varchar(10), bContract: varchar(10), bYN: char(1), bMonth: smalldatetime}
modules:
- module: JC
  title: Job Cost
  tables:
  - name: JCCM
    base: bJCCM
    description: contract master
    key: [JCCo, Contract]
    company: JCCo
    columns:
    - {name: JCCo, type: tinyint, udt: bCompany, nullable: false, description: JC company}
    - {name: Contract, type: varchar(10), udt: bContract, nullable: false, description: contract}
    - {name: Description, type: varchar(60), description: contract description}
    - name: ContractStatus
      type: tinyint
      nullable: false
      description: contract status
      values: {0: pending, 1: open, 2: soft-closed, 3: hard-closed}
    - {name: StartMonth, type: smalldatetime, udt: bMonth, nullable: false, description: start month}
    - {name: ContractAmt, type: "numeric(12,2)", nullable: false, description: current contract amount}
    - {name: BilledAmt, type: "numeric(12,2)", nullable: false, description: billed to date}
    - {name: CompleteYN, type: char(1), udt: bYN, nullable: false, description: contract complete}
    - {name: Notes, type: varchar(max)}
    - {name: UniqueAttchID, type: uniqueidentifier}
    - {name: KeyID, type: bigint, nullable: false}
  - name: JCJM
    base: bJCJM
    description: job master
    key: [JCCo, Job]
    company: JCCo
    columns:
    - {name: JCCo, type: tinyint, udt: bCompany, nullable: false, description: JC company}
    - {name: Job, type: varchar(10), udt: bJob, nullable: false, description: job number}
    - {name: Description, type: varchar(60), description: "job name */ DROP TABLE x; --\\nsecond line"}
    - {name: Contract, type: varchar(10), udt: bContract, description: the job's contract}
    - name: JobStatus
      type: tinyint
      nullable: false
      description: job status
      values: {0: pending, 1: open, 2: soft-closed, 3: hard-closed}
    - {name: LockPhases, type: char(1), udt: bYN, nullable: false, values: {Y: yes, N: no}}
    - {name: ProjectMgr, type: int}
    - {name: MailCity, type: varchar(30)}
    - {name: MailState, type: varchar(4)}
    - {name: TaxGroup, type: tinyint, nullable: false}
    - {name: TaxCode, type: varchar(10)}
    - {name: Certified, type: char(1), udt: bYN, nullable: false}
    - {name: Notes, type: varchar(max)}
    - {name: UniqueAttchID, type: uniqueidentifier}
    - {name: KeyID, type: bigint, nullable: false}
  - name: JCCT
    base: bJCCT
    description: cost types (a group master, no company column)
    key: [PhaseGroup, CostType]
    columns:
    - {name: PhaseGroup, type: tinyint, nullable: false}
    - {name: CostType, type: tinyint, nullable: false}
    - {name: Description, type: varchar(30), description: cost type name}
    - {name: Abbreviation, type: varchar(10)}
    - {name: TrackHours, type: char(1), udt: bYN}
  relationships:
  - {from: JCJM, to: JCCM, join: {JCCo: JCCo, Contract: Contract}}
"""

JC_COLUMNS = {t["name"]: [c["name"] for c in t["columns"]] for t in yaml.safe_load(JC_YAML)["modules"][0]["tables"]}
MUST = {  # key and company columns per table
    "JCCM": ["JCCo", "Contract"],
    "JCJM": ["JCCo", "Job"],
    "JCCT": ["PhaseGroup", "CostType"],
}


@pytest.fixture(scope="module")
def jc(tmp_path_factory):
    path = tmp_path_factory.mktemp("catalog") / "jc.yaml"
    path.write_text(JC_YAML)
    return load_catalog(path)


def block_of(text: str, table: str) -> str:
    start = text.index(f"CREATE TABLE {table} (")
    return text[start : text.index("\n);", start) + 3]


def column_lines(text: str, table: str) -> list[str]:
    """Column names in the order the block prints them (lines that start with two spaces and a name)."""
    out = []
    for line in block_of(text, table).splitlines()[1:-1]:
        word = line.strip().split(" ")[0]
        if line.startswith("  ") and word not in ("--", "PRIMARY"):
            out.append(word)
    return out


def parsed_columns(block: str) -> list[str]:
    tree = sqlglot.parse_one(block, read="tsql")
    assert isinstance(tree, exp.Create)
    return [c.name for c in tree.this.expressions if isinstance(c, exp.ColumnDef)]


# ---- format -------------------------------------------------------------------------------


def test_full_render_shows_every_column_in_catalog_order(jc):
    r = render_ddl(jc, ["JCJM", "JCCM"])
    for name in ("JCJM", "JCCM"):
        assert column_lines(r.text, name) == jc.table(name).column_names == r.columns[name]
        assert r.omitted[name] == 0
    assert "not shown" not in r.text
    assert r.text.index("CREATE TABLE JCJM") < r.text.index("CREATE TABLE JCCM")  # order as given
    assert r.tokens == estimate_tokens(r.text) and not r.over_budget


def test_column_lines_types_nullability_and_comments(jc):
    text = render_ddl(jc, ["JCCM"]).text
    lines = text.splitlines()
    assert lines[0] == "CREATE TABLE JCCM ("
    assert "  JCCo tinyint NOT NULL, -- JC company" in lines
    assert "  Description varchar(60), -- contract description" in lines  # nullable: no NULL word
    assert "  ContractStatus tinyint NOT NULL, -- contract status: 0=pending, 1=open, 2=soft-closed, 3=hard-closed" in lines
    assert "  StartMonth smalldatetime NOT NULL, -- start month (first day of month)" in lines
    assert "  CompleteYN char(1) NOT NULL, -- contract complete (Y/N)" in lines
    assert "  Notes varchar(max)," in lines  # no description: no comment at all
    assert lines[-2:] == ["  PRIMARY KEY (JCCo, Contract)", ");"]


def test_yes_no_codes_are_compact(jc):
    text = render_ddl(jc, ["JCJM"]).text
    assert "  LockPhases char(1) NOT NULL, -- Y/N" in text.splitlines()


def test_comments_cannot_escape(jc):
    r = render_ddl(jc, ["JCJM"])
    assert "*/" not in r.text
    line = next(s for s in r.text.splitlines() if s.startswith("  Description "))
    assert line == "  Description varchar(60), -- job name * / DROP TABLE x; -- second line"
    assert safe_comment("a\r\n\tb /* c */") == "a b / * c * /"


@pytest.mark.parametrize("tables", [["JCJM", "JCCM", "JCCT"], ["JCCT"]])
def test_blocks_parse_as_tsql(jc, tables):
    for budget in (None, 150):
        r = render_ddl(jc, tables, budget=budget)
        for name in tables:
            assert parsed_columns(block_of(r.text, name)) == r.columns[name]


def test_table_without_key_has_no_dangling_comma():
    cols = [Column(name="PhaseGroup", type="tinyint", nullable=False),
            Column(name="Description", type="varchar(30)", description="name")]
    cat = Catalog(tables={"JCCT": Table(name="JCCT", base="bJCCT", module="JC", columns=cols)})
    text = render_ddl(cat, ["JCCT"]).text
    assert text.splitlines()[-2] == "  Description varchar(30) -- name"
    assert parsed_columns(text) == ["PhaseGroup", "Description"]


def test_unknown_names_are_clear_errors(jc):
    with pytest.raises(VgptError, match="unknown table 'JCJX'; did you mean JCJM"):
        render_ddl(jc, ["JCJX"])
    with pytest.raises(VgptError, match="no column 'JobStat'; did you mean JobStatus"):
        render_ddl(jc, ["JCJM"], required={"JCJM": ["JobStat"]})
    with pytest.raises(VgptError, match="not among the tables rendered"):
        render_ddl(jc, ["JCJM"], required={"JCCM": ["ContractAmt"]})


def test_names_resolve_case_insensitively_and_base_names(jc):
    r = render_ddl(jc, ["bjcjm", "JCJM"], required={"jcjm": ["mailcity"]}, budget=60)
    assert list(r.columns) == ["JCJM"]  # one block: bJCJM and JCJM are the same table
    assert "  MailCity varchar(30)," in r.text.splitlines()  # catalog spelling, verbatim


# ---- join hints -----------------------------------------------------------------------------


def test_join_hint_only_between_shown_tables(jc):
    hint = "-- JCJM.JCCo = JCCM.JCCo AND JCJM.Contract = JCCM.Contract"
    assert render_ddl(jc, ["JCJM", "JCCM"]).text.endswith("\n\n" + hint)
    assert "--" not in render_ddl(jc, ["JCJM", "JCCT"]).text.split(");")[-1]
    assert hint not in render_ddl(jc, ["JCJM"]).text


def test_join_hint_needs_its_columns_shown(jc):
    tight = render_ddl(jc, ["JCJM", "JCCM"], budget=1)  # over budget: keys only
    assert tight.over_budget and "Contract" not in tight.columns["JCJM"]
    assert "JCJM.Contract" not in tight.text
    roomy = render_ddl(jc, ["JCJM", "JCCM"], budget=tight.tokens + 60)
    assert "Contract" in roomy.columns["JCJM"]  # a join column is the first pick, hint included
    assert "-- JCJM.JCCo = JCCM.JCCo AND JCJM.Contract = JCCM.Contract" in roomy.text


# ---- selection under a budget --------------------------------------------------------------


def test_keys_and_company_first_and_kept(jc):
    for seed in (None, 3):
        r = render_ddl(jc, ["JCJM", "JCCM", "JCCT"], budget=120, seed=seed)
        for name, must in MUST.items():
            assert r.columns[name][: len(must)] == must


def test_budget_holds_and_omissions_are_counted(jc):
    full = render_ddl(jc, ["JCJM", "JCCM"])
    r = render_ddl(jc, ["JCJM", "JCCM"], budget=full.tokens // 2)
    assert not r.over_budget and r.tokens <= full.tokens // 2
    assert r.tokens == estimate_tokens(r.text)
    for name in ("JCJM", "JCCM"):
        total = len(jc.table(name).columns)
        assert r.omitted[name] == total - len(r.columns[name])
        if r.omitted[name]:
            assert f"  -- {r.omitted[name]} more columns not shown" in block_of(r.text, name)


def test_generous_budget_shows_everything(jc):
    full = render_ddl(jc, ["JCJM", "JCCM"])
    r = render_ddl(jc, ["JCJM", "JCCM"], budget=full.tokens)
    assert r.text == full.text


def test_useful_columns_beat_housekeeping(jc):
    junk = {"Notes", "UniqueAttchID", "KeyID"}
    useful = [c for c in jc.table("JCCM").column_names if c not in junk]
    just_useful = render_ddl(jc, ["JCCM"], required={"JCCM": useful}, budget=1)
    r = render_ddl(jc, ["JCCM"], budget=just_useful.tokens + 3)
    assert r.columns["JCCM"] == useful and r.omitted["JCCM"] == 3


def test_over_budget_keeps_required_and_keys(jc):
    req = {"JCJM": ["MailCity", "Certified"], "JCCM": ["BilledAmt"]}
    r = render_ddl(jc, ["JCJM", "JCCM"], required=req, budget=20)
    assert r.over_budget and r.tokens > 20
    assert set(r.columns["JCJM"]) == {"JCCo", "Job", "MailCity", "Certified"}
    assert set(r.columns["JCCM"]) == {"JCCo", "Contract", "BilledAmt"}


def test_column_score_rule():
    joins, fks = {"contract"}, {"contract", "taxgroup"}
    score = lambda **kw: column_score(Column(**{"type": "int", **kw}), joins, fks)  # noqa: E731
    assert score(name="Contract") > score(name="ContractAmt", description="amount") > score(name="ProjectMgr")
    assert score(name="JobStatus", values={"0": "pending"}) > score(name="LockPhases", values={"Y": "yes", "N": "no"})
    assert score(name="TaxGroup") > score(name="MailCity")  # a foreign key, even to a table not shown
    assert score(name="ContractAmt") > score(name="StartMonth", udt="bMonth") > score(name="MailCity")
    assert score(name="SubjToOnCostYN", udt="bYN") < score(name="ContractAmt")  # a flag is not money
    assert score(name="ActiveYN", udt="bYN") > score(name="LockPhases", udt="bYN")
    for junk in ("Notes", "UniqueAttchID", "KeyID", "udJobType", "AuditYN", "BatchId"):
        assert score(name=junk, description="described") < score(name="MailCity")


# ---- seeds ------------------------------------------------------------------------------------


def test_seed_changes_order_not_the_column_set(jc):
    base = render_ddl(jc, ["JCJM", "JCCM"])
    orders = set()
    for seed in range(6):
        r = render_ddl(jc, ["JCJM", "JCCM"], seed=seed)
        assert r.text == render_ddl(jc, ["JCJM", "JCCM"], seed=seed).text  # deterministic
        for name in ("JCJM", "JCCM"):
            assert sorted(r.columns[name]) == sorted(base.columns[name])
            assert r.columns[name][:2] == MUST[name]
        orders.add(tuple(r.columns["JCJM"]))
    assert len(orders) > 1


def test_seed_varies_ties_under_a_budget(jc):
    # JCJM's undescribed columns all score the same, so seeds pick different ones
    full = render_ddl(jc, ["JCJM"])
    sets = {frozenset(render_ddl(jc, ["JCJM"], budget=full.tokens - 25, seed=s).columns["JCJM"]) for s in range(8)}
    assert len(sets) > 1


# ---- the property: a needed column is never dropped ----------------------------------------


@st.composite
def render_case(draw):
    tables = draw(st.lists(st.sampled_from(["JCJM", "JCCM", "JCCT"]), min_size=1, max_size=3, unique=True))
    required = {}
    for t in tables:
        cols = JC_COLUMNS[t]
        required[t] = draw(st.lists(st.sampled_from(cols), max_size=len(cols), unique=True))
    budget = draw(st.integers(min_value=1, max_value=700))
    seed = draw(st.none() | st.integers(min_value=0, max_value=10_000))
    return tables, required, budget, seed


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(case=render_case())
def test_needed_columns_are_never_dropped(jc, case):
    tables, required, budget, seed = case
    r = render_ddl(jc, tables, required=required, budget=budget, seed=seed)
    for t in tables:
        printed = column_lines(r.text, t)
        assert printed == r.columns[t]
        for col in [*MUST[t], *required.get(t, [])]:
            assert col in printed
    if r.over_budget:
        assert r.tokens > budget
        assert all(set(r.columns[t]) == set(MUST[t]) | set(required[t]) for t in tables)
    else:
        assert r.tokens <= budget


# ---- the embedded catalog ------------------------------------------------------------------


def test_embedded_ap_tables(catalog):
    r = render_ddl(catalog, ["APTH", "APTD", "APVM"])
    assert r.columns["APTH"][:3] == ["APCo", "Mth", "APTrans"]
    assert r.columns["APVM"][:2] == ["VendorGroup", "Vendor"]  # group master: no company column
    assert "-- APTD.APCo = APTH.APCo AND APTD.Mth = APTH.Mth AND APTD.APTrans = APTH.APTrans" in r.text
    assert "-- APTH.VendorGroup = APVM.VendorGroup AND APTH.Vendor = APVM.Vendor" in r.text
    status = next(s for s in r.text.splitlines() if s.startswith("  Status "))
    assert "1=open, 2=on hold, 3=paid, 4=cleared" in status
    for name in ("APTH", "APTD", "APVM"):
        assert parsed_columns(block_of(r.text, name)) == catalog.table(name).column_names


@pytest.mark.parametrize("budget", [150, 400, 800])
def test_embedded_budget_keeps_what_the_answer_uses(catalog, budget):
    req = {"APTH": ["InvTotal", "DueDate"], "APTD": ["Amount", "Status"], "APVM": ["Name"]}
    r = render_ddl(catalog, ["APTD", "APTH", "APVM"], required=req, budget=budget, seed=budget)
    for t, cols in req.items():
        assert set(cols) <= set(column_lines(r.text, t))
    assert r.over_budget == (r.tokens > budget)


# ---- token counting ----------------------------------------------------------------------------

# Real Llama-3 counts, measured once with Meta's tokenizer.model (docs/ddl.md says how).
LLAMA3 = [
    ("  Status tinyint NOT NULL, -- payment status: 1=open, 2=on hold, 3=paid, 4=cleared", 31),
    ("-- APTD.APCo = APTH.APCo AND APTD.Mth = APTH.Mth AND APTD.APTrans = APTH.APTrans", 35),
    ("SELECT TOP 10 v.Name, SUM(h.InvTotal) AS Total FROM APTH h WITH (NOLOCK) JOIN APVM v WITH "
     "(NOLOCK) ON v.VendorGroup = h.VendorGroup AND v.Vendor = h.Vendor WHERE h.APCo = 1 GROUP BY "
     "v.Name ORDER BY Total DESC;", 67),
    ("Which vendors had the largest invoice totals in March 2024 for company 1?", 17),
    ("  UniqueAttchID uniqueidentifier,\n  KeyID bigint NOT NULL,\n  Notes varchar(max),", 20),
    ("  ContractAmt numeric(12,2) NOT NULL, -- current contract amount\n"
     "  BilledAmt numeric(12,2) NOT NULL, -- billed to date", 34),
]


@pytest.mark.parametrize(("text", "real"), LLAMA3)
def test_estimate_errs_slightly_high(text, real):
    assert real <= estimate_tokens(text) <= real * 1.25


@settings(max_examples=200, deadline=None)
@given(a=st.text(max_size=200), b=st.text(max_size=200))
def test_estimate_handles_any_text_and_grows(a, b):
    n = estimate_tokens(a)
    assert n >= (1 if a else 0)
    assert estimate_tokens(a + "\n" + b) >= n


def test_estimate_basics():
    assert estimate_tokens("") == 0
    assert estimate_tokens("1234567") >= 3  # digits go in groups of up to three
    assert estimate_tokens("APTH " * 50) > estimate_tokens("APTH " * 10)


def test_hf_counter_and_custom_counter(jc):
    class Tok:
        def encode(self, text, add_special_tokens=True):
            assert add_special_tokens is False
            return text.split()

    count = hf_counter(Tok())
    assert count("CREATE TABLE JCJM (") == 4
    r = render_ddl(jc, ["JCJM", "JCCM"], budget=60, counter=count)
    assert r.tokens == len(r.text.split()) <= 60 and not r.over_budget


# ---- CLI --------------------------------------------------------------------------------------

runner = CliRunner()
# The command on an app of its own, so these tests do not depend on the rest of `vgpt schema`.
schema_app = typer.Typer()
schema_app.callback()(lambda: None)
schema_app.command("ddl")(ddl_command)


def test_vgpt_schema_has_ddl_command():
    from vgpt.schema.cli import app

    assert "ddl" in [c.name for c in app.registered_commands]


def test_cli_json(jc_path):
    res = runner.invoke(schema_app, ["ddl", "JCJM", "JCCM", "--budget", "120", "--seed", "2",
                                     "--catalog", str(jc_path), "--json"])
    assert res.exit_code == 0, res.output
    out = json.loads(res.stdout)
    assert set(out) == {"ddl", "tokens", "columns", "omitted", "over_budget"}
    cat = load_catalog(jc_path)
    again = render_ddl(cat, ["JCJM", "JCCM"], budget=120, seed=2)
    assert out["ddl"] == again.text and out["tokens"] == again.tokens <= 120
    assert out["columns"] == again.columns and out["omitted"] == again.omitted


def test_cli_text_and_token_line(jc_path):
    res = runner.invoke(schema_app, ["ddl", "JCCT", "--catalog", str(jc_path)])
    assert res.exit_code == 0
    assert res.stdout.startswith("CREATE TABLE JCCT (\n  PhaseGroup tinyint NOT NULL,")
    assert f"{render_ddl(load_catalog(jc_path), ['JCCT']).tokens} tokens" in res.stderr


def test_cli_bad_table(jc_path):
    res = runner.invoke(schema_app, ["ddl", "JCJM", "JCXX", "--catalog", str(jc_path)])
    assert res.exit_code != 0 and isinstance(res.exception, VgptError)
    assert "unknown table 'JCXX'" in str(res.exception)
    res = runner.invoke(schema_app, ["ddl", "--catalog", str(jc_path)])
    assert isinstance(res.exception, VgptError)


def test_cli_for_sql_keeps_used_columns_and_adds_tables():
    sql = ("SELECT v.Name, d.Amount FROM APTD d WITH (NOLOCK) JOIN APTH h WITH (NOLOCK) "
           "ON h.APCo = d.APCo AND h.Mth = d.Mth AND h.APTrans = d.APTrans JOIN APVM v WITH (NOLOCK) "
           "ON v.VendorGroup = h.VendorGroup AND v.Vendor = h.Vendor WHERE d.APCo = 1 AND h.PayName IS NULL")
    res = runner.invoke(schema_app, ["ddl", "APVM", "--for-sql", sql, "--budget", "2000", "--json"])
    assert res.exit_code == 0, res.output
    out = json.loads(res.stdout)
    assert list(out["columns"])[0] == "APVM" and set(out["columns"]) == {"APVM", "APTD", "APTH"}
    assert {"Name"} <= set(out["columns"]["APVM"])
    assert {"Amount"} <= set(out["columns"]["APTD"])
    assert {"PayName", "VendorGroup", "Vendor"} <= set(out["columns"]["APTH"])


def test_cli_for_sql_from_stdin_and_bad_sql():
    sql = "SELECT InvTotal FROM APTH WITH (NOLOCK) WHERE APCo = 1"
    res = runner.invoke(schema_app, ["ddl", "--for-sql", "-", "--budget", "1"], input=sql)
    assert res.exit_code == 0
    assert "InvTotal" in res.stdout and "OVER BUDGET" in res.stderr
    res = runner.invoke(schema_app, ["ddl", "--for-sql", "SELECT GrossAmt FROM APTH WHERE APCo = 1"])
    assert isinstance(res.exception, VgptError) and "GrossAmt" in str(res.exception)
    res = runner.invoke(schema_app, ["ddl", "--for-sql", "SELECT * FROM APTHX"])
    assert isinstance(res.exception, VgptError) and "APTHX" in str(res.exception)


@pytest.fixture(scope="module")
def jc_path(tmp_path_factory):
    path = tmp_path_factory.mktemp("cli") / "jc.yaml"
    path.write_text(JC_YAML)
    return path
