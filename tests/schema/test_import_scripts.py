"""The SSMS script importer: batches, encodings, DDL reading, naming rules, CLI, merge, scale."""

from __future__ import annotations

import codecs
import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from vgpt.errors import VgptError
from vgpt.schema.catalog import load_catalog
from vgpt.schema.importers import import_scripts, merge_catalog
from vgpt.schema.importers.ddl import parse_batch
from vgpt.schema.importers.objects import ColumnDef, KeyDef, Skipped, TableDef, TypeDef, ViewDef
from vgpt.schema.importers.scripts import import_scripts_with_summary
from vgpt.schema.importers.sqlfile import decode_sql, split_batches
from vgpt.schema.model import Catalog, Column, Module, Relationship, Table

FIXTURES = Path(__file__).parent / "fixtures"
SCRIPTS = FIXTURES / "scripts"


@pytest.fixture(scope="module")
def imported() -> tuple[Catalog, dict]:
    return import_scripts_with_summary(SCRIPTS)


# --- batches and encodings -------------------------------------------------------------


@pytest.mark.parametrize("separator", ["GO", "go", "  Go  ", "GO 2", "GO -- done", "GO\t-- x"])
def test_go_lines_split_batches(separator):
    batches = split_batches(f"SELECT 1\n{separator}\nSELECT 2\n")
    assert [b.text.strip() for b in batches] == ["SELECT 1", "SELECT 2"]
    assert batches[1].line == 3


@pytest.mark.parametrize(
    "text",
    [
        "SELECT 'a\nGO\nb'\n",  # inside a string
        "SELECT 1 /* a\nGO\n*/\n",  # inside a comment
        "SELECT 1 /* a /* nested */\nGO\n*/\n",  # inside a nested comment
        "SELECT 'it''s\nGO\n'\n",  # after an escaped quote, still inside
        "SELECT [a]]\nGO\n]\n",  # inside a bracketed name with an escaped ]
        "GOTO done\nGO_ON\nGO x\n",  # words that only start with GO
    ],
)
def test_go_inside_strings_and_comments_does_not_split(text):
    assert len(split_batches(text)) == 1


def test_go_after_a_line_comment_still_splits():
    assert len(split_batches("SELECT 1 -- it's fine\nGO\nSELECT 2\n")) == 2


def test_decode_boms_and_heuristics(tmp_path):
    text = "CREATE TABLE [dbo].[bAPTH] ([APCo] tinyint) -- é\n"
    path = tmp_path / "x.sql"
    assert decode_sql(codecs.BOM_UTF16_LE + text.encode("utf-16-le"), path) == text
    assert decode_sql(codecs.BOM_UTF16_BE + text.encode("utf-16-be"), path) == text
    assert decode_sql(text.encode("utf-16-le"), path) == text  # no BOM: NUL bytes tell
    assert decode_sql(text.encode("utf-16-be"), path) == text
    assert decode_sql(codecs.BOM_UTF8 + text.encode("utf-8"), path) == text
    assert decode_sql(text.encode("utf-8"), path) == text
    assert decode_sql(text.encode("cp1252"), path) == text


