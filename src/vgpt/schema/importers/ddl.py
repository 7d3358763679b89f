"""One script batch -> the schema objects it declares (tables, types, keys, views).

sqlglot (dialect tsql) parses every batch except routines (triggers, procedures,
functions: their bodies are not needed and can be any T-SQL, so they are recognised from
their first tokens and skipped unparsed). Where sqlglot has no tree for a statement
(``CREATE TYPE``) or fails on a CREATE TABLE, the token reader in ``ddltokens`` takes over.
"""

from __future__ import annotations

import logging

from sqlglot import exp
from sqlglot.dialects.tsql import TSQL
from sqlglot.errors import ParseError, TokenError
from sqlglot.tokens import Token, TokenType

from vgpt.schema.importers.ddltokens import (
    read_create_table,
    read_create_type,
    type_at,
)
from vgpt.schema.importers.objects import ColumnDef, Described, KeyDef, Skipped, TableDef, ViewDef

_DIALECT = TSQL()
_ROUTINES = {TokenType.TRIGGER: "trigger", TokenType.PROCEDURE: "procedure",
             TokenType.FUNCTION: "function"}
# words a T-SQL batch can start with; anything else means the file is not a SQL script
_STATEMENT_STARTS = {
    "CREATE", "ALTER", "DROP", "SET", "USE", "GRANT", "DENY", "REVOKE", "EXEC", "EXECUTE",
    "PRINT", "IF", "BEGIN", "DECLARE", "INSERT", "UPDATE", "DELETE", "SELECT", "WITH",
    "TRUNCATE", "RAISERROR", "COMMIT", "ROLLBACK", "MERGE", "DBCC", "CHECKPOINT", ";", "(",
}
_REPORTING_PREFIXES = ("brv", "vrv")
_SHORT = 2000  # batches up to this size are tokenized once, whole
_PROPERTY_ARGS = ("name", "value", "level0type", "level0name", "level1type", "level1name",
                  "level2type", "level2name")

# sqlglot logs a warning for each statement it keeps as an opaque Command; expected here
logging.getLogger("sqlglot").setLevel(logging.ERROR)


class NotSql(ValueError):
    """The batch is not T-SQL (``line`` counts from the batch's first line)."""

    def __init__(self, reason: str, line: int):
        super().__init__(reason)
        self.reason, self.line = reason, line


def _tokenize(text: str) -> list[Token] | None:
    try:
        return _DIALECT.tokenize(text)
    except TokenError:
        return None


def _head(text: str) -> list[Token] | None:
    """The first few tokens of a long batch, without tokenizing a whole routine body."""
    # a prefix that cuts a string or comment in two does not tokenize: then take it all
    tokens = _tokenize(text[:600]) or _tokenize(text)
    return tokens[:5] if tokens is not None else None


def parse_batch(text: str) -> list:
    """The objects a batch declares, or a single ``Skipped`` saying what it was."""
    tokens = _tokenize(text) if len(text) <= _SHORT else None
    head = (tokens[:5] if tokens is not None else None) if len(text) <= _SHORT else _head(text)
    if head is None:
        raise NotSql("an unterminated string, name or comment", 1)
    if not head:
        return []  # only comments
    if head[0].text.upper() not in _STATEMENT_STARTS:
        raise NotSql(f"{head[0].text[:30]!r} does not start a T-SQL statement", head[0].line)
    if head[0].text.upper() in ("CREATE", "ALTER"):
        for tok in head[1:4]:
            if tok.token_type in _ROUTINES:
                return [Skipped(_ROUTINES[tok.token_type])]
    tokens = tokens if tokens is not None else _tokenize(text)
    if tokens is None:
        return [Skipped("unreadable")]
    words = [t.text.upper() for t in tokens[:2]]
    try:
        statements = _DIALECT.parser().parse(list(tokens), text)
    except ParseError:
        if words == ["CREATE", "TABLE"]:
            return [read_create_table(tokens)]  # keep the table: read it from tokens
        return [Skipped("unparsed")]
    if words == ["CREATE", "TYPE"]:
        typedef = read_create_type(tokens)
        return [typedef] if typedef else [Skipped("table type")]
    if words == ["CREATE", "TABLE"] and not isinstance(statements[0], exp.Create):
        return [read_create_table(tokens)]  # sqlglot kept it as an opaque Command
    by_start = {t.start: i for i, t in enumerate(tokens)}
    objects = []
    for stmt in statements:
        if stmt is not None and (stmt.find(exp.IfBlock) or _is_executesql(stmt)):
            objects += _guarded(stmt, tokens, by_start)
        elif stmt is not None:
            objects.append(_statement(stmt, tokens, by_start))
    return objects


