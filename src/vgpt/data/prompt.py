"""The prompt and answer formats (DESIGN.md, "Prompt format"), and reading SQL back out of answers."""

from __future__ import annotations

import re

GUIDE_PROMPT = """Generate a SQL query to answer the following question.

Question: {question}

Database Schema:
{ddl}

Provide:
1. A brief explanation of the approach
2. The SQL query
3. Any important notes about Vista-specific conventions used"""

# SQLCoder's native prompt, for measuring the base model fairly. Its answer is primed with
# the prefix; the model continues with the SQL.
SQLCODER_PROMPT = """Generate a SQL query to answer this question: `{question}`

DDL statements:
{ddl}"""
SQLCODER_ANSWER_PREFIX = "The following SQL query best answers the question `{question}`:\n```sql\n"

PROMPT_STYLES = ("guide", "sqlcoder")


def build_prompt(question: str, ddl: str, style: str = "guide") -> str:
    if style == "guide":
        return GUIDE_PROMPT.format(question=question.strip(), ddl=ddl.strip())
    if style == "sqlcoder":
        return SQLCODER_PROMPT.format(question=question.strip(), ddl=ddl.strip())
    raise ValueError(f"unknown prompt style {style!r}; use one of {PROMPT_STYLES}")


def format_answer(explanation: str, sql: str, notes: str | None = None) -> str:
    """A positive answer: a short explanation, one ```sql block, then the Vista notes."""
    parts = [explanation.strip(), f"```sql\n{sql.strip()}\n```"]
    if notes and notes.strip():
        parts.append(f"Notes: {notes.strip()}")
    return "\n\n".join(parts)


_FENCE = re.compile(r"```(?:sql|tsql|SQL)?[ \t]*\n(.*?)(?:```|\Z)", re.DOTALL)


def extract_sql(answer: str) -> str | None:
    """The SQL of a model answer: the first fenced block, else None (a refusal has none).

    This reads the answer's markdown, not SQL: the SQL itself is analysed by ``vgpt.sql``.
    """
    for match in _FENCE.finditer(answer):
        body = match.group(1).strip()
        if body:
            return body
    return None
