"""The embedded catalog against Vista itself: real names, complete columns, codes, joins, notes.

The first group needs no facts file; the second compares with ../shared/vista/vista_facts.json
and skips where that file is absent.
"""

from __future__ import annotations

from pathlib import Path

REQUIRED = (
    "APTH APTD APTL APHD APVM APCO ARTH ARTL ARCM ARCO JCJM JCJP JCCH JCCD JCCP JCCM JCCI JCID "
    "JCCT JCCO SLHD SLIT SLCD SLWI SLCO GLAC GLDT GLBL GLCO GLFP PREH PRTH PRDT PREA PRCO POHD "
    "POIT HQCO CMDT EMEM"
).split()

# Group-keyed masters: shared by every company of a group, so no company column to filter on.
GROUP_MASTERS = {"APVM": "VendorGroup", "ARCM": "CustGroup", "JCCT": "PhaseGroup", "HQMT": "MatlGroup"}

# Joins that every reporting query relies on, as Vista defines them.
CORE_JOINS = [
    ("APTD", "APTH", {"APCo": "APCo", "Mth": "Mth", "APTrans": "APTrans"}),
    ("APTL", "APTH", {"APCo": "APCo", "Mth": "Mth", "APTrans": "APTrans"}),
    ("APTH", "APVM", {"VendorGroup": "VendorGroup", "Vendor": "Vendor"}),
    ("JCCD", "JCCH", {"JCCo": "JCCo", "Job": "Job", "PhaseGroup": "PhaseGroup", "Phase": "Phase", "CostType": "CostType"}),
    ("JCJM", "JCCM", {"JCCo": "JCCo", "Contract": "Contract"}),
    ("SLIT", "SLHD", {"SLCo": "SLCo", "SL": "SL"}),
    ("ARTH", "ARCM", {"CustGroup": "CustGroup", "Customer": "Customer"}),
    ("GLDT", "GLAC", {"GLCo": "GLCo", "GLAcct": "GLAcct"}),
    ("PRTH", "PREH", {"PRCo": "PRCo", "Employee": "Employee"}),
    ("POIT", "POHD", {"POCo": "POCo", "PO": "PO"}),
]

# Codes Vista really uses; a wrong code here makes every generated WHERE clause wrong.
KNOWN_CODES = {
    ("APTD", "Status"): {"1": "open", "2": "on hold", "3": "paid", "4": "cleared"},
    ("JCJM", "JobStatus"): {"0": "pending", "1": "open", "2": "soft-closed", "3": "hard-closed"},
    ("SLHD", "Status"): {"0": "open", "1": "complete", "2": "closed", "3": "pending"},
    ("POHD", "Status"): {"0": "open", "1": "complete", "2": "closed", "3": "pending"},
}


def _module_prefix_company(table) -> str | None:
    """The module's own company column (APCo on an AP table) when it scopes the rows.

    A nullable company column outside the key (ARCN.ARCo on a customer note) is optional
    information, not the table's scope.
    """
    col = table.column(table.name[:2] + "Co")
    if col is None or col.udt != "bCompany":
        return None
    return col.name if col.name in table.key or not col.nullable else None


# -- without the facts file ---------------------------------------------------------------


def test_catalog_is_wide_enough(catalog):
    assert len(catalog.tables) >= 120
    modules = {t.module for t in catalog.tables.values()}
    assert len(modules) >= 10
    assert len(catalog.relationships) >= 150


def test_required_tables_are_present(catalog):
    missing = [name for name in REQUIRED if catalog.table(name) is None]
    assert missing == []


def test_module_tables_name_their_company_column(catalog):
    wrong = []
    for t in catalog.tables.values():
        own = _module_prefix_company(t)
        if own and t.company != own:
            wrong.append((t.name, t.company, own))
    assert wrong == []


def test_group_masters_have_no_company_and_are_keyed_by_group(catalog):
    for name, group in GROUP_MASTERS.items():
        table = catalog.table(name)
        assert table.company is None, name
        assert table.key[0] == group, name


def test_every_table_has_key_and_description(catalog):
    for t in catalog.tables.values():
        assert t.key, t.name
        assert t.description, t.name
        assert t.base.lower() == "b" + t.name.lower(), t.name


def test_coded_columns_have_codes_and_yes_no_columns_say_so(catalog):
    for t in catalog.tables.values():
        for c in t.columns:
            if c.values is not None:
                assert c.values and all(k and m for k, m in c.values.items()), (t.name, c.name)
            if c.udt == "bYN":
                assert set(c.values or {}) == {"Y", "N"}, (t.name, c.name)


def test_known_vista_codes(catalog):
    for (table, column), codes in KNOWN_CODES.items():
        assert catalog.column(table, column).values == codes, (table, column)
    assert set(catalog.column("GLAC", "AcctType").values) == set("ALCIEM")
    assert set(catalog.column("APTL", "LineType").values) >= {str(n) for n in range(1, 8)}
    assert set(catalog.column("ARTH", "ARTransType").values) == set("IACWFPRM")


