"""Reading DDL from sqlglot tokens where sqlglot's parser has no tree for it.

``CREATE TYPE ... FROM ...`` has no parser in sqlglot's T-SQL dialect, and a CREATE TABLE
with syntax the parser does not know (``ROWGUIDCOL``, ``SPARSE``, ``FILESTREAM``) must not
lose the table. Both are read here from the token stream, which knows strings, quoted names
and comments; the type spelling of every column is read here too, because the parse tree
normalises it (``numeric`` becomes DECIMAL, ``timestamp`` becomes ROWVERSION).
"""

from __future__ import annotations

from sqlglot.tokens import Token, TokenType

from vgpt.schema.importers.objects import ColumnDef, TableDef, TypeDef

_TABLE_CONSTRAINTS = {TokenType.CONSTRAINT, TokenType.PRIMARY_KEY, TokenType.UNIQUE,
                      TokenType.FOREIGN_KEY, TokenType.INDEX}
_CONSTRAINT_WORDS = {"CHECK", "PERIOD"}  # plain words to the tokenizer; a [Check] column is quoted


def type_at(tokens: list[Token], i: int) -> tuple[str, str, int]:
    """Read ``[dbo].[bDollar]`` or ``[numeric](12, 2)`` at ``i``: (name, args, index after)."""
    name = tokens[i].text
    i += 1
    while i + 1 < len(tokens) and tokens[i].token_type == TokenType.DOT:
        name = tokens[i + 1].text  # keep the last part: the schema is always dbo or sys
        i += 2
    args = ""
    if i < len(tokens) and tokens[i].token_type == TokenType.L_PAREN:
        end = _matching_paren(tokens, i)
        args = "".join(t.text for t in tokens[i + 1 : end]).lower()
        i = end + 1
    return name, args, i


def _matching_paren(tokens: list[Token], i: int) -> int:
    depth = 0
    for j in range(i, len(tokens)):
        kind = tokens[j].token_type
        if kind == TokenType.L_PAREN:
            depth += 1
        elif kind == TokenType.R_PAREN:
            depth -= 1
            if depth == 0:
                return j
    raise ValueError("unbalanced parentheses")


def _nullability(tokens: list[Token]) -> bool | None:
    """NULL / NOT NULL at parenthesis depth 0 (a DEFAULT (NULL) is inside parentheses)."""
    depth, result = 0, None
    for j, tok in enumerate(tokens):
        if tok.token_type == TokenType.L_PAREN:
            depth += 1
        elif tok.token_type == TokenType.R_PAREN:
            depth -= 1
        elif depth == 0 and tok.token_type == TokenType.NULL:
            result = not (j > 0 and tokens[j - 1].token_type == TokenType.NOT)
    return result


def read_create_type(tokens: list[Token]) -> TypeDef | None:
    """``CREATE TYPE [dbo].[bCompany] FROM [tinyint] NULL`` -> TypeDef (None for table types)."""
    words = [t.text.upper() for t in tokens[:2]]
    if words != ["CREATE", "TYPE"]:
        return None
    name, _, i = type_at(tokens, 2)
    if i >= len(tokens) or tokens[i].text.upper() != "FROM":
        return None  # CREATE TYPE ... AS TABLE: not a column type
    base, args, i = type_at(tokens, i + 1)
    nullable = _nullability(tokens[i:])
    return TypeDef(name, f"{base.lower()}({args})" if args else base.lower(), nullable is not False)


def _split_items(tokens: list[Token], open_at: int) -> list[list[Token]]:
    """The comma-separated items inside the parentheses that open at ``open_at``."""
    end = _matching_paren(tokens, open_at)
    items: list[list[Token]] = [[]]
    depth = 0
    for tok in tokens[open_at + 1 : end]:
        if tok.token_type == TokenType.L_PAREN:
            depth += 1
        elif tok.token_type == TokenType.R_PAREN:
            depth -= 1
        if depth == 0 and tok.token_type == TokenType.COMMA:
            items.append([])
            continue
        items[-1].append(tok)
    return [item for item in items if item]


def column_from_tokens(item: list[Token]) -> ColumnDef:
    name = item[0].text
    if len(item) > 1 and item[1].token_type == TokenType.ALIAS:
        return ColumnDef(name, "computed", computed=True)
    type_name, args, i = type_at(item, 1)
    rest = item[i:]
    identity = any(t.text.upper() == "IDENTITY" for t in rest)
    return ColumnDef(name, type_name, args, _nullability(rest), identity)


def _constraint_key(item: list[Token]) -> list[str]:
    """Columns of a clustered PRIMARY KEY / UNIQUE CLUSTERED table constraint, else []."""
    words = {t.text.upper() for t in item}
    kinds = {t.token_type for t in item}
    primary = TokenType.PRIMARY_KEY in kinds
    clustered = "CLUSTERED" in words or (primary and "NONCLUSTERED" not in words)
    if not clustered or not (primary or TokenType.UNIQUE in kinds):
        return []
    start = next((j for j, t in enumerate(item) if t.token_type == TokenType.L_PAREN), None)
    if start is None:
        return []
    inner = item[start + 1 : _matching_paren(item, start)]
    return [t.text for t in inner if t.token_type in (TokenType.IDENTIFIER, TokenType.VAR)
            and t.text.upper() not in ("ASC", "DESC")]


def read_create_table(tokens: list[Token]) -> TableDef:
    """A CREATE TABLE read from tokens alone: columns, types, nullability, identity, key."""
    start = next(j for j, t in enumerate(tokens) if t.token_type == TokenType.TABLE)
    open_at = next(j for j in range(start, len(tokens)) if tokens[j].token_type == TokenType.L_PAREN)
    base = tokens[open_at - 1].text
    columns, key = [], []
    for item in _split_items(tokens, open_at):
        first = item[0]
        if first.token_type in _TABLE_CONSTRAINTS or (
            first.token_type == TokenType.VAR and first.text.upper() in _CONSTRAINT_WORDS
        ):
            key = key or _constraint_key(item)
        else:
            columns.append(column_from_tokens(item))
    return TableDef(base, columns, key)
