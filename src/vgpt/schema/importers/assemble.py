"""Raw schema records -> a validated Catalog, plus a summary of what was read.

Shared by both importers. Naming rules (see docs/importing.md):
- a base table exposed by a one-to-one view (``APTH`` = ``select a.* from bAPTH a``) is
  named by its view; where several views expose one table, the one named like the table
  without its ``b`` wins, else the first by name; the others count as ``alias_views``;
- a base table with no such view keeps its base name (``bHQMA``): that is the only name
  a query can use on the server;
- the module is the first two letters of the table's name without the ``b``.
"""

from __future__ import annotations

from collections import Counter

from pydantic import ValidationError

from vgpt.errors import VgptError
from vgpt.schema.importers.objects import ColumnDef, RawSchema, TableDef, TypeDef
from vgpt.schema.model import Catalog, Column, Module, Table

SYSTEM_TYPES = {
    "bigint", "binary", "bit", "char", "date", "datetime", "datetime2", "datetimeoffset",
    "decimal", "float", "geography", "geometry", "hierarchyid", "image", "int", "money",
    "nchar", "ntext", "numeric", "nvarchar", "real", "rowversion", "smalldatetime",
    "smallint", "smallmoney", "sql_variant", "sysname", "text", "time", "timestamp",
    "tinyint", "uniqueidentifier", "varbinary", "varchar", "xml",
}


def _column(c: ColumnDef, types: dict[str, TypeDef], unresolved: set[str]) -> Column:
    if c.computed:
        return Column(name=c.name, type="computed", nullable=True)
    udt = types.get(c.type_name.lower())
    if udt is not None:
        # a column that does not say NULL/NOT NULL takes its alias type's nullability
        nullable = udt.nullable if c.nullable is None else c.nullable
        return Column(name=c.name, type=udt.base, udt=udt.name, nullable=nullable, identity=c.identity)
    name = c.type_name.lower()
    if name not in SYSTEM_TYPES:
        unresolved.add(c.type_name)  # a user type whose CREATE TYPE was not in the source
        return Column(name=c.name, type=c.type_name, udt=c.type_name,
                      nullable=c.nullable is not False, identity=c.identity)
    spelled = f"{name}({c.type_args})" if c.type_args else name
    return Column(name=c.name, type=spelled, nullable=c.nullable is not False, identity=c.identity)


def _view_names(raw: RawSchema) -> tuple[dict[str, str], Counter]:
    """base (lower) -> chosen view name; and counts of mapped/alias/other views."""
    chosen: dict[str, str] = {}
    counts: Counter = Counter()
    for view in sorted(raw.views, key=lambda v: v.name.lower()):
        base = (view.base or "").lower()
        if base not in raw.tables:
            counts["other_views"] += 1
            continue
        prev = chosen.get(base)
        if prev is None or (view.name.lower() == base[1:] and prev.lower() != base[1:]):
            chosen[base] = view.name
        counts["alias_views" if prev is not None else "views_mapped"] += 1
    return chosen, counts


def _module(name: str, base: str) -> str:
    stem = base[1:] if name == base and base[:1].lower() == "b" else name
    return stem[:2].upper()


def _table(t: TableDef, name: str, raw: RawSchema, unresolved: set[str]) -> Table:
    described = raw.descriptions
    columns = [_column(c, raw.types, unresolved) for c in t.columns]
    for c in columns:
        c.description = described.get((t.base.lower(), c.name.lower())) or None
    by_lower = {c.name.lower(): c for c in columns}
    key_refs = raw.keys.get(t.base.lower(), [])
    key = [by_lower[k.lower()].name for k in key_refs if k.lower() in by_lower]
    if len(key) != len(key_refs):
        key = []  # an index over a column the table does not have: not a usable key
    first = by_lower.get(key[0].lower()) if key else None
    company = first.name if first is not None and (first.udt or "").lower() == "bcompany" else None
    return Table(name=name, base=t.base, module=_module(name, t.base), key=key, company=company,
                 description=described.get((t.base.lower(), "")) or None, columns=columns)


def build(raw: RawSchema, source: str) -> tuple[Catalog, dict]:
    """Assemble the catalog and the import summary."""
    views, counts = _view_names(raw)
    unresolved: set[str] = set()
    tables: dict[str, Table] = {}
    try:
        for base, t in sorted(raw.tables.items()):
            table = _table(t, views.get(base, t.base), raw, unresolved)
            tables[table.name] = table
    except ValidationError as err:
        raise VgptError(f"table {t.base}: {err.errors()[0]['msg']}", path=source) from None
    modules = Counter(t.module for t in tables.values())
    catalog = Catalog(
        modules={m: Module(code=m, title=m) for m in sorted(modules)},
        udt={t.name: t.base for t in sorted(raw.types.values(), key=lambda t: t.name.lower())},
        tables=tables,
    )
    summary = {
        "tables": len(tables),
        "views_mapped": counts["views_mapped"],
        "alias_views": counts["alias_views"],
        "other_views": counts["other_views"],
        "tables_without_view": len(tables) - len(views),
        "tables_without_key": sum(1 for t in tables.values() if not t.key),
        "types": len(raw.types),
        "descriptions": len(raw.descriptions),
        "unresolved_types": sorted(unresolved),
        "skipped_batches": sum(raw.skipped.values()),
        "skipped": dict(sorted(raw.skipped.items())),
        "modules": dict(sorted(modules.items())),
    }
    return catalog, summary