def test_core_joins_are_declared(catalog):
    declared = {(r.from_table, r.to_table, tuple(sorted(r.join.items()))) for r in catalog.relationships}
    for frm, to, join in CORE_JOINS:
        assert (frm, to, tuple(sorted(join.items()))) in declared, (frm, to)


def test_relationships_point_at_the_parent_key(catalog):
    # many-to-one: the joined parent columns must cover the parent's natural key
    for r in catalog.relationships:
        parent = catalog.table(r.to_table)
        joined = {c.lower() for c in r.join.values()}
        assert {k.lower() for k in parent.key} <= joined, (r.from_table, r.to_table, r.join)


# Nullable in Vista's DDL, yet always filled: their parents are guaranteed.
ALWAYS_FILLED = {("SLIT", "SL"), ("SLCD", "SL"), ("SLWI", "SL"), ("JCCM", "JCCo"), ("JBIN", "JBCo")}


def _type_family(sql_type: str) -> str:
    t = sql_type.lower()
    return next((f for f in ("char", "int", "numeric", "date", "uniqueidentifier") if f in t), t)


def test_joined_columns_have_compatible_types(catalog):
    # text never joins a number, nor a date: such a pair is a wrongly matched column
    for r in catalog.relationships:
        child, parent = catalog.table(r.from_table), catalog.table(r.to_table)
        for a, b in r.join.items():
            fa, fb = _type_family(child.column(a).type), _type_family(parent.column(b).type)
            assert fa == fb, (r.from_table, a, r.to_table, b)


def test_optional_relationships_are_marked(catalog):
    # a parent reached through a nullable column cannot be guaranteed
    for r in catalog.relationships:
        child = catalog.table(r.from_table)
        loose = [c for c in r.join if child.column(c).nullable and (child.name, c) not in ALWAYS_FILLED]
        if loose:
            assert not r.required, (r.from_table, r.to_table, r.join)


def test_each_column_is_one_flow_line_for_review(catalog):
    folder = Path(__file__).resolve().parents[2] / "src" / "vgpt" / "schema" / "catalog"
    for code in catalog.modules:
        lines = (folder / f"{code.lower()}.yaml").read_text().splitlines()
        column_lines = [ln for ln in lines if ln.startswith("      - {name: ")]
        assert len(column_lines) == sum(len(t.columns) for t in catalog.tables_in(code)), code


def test_every_module_has_notes_and_tables(catalog):
    for code, module in catalog.modules.items():
        assert module.notes and len(module.notes.split(". ")) >= 3, code
        assert catalog.tables_in(code), code


# -- against the reference facts ----------------------------------------------------------


def test_names_types_and_nullability_match_vista(catalog, vista_facts):
    for t in catalog.tables.values():
        assert vista_facts["views"].get(t.name) == t.base, t.name
        fact = vista_facts["tables"][t.base]
        expected = [
            (c["name"], c["type"], c["vista_type"], c["nullable"], c["identity"]) for c in fact["columns"]
        ]
        actual = [(c.name, c.type, c.udt, c.nullable, c.identity) for c in t.columns]
        assert actual == expected, t.name


def test_keys_match_vista(catalog, vista_facts):
    for t in catalog.tables.values():
        fact_key = vista_facts["tables"][t.base]["key"]
        if fact_key:
            assert t.key == fact_key, t.name
        else:  # the facts have no unique index: ours must at least be real columns
            assert all(t.has_column(k) for k in t.key), t.name


def test_udt_names_are_known(catalog, vista_facts):
    for t in catalog.tables.values():
        for c in t.columns:
            if c.udt:
                assert c.udt in vista_facts["udt"], (t.name, c.name, c.udt)


def test_embedded_yaml_is_what_the_seed_tool_writes(vista_facts, tmp_path):
    # a hand edit to the YAML would be lost the next time the tool runs: keep them in step
    import importlib.util
    import sys

    root = Path(__file__).resolve().parents[2]
    spec = importlib.util.spec_from_file_location("catalog_seed", root / "tools" / "catalog_seed.py")
    seed = importlib.util.module_from_spec(spec)
    sys.modules["catalog_seed"] = seed  # dataclasses look their module up while being built
    try:
        spec.loader.exec_module(seed)
        facts = root.parent / "shared" / "vista" / "vista_facts.json"
        seed.main(["--facts", str(facts), "--out", str(tmp_path)])
    finally:
        del sys.modules["catalog_seed"]
    embedded = root / "src" / "vgpt" / "schema" / "catalog"
    written = sorted(p.name for p in tmp_path.glob("*.yaml"))
    assert written == sorted(p.name for p in embedded.glob("*.yaml") if p.name != "types.yaml")
    for name in written:
        assert (tmp_path / name).read_text() == (embedded / name).read_text(), name
