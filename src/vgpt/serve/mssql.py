"""Run checked T-SQL on a real SQL Server through ``mssql-python``, read-only.

``MssqlDatabase.query`` has the sandbox's interface and answers with the same ``QueryResult``.
Read-only in depth: the SQL must pass the read-only guard again here; the connection says
``ApplicationIntent=ReadOnly`` (which only routes to a readable secondary on an availability
group: it does not stop writes on a plain server, so use a login with db_datareader only);
autocommit is off and every query ends with a rollback, so nothing can be committed.
``@Parameters`` are bound as driver parameters (``?``), never pasted into the SQL text.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Mapping
from typing import Any

import sqlglot
from sqlglot import exp
from sqlglot.tokens import TokenType

from vgpt.errors import VgptError
from vgpt.sandbox.execute import QueryResult
from vgpt.sql.guard import guard_statements, is_read_only
from vgpt.sql.parse import DIALECT, parse_one_tsql, parse_statements, to_tsql

__all__ = ["MssqlDatabase", "bind_parameters", "parse_connection_string", "read_only_connection_string"]

DEFAULT_CONNECT_TIMEOUT_S = 15
DEFAULT_QUERY_TIMEOUT_S = 30.0
INTENT_KEY = "ApplicationIntent"


def parse_connection_string(text: str) -> list[tuple[str, str]]:
    """``key=value;`` pairs of an ODBC connection string; ``{braced}`` values may hold ``;``."""
    pairs, i, n = [], 0, len(text)
    while i < n:
        eq = text.find("=", i)
        if eq < 0:
            if text[i:].strip(" ;"):
                raise VgptError(f"connection string: {text[i:].strip()!r} has no '=value'")
            break
        key = text[i:eq].strip(" ;")
        if not key:
            raise VgptError("connection string: a value with no key")
        i = eq + 1
        if text[i:].lstrip().startswith("{"):
            value, i = _braced(text, text.index("{", i))
        else:
            end = text.find(";", i)
            end = n if end < 0 else end
            value, i = text[i:end].strip(), end
        pairs.append((key, value))
        i += 1  # past the ';'
    return pairs


def _braced(text: str, start: int) -> tuple[str, int]:
    """The value of ``{...}`` starting at ``start`` (``}}`` is a literal ``}``), and the index after it."""
    out, i = [], start + 1
    while i < len(text):
        if text[i] == "}":
            if text[i + 1:i + 2] == "}":
                out.append("}")
                i += 2
                continue
            end = text.find(";", i)
            return "".join(out), len(text) if end < 0 else end
        out.append(text[i])
        i += 1
    raise VgptError("connection string: a '{' value is not closed")


def _normal_key(key: str) -> str:
    return key.replace(" ", "").lower()


def read_only_connection_string(text: str) -> str:
    """``text`` with ``ApplicationIntent=ReadOnly`` added; any other intent is refused."""
    pairs = parse_connection_string(text)
    if not any(_normal_key(k) in ("server", "address", "addr") for k, _ in pairs):
        raise VgptError("connection string: no Server= (e.g. 'Server=host;Database=Viewpoint;...')")
    intents = [v for k, v in pairs if _normal_key(k) == INTENT_KEY.lower()]
    if any(v.strip().lower() != "readonly" for v in intents):
        raise VgptError(f"connection string: {INTENT_KEY}={intents[0]} is refused; vgpt only reads")
    if intents:
        if not any(k.strip().lower() == INTENT_KEY.lower() for k, _ in pairs):
            # the driver knows no spaced spelling and would drop it, and with it the intent
            raise VgptError(f"connection string: write the intent as {INTENT_KEY}=ReadOnly")
        return text
    return text.rstrip().rstrip(";") + f";{INTENT_KEY}=ReadOnly"


def _refusal(sql: str) -> str:
    try:
        reasons = "; ".join(i.message for i in guard_statements(parse_statements(sql)))
    except VgptError as err:
        reasons = str(err)
    return f"refused, not one read-only SELECT: {reasons}"


def _names_in_text_order(tsql: str) -> list[str]:
    """``@Name`` occurrences in the order they appear, read with sqlglot's T-SQL tokenizer."""
    tokens = sqlglot.tokenize(tsql, read=DIALECT)
    return [tokens[i + 1].text for i, t in enumerate(tokens[:-1]) if t.token_type == TokenType.PARAMETER]


