"""vgpt.sql: T-SQL analysis on sqlglot — names, NOLOCK, company filter, read-only guard."""

from vgpt.sql.check import check_sql, used_columns
from vgpt.sql.guard import is_read_only
from vgpt.sql.nolock import add_nolock
from vgpt.sql.parse import parse_one_tsql
from vgpt.sql.result import CheckResult, Issue
from vgpt.sql.top import cap_top

__all__ = [
    "CheckResult",
    "Issue",
    "add_nolock",
    "cap_top",
    "check_sql",
    "is_read_only",
    "parse_one_tsql",
    "used_columns",
]
