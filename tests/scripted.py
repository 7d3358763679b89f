"""Test doubles shared by the serving and evaluation tests.

The scripted model stands in for any model, including a hostile or broken one: it answers
each question with the text a test gives it, so the guard is tested on what models emit.
"""

from __future__ import annotations

from vgpt.eval.backends import Generation


class ScriptedModel:
    name = "scripted"

    def __init__(self):
        self.replies: dict[str, str] = {}
        self.default = "I do not know."
        self.prompts: list[str] = []

    def generate(self, prompts, prefixes=None):
        out = []
        for p in prompts:
            self.prompts.append(p)
            question = p.split("Question: ", 1)[-1].split("\n", 1)[0]
            out.append(Generation(self.replies.get(question, self.default), 5, 0.0))
        return out


class RecordingDatabase:
    """The sandbox, recording every SQL it is asked to run."""

    def __init__(self, db):
        self.db, self.ran = db, []

    def query(self, sql, params=None, **kw):
        self.ran.append(sql)
        return self.db.query(sql, params, **kw)
