"""Reading SSMS script files: decode them, and split them into batches at ``GO`` lines.

SSMS writes UTF-16 LE with a BOM by default; hand-edited scripts come as UTF-8 (with or
without a BOM) or Windows-1252. ``GO`` is not T-SQL but a client command: it ends a batch
only when it stands on its own line, outside strings, quoted names and comments.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass
from pathlib import Path

from vgpt.errors import VgptError

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


@dataclass(frozen=True)
class Batch:
    text: str
    line: int  # 1-based line of the batch's first line in its file


def decode_sql(data: bytes, path: Path) -> str:
    """Decode a script file's bytes: BOM first, then NUL-byte heuristics, then UTF-8, then cp1252."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _decode(data[len(bom):], encoding, path)
    head = data[:4096]
    if head and head.count(0) * 4 >= len(head):
        # UTF-16 without a BOM: ASCII text leaves every other byte NUL
        even_nuls = head[0::2].count(0)
        return _decode(data, "utf-16-be" if even_nuls > head[1::2].count(0) else "utf-16-le", path)
    if 0 in head:
        raise VgptError("not a SQL script (binary content)", path=str(path))
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return _decode(data, "cp1252", path)


def _decode(data: bytes, encoding: str, path: Path) -> str:
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as err:
        raise VgptError(f"cannot decode as {encoding} ({err.reason})", path=str(path)) from None
    if "\x00" in text:
        raise VgptError("not a SQL script (binary content)", path=str(path))
    return text


def read_sql_file(path: Path) -> str:
    try:
        data = path.read_bytes()
    except OSError as err:
        raise VgptError(f"cannot read file ({err.strerror or err})", path=str(path)) from None
    return decode_sql(data, path)


def _is_go(line: str) -> bool:
    """``GO``, ``go 5``, ``GO -- done``: the batch separator on its own line."""
    words = line.split("--", 1)[0].split()
    if not words or words[0].upper() != "GO":
        return False
    return len(words) == 1 or (len(words) == 2 and words[1].isdigit())


class _Scanner:
    """Tracks whether the text so far ends inside a string, a [name] or a comment."""

    def __init__(self) -> None:
        self.close: str | None = None  # closing quote of an open string or [name]
        self.depth = 0  # nesting depth of /* */ comments (T-SQL nests them)

    @property
    def clear(self) -> bool:
        return self.close is None and self.depth == 0

    def feed(self, line: str) -> None:
        pos, n = 0, len(line)
        while pos < n:
            if self.depth:
                pos = self._in_comment(line, pos)
            elif self.close:
                pos = self._in_quote(line, pos)
            else:
                pos = self._plain(line, pos)

    def _plain(self, line: str, pos: int) -> int:
        hits = [(i, c) for c in ("'", '"', "[", "--", "/*") if (i := line.find(c, pos)) >= 0]
        if not hits:
            return len(line)
        i, c = min(hits)
        if c == "--":
            return len(line)  # the rest of the line is a comment
        if c == "/*":
            self.depth = 1
            return i + 2
        self.close = "]" if c == "[" else c
        return i + 1

    def _in_quote(self, line: str, pos: int) -> int:
        i = line.find(self.close, pos)
        if i < 0:
            return len(line)
        if line.startswith(self.close, i + 1):
            return i + 2  # doubled quote: an escaped quote character, still inside
        self.close = None
        return i + 1

    def _in_comment(self, line: str, pos: int) -> int:
        opens, ends = line.find("/*", pos), line.find("*/", pos)
        if ends < 0 and opens < 0:
            return len(line)
        if opens >= 0 and (ends < 0 or opens < ends):
            self.depth += 1
            return opens + 2
        self.depth -= 1
        return ends + 2


def split_batches(text: str) -> list[Batch]:
    """Split a script into batches at ``GO`` lines that are outside strings and comments."""
    batches: list[Batch] = []
    scanner = _Scanner()
    current: list[str] = []
    start = 1
    for number, line in enumerate(text.splitlines(keepends=True), start=1):
        if scanner.clear and _is_go(line):
            _flush(batches, current, start)
            current, start = [], number + 1
            continue
        current.append(line)
        scanner.feed(line)
    _flush(batches, current, start)
    return batches


def _flush(batches: list[Batch], lines: list[str], start: int) -> None:
    text = "".join(lines)
    if text.strip():
        batches.append(Batch(text, start))
