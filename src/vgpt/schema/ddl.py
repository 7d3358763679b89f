"""The "Database Schema:" part of every prompt: CREATE TABLE blocks under a token budget.

One block per table, in the order given: key columns first, then the other columns, each
with its SQL base type and a ``--`` comment (description, allowed codes). After the blocks
come join hints for the relationships among the tables shown. Under a budget the renderer
never drops a required, key or company column; it fills the rest of the budget with the
best-scored columns (see ``column_score``) and says how many it left out. The rule and
its reasons are in ``docs/ddl.md``.
"""

from __future__ import annotations

import difflib
import random
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from vgpt.errors import VgptError
from vgpt.schema.model import Catalog, Column, Relationship, Table
from vgpt.schema.suggest import nearest_tables
from vgpt.schema.tokens import TokenCounter, estimate_tokens

# Short notes for the Vista types whose meaning the base type does not carry, each with the
# word that, found in a description, shows the description says it already.
UDT_NOTES = {"bYN": ("Y/N", "y/n"), "bMonth": ("first day of month", "first day")}

# Columns that answer no reporting question: attachments, row ids, batch plumbing, free text.
HOUSEKEEPING = {
    "keyid", "uniqueattchid", "notes", "batchid", "batchseq", "batchtranstype", "inusebatchid",
    "inusemth", "inuseby", "oldnew", "audityn", "auditcoparams", "purge", "purgeyn",
    "addedbatchid", "addedmth", "attachbatchreportsyn",
}
HOUSEKEEPING_TYPES = {"text", "ntext", "image", "uniqueidentifier", "timestamp", "rowversion",
                      "varchar(max)", "nvarchar(max)", "varbinary(max)"}
# Name parts and types of the columns questions ask about: money and quantities first, then
# dates, states, names and descriptions.
MONEY_WORDS = {"amt", "amount", "total", "cost", "price", "units", "hours", "hrs", "retg"}
MONEY_UDTS = {"bDollar", "bUnits", "bHrs", "bUnitCost"}
CONTENT_WORDS = {"date", "mth", "status", "name", "desc", "description", "type", "open", "active",
                 "closed", "hold"}
CONTENT_UDTS = {"bDate", "bMonth", "bDesc", "bItemDesc", "bTransDesc", "bStatus", "bRate", "bPct"}


@dataclass
class RenderedDDL:
    text: str
    tokens: int
    columns: dict[str, list[str]]  # the columns shown, per table, in the order printed
    omitted: dict[str, int] = field(default_factory=dict)  # columns left out, per table
    over_budget: bool = False  # required + key columns alone exceed the budget

    def to_json(self) -> dict:
        return {"ddl": self.text, "tokens": self.tokens, "columns": self.columns,
                "omitted": self.omitted, "over_budget": self.over_budget}


def is_yes_no(values: dict[str, str] | None) -> bool:
    """A plain flag: codes Y and N meaning yes and no (YAML may have turned yes/no into Y/N)."""
    return (bool(values) and set(values) == {"Y", "N"}
            and values["Y"].lower() in ("yes", "y") and values["N"].lower() in ("no", "n"))


def safe_comment(text: str) -> str:
    """Comment text that cannot end its ``--`` comment or open a block comment."""
    flat = " ".join(text.split())  # newlines, tabs and runs of spaces become one space
    return flat.replace("*/", "* /").replace("/*", "/ *")


def _name_words(name: str) -> set[str]:
    words, cur = [], ""
    for ch in name:
        if ch.isupper() and cur and not cur[-1].isupper():
            words.append(cur)
            cur = ""
        cur += ch
    words.append(cur)
    return {w.lower() for w in words} | {name.lower()}


def is_housekeeping(col: Column) -> bool:
    name = col.name.lower()
    # ud... columns are a customer's own user fields: no shared question can rely on them
    return name in HOUSEKEEPING or name.startswith("ud") or col.type.lower() in HOUSEKEEPING_TYPES


