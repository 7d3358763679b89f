"""Token counting for prompt budgets: a fast Llama-3 estimate, or a real tokenizer.

The estimate mirrors Llama-3's pre-tokenizer (a tiktoken-style split: letter runs with one
leading space or symbol, digit groups of up to three, symbol runs, whitespace runs) and
then guesses how many BPE pieces each chunk becomes. It was calibrated against the real
Llama-3 tokenizer (the ``tokenizer.model`` that Meta's ``llama-models`` package ships) on
rendered Vista DDL, T-SQL and English prose; see ``docs/ddl.md`` for the figures. It
errs high on purpose, so that a budget met by the estimate is met by the real tokenizer.
"""

from __future__ import annotations

import math
import re
from functools import lru_cache
from typing import Any, Protocol

# Llama-3's split pattern, written for `re` (no \p{..}): [^\W\d_] is a letter, \d a digit.
_PIECE = re.compile(
    r"'(?:[sStTmMdD]|[rR][eE]|[vV][eE]|[lL][lL])"
    r"|(?:[^\r\n\w]|_)?[^\W\d_]+"
    r"|\d{1,3}"
    r"| ?(?:[^\s\w]|_)+[\r\n]*"
    r"|\s*[\r\n]+"
    r"|\s+(?!\S)"
    r"|\s+"
)
# Segments of a letter run: ACRONYM, Capitalised, lower (APTrans -> AP, Trans).
_SEGMENT = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|[^\W\d_]+")
_VOWEL = re.compile(r"[aeiouyAEIOUY]")

# SQL words as the real tokenizer splits them (the larger of " WORD" and "WORD").
_KNOWN = {
    "CREATE": 1, "TABLE": 1, "PRIMARY": 1, "KEY": 1, "NOT": 1, "NULL": 1, "SELECT": 1,
    "FROM": 1, "WHERE": 1, "JOIN": 1, "INNER": 1, "LEFT": 1, "RIGHT": 1, "OUTER": 2, "ON": 1,
    "AND": 1, "OR": 1, "GROUP": 1, "BY": 1, "ORDER": 1, "AS": 1, "WITH": 1, "NOLOCK": 2,
    "TOP": 1, "DISTINCT": 2, "COUNT": 1, "SUM": 1, "AVG": 2, "MIN": 1, "MAX": 1, "HAVING": 2,
    "CASE": 1, "WHEN": 2, "THEN": 1, "ELSE": 1, "END": 1, "IN": 1, "IS": 1, "LIKE": 1,
    "BETWEEN": 3, "EXISTS": 2, "UNION": 2, "ALL": 1, "CAST": 1, "CONVERT": 2, "DESC": 1,
    "ASC": 1, "GETDATE": 2, "DATEADD": 2, "DATEDIFF": 3, "YEAR": 1, "MONTH": 1, "ISNULL": 2,
    "COALESCE": 3, "varchar": 1, "nvarchar": 2, "char": 1, "nchar": 2, "numeric": 1,
    "decimal": 1, "tinyint": 2, "smallint": 2, "int": 1, "bigint": 1, "bit": 1, "date": 1,
    "datetime": 1, "smalldatetime": 4, "money": 1, "float": 1, "real": 1, "text": 1,
    "uniqueidentifier": 2, "max": 1,
}

# Calibrated rules (docs/ddl.md). A word up to _WORD_WHOLE letters is one piece, a longer
# one a piece per _WORD_LETTERS; an acronym up to _CAPS_WHOLE letters is one piece, a
# longer one (APTH, JCCD) a piece per _CAPS_LETTERS; a vowel-less abbreviation (Mth) two.
_WORD_WHOLE = 7
_WORD_LETTERS = 4.0
_CAPS_WHOLE = 3
_CAPS_LETTERS = 2.5
_LEAD = 1  # a symbol glued before a word ("(max", ".APTrans")
_SYMBOLS = 3.0  # symbol characters per piece: "),", " --", ");" are single pieces
_MARGIN = 1.05  # err high: a budget met by the estimate should hold for the real count


class TokenCounter(Protocol):
    """Anything that counts the tokens of a text."""

    def __call__(self, text: str) -> int: ...


def _segment_tokens(seg: str) -> int:
    known = _KNOWN.get(seg)
    if known:
        return known
    n = len(seg)
    if seg.isupper():
        return 1 if n <= _CAPS_WHOLE else math.ceil(n / _CAPS_LETTERS)
    if not _VOWEL.search(seg):
        return 1 if n <= 2 else 2
    return 1 if n <= _WORD_WHOLE else math.ceil(n / _WORD_LETTERS)


def _piece_tokens(piece: str) -> float:
    if piece.isspace() or piece[-1].isdigit():
        return 1
    body = piece.lstrip(" ")
    if body and body[-1].isalpha():
        lead = 0 if body[0].isalpha() else 1
        return lead * _LEAD + sum(_segment_tokens(s) for s in _SEGMENT.findall(body[lead:]))
    symbols = body.rstrip("\r\n")  # newlines after symbols merge with them: ",\n" is one piece
    wide = sum(1 for ch in symbols if ord(ch) > 127)  # box drawing, arrows: a piece or more each
    return wide + max(1, math.ceil((len(symbols) - wide) / _SYMBOLS))


@lru_cache(maxsize=1 << 16)
def _line_raw(line: str) -> float:
    return sum(_piece_tokens(p) for p in _PIECE.findall(line))


def estimate_tokens(text: str) -> int:
    """Estimate Llama-3 tokens in ``text`` (no special tokens); slightly high, by design."""
    if not text:
        return 0
    # Counted line by line (a piece never spans lines but for a rare newline run), so that the
    # renderer's many counts of texts sharing most of their lines hit the cache.
    raw = sum(_line_raw(line) for line in text.splitlines(keepends=True))
    return math.ceil(raw * _MARGIN)


def hf_counter(tokenizer: Any) -> TokenCounter:
    """Wrap a tokenizer with ``.encode(text, add_special_tokens=False)`` (transformers) as a counter."""

    def count(text: str) -> int:
        return len(tokenizer.encode(text, add_special_tokens=False))

    return count
