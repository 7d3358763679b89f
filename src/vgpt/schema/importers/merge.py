"""Carry the curated knowledge of a reference catalog over to an imported one.

An import knows names, types and keys; the embedded catalog also knows what they mean.
Where names match, the imported catalog keeps the reference's descriptions, allowed
values, company column overrides, module titles and notes, and the relationships whose
tables and columns all exist in the import. Names, types and keys stay as imported; a table
the import found no key for (no unique clustered index) takes the reference's key.
"""

from __future__ import annotations

from vgpt.schema.model import Catalog, Column, Module, Relationship, Table


def _merge_column(col: Column, ref: Column | None) -> Column:
    if ref is None:
        return col
    return col.model_copy(update={
        "description": ref.description or col.description,
        "values": ref.values or col.values,
    })


def _merge_table(table: Table, ref: Table | None) -> Table:
    if ref is None:
        return table
    columns = [_merge_column(c, ref.column(c.name)) for c in table.columns]
    company = table.company
    if ref.company is None:
        company = None  # a group master (APVM): the reference says no company filter
    elif table.has_column(ref.company):
        company = table.column(ref.company).name
    key = table.key
    if not key and ref.key and all(table.has_column(k) for k in ref.key):
        key = [table.column(k).name for k in ref.key]  # no unique clustered index: the curated key
    return Table(name=table.name, base=table.base, module=table.module,
                 description=ref.description or table.description, key=key,
                 company=company, columns=columns)


def _merge_relationship(rel: Relationship, catalog: Catalog) -> Relationship | None:
    """The relationship in the import's own spelling, or None when a table or column is missing."""
    src, dst = catalog.table(rel.from_table), catalog.table(rel.to_table)
    if src is None or dst is None:
        return None
    if not all(src.has_column(a) and dst.has_column(b) for a, b in rel.pairs):
        return None
    join = {src.column(a).name: dst.column(b).name for a, b in rel.pairs}
    return Relationship(from_table=src.name, to_table=dst.name, join=join,
                        description=rel.description, required=rel.required)


def merge_catalog(imported: Catalog, reference: Catalog) -> Catalog:
    """``imported`` with ``reference``'s descriptions, values, overrides, titles and relationships."""
    tables = {name: _merge_table(t, reference.table(t.base) or reference.table(t.name))
              for name, t in imported.tables.items()}
    modules = {}
    for code, module in imported.modules.items():
        ref = reference.modules.get(code)
        modules[code] = Module(code=code, title=ref.title, notes=ref.notes) if ref else module
    merged = Catalog(modules=modules, udt=dict(imported.udt), tables=tables)
    rels = [r for r in (_merge_relationship(r, merged) for r in reference.relationships) if r]
    return Catalog(modules=modules, udt=dict(imported.udt), tables=tables, relationships=rels)
