"""The one result object of a SQL check, shared by the validator, the evaluator and the server."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

Severity = Literal["error", "warning"]


@dataclass
class Issue:
    code: str
    message: str
    severity: Severity = "error"
    table: str | None = None
    column: str | None = None
    suggestions: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        out = asdict(self)
        # optional keys only where they say something, so the JSON stays short
        return {k: v for k, v in out.items() if v not in (None, []) or k in ("code", "message", "severity")}


@dataclass
class CheckResult:
    ok: bool
    issues: list[Issue]
    tables: list[str]
    columns: list[str]
    sql: str
    parsed: bool

    @property
    def errors(self) -> list[Issue]:
        return [i for i in self.issues if i.severity == "error"]

    @property
    def warnings(self) -> list[Issue]:
        return [i for i in self.issues if i.severity == "warning"]

    def codes(self) -> list[str]:
        return [i.code for i in self.issues]

    def to_json(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "issues": [i.to_json() for i in self.issues],
            "tables": list(self.tables),
            "columns": list(self.columns),
            "sql": self.sql,
        }
