"""The generic, relationship-driven filler: every catalog table gets rows, every row gets its
NOT NULL columns, every foreign key points at an existing parent.

It reads only the catalog (types, ``values``, keys, relationships), so tables the catalog adds
later are filled without code changes. Tables that a specialised generator already made are
completed (missing NOT NULL columns, missing foreign keys), never rewritten.
"""

from __future__ import annotations

from collections import defaultdict

from vgpt.sandbox.generate.base import Context, Row
from vgpt.sandbox.generate.values import Values
from vgpt.schema.model import Catalog, Relationship, Table

GENERIC_ROWS = 20  # rows of a table no specialised generator makes, at scale 1


def topo_order(catalog: Catalog) -> list[Table]:
    """Tables with every parent before its children (cycles broken in catalog order)."""
    parents: dict[str, set[str]] = defaultdict(set)
    for rel in catalog.relationships:
        child, parent = catalog.table(rel.from_table), catalog.table(rel.to_table)
        if child.name != parent.name:
            parents[child.name].add(parent.name)
    done: list[str] = []
    pending = list(catalog.tables)
    while pending:
        ready = [t for t in pending if parents[t] <= set(done)] or pending[:1]
        for t in ready:
            done.append(t)
            pending.remove(t)
    return [catalog.tables[t] for t in done]


