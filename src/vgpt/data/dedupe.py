"""Fingerprints for near-duplicate detection: SQL equal up to literals, aliases and layout."""

from __future__ import annotations

import hashlib

import sqlglot
from sqlglot import exp


def sql_fingerprint(sql: str) -> str:
    """A hash of the SQL's tree with literals, parameters and alias names blanked out."""
    try:
        tree = sqlglot.parse_one(sql, read="tsql")
    except sqlglot.errors.SqlglotError:
        return hashlib.sha256(" ".join(sql.lower().split()).encode()).hexdigest()

    def blank(node: exp.Expression) -> exp.Expression:
        if isinstance(node, exp.Literal):
            return exp.Literal.string("?")
        if isinstance(node, exp.Parameter):
            return exp.Literal.string("?")
        if isinstance(node, exp.Column) and node.args.get("table"):
            return exp.column(node.name)
        if isinstance(node, exp.TableAlias):
            return exp.TableAlias(this=exp.to_identifier("t"))
        return node

    text = tree.transform(blank).sql(dialect="tsql", normalize=True).lower()
    return hashlib.sha256(text.encode()).hexdigest()
