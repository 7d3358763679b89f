"""Catalogs for the SQL checker tests: a hand-written one, and one built from vista_facts.json."""

from __future__ import annotations

from pathlib import Path

import pytest

from vgpt.schema.catalog import load_catalog
from vgpt.schema.model import Catalog, Column, Relationship, Table

HERE = Path(__file__).parent
FACT_TABLES = [
    "APTH", "APTD", "APTL", "APVM", "JCJM", "JCCD", "JCCP", "JCCH", "JCCM", "JCCI", "JCJP", "JCCT",
    "SLHD", "SLIT", "ARTH", "ARTL", "ARCM", "GLDT", "GLAC", "GLBL", "PREH", "PRTH", "HQCO", "POHD", "POIT",
]
FACT_RELATIONSHIPS = [
    ("APTD", "APTH", ["APCo", "Mth", "APTrans"]),
    ("APTL", "APTH", ["APCo", "Mth", "APTrans"]),
    ("APTH", "APVM", ["VendorGroup", "Vendor"]),
    ("JCCD", "JCJM", ["JCCo", "Job"]),
]


@pytest.fixture(scope="session")
def small_catalog() -> Catalog:
    return load_catalog(HERE / "catalog.yaml")


@pytest.fixture(scope="session")
def facts_catalog(vista_facts) -> Catalog:
    """The tables the corpora use, straight from the reference facts (skips without them)."""
    tables = {}
    for name in FACT_TABLES:
        base = f"b{name}"
        fact = vista_facts["tables"][base]
        columns = [Column(name=c["name"], type=c["type"], nullable=c["nullable"]) for c in fact["columns"]]
        names = {c.name for c in columns}
        company = f"{fact['module']}Co" if f"{fact['module']}Co" in names else None
        tables[name] = Table(name=name, base=base, module=fact["module"], key=fact["key"] or [],
                             company=company, columns=columns)
    rels = [Relationship(**{"from": a, "to": b, "join": {c: c for c in cols}}) for a, b, cols in FACT_RELATIONSHIPS]
    return Catalog(tables=tables, relationships=rels)
