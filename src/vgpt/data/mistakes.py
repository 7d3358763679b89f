"""Realistic wrong answers for DPO pairs, made from a gold answer through the AST.

Each maker returns the wrong SQL, or None when the mistake does not apply to that query.
"""

from __future__ import annotations

import random

import sqlglot
from sqlglot import exp

from vgpt.schema.model import Catalog

# Column names models invent for Vista (the v4 data used several of these; none exist where used).
INVENTED_COLUMNS = (
    "Amount", "TotalAmount", "GrossAmt", "AmtPaid", "InvoiceAmount", "StartDate", "EndDate",
    "VendorName", "CustomerName", "JobName", "Balance", "CreatedDate", "IsPaid", "CostAmount",
)


def _parse(sql: str) -> exp.Expression:
    return sqlglot.parse_one(sql, read="tsql")


def _emit(tree: exp.Expression) -> str:
    return tree.sql(dialect="tsql", pretty=True)


def drop_nolock(sql: str) -> str | None:
    tree = _parse(sql)
    tables = [t for t in tree.find_all(exp.Table) if t.args.get("hints")]
    if not tables:
        return None
    for table in tables:
        table.set("hints", None)
    return _emit(tree)


def drop_company_filter(sql: str, catalog: Catalog) -> str | None:
    """Remove the WHERE conjuncts that compare a company column (APCo, JCCo, ...)."""
    company_cols = {t.company.lower() for t in catalog.tables.values() if t.company}
    tree = _parse(sql)
    removed = False
    for where in list(tree.find_all(exp.Where)):
        conds = list(where.this.flatten()) if isinstance(where.this, exp.And) else [where.this]
        keep = [c for c in conds if not _is_company_predicate(c, company_cols)]
        if len(keep) == len(conds):
            continue
        removed = True
        if keep:
            where.set("this", exp.and_(*[c.copy() for c in keep]))
        else:
            where.pop()
    return _emit(tree) if removed else None


def _is_company_predicate(cond: exp.Expression, company_cols: set[str]) -> bool:
    cols = [c.name.lower() for c in cond.find_all(exp.Column)]
    return isinstance(cond, (exp.EQ, exp.In)) and bool(cols) and all(c in company_cols for c in cols)


def invent_column(sql: str, catalog: Catalog, rng: random.Random) -> str | None:
    """Swap one real column for a plausible name that its table does not have."""
    tree = _parse(sql)
    columns = [c for c in tree.find_all(exp.Column) if c.args.get("table") and c.name]
    rng.shuffle(columns)
    table_of = {}
    for t in tree.find_all(exp.Table):
        table_of[(t.alias_or_name or t.name).lower()] = t.name
    for col in columns:
        real = catalog.table(table_of.get(col.table.lower(), col.table))
        if real is None or col.name.lower() in {k.lower() for k in real.key}:
            continue
        choices = [n for n in INVENTED_COLUMNS if not real.has_column(n)]
        if choices:
            col.set("this", exp.to_identifier(rng.choice(choices)))
            return _emit(tree)
    return None


def sql_for_fake(fake: str, catalog: Catalog, real: str) -> str:
    """The SQL a model writes when it answers a question about a fake name instead of refusing."""
    fake_table, _, fake_col = fake.partition(".")
    if fake_col:
        table = catalog.table(fake_table)
        co = f"\nWHERE {table.company} = @{table.company}" if table is not None and table.company else ""
        return f"SELECT TOP 100 {fake_col}\nFROM {fake_table} WITH (NOLOCK){co}"
    return f"SELECT TOP 100 *\nFROM {fake_table} WITH (NOLOCK)"