def ident(name: str) -> str:
    """A name as T-SQL reads it: bracketed only when it is not a plain identifier (never in Vista)."""
    return name if name.isidentifier() else "[" + name.replace("]", "]]") + "]"


def column_score(col: Column, join_cols: set[str], fk_cols: set[str]) -> int:
    """How useful a column is in a prompt; higher is kept first (documented in docs/ddl.md)."""
    if is_housekeeping(col):
        return -8
    name = col.name.lower()
    score = 9 if name in join_cols else (1 if name in fk_cols else 0)
    score += 3 if col.description else 0
    if col.values:
        score += 1 if is_yes_no(col.values) else 3  # a status code says more than a Y/N flag
    words = _name_words(col.name)
    flag = col.udt == "bYN" or is_yes_no(col.values)  # SubjToOnCostYN is a flag, not a cost
    if not flag and (col.udt in MONEY_UDTS or words & MONEY_WORDS):
        return score + 3
    return score + (2 if col.udt in CONTENT_UDTS or words & CONTENT_WORDS else 0)


def _codes(values: dict[str, str]) -> str:
    if is_yes_no(values):
        return "Y/N"
    return ", ".join(f"{k}={v}" for k, v in values.items())


def _comment(col: Column) -> str:
    text = col.description or ""
    note, marker = UDT_NOTES.get(col.udt or "", (None, None))
    if note and not col.values and marker not in text.lower():
        text = f"{text} ({note})" if text else note
    if col.values:
        text = f"{text}: {_codes(col.values)}" if text else _codes(col.values)
    return safe_comment(text)


def column_line(col: Column, comma: bool = True) -> str:
    line = f"  {ident(col.name)} {col.type}" + ("" if col.nullable else " NOT NULL") + ("," if comma else "")
    note = _comment(col)
    return f"{line} -- {note}" if note else line


def _block(table: Table, cols: list[Column], omitted: int) -> str:
    lines = [f"CREATE TABLE {ident(table.name)} ("]
    for i, col in enumerate(cols):
        lines.append(column_line(col, comma=bool(table.key) or i < len(cols) - 1))
    if omitted:
        lines.append(f"  -- {omitted} more columns not shown")
    if table.key:
        lines.append(f"  PRIMARY KEY ({', '.join(ident(table.column(k).name) for k in table.key)})")
    lines.append(");")
    return "\n".join(lines)


def join_hint(rel: Relationship, left: Table, right: Table) -> str:
    """``-- APTD.APCo = APTH.APCo AND ...`` with the names as the blocks print them."""
    a, b = ident(left.name), ident(right.name)
    return "-- " + " AND ".join(f"{a}.{ident(left.column(x).name)} = {b}.{ident(right.column(y).name)}"
                                for x, y in rel.pairs)


def _links(catalog: Catalog, tables: list[Table]) -> list[tuple[Relationship, Table | None, Table | None]]:
    """Relationships that touch a shown table, each side resolved (None: not shown)."""
    shown = {n.lower(): t for t in tables for n in (t.name, t.base)}
    out = []
    for rel in catalog.relationships:
        a, b = shown.get(rel.from_table.lower()), shown.get(rel.to_table.lower())
        if a is not None or b is not None:
            out.append((rel, a, b))
    return out


def _between(link) -> bool:
    _, a, b = link
    return a is not None and b is not None and a is not b


def _hint_needs(link) -> dict[str, set[str]]:
    rel, a, b = link
    return {a.name: {c.lower() for c in rel.join}, b.name: {c.lower() for c in rel.join.values()}}


def _hints(links: list, shown: dict[str, set[str]]) -> list[str]:
    """Join hints for relationships whose tables and join columns are all shown."""
    return [join_hint(*link) for link in links if _between(link)
            and all(cols <= shown[t] for t, cols in _hint_needs(link).items())]


