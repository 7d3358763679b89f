"""The company filter: every module table read must be restricted to a company.

A reference counts as filtered when a top-level AND-conjunct of any WHERE or JOIN ON compares its
company column with a constant, a parameter, an IN list or a BETWEEN, or equates it with the
company column of another reference that is itself filtered (``APTD.APCo = APTH.APCo`` with
``APTH.APCo = @APCo``), also across a correlated subquery. A CTE or derived-table column that
selects a company column stands for it, so a filter through it (``x.APCo = @APCo``) counts and
``h.APCo = x.APCo`` links ``h`` to the table inside ``x``. Filters under OR do not count.
"""

from __future__ import annotations

from sqlglot import exp

from vgpt.sql.resolve import Resolution, TableRef
from vgpt.sql.result import Issue


def _conjuncts(cond: exp.Expression | None) -> list[exp.Expression]:
    if cond is None:
        return []
    cond = cond.unnest()
    if isinstance(cond, exp.And):
        return _conjuncts(cond.left) + _conjuncts(cond.right)
    return [cond]


def _company_ref(node: exp.Expression, res: Resolution) -> TableRef | None:
    node = node.unnest()
    if not isinstance(node, exp.Column):
        return None
    if id(node) in res.through:  # a CTE or derived-table column: follow it to what it selects
        return _company_ref(res.through[id(node)], res)
    ref = res.column_refs.get(id(node))
    if ref and ref.table and ref.table.company and ref.table.company.lower() == node.name.lower():
        return ref
    return None


def _is_constant(node: exp.Expression) -> bool:
    return node.find(exp.Column) is None and node.find(exp.Select) is None


def filtered_refs(tree: exp.Expression, res: Resolution) -> set[int]:
    filtered: set[int] = set()
    links: list[tuple[TableRef, TableRef]] = []
    conditions = [n.args.get("on") for n in tree.find_all(exp.Join)]
    conditions += [w.this for w in tree.find_all(exp.Where)]
    for pred in (p for c in conditions for p in _conjuncts(c)):
        if isinstance(pred, exp.EQ):
            left, right = _company_ref(pred.left, res), _company_ref(pred.right, res)
            if left and right:
                links.append((left, right))
            elif left and _is_constant(pred.right) or right and _is_constant(pred.left):
                filtered.add(id(left or right))
        elif isinstance(pred, (exp.In, exp.Between)) and (ref := _company_ref(pred.this, res)):
            filtered.add(id(ref))
    changed = True
    while changed:  # spread along equalities until nothing new is filtered
        changed = False
        for a, b in links:
            if (id(a) in filtered) != (id(b) in filtered):
                filtered |= {id(a), id(b)}
                changed = True
    return filtered


def company_issues(tree: exp.Expression, res: Resolution) -> list[Issue]:
    done = filtered_refs(tree, res)
    issues = []
    for ref in res.refs:
        if ref.table and ref.table.company and id(ref) not in done:
            issues.append(Issue(
                "missing_company_filter",
                f"{ref.table.name} is read without a filter on {ref.table.company} (e.g. = @{ref.table.company})",
                "warning", table=ref.table.name, column=ref.table.company,
            ))
    return issues
