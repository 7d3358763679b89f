"""T-SQL to DuckDB SQL: sqlglot's transpiler plus the fixes that Vista report queries need.

sqlglot handles most of T-SQL (TOP, ISNULL, IIF, CONVERT styles, EOMONTH, DATEFROMPARTS,
CHARINDEX, STUFF, OFFSET/FETCH, STRING_AGG). The rewrites here cover what it gets wrong or
cannot know without column types: ``+`` on strings, integer division, AVG of integers, LEN's
trailing blanks, LIKE under a case-insensitive collation, GETDATE() as the sandbox's fixed
today, APPLY joins, ``dbo.`` names, ``@Parameters``, DATEPART(weekday) numbering, tinyint/bit.
"""

from __future__ import annotations

import datetime as dt
import decimal
from collections.abc import Mapping
from functools import lru_cache
from typing import Any

from sqlglot import exp

from vgpt.errors import VgptError
from vgpt.sandbox import TODAY
from vgpt.schema.model import Catalog, Table


class SandboxError(VgptError):
    """A query could not run on the sandbox: parse error, unknown name, timeout, missing file."""


def parse_tsql(sql: str) -> exp.Expression:
    """The one read-only query in ``sql`` (SandboxError for anything else)."""
    from vgpt.sql.parse import parse_one_tsql

    try:
        tree = parse_one_tsql(sql)
    except VgptError as err:
        raise SandboxError(str(err)) from None
    if not isinstance(tree, exp.Query):
        raise SandboxError(f"only a SELECT query can run on the sandbox, not {tree.key.upper()}")
    if tree.find(exp.Into):
        raise SandboxError("SELECT ... INTO writes a table; the sandbox is read-only")
    return tree


def parameters_used(tree: exp.Expression) -> list[str]:
    """Names (without ``@``) of the ``@Parameters`` in a parsed query, in order of appearance."""
    names: list[str] = []
    for p in tree.find_all(exp.Parameter, bfs=False):
        if p.name and p.name not in names:
            names.append(p.name)
    return names


def to_duckdb(sql: str, params: Mapping[str, Any] | None = None, *, catalog: Catalog | None = None) -> str:
    """Translate one T-SQL query to DuckDB SQL, binding ``@Parameters`` from ``params`` as literals."""
    tree = parse_tsql(sql)
    rewrite(tree, params or {}, catalog if catalog is not None else _embedded_catalog())
    try:
        return tree.sql(dialect="duckdb")
    except Exception as err:  # sqlglot raises UnsupportedError and plain errors alike
        raise SandboxError(f"cannot translate to DuckDB: {str(err).splitlines()[0]}") from None


@lru_cache(maxsize=1)
def _embedded_catalog() -> Catalog:
    from vgpt.schema.catalog import load_catalog

    return load_catalog()


def rewrite(tree: exp.Expression, params: Mapping[str, Any], catalog: Catalog) -> None:
    """Apply every fix to ``tree`` in place. Typing runs first, on the untouched tree."""
    typer = _Typer(tree, catalog)
    adds = [n for n in tree.find_all(exp.Add) if typer.is_text_concat(n)]
    divs = [n for n in tree.find_all(exp.Div) if typer.kind(n.this) == typer.kind(n.expression) == "int"]
    avgs = [n for n in tree.find_all(exp.Avg) if typer.kind(n.this) == "int"]
    dates = [n for n in typer.date_literals() if _iso_date_text(n.this) != n.this]
    for node in adds:
        node.replace(exp.DPipe(this=node.this, expression=node.expression, safe=True))
    for node in divs:
        # sqlglot emits T-SQL's truncating integer division once it knows both sides are integers
        node.this.type = exp.DataType.build("INT")
        node.expression.type = exp.DataType.build("INT")
    for node in avgs:
        _truncate_avg(node)
    for node in dates:
        node.replace(exp.Literal.string(_iso_date_text(node.this)))
    _bind_params(tree, params)
    # children before parents: a fix that copies a subtree copies one already fixed
    for node in reversed(list(tree.walk(bfs=False))):
        _fix_node(node)


# ---------------------------------------------------------------- per-node fixes


