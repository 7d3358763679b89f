"""WITH (NOLOCK) on every physical table reference: the check and the AST rewrite."""

from __future__ import annotations

from sqlglot import exp

from vgpt.sql.guard import NOLOCK_HINTS, hint_names
from vgpt.sql.parse import parse_one_tsql, to_tsql
from vgpt.sql.resolve import cte_names, is_physical, text_offset


def physical_tables(tree: exp.Expression) -> list[exp.Table]:
    """Table references that read storage: not CTE names, derived tables, functions or INTO targets."""
    ctes = cte_names(tree)
    found = [t for t in tree.find_all(exp.Table) if is_physical(t, ctes) and not isinstance(t.parent, exp.Into)]
    return sorted(found, key=text_offset)  # the order they are written in


def lacks_nolock(table: exp.Table) -> bool:
    return not NOLOCK_HINTS.intersection(hint_names(table))


def missing_nolock(tree: exp.Expression) -> list[exp.Table]:
    return [t for t in physical_tables(tree) if lacks_nolock(t)]


def add_nolock_tree(tree: exp.Expression) -> tuple[exp.Expression, int]:
    """``tree`` with NOLOCK on every physical table reference (a copy when any is added), and how
    many were added."""
    if not missing_nolock(tree):
        return tree, 0
    tree = tree.copy()
    added = 0
    for table in missing_nolock(tree):
        hints = table.args.get("hints") or []
        existing = next((h for h in hints if isinstance(h, exp.WithTableHint)), None)
        if existing is not None:  # WITH (INDEX(ix)) -> WITH (INDEX(ix), NOLOCK)
            existing.append("expressions", exp.var("NOLOCK"))
        else:
            table.set("hints", [*hints, exp.WithTableHint(expressions=[exp.var("NOLOCK")])])
        added += 1
    return tree, added


def add_nolock(sql: str) -> str:
    """``sql`` with WITH (NOLOCK) on every table reference; unchanged text when none is missing."""
    tree, added = add_nolock_tree(parse_one_tsql(sql))
    return to_tsql(tree) if added else sql
