"""TOP cap: make the outermost query return at most N rows.

A plain SELECT gets ``TOP N`` or has a larger literal TOP lowered; a smaller one stays. Anything
whose row count cannot be read off a literal (UNION/INTERSECT/EXCEPT, TOP (@n), TOP … PERCENT,
WITH TIES, OFFSET/FETCH) is wrapped: ``SELECT TOP N * FROM (<query>) AS capped``, with the
set operation's ORDER BY and WITH moved to the outer query, so the cap bounds the total rows.
"""

from __future__ import annotations

from sqlglot import exp


def _literal_top(limit: exp.Limit) -> int | None:
    opts = limit.args.get("limit_options")
    if opts is not None and (opts.args.get("percent") or opts.args.get("with_ties")):
        return None
    value = limit.expression
    if isinstance(value, exp.Paren):
        value = value.unnest()
    if isinstance(value, exp.Literal) and value.is_int:
        return int(value.this)
    return None


def _wrap(tree: exp.Expression, n: int) -> exp.Expression:
    tree = tree.copy()
    order = tree.args.get("order") if isinstance(tree, exp.SetOperation) else None
    with_ = tree.args.get("with_")
    tree.set("order", None) if order is not None else None
    tree.set("with_", None)
    outer = exp.select("*").from_(exp.Subquery(this=tree, alias=exp.TableAlias(this=exp.to_identifier("capped"))))
    outer.set("limit", exp.Limit(expression=exp.Literal.number(n)))
    if order is not None:
        outer.set("order", order)
    if with_ is not None:
        outer.set("with_", with_)
    return outer


def cap_top(tree: exp.Expression, n: int) -> tuple[exp.Expression, bool]:
    """(capped copy, changed?) of a query tree."""
    if n < 1:
        raise ValueError("TOP cap must be at least 1")
    if not isinstance(tree, exp.Select) or tree.args.get("offset") or tree.args.get("fetch"):
        return _wrap(tree, n), True
    limit = tree.args.get("limit")
    if limit is None:
        tree = tree.copy()
        tree.set("limit", exp.Limit(expression=exp.Literal.number(n)))
        return tree, True
    current = _literal_top(limit)
    if current is None:
        return _wrap(tree, n), True
    if current <= n:
        return tree, False
    tree = tree.copy()
    tree.args["limit"].set("expression", exp.Literal.number(n))
    return tree, True