def bind_parameters(sql: str, values: Mapping[str, Any]) -> tuple[str, list]:
    """``sql`` with each ``@Name`` turned into ``?``, and the values in placeholder order.

    Names match case-insensitively, with or without ``@``; one error names every parameter
    without a value.
    """
    tree = parse_one_tsql(sql)
    if any(True for _ in tree.find_all(exp.Placeholder)):
        raise VgptError("the SQL has a '?' placeholder: name parameters as @Name")
    lowered = {k.lstrip("@").lower(): v for k, v in values.items()}
    # the generator writes the same text either way, so the n-th '?' is the n-th @Name
    names = _names_in_text_order(to_tsql(tree))
    missing = list(dict.fromkeys(n for n in names if n.lower() not in lowered))
    if missing:
        raise VgptError(f"no value for parameter {', '.join('@' + m for m in missing)}: "
                        f"pass it (e.g. --param {missing[0]}=...)")
    swapped = tree.transform(lambda node: exp.Placeholder() if isinstance(node, exp.Parameter) else node)
    return to_tsql(swapped), [lowered[n.lower()] for n in names]


def _driver_connect(connection_string: str, timeout_s: int):
    try:
        import mssql_python
    except ImportError:
        raise VgptError("SQL Server needs mssql-python: pip install 'vgpt[mssql]'") from None
    # a bad keyword raises ConnectionStringParseError, which is not a DB-API Error
    errors = (mssql_python.Error, getattr(mssql_python, "ConnectionStringParseError", mssql_python.Error))
    try:
        # autocommit off: every query is rolled back, so nothing can ever be committed
        return mssql_python.connect(connection_string, autocommit=False, timeout=timeout_s)
    except errors as err:
        raise VgptError(f"cannot connect to SQL Server: {_one_line(err)}") from None


def _one_line(err: BaseException) -> str:
    # the driver's messages run over several lines ("parsing failed:\n  Unknown keyword ...")
    return " ".join(str(err).split())[:400] or type(err).__name__


class MssqlDatabase:
    """A read-only SQL Server connection with the sandbox's ``query`` interface.

    ``params`` are the values for ``@Parameters`` (``APCo``: 1, …) that every query gets;
    a query's own ``params`` win over them. ``connect(connection_string, timeout_s)`` returns
    a DB-API connection (mssql-python's by default; tests pass a fake).
    """

    def __init__(self, connection_string: str, *, params: Mapping[str, Any] | None = None,
                 connect_timeout_s: int = DEFAULT_CONNECT_TIMEOUT_S,
                 query_timeout_s: float = DEFAULT_QUERY_TIMEOUT_S,
                 connect: Callable[[str, int], Any] | None = None):
        self.connection_string = read_only_connection_string(connection_string)
        self.params = dict(params or {})
        self.connect_timeout_s = connect_timeout_s
        self.query_timeout_s = query_timeout_s
        self._connect = connect or _driver_connect
        self._con = None

    def _connection(self):
        if self._con is None:
            self._con = self._connect(self.connection_string, self.connect_timeout_s)
        return self._con

    def close(self) -> None:
        if self._con is not None:
            self._con.close()
            self._con = None

    def __enter__(self) -> MssqlDatabase:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def query(self, sql: str, params: Mapping[str, Any] | None = None, *,
              timeout_s: float | None = None, max_rows: int = 10_000) -> QueryResult:
        """Run one read-only T-SQL query; at most ``max_rows`` rows come back."""
        if not is_read_only(sql):
            raise VgptError(_refusal(sql))
        driver_sql, args = bind_parameters(sql, {**self.params, **(params or {})})
        timeout_s = self.query_timeout_s if timeout_s is None else timeout_s
        con = self._connection()
        error = getattr(con, "Error", Exception)  # DB-API: the driver's error base class
        # the driver's query timeout is whole seconds (0 would mean none)
        con.timeout = max(1, math.ceil(timeout_s))
        start = time.perf_counter()
        cur = con.cursor()
        try:
            cur.execute(driver_sql, args) if args else cur.execute(driver_sql)
            columns = [d[0] for d in cur.description or []]
            rows = [tuple(r) for r in cur.fetchmany(max_rows + 1)] if cur.description else []
        except error as err:
            if time.perf_counter() - start >= timeout_s:
                raise VgptError(f"query exceeded {timeout_s:g} s") from None
            raise VgptError(f"SQL Server: {_one_line(err)}") from None
        finally:
            self._end(cur, con, error)
        return QueryResult(columns=columns, rows=rows[:max_rows], truncated=len(rows) > max_rows,
                           seconds=time.perf_counter() - start, sql=sql)

    def _end(self, cur, con, error) -> None:
        # nothing is ever committed; a connection that cannot roll back is dropped and reopened
        try:
            cur.close()
            con.rollback()
        except error:
            self._con = None
