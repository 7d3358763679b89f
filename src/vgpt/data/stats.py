"""Dataset statistics, the three audit figures, and charts."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import sqlglot
from sqlglot import exp

from vgpt.data.expand import Row
from vgpt.schema.model import Catalog

FEATURES = {
    "join": exp.Join,
    "cte": exp.CTE,
    "window": exp.Window,
    "group_by": exp.Group,
    "case": exp.Case,
    "subquery": exp.Subquery,
    "union": exp.Union,
    "exists": exp.Exists,
    "top/limit": exp.Limit,
    "order_by": exp.Order,
}


def sql_features(sql: str) -> set[str]:
    tree = sqlglot.parse_one(sql, read="tsql")
    found = {name for name, kind in FEATURES.items() if tree.find(kind)}
    if any(j.args.get("kind", "").upper() in ("CROSS", "OUTER") and j.args.get("expressions") is None
           and isinstance(j.this, (exp.Lateral, exp.Subquery)) for j in tree.find_all(exp.Join)) or tree.find(exp.Lateral):
        found.add("apply")
    funcs = {f.sql_name().upper() for f in tree.find_all(exp.Func)}
    if funcs & {"DATE_ADD", "DATEADD", "DATEDIFF", "DATE_DIFF", "EOMONTH", "LAST_DAY", "DATEFROMPARTS", "DATE_FROM_PARTS", "CURRENT_TIMESTAMP", "GETDATE"}:
        found.add("date_functions")
    return found


def prompt_columns(prompt: str) -> dict[str, set[str]]:
    """The columns each CREATE TABLE in a prompt shows, read back by parsing the DDL."""
    ddl = prompt.split("Database Schema:", 1)[-1].split("\nProvide:", 1)[0]
    ddl = ddl.split("DDL statements:", 1)[-1]
    shown: dict[str, set[str]] = {}
    for statement in sqlglot.parse(ddl, read="tsql"):
        if isinstance(statement, exp.Create) and isinstance(statement.this, exp.Schema):
            name = statement.this.this.name.lower()
            shown[name] = {c.name.lower() for c in statement.this.expressions if isinstance(c, exp.ColumnDef)}
    return shown


def audit(rows: list[Row], catalog: Catalog) -> dict[str, float]:
    """Shares of SQL answers with a hidden column, an unknown name, a reference without NOLOCK."""
    from vgpt.sql import check_sql, used_columns

    sql_rows = [r for r in rows if r.sql]
    hidden = unknown = no_nolock = 0
    for row in sql_rows:
        result = check_sql(row.sql, catalog)
        codes = {i.code for i in result.issues}
        unknown += bool(codes & {"unknown_table", "unknown_column"})
        no_nolock += "missing_nolock" in codes
        if not codes & {"unknown_table", "unknown_column"}:
            shown = prompt_columns(row.prompt)
            used = used_columns(row.sql, catalog)
            hidden += any(c.lower() not in shown.get(t.lower(), set()) for t, cols in used.items() for c in cols)
    n = max(len(sql_rows), 1)
    return {
        "column_not_in_prompt": hidden / n,
        "name_not_in_catalog": unknown / n,
        "table_without_nolock": no_nolock / n,
        "sql_answers": len(sql_rows),
    }


def dataset_stats(rows: list[Row], catalog: Catalog, curated: int) -> dict:
    tables_used = Counter(t for r in rows if r.sql for t in r.tables)
    features = Counter()
    for sql in {r.example_id: r.sql for r in rows if r.sql}.values():
        features.update(sql_features(sql))
    return {
        "curated": curated,
        "built": len(rows),
        "by_split": dict(Counter(r.split for r in rows)),
        "by_category": dict(sorted(Counter(r.category for r in rows).items())),
        "by_difficulty": dict(Counter(r.difficulty for r in rows)),
        "examples_by_category": dict(sorted(Counter(r.category for r in {r.example_id: r for r in rows}.values()).items())),
        "tables_covered": len(tables_used),
        "catalog_tables": len(catalog.tables),
        "sql_features": dict(features.most_common()),
        "prompt_tokens": {
            "min": min((r.prompt_tokens for r in rows), default=0),
            "max": max((r.prompt_tokens for r in rows), default=0),
            "mean": round(sum(r.prompt_tokens for r in rows) / max(len(rows), 1), 1),
        },
        "audit": audit(rows, catalog),
    }


def write_charts(rows: list[Row], stats: dict, out: Path) -> list[Path]:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    out.mkdir(parents=True, exist_ok=True)
    paths = []
    charts = [
        ("categories.png", "Training rows by category", stats["by_category"]),
        ("sql_features.png", "Curated SQL by feature (examples)", stats["sql_features"]),
    ]
    for name, title, data in charts:
        fig, ax = plt.subplots(figsize=(9, 4.5))
        ax.bar(list(data), list(data.values()), color="#3b6ea5")
        ax.set_title(title)
        ax.tick_params(axis="x", rotation=45)
        fig.tight_layout()
        fig.savefig(out / name, dpi=110)
        plt.close(fig)
        paths.append(out / name)
    fig, ax = plt.subplots(figsize=(9, 4.5))
    ax.hist([r.prompt_tokens + r.answer_tokens for r in rows], bins=40, color="#5a9e6f")
    ax.set_title("Prompt + answer length (estimated Llama-3 tokens)")
    ax.set_xlabel("tokens")
    ax.set_ylabel("rows")
    fig.tight_layout()
    fig.savefig(out / "lengths.png", dpi=110)
    plt.close(fig)
    paths.append(out / "lengths.png")
    return paths