def _fix_node(node: exp.Expression) -> None:
    if isinstance(node, exp.Table):
        _strip_dbo(node)
    elif isinstance(node, (exp.CurrentTimestamp, exp.CurrentDate, exp.CurrentDatetime)) or (
        isinstance(node, exp.Anonymous) and node.name.upper() in ("GETUTCDATE", "SYSUTCDATETIME")
    ):
        node.replace(_timestamp(TODAY))
    elif isinstance(node, exp.Like):
        # SQL Server's default collation is case-insensitive; DuckDB's LIKE ignores the
        # connection's NOCASE collation, so ILIKE gives the T-SQL answer
        node.replace(exp.ILike(**node.args))
    elif isinstance(node, exp.Length):
        # LEN ignores trailing blanks
        node.set("this", exp.Trim(this=node.this, position="TRAILING"))
    elif isinstance(node, exp.Extract) and node.name.upper() in ("DAYOFWEEK", "DW", "WEEKDAY"):
        # DATEPART(weekday): Sunday = 1 under SQL Server's default DATEFIRST 7; DuckDB's is 0
        node.replace(exp.Paren(this=exp.Add(this=node.copy(), expression=exp.Literal.number(1))))
    elif isinstance(node, exp.DateAdd):
        _fix_dateadd_base(node)
    elif isinstance(node, exp.Join) and isinstance(node.this, exp.Lateral):
        _fix_apply(node)
    elif isinstance(node, exp.DataType):
        _fix_type(node)
    elif isinstance(node, (exp.Cast, exp.Convert)):
        _truncate_text_cast(node)
    elif isinstance(node, exp.DateDiff) and node.text("unit").upper() == "WEEK":
        _shift_week_diff(node)
    elif isinstance(node, exp.Collate):
        _fix_collate(node)
    elif isinstance(node, exp.Select):
        _top_with_ties(node)


def _strip_dbo(table: exp.Table) -> None:
    # [Viewpoint].[dbo].[APTH] -> APTH; other schemas (sys, INFORMATION_SCHEMA) stay and fail
    if table.args.get("db") is not None and table.db.lower() == "dbo":
        table.set("db", None)
        table.set("catalog", None)


def _fix_apply(join: exp.Join) -> None:
    # CROSS APPLY -> JOIN LATERAL ... ON TRUE; OUTER APPLY -> LEFT JOIN LATERAL ... ON TRUE
    lateral = join.this
    apply = lateral.args.get("cross_apply")
    if apply is None:
        return
    lateral.set("cross_apply", None)
    join.set("side", None if apply else "LEFT")
    join.set("on", exp.true())


def _fix_dateadd_base(node: exp.DateAdd) -> None:
    base = node.this
    if isinstance(base, exp.Literal) and not base.is_string:
        # T-SQL reads a number as days since 1900-01-01 (DATEADD(mm, DATEDIFF(mm, 0, d), 0))
        epoch = exp.DateAdd(this=_timestamp(dt.datetime(1900, 1, 1)), expression=base.copy(),
                            unit=exp.var("DAY"))
        node.set("this", epoch)
    elif isinstance(base, exp.Literal):
        node.set("this", exp.cast(base.copy(), "TIMESTAMP"))


def _fix_type(node: exp.DataType) -> None:
    # DuckDB's BIT is a bit string; T-SQL's bit is the integer 0 or 1
    if node.this == exp.DType.BIT and isinstance(node.parent, exp.Cast):
        cast = node.parent
        inner = exp.cast(cast.this.copy(), "BOOLEAN")
        node.set("this", exp.DType.SMALLINT)
        cast.set("this", inner)


def _truncate_text_cast(cast: exp.Cast | exp.Convert) -> None:
    # CAST(x AS varchar(n)) cuts x to n characters in T-SQL (CONVERT(varchar(7), Mth, 120) is
    # 'YYYY-MM'); DuckDB ignores the length, and rejects varchar(max)
    to = cast.to if isinstance(cast, exp.Cast) else cast.this
    if not isinstance(to, exp.DataType) or not to.is_type(*exp.DataType.TEXT_TYPES) or not to.expressions:
        return
    size = to.expressions[0].this
    to.set("expressions", [])
    if isinstance(size, exp.Literal) and size.is_int:
        cast.replace(exp.Left(this=cast.copy(), expression=exp.Literal.number(int(size.this))))


def _shift_week_diff(node: exp.DateDiff) -> None:
    # T-SQL counts Sundays crossed; DuckDB counts whole weeks. Weeks between the Mondays that
    # start the weeks of (date + 1 day) count Sunday boundaries.
    def week_start(arg: exp.Expression) -> exp.Expression:
        shifted = exp.DateAdd(this=arg.copy(), expression=exp.Literal.number(1), unit=exp.var("DAY"))
        return exp.DateTrunc(unit=exp.var("WEEK"), this=shifted)

    days = exp.DateDiff(this=week_start(node.this), expression=week_start(node.expression), unit=exp.var("DAY"))
    node.replace(exp.IntDiv(this=days, expression=exp.Literal.number(7)))


