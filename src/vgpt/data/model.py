"""Curated examples as they are written in ``curated/*.yaml``.

A positive example has gold T-SQL; a negative asks about a table or column that does not
exist and is answered with a refusal that names the real one. Parameters: the SQL may use
``@Name``; where a question phrasing contains ``{Name}`` that value is spelled out in the
question and inlined into the SQL as a literal (see ``vgpt.data.expand``).
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

Difficulty = Literal["easy", "medium", "hard", "expert"]
NEGATIVE_CATEGORIES = ("negative_table", "negative_column")
CATEGORIES = (
    "ap", "ar", "jc", "sl", "gl", "pr", "po", "em", "pm", "hq", "cm", "in",
    "cross_module", *NEGATIVE_CATEGORIES,
)


class Example(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9_.-]*$")
    category: Literal[CATEGORIES]  # type: ignore[valid-type]
    difficulty: Difficulty = "medium"
    questions: list[str] = Field(min_length=2, max_length=4)
    tables: list[str] = Field(min_length=1)  # the tables the prompt must show
    # positives
    sql: str | None = None
    explanation: str | None = None
    notes: str | None = None
    params: dict[str, int | float | str] = Field(default_factory=dict)
    variants: list[dict[str, int | float | str]] = Field(default_factory=list)
    expect_empty: bool = False  # rare: an empty result is the point of the example
    ordered: bool | None = None  # does the question ask for a row order? None: infer
    # negatives
    fake: str | None = None  # the name that does not exist: 'APInvoices' or 'APTH.GrossAmt'
    real: str | None = None  # what to use instead: 'APTH' or 'APTL.GrossAmt'
    answer: str | None = None  # the refusal text

    @field_validator("questions")
    @classmethod
    def _distinct_questions(cls, qs: list[str]) -> list[str]:
        norm = [" ".join(q.lower().split()) for q in qs]
        if len(set(norm)) != len(norm):
            raise ValueError("phrasings must differ")
        if any(not q.strip() for q in qs):
            raise ValueError("empty phrasing")
        return qs

    @model_validator(mode="after")
    def _shape(self) -> Example:
        if self.is_negative:
            missing = [f for f in ("fake", "real", "answer") if not getattr(self, f)]
            if missing:
                raise ValueError(f"a negative example needs {', '.join(missing)}")
            if self.sql:
                raise ValueError("a negative example has no gold SQL")
        else:
            missing = [f for f in ("sql", "explanation") if not getattr(self, f)]
            if missing:
                raise ValueError(f"a positive example needs {', '.join(missing)}")
            for variant in self.variants:
                unknown = set(variant) - set(self.params)
                if unknown:
                    raise ValueError(f"variant sets {sorted(unknown)} that params does not declare")
        return self

    @property
    def is_negative(self) -> bool:
        return self.category in NEGATIVE_CATEGORIES

    @property
    def module(self) -> str:
        """The module an example belongs to, for per-module reporting."""
        if self.category in ("cross_module", *NEGATIVE_CATEGORIES):
            return self.category
        return self.category.upper()


class CuratedFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    examples: list[Example]
