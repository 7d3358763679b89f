"""Nearest real names for an unknown table or column, for error messages and the checker."""

from __future__ import annotations

import difflib

from vgpt.schema.model import Catalog


def nearest_tables(catalog: Catalog, name: str, n: int = 3) -> list[str]:
    names = list(catalog.tables)
    lowered = {t.lower(): t for t in names}
    hits = difflib.get_close_matches(name.lower(), list(lowered), n=n, cutoff=0.5)
    return [lowered[h] for h in hits]


# Words people use for a table, mapped to the Vista tables that hold it (only those in the catalog
# are ever suggested).
SYNONYMS: dict[str, list[str]] = {
    "invoice": ["APTH", "ARTH"],
    "bill": ["APTH"],
    "payable": ["APTH"],
    "payment": ["APTD"],
    "vendor": ["APVM"],
    "supplier": ["APVM"],
    "customer": ["ARCM"],
    "receivable": ["ARTH"],
    "job": ["JCJM"],
    "project": ["JCJM"],
    "contract": ["JCCM"],
    "phase": ["JCJP"],
    "cost": ["JCCD", "JCCP"],
    "subcontract": ["SLHD", "SLIT"],
    "employee": ["PREH"],
    "payroll": ["PRTH"],
    "timecard": ["PRTH"],
    "ledger": ["GLDT"],
    "journal": ["GLDT"],
    "account": ["GLAC"],
    "purchase": ["POHD", "POIT"],
    "company": ["HQCO"],
}


def synonym_tables(catalog: Catalog, name: str) -> list[str]:
    """Catalog tables named by a word inside ``name`` (``APInvoices`` -> APTH, ARTH)."""
    lowered = name.lower()
    out: list[str] = []
    for word, tables in SYNONYMS.items():
        if word in lowered:
            out += [t.name for t in map(catalog.table, tables) if t is not None and t.name not in out]
    return out


def nearest_columns(
    catalog: Catalog, table: str, name: str, n: int = 3, prefer: list[str] | tuple[str, ...] = ()
) -> list[str]:
    """Real "TABLE.Column" names for an unknown ``table.name``.

    Tables that do have a column of exactly that name come first when they are already in the
    query (``prefer``) or one join away from ``table``; then close spellings inside ``table``;
    then other tables with that exact column.
    """
    home = catalog.table(table)
    related = [t.lower() for t in [*prefer, *(catalog.neighbors(home.name) if home else [])]]
    exact = [t for t in catalog.tables.values() if t.has_column(name) and t is not home]
    exact.sort(key=lambda t: related.index(t.name.lower()) if t.name.lower() in related else len(related))
    near_exact = [f"{t.name}.{t.column(name).name}" for t in exact if t.name.lower() in related]
    far_exact = [f"{t.name}.{t.column(name).name}" for t in exact if t.name.lower() not in related]
    close: list[str] = []
    if home:
        lowered = {c.lower(): c for c in home.column_names}
        hits = difflib.get_close_matches(name.lower(), list(lowered), n=n, cutoff=0.6)
        close = [f"{home.name}.{lowered[h]}" for h in hits]
    out: list[str] = []
    for s in [*near_exact, *close, *far_exact]:
        if s not in out:
            out.append(s)
    return out[:n]
