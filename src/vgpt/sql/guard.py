"""The read-only guard: default-deny. Only one SELECT-shaped tree of allowed node types passes.

sqlglot turns some input into ``exp.Command``, ``exp.Column`` or ``exp.Alias`` instead of raising
(``SHUTDOWN``, ``DBCC CHECKDB``), so the guard never trusts what it does not know: the root must
be a query, every node's type must be on the allow-list, and names that reach outside the
catalog (procedures, rowset functions, other databases, system catalogs) are denied by name.
"""

from __future__ import annotations

from sqlglot import exp

from vgpt.errors import VgptError
from vgpt.sql.parse import parse_statements
from vgpt.sql.result import Issue

QUERY_ROOTS = (exp.Select, exp.Union, exp.Intersect, exp.Except)

# Structural node types a reporting SELECT needs; functions and operators are allowed by family.
_ALLOWED = (
    exp.Select, exp.Union, exp.Intersect, exp.Except, exp.With, exp.CTE, exp.From, exp.Join,
    exp.Table, exp.TableAlias, exp.Identifier, exp.Column, exp.Star, exp.Alias, exp.Where,
    exp.Group, exp.Having, exp.Order, exp.Ordered, exp.Limit, exp.LimitOptions, exp.Offset,
    exp.Fetch, exp.Literal, exp.Null, exp.Boolean, exp.Paren, exp.Subquery, exp.Lateral,
    exp.Window, exp.WindowSpec, exp.Case, exp.If, exp.Cast, exp.TryCast, exp.DataType,
    exp.DataTypeParam, exp.Var, exp.Parameter, exp.Placeholder, exp.Tuple, exp.In,
    exp.Between, exp.Exists, exp.Interval, exp.Distinct, exp.WithTableHint, exp.Values,
    exp.Rollup, exp.Cube, exp.GroupingSets, exp.QueryOption, exp.ForClause, exp.Collate,
    exp.Pivot, exp.PivotAlias, exp.Kwarg, exp.Bracket, exp.Any, exp.All, exp.Not, exp.Neg,
    exp.Func, exp.Binary, exp.Unary, exp.Predicate, exp.Connector, exp.IgnoreNulls,
    exp.RespectNulls, exp.ColumnDef, exp.Slice, exp.Where, exp.Qualify, exp.WithinGroup,
    exp.Filter, exp.Semicolon, exp.National, exp.HexString, exp.BitString, exp.ByteString,
    exp.ScopeResolution, exp.JSONPath, exp.JSONPathKey, exp.JSONPathRoot, exp.JSONPathSubscript,
    exp.SessionParameter, exp.UnicodeString, exp.Nullif, exp.Anonymous,
)
# Function node types that read or write files (the sandbox runs transpiled SQL on DuckDB).
_DENIED_FUNCS = (exp.ReadCSV, exp.ReadParquet, exp.ToFile)
_ROWSET_FUNCS = {"openrowset", "openquery", "opendatasource", "openxml", "openjson_file"}
_PROC_PREFIXES = ("xp_", "sp_", "fn_")
SYSTEM_DATABASES = {"master", "msdb", "tempdb", "model", "mssqlsystemresource"}
SYSTEM_SCHEMAS = {"sys", "information_schema"}
# Hints that change locking (or block writers) are denied; these only choose a plan or read dirty.
NOLOCK_HINTS = {"nolock", "readuncommitted"}
_ALLOWED_HINTS = NOLOCK_HINTS | {"index", "noexpand", "forceseek", "forcescan"}

GUARD_CODES = {
    "parse_error", "multiple_statements", "not_select", "select_into", "unsupported_syntax",
    "forbidden_function", "cross_database", "system_catalog", "temp_table", "table_hint",
    "system_variable", "table_function", "invalid_name",
}


def _err(code: str, message: str, **kw) -> Issue:
    return Issue(code=code, message=message, severity="error", **kw)


def hint_names(table: exp.Table) -> list[str]:
    """Lower-case names of a table reference's hints: ``WITH (NOLOCK, INDEX(ix))`` -> nolock, index."""
    names = []
    for hint in table.args.get("hints") or []:
        for h in hint.expressions if isinstance(hint, exp.WithTableHint) else [hint]:
            names.append((h.name or h.sql()).lower())
    return names


def _func_name(node: exp.Expression) -> str:
    if isinstance(node, exp.Anonymous):
        return str(node.this).lower()
    return (node.sql_name() if isinstance(node, exp.Func) else type(node).__name__).lower()


