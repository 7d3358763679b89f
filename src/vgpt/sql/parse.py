"""Parsing T-SQL with sqlglot into statements, with one clean error instead of a parser trace."""

from __future__ import annotations

import logging

import sqlglot
from sqlglot import exp
from sqlglot.errors import SqlglotError
from sqlglot.tokens import TokenType

from vgpt.errors import VgptError

DIALECT = "tsql"
# sqlglot logs "falling back to parsing as a Command" for odd input; the guard reports it instead
logging.getLogger("sqlglot").setLevel(logging.ERROR)


def _has_go_separator(sql: str) -> bool:
    """True when a bare ``GO`` batch separator stands on its own line (sqlglot cannot parse it)."""
    try:
        tokens = sqlglot.tokenize(sql, read=DIALECT)
    except SqlglotError:
        return False
    for i, tok in enumerate(tokens):
        if tok.text.upper() != "GO" or tok.token_type == TokenType.STRING:
            continue
        prev_line = tokens[i - 1].line if i else 0
        next_line = tokens[i + 1].line if i + 1 < len(tokens) else tok.line + 1
        if prev_line < tok.line < next_line:
            return True
    return False


def _clean(err: Exception) -> str:
    errors = getattr(err, "errors", None)
    if errors:
        first = errors[0]
        desc = str(first.get("description") or "syntax error")
        return f"{desc} at line {first.get('line')}, column {first.get('col')}"
    return str(err).splitlines()[0] if str(err) else type(err).__name__


def parse_statements(sql: str) -> list[exp.Expression]:
    """Every statement in ``sql`` (``;``-separated), or VgptError when it does not parse."""
    if not sql or not sql.strip():
        raise VgptError("empty SQL")
    try:
        statements = sqlglot.parse(sql, read=DIALECT)
    except SqlglotError as err:
        # a GO between statements breaks the parse; a trailing GO parses as a harmless alias
        if _has_go_separator(sql):
            raise VgptError("GO batch separator: send one statement, not a script") from None
        raise VgptError(f"SQL does not parse as T-SQL: {_clean(err)}") from None
    except (RecursionError, ValueError, TypeError, KeyError, IndexError, AttributeError) as err:
        # sqlglot has corner cases that fail with a plain Python error on odd input
        raise VgptError(f"SQL does not parse as T-SQL ({type(err).__name__})") from None
    statements = [s for s in statements if s is not None and not isinstance(s, exp.Semicolon)]
    if not statements:
        raise VgptError("no SQL statement found")
    return statements


def parse_one_tsql(sql: str) -> exp.Expression:
    """The single statement in ``sql``; VgptError for no statement, several, or a parse error."""
    statements = parse_statements(sql)
    if len(statements) > 1:
        raise VgptError(f"{len(statements)} statements: send exactly one")
    return statements[0]


def to_tsql(tree: exp.Expression) -> str:
    """T-SQL text of ``tree`` through sqlglot's generator; VgptError when it cannot write it back."""
    try:
        return tree.sql(dialect=DIALECT)
    except Exception as err:  # noqa: BLE001 - the generator fails in many ways on half-parsed input
        raise VgptError(f"cannot write this statement back as T-SQL ({type(err).__name__})") from None
