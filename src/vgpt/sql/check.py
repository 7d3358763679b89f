"""check_sql: parse, guard, resolve names, NOLOCK, company filter, TOP cap -> one CheckResult."""

from __future__ import annotations

from sqlglot import exp
from sqlglot.errors import SqlglotError

from vgpt.errors import VgptError
from vgpt.schema.model import Catalog
from vgpt.sql.company import company_issues
from vgpt.sql.guard import GUARD_CODES as _GUARD
from vgpt.sql.guard import QUERY_ROOTS, guard_statements
from vgpt.sql.nolock import add_nolock_tree, missing_nolock
from vgpt.sql.parse import parse_one_tsql, parse_statements, to_tsql
from vgpt.sql.resolve import Resolution, normalized, resolve
from vgpt.sql.result import CheckResult, Issue
from vgpt.sql.top import cap_top


def _resolve(tree: exp.Expression, catalog: Catalog) -> Resolution:
    try:
        return resolve(normalized(tree), catalog, tree)
    except (SqlglotError, RecursionError, ValueError, KeyError, TypeError, AttributeError) as err:
        # sqlglot's scope builder rejects a few shapes (e.g. duplicate aliases); report, don't crash
        first = (str(err).splitlines() or [type(err).__name__])[0]
        out = Resolution()
        out.issues.append(Issue("unresolved", f"names could not be resolved: {first}"))
        return out


def _nolock_issues(tree: exp.Expression) -> list[Issue]:
    issues = []
    for t in missing_nolock(tree):
        shown = t.name + (f" AS {t.alias}" if t.alias else "")
        issues.append(Issue("missing_nolock", f"{shown} has no WITH (NOLOCK)", "warning", table=t.name))
    return issues


def _for_clause_issues(tree: exp.Expression) -> list[Issue]:
    if tree.find(exp.ForClause) is None:
        return []
    return [Issue("for_xml_json", "FOR XML/JSON returns one document, not rows; the sandbox cannot compare it",
                  "warning")]


def _fixed_sql(sql: str, tree: exp.Expression, top_cap: int | None) -> str:
    fixed, added = add_nolock_tree(tree)
    changed = bool(added)
    if top_cap is not None:
        fixed, capped = cap_top(fixed, top_cap)
        changed |= capped
    return to_tsql(fixed) if changed else sql


def check_sql(
    sql: str,
    catalog: Catalog,
    *,
    fix: bool = False,
    top_cap: int | None = None,
    require_company: bool = True,
) -> CheckResult:
    """Check one T-SQL statement against the catalog and the house rules.

    Raises VgptError only for unusable input (empty SQL, a TOP cap below 1); SQL that does not
    parse is a result with ``parsed=False``.
    """
    if top_cap is not None and top_cap < 1:
        raise VgptError(f"TOP cap must be at least 1, got {top_cap}")
    if not isinstance(sql, str) or not sql.strip():
        raise VgptError("empty SQL")
    try:
        statements = parse_statements(sql)
    except VgptError as err:
        return CheckResult(False, [Issue("parse_error", str(err))], [], [], sql, parsed=False)
    issues = guard_statements(statements)
    tree = statements[0]
    res = Resolution()
    if len(statements) == 1 and isinstance(tree, QUERY_ROOTS):
        res = _resolve(tree, catalog)
        issues += res.issues + _nolock_issues(tree) + _for_clause_issues(tree)
        if require_company and not any(i.code == "unresolved" for i in res.issues):
            issues += company_issues(res.tree, res)
    guard_ok = not any(i.code in _GUARD for i in issues)
    out_sql = sql
    if fix and guard_ok and len(statements) == 1:
        try:
            out_sql = _fixed_sql(sql, tree, top_cap)
        except VgptError as err:  # sqlglot parsed it but cannot print it: not a usable statement
            issues.append(Issue("unsupported_syntax", str(err)))
    ok = not any(i.severity == "error" for i in issues)
    columns = [f"{t}.{c}" for t, c in res.columns]
    return CheckResult(ok, issues, res.tables, columns, out_sql, parsed=True)


def used_columns(sql: str, catalog: Catalog) -> dict[str, set[str]]:
    """Catalog table -> columns ``sql`` uses (catalog casing; ``*`` and ``t.*`` mean all columns)."""
    res = _resolve(parse_one_tsql(sql), catalog)
    failed = [i.message for i in res.issues if i.code == "unresolved"]
    if failed:
        raise VgptError(failed[0])
    return {t: set(cols) for t, cols in res.used.items()}