def _executes(stmt: exp.Expression, procedure: str) -> bool:
    return isinstance(stmt, exp.Execute) and stmt.this is not None and stmt.this.name.lower() == procedure


def _is_executesql(stmt: exp.Expression) -> bool:
    return _executes(stmt, "sp_executesql")


def _guarded(stmt: exp.Expression, tokens: list[Token], by_start: dict[int, int]) -> list:
    """SSMS's "check for object existence" scripts: ``IF NOT EXISTS (...) BEGIN CREATE ... END``
    and ``IF NOT EXISTS (...) EXEC dbo.sp_executesql @statement = N'CREATE VIEW ...'``."""
    found = [_statement(c, tokens, by_start) for c in stmt.find_all(exp.Create)]
    for node in stmt.find_all(exp.Command, exp.National, exp.Literal):
        if isinstance(node, exp.Command):
            text = f"{node.name} {node.args.get('expression') or ''}"  # sqlglot kept it opaque
        elif isinstance(node, exp.National) or node.is_string:
            text = node.name  # dynamic SQL: the string is a batch of its own
        else:
            continue
        if text.lstrip().upper().startswith(("CREATE ", "ALTER ")):
            found += parse_batch(text)
    return found or [Skipped("dynamic sql" if _is_executesql(stmt) else "if")]


def _statement(stmt: exp.Expression, tokens: list[Token], by_start: dict[int, int]):
    if isinstance(stmt, exp.Create):
        kind = (stmt.args.get("kind") or "").upper()
        if kind == "TABLE":
            return _table(stmt, tokens, by_start)
        if kind == "VIEW":
            return view_def(stmt)
        if kind.endswith("INDEX"):
            return _index(stmt, kind)
    if isinstance(stmt, exp.Alter):
        return _alter_key(stmt)
    if _executes(stmt, "sp_addextendedproperty"):
        return _description(stmt)
    name = stmt.name.upper() if isinstance(stmt, exp.Command) else type(stmt).__name__.lower()
    return Skipped({"GRANT": "permission", "DENY": "permission", "REVOKE": "permission"}.get(name, name.lower()))


def _description(stmt: exp.Execute) -> Described | Skipped:
    """``EXEC sys.sp_addextendedproperty @name=N'MS_Description', ...`` on a table or column."""
    args: dict[str, str] = {}
    for position, arg in enumerate(stmt.expressions):
        if isinstance(arg, exp.EQ) and isinstance(arg.this, exp.Parameter):
            args[arg.this.name.lower()] = arg.expression.name
        elif position < len(_PROPERTY_ARGS):
            args[_PROPERTY_ARGS[position]] = arg.name
    kinds = (args.get("level1type", "").upper(), args.get("level2type", "").upper())
    if args.get("name") != "MS_Description" or kinds[0] != "TABLE" or kinds[1] not in ("", "COLUMN"):
        return Skipped("property")
    return Described(args.get("level1name", ""), args.get("level2name") or None, args.get("value", ""))


def _dbo(table: exp.Table) -> bool:
    return table.db.lower() in ("", "dbo") and not table.catalog


def _table(stmt: exp.Create, tokens: list[Token], by_start: dict[int, int]) -> TableDef | Skipped:
    schema = stmt.this
    if not isinstance(schema, exp.Schema) or not _dbo(schema.this):
        return Skipped("other table")
    columns, key = [], []
    for item in schema.expressions:
        if isinstance(item, exp.ColumnDef):
            columns.append(_column(item, tokens, by_start))
        elif isinstance(item, exp.Constraint):
            key = key or constraint_key(item)
    return TableDef(schema.this.name, columns, key)