def _fix_collate(node: exp.Collate) -> None:
    # case-insensitive collations are the connection's default; others compare byte-wise
    name = node.expression.name.upper()
    if "_CI" in name:
        node.replace(node.this)
    else:
        node.set("expression", exp.var("C"))


def _top_with_ties(select: exp.Select) -> None:
    # TOP n WITH TIES -> QUALIFY RANK() OVER (ORDER BY ...) <= n (DuckDB has no WITH TIES)
    limit = select.args.get("limit")
    options = limit.args.get("limit_options") if isinstance(limit, exp.Limit) else None
    order = select.args.get("order")
    if not (options and options.args.get("with_ties") and order):
        return
    rank = exp.Window(this=exp.func("RANK"), order=order.copy())
    select.set("limit", None)
    select.set("qualify", exp.Qualify(this=exp.LTE(this=rank, expression=limit.expression.copy())))


def _truncate_avg(node: exp.Avg) -> None:
    # T-SQL's AVG of an integer is an integer (truncated)
    target = node.parent if isinstance(node.parent, exp.Window) else node
    target.replace(exp.cast(exp.func("TRUNC", target.copy()), "BIGINT"))


def _timestamp(value: dt.datetime) -> exp.Expression:
    return exp.cast(exp.Literal.string(value.isoformat(sep=" ")), "TIMESTAMP")


def _iso_date_text(text: str) -> str:
    """T-SQL date strings DuckDB cannot cast ('20240131', '01/31/2024') in ISO form; others unchanged."""
    day, _, rest = text.strip().partition(" ")
    for fmt in ("%Y%m%d", "%m/%d/%Y", "%m-%d-%Y"):
        try:
            parsed = dt.datetime.strptime(day, fmt).date()
        except ValueError:
            continue
        return parsed.isoformat() + (" " + rest if rest else "")
    return text


# ---------------------------------------------------------------- parameters


def _bind_params(tree: exp.Expression, params: Mapping[str, Any]) -> None:
    lookup = {k.lstrip("@").lower(): v for k, v in params.items()}
    missing = []
    for node in list(tree.find_all(exp.Parameter)):
        key = node.name.lower()
        if key not in lookup:
            missing.append("@" + node.name)
            continue
        node.replace(literal(lookup[key]))
    if missing:
        raise SandboxError(f"no value for parameter {', '.join(dict.fromkeys(missing))}")


def literal(value: Any) -> exp.Expression:
    """A SQL literal for a Python value (parameters are bound as literals, not placeholders)."""
    if value is None:
        return exp.null()
    if isinstance(value, bool):
        return exp.Literal.number(int(value))
    if isinstance(value, (int, float, decimal.Decimal)):
        return exp.Literal.number(value)
    if isinstance(value, dt.datetime):
        return _timestamp(value)
    if isinstance(value, dt.date):
        return exp.cast(exp.Literal.string(value.isoformat()), "DATE")
    return exp.Literal.string(str(value))


# ---------------------------------------------------------------- typing


_TEXT_FUNCS = (exp.Upper, exp.Lower, exp.Trim, exp.Substring, exp.Left, exp.Right, exp.Concat,
               exp.ConcatWs, exp.Replace, exp.Repeat, exp.Space, exp.Stuff, exp.DPipe, exp.National,
               exp.TimeToStr, exp.NumberToStr, exp.GroupConcat, exp.Initcap)
_INT_FUNCS = (exp.Count, exp.Length, exp.Extract, exp.DateDiff, exp.Year, exp.Month, exp.Day,
              exp.StrPosition)
_DATE_FUNCS = (exp.DateAdd, exp.LastDay, exp.DateFromParts, exp.CurrentTimestamp, exp.CurrentDate)


@lru_cache(maxsize=512)
def _kind_of_type(type_sql: str) -> str | None:
    try:
        dtype = exp.DataType.build(type_sql, dialect="tsql")
    except Exception:
        return None
    return _dtype_kind(dtype)


