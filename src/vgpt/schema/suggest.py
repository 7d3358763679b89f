"""Nearest real names for an unknown table or column, for error messages and the checker."""

from __future__ import annotations

import difflib

from vgpt.schema.model import Catalog


def nearest_tables(catalog: Catalog, name: str, n: int = 3) -> list[str]:
    names = list(catalog.tables)
    lowered = {t.lower(): t for t in names}
    hits = difflib.get_close_matches(name.lower(), list(lowered), n=n, cutoff=0.5)
    return [lowered[h] for h in hits]