def test_binary_content_is_not_sql(tmp_path):
    with pytest.raises(VgptError, match="binary"):
        decode_sql(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", tmp_path / "x.sql")


# --- one batch -> objects ----------------------------------------------------------------


@pytest.mark.parametrize(
    "sql",
    [
        "CREATE view [dbo].[APTH] as select a.* From bAPTH a",
        "CREATE VIEW dbo.APTH AS SELECT * FROM dbo.bAPTH",
        "create   view\n [APTH]\n-- note\nAS /* x */ SELECT a.* FROM [dbo].[bAPTH] AS a WITH (NOLOCK)",
        "/****** Object:  View [dbo].[APTH] ******/\nCREATE VIEW [dbo].[APTH] AS\nSELECT *\nFROM bAPTH\nWHERE 1 = 1",
    ],
)
def test_one_to_one_view_spellings(sql):
    assert parse_batch(sql) == [ViewDef("APTH", "bAPTH")]


@pytest.mark.parametrize(
    "sql",
    [
        "CREATE VIEW dbo.brvAPTH AS SELECT * FROM bAPTH",  # reporting view
        "CREATE VIEW dbo.APX AS SELECT a.* FROM bAPTH a JOIN bAPTD d ON d.APCo = a.APCo",
        "CREATE VIEW dbo.APX AS SELECT a.APCo FROM bAPTH a",  # a column list, not a.*
        "CREATE VIEW dbo.APX AS SELECT DISTINCT * FROM bAPTH",
        "CREATE VIEW dbo.APX AS SELECT * FROM other.bAPTH",
    ],
)
def test_other_views_have_no_base(sql):
    [view] = parse_batch(sql)
    assert isinstance(view, ViewDef) and view.base is None


def test_create_type_nullability():
    assert parse_batch("CREATE TYPE [dbo].[bDollar] FROM [numeric](12, 2) NULL") == [
        TypeDef("bDollar", "numeric(12,2)", True)
    ]
    assert parse_batch("CREATE TYPE dbo.bYN FROM char(1) NOT NULL") == [TypeDef("bYN", "char(1)", False)]


def test_unique_clustered_index_is_a_key_and_other_indexes_are_not():
    sql = "CREATE UNIQUE CLUSTERED INDEX [biAPTH] ON [dbo].[bAPTH] ([APCo] ASC, [Mth] ASC, [APTrans] ASC)"
    assert parse_batch(sql) == [KeyDef("bAPTH", ["APCo", "Mth", "APTrans"])]
    for other in ("CREATE UNIQUE NONCLUSTERED INDEX [x] ON [dbo].[bAPTH] ([KeyID])",
                  "CREATE CLUSTERED INDEX [x] ON [dbo].[bAPTH] ([APCo])"):
        assert parse_batch(other) == [Skipped("index")]


def test_token_fallback_reads_a_table_sqlglot_cannot_parse():
    columns = ("[APCo] [dbo].[bCompany] NOT NULL, [Notes] [varchar](max) NULL, "
               "[KeyID] [bigint] IDENTITY(1,1) NOT NULL, [InvTotal] [numeric](12, 2) "
               "CONSTRAINT [DF] DEFAULT ((0)), CONSTRAINT [PK] PRIMARY KEY CLUSTERED ([APCo] ASC)")
    plain = parse_batch(f"CREATE TABLE [dbo].[bAPTH]({columns}) ON [PRIMARY]")
    odd = parse_batch(f"CREATE TABLE [dbo].[bAPTH]({columns}, [UniqueAttchID] [uniqueidentifier] "
                      "ROWGUIDCOL NULL) ON [PRIMARY]")
    assert isinstance(plain[0], TableDef) and isinstance(odd[0], TableDef)
    assert odd[0].columns[:-1] == plain[0].columns  # both readers agree column for column
    assert odd[0].key == plain[0].key == ["APCo"]
    assert odd[0].columns[-1].type_name == "uniqueidentifier"
    assert [c.type_args for c in plain[0].columns] == ["", "max", "", "12,2"]


EXISTS = "IF NOT EXISTS (SELECT * FROM sys.objects WHERE object_id = OBJECT_ID(N'[dbo].[bAPTH]'))\n"
QUOTED_VIEW = "N'CREATE view [dbo].[APTH] as select a.* From bAPTH a where a.OpenYN = ''Y'''"
QUOTED_TRIGGER = "N'CREATE trigger t on bAPTH for DELETE as select ''CREATE TABLE x (a int)'''"


@pytest.mark.parametrize(
    ("sql", "expected"),
    [
        (EXISTS + "BEGIN\nCREATE TABLE [dbo].[bAPTH](\n\t[APCo] [dbo].[bCompany] NOT NULL\n) ON [PRIMARY]\nEND",
         TableDef("bAPTH", [ColumnDef("APCo", "bCompany", "", False)])),
        (EXISTS + "EXEC dbo.sp_executesql @statement = " + QUOTED_VIEW, ViewDef("APTH", "bAPTH")),
        ("EXEC dbo.sp_executesql @statement = N'CREATE VIEW dbo.APTH AS SELECT * FROM bAPTH'",
         ViewDef("APTH", "bAPTH")),
        (EXISTS + "CREATE TYPE [dbo].[bCompany] FROM [tinyint] NULL", TypeDef("bCompany", "tinyint")),
        (EXISTS + "CREATE UNIQUE CLUSTERED INDEX [biAPTH] ON [dbo].[bAPTH] ([APCo] ASC)",
         KeyDef("bAPTH", ["APCo"])),
        (EXISTS + "EXEC dbo.sp_executesql @statement = " + QUOTED_TRIGGER, Skipped("trigger")),
        (EXISTS + "DROP TABLE [dbo].[bAPTH]", Skipped("if")),
    ],
)
def test_existence_checked_scripts(sql, expected):
    """SSMS's "check for object existence" option wraps each object in IF NOT EXISTS."""
    assert parse_batch(sql) == [expected]


def test_comment_only_batches_declare_nothing():
    assert parse_batch("/****** Object:  Table [dbo].[bAPTH] ******/\n-- end\n") == []
    long_comment = "/*" + "CREATE TABLE bX (a int)\n" * 200 + "*/\nCREATE TYPE dbo.bYN FROM char(1) NOT NULL"
    assert parse_batch(long_comment) == [TypeDef("bYN", "char(1)", False)]


def test_routines_are_skipped_unparsed():
    body = "CREATE TRIGGER t ON bAPTH FOR INSERT AS BEGIN SELECT 'CREATE TABLE x (a int)' END"
    assert parse_batch(body) == [Skipped("trigger")]
    assert parse_batch("create proc dbo.p as select 1") == [Skipped("procedure")]


# --- the fixture folder -----------------------------------------------------------------


def test_tables_and_view_names(imported):
    catalog, summary = imported
    assert sorted(catalog.tables) == ["APTD", "APTH", "APVM", "bHQMA"]
    assert {t.name: t.base for t in catalog.tables.values()}["APTH"] == "bAPTH"
    assert catalog.table("bHQMA").name == "bHQMA"  # no one-to-one view: keeps its base name
    assert {t.name: t.module for t in catalog.tables.values()} == {
        "APTD": "AP", "APTH": "AP", "APVM": "AP", "bHQMA": "HQ"}
    assert summary["views_mapped"] == 3 and summary["other_views"] == 2
    assert summary["files"] == 7 and summary["types"] == 12
    assert summary["skipped"]["trigger"] == 2 and summary["skipped"]["procedure"] == 1


def test_nothing_from_trigger_or_procedure_bodies_leaks(imported):
    catalog, _ = imported
    for name in ("bNotATable", "bAlsoNotATable", "bNotHere", "NotAView", "NotHere"):
        assert catalog.table(name) is None


def test_types_and_udts(imported):
    catalog, _ = imported
    apth = catalog.table("APTH")
    assert (apth.column("APCo").type, apth.column("APCo").udt) == ("tinyint", "bCompany")
    assert (apth.column("InvTotal").type, apth.column("InvTotal").udt) == ("numeric(12,2)", "bDollar")
    assert (apth.column("InvId").type, apth.column("InvId").udt) == ("char(10)", None)
    assert apth.column("Notes").type == "varchar(max)"
    assert catalog.udt["bYN"] == "char(1)" and catalog.udt["bAPReference"] == "varchar(15)"
    assert catalog.table("bHQMA").column("KeyString").type == "varchar(1000)"
    assert catalog.table("bHQMA").column("DateTime").type == "datetime"


def test_nullability_and_identity(imported):
    catalog, _ = imported
    apth, apvm = catalog.table("APTH"), catalog.table("APVM")
    assert not apth.column("APCo").nullable and apth.column("Description").nullable
    assert apth.column("KeyID").identity and not apth.column("KeyID").nullable
    assert not apth.column("APTrans").identity
    assert apvm.column("Name").nullable  # unspecified: NULL
    assert not apvm.column("TempYN").nullable  # unspecified: its type bYN is NOT NULL
    assert apvm.column("Purge").nullable  # stated NULL wins over the type
    assert apvm.column("KeyID").identity


def test_keys_and_company(imported):
    catalog, _ = imported
    assert catalog.table("APTH").key == ["APCo", "Mth", "APTrans"]  # unique clustered index
    assert catalog.table("APTD").key == ["APCo", "Mth", "APTrans", "APLine", "APSeq"]  # PK constraint
    assert catalog.table("APVM").key == ["VendorGroup", "Vendor"]  # ALTER TABLE ADD PRIMARY KEY
    assert catalog.table("bHQMA").key == []  # clustered but not unique
    assert catalog.table("APTH").company == "APCo"
    assert catalog.table("APVM").company is None  # key starts with a bGroup column
    assert catalog.table("bHQMA").company is None


def test_extended_properties_become_descriptions(imported):
    catalog, summary = imported
    assert catalog.table("APTH").description == "AP transaction header"
    assert catalog.table("APTD").column("APSeq").description == "pay sequence within the line"
    assert catalog.table("APTD").column("APLine").description is None
    assert summary["descriptions"] == 2


def test_one_object_per_file_or_many(tmp_path):
    text = (SCRIPTS / "Misc" / "hq.sql").read_text() + (SCRIPTS / "Tables" / "AP" / "dbo.bAPTD.Table.sql").read_text()
    (tmp_path / "all.sql").write_text(text)
    catalog = import_scripts(tmp_path)
    assert sorted(catalog.tables) == ["bAPTD", "bHQMA"]
    assert catalog.table("bAPTD").columns[5].udt == "bDollar"  # no CREATE TYPE: unresolved
    assert catalog.table("bAPTD").columns[5].type == "bDollar"


def test_progress_is_reported_per_file():
    seen = []
    import_scripts(SCRIPTS, progress=lambda done, total, path: seen.append((done, total, path.suffix)))
    assert seen[-1][:2] == (7, 7) and [s[0] for s in seen] == list(range(1, 8))


# --- bad input --------------------------------------------------------------------------


def test_missing_and_empty_folders(tmp_path):
    with pytest.raises(VgptError, match="no such folder"):
        import_scripts(tmp_path / "nope")
    with pytest.raises(VgptError, match=r"no \.sql files"):
        import_scripts(tmp_path)


def test_folder_without_create_table(tmp_path):
    (tmp_path / "v.sql").write_text("CREATE VIEW dbo.APTH AS SELECT * FROM bAPTH\nGO\n")
    with pytest.raises(VgptError, match="no CREATE TABLE"):
        import_scripts(tmp_path)


def test_prose_is_not_sql_and_names_file_and_line(tmp_path):
    (tmp_path / "a.sql").write_text("CREATE TABLE bX (a int)\nGO\n\nThese are my notes.\n")
    with pytest.raises(VgptError) as err:
        import_scripts(tmp_path)
    assert f"{tmp_path / 'a.sql'}:4:" in str(err.value) and "not a SQL script" in str(err.value)


def test_unreadable_file_is_named(tmp_path, monkeypatch):
    (tmp_path / "a.sql").write_text("CREATE TABLE bX (a int)\n")
    bad = tmp_path / "b.sql"
    bad.write_text("CREATE TABLE bY (a int)\n")
    real = Path.read_bytes

    def read_bytes(self):
        if self == bad:
            raise PermissionError(13, "Permission denied")
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    with pytest.raises(VgptError, match="b.sql: cannot read file"):
        import_scripts(tmp_path)


# --- CLI ----------------------------------------------------------------------------------


def _cli():
    from vgpt.cli import _register, app

    _register()
    return app


def test_cli_writes_catalog_and_json_summary(tmp_path):
    out = tmp_path / "catalog.yaml"
    result = CliRunner().invoke(_cli(), ["schema", "import", "--from-scripts", str(SCRIPTS),
                                         "--out", str(out), "--json", "--no-merge"])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert summary["tables"] == 4 and summary["modules"] == {"AP": 3, "HQ": 1}
    written = load_catalog(out)
    assert written.table("APTH").key == ["APCo", "Mth", "APTrans"]
    assert written.table("APVM").column("TempYN").udt == "bYN"


def test_cli_merges_the_embedded_catalog_by_default(tmp_path):
    out = tmp_path / "catalog.yaml"
    result = CliRunner().invoke(_cli(), ["schema", "import", "--from-scripts", str(SCRIPTS),
                                         "--out", str(out), "--json"])
    assert result.exit_code == 0, result.output
    embedded, written = load_catalog(), load_catalog(out)
    for name in ("APTH", "APTD", "APVM"):
        ref = embedded.table(name)
        if ref is not None:
            assert written.table(name).description == ref.description
    for rel in written.relationships:  # only relationships the import can hold
        assert written.table(rel.from_table) and written.table(rel.to_table)


def test_cli_bad_input_exits_2_with_one_line_and_writes_nothing(tmp_path):
    out = tmp_path / "catalog.yaml"
    (tmp_path / "notes.sql").write_text("Hello, this is not SQL\n")
    proc = subprocess.run([sys.executable, "-m", "vgpt.cli", "schema", "import", "--from-scripts",
                           str(tmp_path), "--out", str(out)], capture_output=True, text=True)
    assert proc.returncode == 2
    assert "notes.sql:1: not a SQL script" in proc.stderr and "Traceback" not in proc.stderr
    assert not out.exists()


def test_cli_needs_exactly_one_source(tmp_path):
    result = CliRunner().invoke(_cli(), ["schema", "import", "--out", str(tmp_path / "c.yaml")])
    assert isinstance(result.exception, VgptError)


# --- merge ------------------------------------------------------------------------------


def _col(name, udt=None, description=None, values=None):
    return Column(name=name, type="tinyint", udt=udt, description=description, values=values)


def test_merge_keeps_curated_knowledge_where_names_match(imported):
    catalog, _ = imported
    ref = Catalog(
        modules={"AP": Module(code="AP", title="Accounts Payable", notes="vendor groups")},
        tables={
            "APTH": Table(name="APTH", base="bAPTH", module="AP", description="invoice headers",
                          key=["APCo"], company="APCo",
                          columns=[_col("APCo", "bCompany", "AP company"), _col("PayMethod", values={"C": "check"}),
                                   _col("Mth"), _col("APTrans"), _col("VendorGroup"), _col("Vendor")]),
            "APVM": Table(name="APVM", base="bAPVM", module="AP", company=None,
                          columns=[_col("VendorGroup"), _col("Vendor"), _col("Missing")]),
            "APTL": Table(name="APTL", base="bAPTL", module="AP", columns=[_col("APCo")]),
        },
        relationships=[
            Relationship(from_table="APTH", to_table="APVM", join={"VendorGroup": "VendorGroup", "Vendor": "Vendor"}),
            Relationship(from_table="APTL", to_table="APTH", join={"APCo": "APCo"}),  # APTL not imported
            Relationship(from_table="APVM", to_table="APTH", join={"Missing": "APCo"}),  # no such column
        ],
    )
    merged = merge_catalog(catalog, ref)
    apth = merged.table("APTH")
    assert apth.description == "invoice headers"
    assert apth.column("APCo").description == "AP company"
    assert apth.column("PayMethod").values == {"C": "check"}
    assert apth.key == ["APCo", "Mth", "APTrans"]  # keys and types stay as imported
    assert merged.modules["AP"].title == "Accounts Payable" and merged.modules["AP"].notes == "vendor groups"
    assert merged.modules["HQ"].title == "HQ"
    assert [(r.from_table, r.to_table) for r in merged.relationships] == [("APTH", "APVM")]
    assert merged.table("bHQMA") == catalog.table("bHQMA")  # not in the reference: unchanged


def test_merge_fills_a_missing_key_from_the_reference(imported):
    catalog, _ = imported
    hqma = [_col("TableName"), _col("DateTime"), _col("AuditID")]
    ref = Catalog(tables={
        "HQMA": Table(name="HQMA", base="bHQMA", module="HQ", key=["AuditID"], columns=hqma),
        "APTH": Table(name="APTH", base="bAPTH", module="AP", key=["APCo"], columns=[_col("APCo")]),
    })
    merged = merge_catalog(catalog, ref)
    assert catalog.table("bHQMA").key == [] and merged.table("bHQMA").key == ["AuditID"]
    assert merged.table("APTH").key == ["APCo", "Mth", "APTrans"]  # the import's own key stays


def test_merge_company_override(imported):
    catalog, _ = imported
    ref = Catalog(tables={"APTD": Table(name="APTD", base="bAPTD", module="AP", company=None,
                                        columns=[_col("APCo")])})
    assert catalog.table("APTD").company == "APCo"
    assert merge_catalog(catalog, ref).table("APTD").company is None


# --- a whole Vista dump -------------------------------------------------------------------


def _dump_module():
    spec = importlib.util.spec_from_file_location("ssms_dump", FIXTURES / "ssms_dump.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_whole_vista_dump_round_trips(vista_facts, tmp_path):
    counts = _dump_module().write_dump(vista_facts, tmp_path)
    longest = max(len(p.read_bytes().decode("utf-16", "ignore").splitlines()) if p.read_bytes()[:2] == codecs.BOM_UTF16_LE
                  else len(p.read_bytes().splitlines()) for p in tmp_path.rglob("*.sql"))
    assert longest > 1000 and counts["tables"] > 750 and counts["views"] > 700
    catalog, summary = import_scripts_with_summary(tmp_path)
    assert summary["tables"] == len(vista_facts["tables"])
    assert summary["types"] == len(vista_facts["udt"]) and catalog.udt == vista_facts["udt"]
    assert summary["views_mapped"] + summary["alias_views"] == len(vista_facts["views"])
    assert summary["other_views"] == counts["report_views"]
    for base, fact in vista_facts["tables"].items():
        table = catalog.table(base)
        assert table is not None and table.base == base and table.module == fact["module"]
        got = [(c.name, c.type, c.udt, c.nullable, c.identity) for c in table.columns]
        want = [(c["name"], c["type"], c["vista_type"], c["nullable"], c["identity"]) for c in fact["columns"]]
        assert got == want, base
        assert table.key == (fact["key"] or []), base
    for view, base in vista_facts["views"].items():
        name = catalog.table(base).name
        assert name == view or view.lower() != base[1:].lower(), (view, base)