def _resolve_tables(catalog: Catalog, names: Sequence[str]) -> list[Table]:
    out: list[Table] = []
    for name in names:
        table = catalog.table(name)
        if table is None:
            hint = nearest_tables(catalog, name)
            raise VgptError(f"unknown table {name!r}" + (f"; did you mean {', '.join(hint)}?" if hint else ""))
        if table not in out:
            out.append(table)
    if not out:
        raise VgptError("no tables to render")
    return out


def _resolve_required(catalog: Catalog, tables: list[Table], required) -> dict[str, set[str]]:
    """Required columns per shown table, lower-cased; unknown names are errors."""
    out: dict[str, set[str]] = {t.name: set() for t in tables}
    for tname, cols in (required or {}).items():
        table = catalog.table(tname)
        if table is None or table.name not in out:
            raise VgptError(f"required columns name table {tname!r}, which is not among the tables rendered")
        for c in cols:
            if not table.has_column(c):
                near = difflib.get_close_matches(c, table.column_names, n=3, cutoff=0.5)
                raise VgptError(f"table {table.name} has no column {c!r}"
                                + (f"; did you mean {', '.join(near)}?" if near else ""))
            out[table.name].add(c.lower())
    return out


def _order(table: Table, seed: int | None) -> list[Column]:
    """Key and company columns first, then the rest: catalog order, or shuffled by seed."""
    first = [table.column(k) for k in table.key]
    if table.company and table.company.lower() not in {k.lower() for k in table.key}:
        first.append(table.column(table.company))
    rest = [c for c in table.columns if c not in first]
    if seed is not None:
        random.Random(f"{seed}:{table.name}").shuffle(rest)  # str seeds are stable across runs
    return first + rest


class _Plan:
    """The tables, their column order and the columns chosen so far; renders the text."""

    def __init__(self, catalog: Catalog, tables: list[Table], seed: int | None):
        self.catalog = catalog
        self.tables = tables
        self.order = {t.name: _order(t, seed) for t in tables}
        self.chosen: dict[str, set[str]] = {t.name: set() for t in tables}
        self.links = _links(catalog, tables)

    def shown(self, table: Table) -> list[Column]:
        return [c for c in self.order[table.name] if c.name.lower() in self.chosen[table.name]]

    def render(self) -> str:
        blocks = [_block(t, self.shown(t), len(t.columns) - len(self.chosen[t.name])) for t in self.tables]
        hints = _hints(self.links, self.chosen)
        return "\n\n".join(blocks + (["\n".join(hints)] if hints else []))

    def result(self, counter: TokenCounter, over_budget: bool = False, text: str | None = None) -> RenderedDDL:
        text = self.render() if text is None else text
        return RenderedDDL(
            text=text,
            tokens=counter(text),
            columns={t.name: [c.name for c in self.shown(t)] for t in self.tables},
            omitted={t.name: len(t.columns) - len(self.chosen[t.name]) for t in self.tables},
            over_budget=over_budget,
        )


def _join_columns(plan: _Plan) -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    """Per table: columns joining to another shown table, and columns of any relationship."""
    joins: dict[str, set[str]] = {t.name: set() for t in plan.tables}
    fks: dict[str, set[str]] = {t.name: set() for t in plan.tables}
    for link in plan.links:
        rel, a, b = link
        for side, cols in ((a, rel.join.keys()), (b, rel.join.values())):
            if side is not None:
                fks[side.name] |= {c.lower() for c in cols}
                if _between(link):
                    joins[side.name] |= {c.lower() for c in cols}
    return joins, fks


def _ranked_optional(plan: _Plan, joins, fks) -> list[tuple[Table, Column]]:
    """Optional columns of all tables, best first; ties by position, so tables share fairly."""
    cands = []
    for ti, t in enumerate(plan.tables):
        for pos, col in enumerate(plan.order[t.name]):
            if col.name.lower() not in plan.chosen[t.name]:
                cands.append((-column_score(col, joins[t.name], fks[t.name]), pos, ti, t, col))
    cands.sort(key=lambda x: x[:3])
    return [(t, col) for *_, t, col in cands]