class Filler:
    def __init__(self, ctx: Context):
        self.ctx = ctx
        self.cat = ctx.catalog
        self.rng = ctx.rng("filler")
        self._outgoing: dict[str, list[Relationship]] = {}
        self.values = Values(ctx, self.rng)

    # --- relationships ----------------------------------------------------------------
    def outgoing(self, table: Table) -> list[Relationship]:
        if table.name not in self._outgoing:
            self._outgoing[table.name] = self._find_outgoing(table)
        return self._outgoing[table.name]

    def _find_outgoing(self, table: Table) -> list[Relationship]:
        rels = [r for r in self.cat.relationships
                if self.cat.table(r.from_table).name == table.name
                and self.cat.table(r.to_table).name != table.name]
        return sorted(rels, key=lambda r: -len(r.join))  # widest joins first: they pin the most

    def parent_index(self, rel: Relationship, fixed: tuple[str, ...]) -> dict[tuple, list[Row]]:
        parent = self.cat.table(rel.to_table)
        index: dict[tuple, list[Row]] = defaultdict(list)
        for prow in self.ctx.get(parent.name):
            index[tuple(prow.get(rel.join[c]) for c in fixed)].append(prow)
        return index

    def link_new(self, table: Table, rows: list[Row]) -> None:
        """Point a new row's foreign keys at existing parents, all joins at once.

        Joins overlap (JCOD's JCCo/Job/ACO go to JCOH and JCOI, JCCo/Job/Phase to JCCH), so a
        row picks its parents one join at a time, each matching what earlier picks fixed; when
        a pick finds nothing it starts over in another order (a few tries, then keeps the best).
        """
        rels = self.outgoing(table)
        # joins that a wider join already covers go last (JCCH's parent row brings a valid
        # JCJP phase and JCCT cost type); among the rest, small parents first: they pin the
        # shared columns, and big parents cover every value
        def covered(r: Relationship) -> bool:
            return any(set(r.join) < set(o.join) for o in rels)

        by_size = sorted(rels, key=lambda r: (covered(r), len(self.ctx.get(self.cat.table(r.to_table).name)),
                                              -len(r.join)))
        indexes: dict[tuple, dict] = {}
        for r in rows:
            best: tuple[int, dict] = (-1, {})
            for attempt in range(16):
                order = by_size if attempt == 0 else rels if attempt == 1 else self.rng.sample(rels, len(rels))
                got, ok = self._pick(table, order, indexes)
                if ok == len(order):
                    best = (ok, got)
                    break
                best = max(best, (ok, got), key=lambda b: b[0])
            r.update(best[1])

    def _pick(self, table: Table, order: list[Relationship], indexes: dict) -> tuple[dict, int]:
        assigned: dict[str, object] = {}
        ok = 0
        for rel in order:
            cols = list(rel.join)
            nullable = all(table.column(c).nullable for c in cols)
            if nullable and not rel.required and self.rng.random() < 0.2:
                ok += 1  # leave an optional reference empty now and then
                continue
            fixed = tuple(c for c in cols if c in assigned)
            key = (id(rel), fixed)
            if key not in indexes:
                indexes[key] = self.parent_index(rel, fixed)
            choices = indexes[key].get(tuple(assigned[c] for c in fixed))
            if not choices:
                if nullable and not rel.required and all(c not in assigned for c in cols):
                    ok += 1
                continue
            p = self.rng.choice(choices)
            for c in cols:
                assigned[c] = p.get(rel.join[c])
            ok += 1
        return assigned, ok

    def link(self, table: Table, rows: list[Row], only_missing: bool) -> None:
        """Point each row's missing foreign keys at a random existing parent row."""
        rels = [rel for rel in self.outgoing(table)
                # a specialised row that left an optional key unset keeps it unset
                if rel.required or not all(table.column(c).nullable for c in rel.join)]
        needed = sorted({c for rel in rels for c in rel.join})
        # one C-level pass finds the rows that lack any of them; only those are walked per join
        rows = [r for r in rows if None in tuple(map(r.get, needed))] if only_missing else rows
        for rel in rels:
            cols = list(rel.join)
            nullable = all(table.column(c).nullable for c in cols)
            todo = [r for r in rows if not only_missing or None in tuple(map(r.get, cols))]
            if not todo:
                continue
            indexes: dict[tuple[str, ...], dict] = {}
            for r in todo:
                # columns already set (by a wider join or by the generator) must match
                set_cols = tuple(c for c in cols if r.get(c) is not None)
                if set_cols not in indexes:
                    indexes[set_cols] = self.parent_index(rel, set_cols)
                choices = indexes[set_cols].get(tuple(r.get(c) for c in set_cols))
                if not choices or (nullable and not rel.required and self.rng.random() < 0.2):
                    if nullable:
                        for c in cols:
                            if c not in set_cols:
                                r[c] = None
                    continue
                p = self.rng.choice(choices)
                for c in cols:
                    r[c] = p.get(rel.join[c])

    def referenced(self, table: Table) -> list[Row]:
        """Parent rows that children made earlier already point at (a specialised row that names
        hold code 'RET' needs an HQHC row 'RET')."""
        seen: dict[tuple, Row] = {}
        for rel in self.cat.relationships:
            if self.cat.table(rel.to_table).name != table.name:
                continue
            child = self.cat.table(rel.from_table)
            cols = list(rel.join)
            tuples = {tuple(map(crow.get, cols)) for crow in self.ctx.get(child.name)}
            for vals in sorted((t for t in tuples if None not in t), key=repr):
                row = {rel.join[c]: v for c, v in zip(cols, vals, strict=True)}
                seen.setdefault(tuple(sorted(row.items(), key=repr)), row)
        return list(seen.values())

    # --- tables -------------------------------------------------------------------------
    def generate(self, table: Table) -> list[Row]:
        rows = self.referenced(table)
        key_cols = [table.column(k) for k in table.key]
        fk_cols = {c.lower() for r in self.outgoing(table) for c in r.join}
        free_keys = [c for c in key_cols if c.name.lower() not in fk_cols]
        n = self.ctx.n(GENERIC_ROWS, 3)
        if free_keys:
            n = min(n, self.values.capacity(table, free_keys[-1]))
        extra = [{} for _ in range(max(0, n - len(rows)))]
        self.link_new(table, extra)
        for i, r in enumerate(extra):
            if free_keys:
                r[free_keys[-1].name] = self.values.unique(table, free_keys[-1], len(rows) + i)
        rows = rows + extra
        self.complete(table, rows)
        self.repair(table, rows)
        return dedupe(table, rows)

    def repair(self, table: Table, rows: list[Row]) -> None:
        """Empty the nullable columns of optional references that found no parent: generic
        parents are random, so a combination of joins may have no common row."""
        for rel in self.outgoing(table):
            blanks = [c for c in rel.join if table.column(c).nullable]
            if rel.required or not blanks:
                continue
            cols = list(rel.join)
            index = self.parent_index(rel, tuple(cols))
            for r in rows:
                vals = tuple(r.get(c) for c in cols)
                if None not in vals and vals not in index:
                    for c in blanks:
                        r[c] = None

    def complete(self, table: Table, rows: list[Row]) -> None:
        self.link(table, rows, only_missing=True)
        must = [c.name for c in table.columns
                if not c.nullable or c.identity or c.name in table.key or c.name == table.company
                or c.name.lower() in ("description", "name")]
        # one C-level pass per row finds the rows that lack something; only those are walked
        gaps = [r for r in rows if None in tuple(map(r.get, must))]
        if not gaps:
            return
        positions = {id(r): i for i, r in enumerate(rows)}
        for col in table.columns:
            if col.identity:
                for r in gaps:
                    if r.get(col.name) is None:
                        r[col.name] = positions[id(r)] + 1
                continue
            must = col.name in table.key or col.name == table.company
            fill_nullable = must or col.name.lower() in ("description", "name")
            if col.nullable and not fill_nullable:
                continue
            name = col.name
            for r in gaps:
                if r.get(name) is None:
                    r[name] = self.values.value(table, col, positions[id(r)])


def dedupe(table: Table, rows: list[Row]) -> list[Row]:
    if not table.key:
        return rows
    seen, out = set(), []
    for r in rows:
        k = tuple(r.get(c) for c in table.key)
        if k not in seen:
            seen.add(k)
            out.append(r)
    return out


def fill_catalog(ctx: Context, progress=None) -> None:
    """Give every catalog table rows: generate the missing ones, complete the rest."""
    filler = Filler(ctx)
    for table in topo_order(ctx.catalog):
        key = table.name.upper()
        if key in ctx.rows:
            filler.complete(table, ctx.rows[key])
        else:
            ctx.rows[key] = filler.generate(table)
        if progress:
            progress(table.name)