def _column(item: exp.ColumnDef, tokens: list[Token], by_start: dict[int, int]) -> ColumnDef:
    """Structure from the tree; the type's spelling from the tokens after the column name."""
    kinds = [c.args.get("kind") for c in item.constraints]
    start = item.this.meta.get("start")
    at = by_start.get(start) if start is not None else None
    if any(isinstance(k, exp.ComputedColumnConstraint) for k in kinds):
        return ColumnDef(item.name, "computed", computed=True)
    if at is not None:
        type_name, args, _ = type_at(tokens, at + 1)
    else:  # no position to read the spelling from: take sqlglot's own rendering
        type_name, args = _tree_type(item.args.get("kind"))
    nullable = None
    for k in kinds:
        if isinstance(k, exp.NotNullColumnConstraint):
            nullable = bool(k.args.get("allow_null"))
    identity = any(isinstance(k, exp.GeneratedAsIdentityColumnConstraint) for k in kinds)
    return ColumnDef(item.name, type_name, args, nullable, identity)


def _tree_type(kind) -> tuple[str, str]:
    if not isinstance(kind, exp.DataType):
        return "sql_variant", ""
    if kind.this == exp.DataType.Type.USERDEFINED:
        return str(kind.args.get("kind")).split(".")[-1], ""
    args = ",".join(p.sql("tsql") for p in kind.expressions).lower()
    return kind.this.value.lower(), args


def _ordered_names(cols) -> list[str]:
    return [c.this.name if isinstance(c, exp.Ordered) else c.name for c in cols or []]


def constraint_key(constraint: exp.Constraint) -> list[str]:
    """Columns of a clustered PRIMARY KEY or UNIQUE CLUSTERED constraint, else []."""
    parts = constraint.expressions
    if any(isinstance(p, exp.PrimaryKey) for p in parts):
        pk = next(p for p in parts if isinstance(p, exp.PrimaryKey))
        return _ordered_names(pk.expressions)  # PRIMARY KEY is clustered unless it says not
    is_pk = any(isinstance(p, exp.PrimaryKeyColumnConstraint) for p in parts)
    for p in parts:
        if is_pk and isinstance(p, exp.ClusteredColumnConstraint):
            return _ordered_names(p.this)
        if isinstance(p, exp.UniqueColumnConstraint) and isinstance(p.this, exp.ClusteredColumnConstraint):
            return _ordered_names(p.this.this)
    return []


def _index(stmt: exp.Create, kind: str) -> KeyDef | Skipped:
    index = stmt.this
    clustered = kind.startswith("CLUSTERED")
    if not (stmt.args.get("unique") and clustered and isinstance(index, exp.Index)):
        return Skipped("index")
    table = index.args.get("table")
    params = index.args.get("params")
    if table is None or params is None or not _dbo(table):
        return Skipped("index")
    return KeyDef(table.name, _ordered_names(params.args.get("columns")))


def _alter_key(stmt: exp.Alter) -> KeyDef | Skipped:
    """``ALTER TABLE ... ADD CONSTRAINT ... PRIMARY KEY CLUSTERED (...)``; other ALTERs skip."""
    for action in stmt.args.get("actions") or []:
        for constraint in action.expressions if isinstance(action, exp.AddConstraint) else []:
            key = constraint_key(constraint) if isinstance(constraint, exp.Constraint) else []
            if key and isinstance(stmt.this, exp.Table):
                return KeyDef(stmt.this.name, key)
    return Skipped("constraint")


def view_def(stmt: exp.Create) -> ViewDef | Skipped:
    """A view's name, and its base table when it exposes one table one to one (``select a.*``)."""
    target = stmt.this
    if isinstance(target, exp.Schema):
        target = target.this
    if not isinstance(target, exp.Table) or not _dbo(target):
        return Skipped("other view")
    return ViewDef(target.name, _one_to_one_base(target.name, stmt.expression))


def _one_to_one_base(name: str, query) -> str | None:
    if name.lower().startswith(_REPORTING_PREFIXES) or not isinstance(query, exp.Select):
        return None
    source = query.args.get("from_") or query.args.get("from")
    if source is None or not isinstance(source.this, exp.Table) or not _dbo(source.this):
        return None
    if any(query.args.get(a) for a in ("joins", "group", "having", "distinct", "laterals")):
        return None
    stars = all(isinstance(e, exp.Star) or (isinstance(e, exp.Column) and e.is_star)
                for e in query.expressions)
    return source.this.name if stars and query.expressions else None