def _check_function(node: exp.Func) -> Issue | None:
    name = _func_name(node)
    if isinstance(node, _DENIED_FUNCS) or name in _ROWSET_FUNCS or name.startswith(_PROC_PREFIXES):
        return _err("forbidden_function", f"function {name.upper()} is not allowed in a read-only query")
    return None


def _check_table(table: exp.Table) -> list[Issue]:
    issues: list[Issue] = []
    if not isinstance(table.this, exp.Identifier):
        # rowset functions are reported by name; anything else here is a table-valued function
        inner = table.this.find(exp.Func)
        if inner is None or _check_function(inner) is None:
            issues.append(_err("table_function", f"table-valued function {table.this.sql('tsql')} is not allowed"))
        return issues
    name = table.name
    catalog_part, schema = table.catalog, table.db
    if not all(ch.isalnum() or ch in "_$#@" for ch in name):
        # 'c:\x.csv' or a path-like name: DuckDB (the sandbox) would read it as a file
        return [_err("invalid_name", f"table name {name!r} is not a plain SQL name", table=name)]
    if table.this.args.get("temporary") or name.startswith("#"):
        issues.append(_err("temp_table", f"temporary table #{name} needs DDL; use a CTE", table=name))
    if catalog_part:
        code = "system_catalog" if catalog_part.lower() in SYSTEM_DATABASES else "cross_database"
        issues.append(_err(code, f"{table.sql('tsql')} reaches another database or server", table=name))
    elif schema.lower() in SYSTEM_SCHEMAS or name.lower().startswith("sys") and not schema:
        issues.append(_err("system_catalog", f"system catalog {table.sql('tsql')} is not allowed", table=name))
    bad = [h for h in hint_names(table) if h not in _ALLOWED_HINTS]
    if bad:
        issues.append(_err("table_hint", f"table hint {', '.join(b.upper() for b in bad)} on {name} is not allowed "
                           "(only NOLOCK/READUNCOMMITTED, INDEX, NOEXPAND, FORCESEEK, FORCESCAN)", table=name))
    return issues


def _check_node(node: exp.Expression) -> list[Issue]:
    if isinstance(node, exp.Into):
        return [_err("select_into", "SELECT ... INTO creates a table; only plain SELECT is allowed")]
    if isinstance(node, exp.Command):
        return [_err("not_select", f"{node.name.upper() or 'command'} statement is not allowed")]
    if not isinstance(node, _ALLOWED):
        return [_err("unsupported_syntax", f"{type(node).__name__} is not allowed in a read-only query")]
    missing = node.error_messages()
    if missing:
        # sqlglot builds some calls with absent arguments (``DATEDIFF(, a, )``) instead of failing
        return [_err("parse_error", f"incomplete {type(node).__name__}: {missing[0]}")]
    if isinstance(node, exp.Table):
        return _check_table(node)
    if isinstance(node, exp.Lateral) and not isinstance(node.this, (exp.Subquery, exp.Select)):
        return [_err("table_function", f"APPLY of a function ({node.this.sql('tsql')}) is not allowed")]
    if isinstance(node, exp.Func):
        found = _check_function(node)
        return [found] if found else []
    if isinstance(node, exp.SessionParameter) or (isinstance(node, exp.Parameter) and isinstance(node.this, exp.Parameter)):
        return [_err("system_variable", f"system variable {node.sql('tsql')} is not allowed")]
    return []


def guard_statement(tree: exp.Expression) -> list[Issue]:
    """Read-only guard errors for one parsed statement (empty list: it is a safe query)."""
    if not isinstance(tree, QUERY_ROOTS):
        kind = tree.key.upper() if not isinstance(tree, exp.Command) else (tree.name.upper() or "COMMAND")
        return [_err("not_select", f"{kind} statement: only a single SELECT (CTEs allowed) is accepted")]
    issues: list[Issue] = []
    seen: set[tuple[str, str]] = set()
    for node in tree.walk():
        for issue in _check_node(node):
            if (issue.code, issue.message) not in seen:  # one report per distinct finding
                seen.add((issue.code, issue.message))
                issues.append(issue)
    return issues


def guard_statements(statements: list[exp.Expression]) -> list[Issue]:
    if len(statements) > 1:
        kinds = ", ".join(s.key.upper() for s in statements)
        first = [_err("multiple_statements", f"{len(statements)} statements ({kinds}): send exactly one")]
        return first + [i for s in statements for i in guard_statement(s) if i.code != "multiple_statements"]
    return guard_statement(statements[0])


def is_read_only(sql: str) -> bool:
    """True when ``sql`` is exactly one SELECT that the guard lets through (names are not checked)."""
    try:
        statements = parse_statements(sql)
    except VgptError:
        return False
    return not guard_statements(statements)