def render_ddl(
    catalog: Catalog,
    tables: Sequence[str],
    *,
    required: Mapping[str, Iterable[str]] | None = None,
    budget: int | None = None,
    seed: int | None = None,
    counter: TokenCounter | None = None,
) -> RenderedDDL:
    """Render ``tables`` as CREATE TABLE blocks plus join hints, within ``budget`` tokens if given.

    Required, key and company columns are always shown. If they alone exceed the budget the
    result carries ``over_budget=True`` and shows only them: the caller decides what to do.
    """
    counter = counter or estimate_tokens
    resolved = _resolve_tables(catalog, tables)
    plan = _Plan(catalog, resolved, seed)
    must = _resolve_required(catalog, resolved, required)
    for t in resolved:
        plan.chosen[t.name] = must[t.name] | {k.lower() for k in t.key} | (
            {t.company.lower()} if t.company else set())
    if budget is None:
        _choose_all(plan)
        return plan.result(counter)
    return _within_budget(plan, budget, counter)


def _choose_all(plan: _Plan) -> None:
    for t in plan.tables:
        plan.chosen[t.name] = {c.name.lower() for c in t.columns}


def _within_budget(plan: _Plan, budget: int, counter: TokenCounter) -> RenderedDDL:
    text = plan.render()
    floor = counter(text)
    if floor > budget:
        return plan.result(counter, over_budget=True, text=text)
    base = {t: set(cols) for t, cols in plan.chosen.items()}
    ranked = [(t, col, counter(column_line(col) + "\n"))
              for t, col in _ranked_optional(plan, *_join_columns(plan))]
    hints = _pending_hints(plan, counter)
    _choose_all(plan)
    text = plan.render()
    if counter(text) <= budget:
        return plan.result(counter, text=text)
    # Lines counted one by one round up; the second pass scales their costs to what the
    # first pass's columns really added to the whole text.
    scale = 1.0
    for _ in range(2):
        plan.chosen = {t: set(cols) for t, cols in base.items()}
        added, estimated = _fill(plan, ranked, budget - floor, scale, hints)
        real = counter(plan.render()) - floor
        if not added or real <= 0 or real >= estimated:
            break
        scale *= real / estimated
    return _trim(plan, added, budget, counter)


def _pending_hints(plan: _Plan, counter: TokenCounter) -> list[tuple[dict[str, set[str]], int]]:
    """Join hints not yet printed: the columns each needs, per table, and its cost."""
    out = []
    for link in filter(_between, plan.links):
        need = _hint_needs(link)
        if not all(cols <= plan.chosen[t] for t, cols in need.items()):
            out.append((need, counter(join_hint(*link) + "\n")))
    return out


def _fill(plan: _Plan, ranked: list, room: int, scale: float, hints: list) -> tuple[list, float]:
    """Add the best columns whose lines (and the join hints they complete) still fit."""
    added, used, hints = [], 0.0, list(hints)
    for t, col, cost in ranked:
        cols = plan.chosen[t.name]
        cols.add(col.name.lower())
        done = [h for h in hints if all(need <= plan.chosen[n] for n, need in h[0].items())]
        extra = (cost + sum(c for _, c in done)) * scale
        if used + extra <= room:
            added.append((t, col))
            used += extra
            hints = [h for h in hints if h not in done]
        else:
            cols.discard(col.name.lower())
    return added, used


def _trim(plan: _Plan, added: list, budget: int, counter: TokenCounter) -> RenderedDDL:
    """Line costs only approximate the whole text's; drop the last-added columns until it fits."""
    while True:
        text = plan.render()
        if counter(text) <= budget or not added:
            return plan.result(counter, text=text)
        t, col = added.pop()
        plan.chosen[t.name].discard(col.name.lower())