def _dtype_kind(dtype: exp.DataType) -> str | None:
    if dtype.is_type(*exp.DataType.TEXT_TYPES):
        return "text"
    if dtype.is_type(*exp.DataType.INTEGER_TYPES, exp.DType.BIT):
        return "int"
    if dtype.is_type(*exp.DataType.REAL_TYPES):
        return "num"
    if dtype.is_type(*exp.DataType.TEMPORAL_TYPES):
        return "date"
    return None


class _Typer:
    """Just enough typing to decide ``+`` (concatenation or sum) and ``/`` (integer or not).

    Kinds: "text", "int", "num", "date" or None (unknown). Column types come from the catalog
    through the query's table aliases; derived tables and CTEs are typed by their projections.
    """

    def __init__(self, tree: exp.Expression, catalog: Catalog):
        self.tree = tree
        self.sources: dict[str, Table | exp.Expression] = {}
        ctes = {c.alias_or_name.lower(): c.this for c in tree.find_all(exp.CTE)}
        for table in tree.find_all(exp.Table):
            source = ctes.get(table.name.lower()) or catalog.table(table.name)
            if source is not None:
                self.sources.setdefault(table.alias_or_name.lower(), source)
        for sub in tree.find_all(exp.Subquery):
            if sub.alias:
                self.sources.setdefault(sub.alias.lower(), sub.this)
        self._depth = 0

    def date_literals(self) -> list[exp.Literal]:
        """String literals compared with a date (``InvDate >= '20240131'``, BETWEEN, IN)."""
        out = []
        for node in self.tree.find_all(exp.EQ, exp.NEQ, exp.GT, exp.GTE, exp.LT, exp.LTE, exp.Between, exp.In):
            operands = [node.this, *(node.args.get(k) for k in ("expression", "low", "high")),
                        *node.args.get("expressions", [])]
            if self.kind(node.this) == "date" or any(self.kind(o) == "date" for o in operands[1:] if o):
                out += [o for o in operands if isinstance(o, exp.Literal) and o.is_string]
        return out

    def is_text_concat(self, node: exp.Add) -> bool:
        kinds = {self.kind(node.this), self.kind(node.expression)}
        return "text" in kinds and not kinds & {"int", "num", "date"}

    def kind(self, node: exp.Expression | None) -> str | None:
        if node is None or self._depth > 20:
            return None
        self._depth += 1
        try:
            return self._kind(node)
        finally:
            self._depth -= 1

    def _kind(self, node: exp.Expression) -> str | None:
        if isinstance(node, (exp.Paren, exp.Alias, exp.Neg, exp.Sum, exp.Max, exp.Min, exp.Abs)):
            return self.kind(node.this)
        if isinstance(node, exp.Literal):
            return "text" if node.is_string else ("int" if node.is_int else "num")
        if isinstance(node, exp.Column):
            return self._column_kind(node)
        if isinstance(node, (exp.Cast, exp.TryCast)):
            return _dtype_kind(node.to)
        if isinstance(node, exp.Add) and self.is_text_concat(node):
            return "text"
        if isinstance(node, (exp.Add, exp.Sub, exp.Mul, exp.Mod, exp.Div)):
            kinds = {self.kind(node.this), self.kind(node.expression)}
            if kinds == {"int"}:
                return "int"
            return "date" if "date" in kinds else ("num" if "num" in kinds else None)
        if isinstance(node, _TEXT_FUNCS):
            return "text"
        if isinstance(node, _INT_FUNCS):
            return "int"
        if isinstance(node, _DATE_FUNCS):
            return "date"
        if isinstance(node, (exp.Coalesce, exp.If, exp.Case)):
            return self._first_known(node)
        return None

    def _first_known(self, node: exp.Expression) -> str | None:
        if isinstance(node, exp.Case):
            candidates = [i.args.get("true") for i in node.args.get("ifs") or []] + [node.args.get("default")]
        elif isinstance(node, exp.If):
            candidates = [node.args.get("true"), node.args.get("false")]
        else:
            candidates = [node.this, *node.expressions]
        for c in candidates:
            k = self.kind(c)
            if k is not None:
                return k
        return None

    def _column_kind(self, col: exp.Column) -> str | None:
        sources = [self.sources.get(col.table.lower())] if col.table else list(self.sources.values())
        for source in sources:
            if isinstance(source, Table):
                column = source.column(col.name)
                if column is not None:
                    return _kind_of_type(column.type)
            elif isinstance(source, exp.Query):
                for proj in source.selects:
                    if proj.alias_or_name.lower() == col.name.lower():
                        return self.kind(proj)
        return None
