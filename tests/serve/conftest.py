"""Serving tests: a real checker and a real generated sandbox in front of a scripted model.

The scripted model stands in for any model, including a hostile or broken one: it answers
each question with the text a test gives it, so the guard is tested on what models emit.
"""

from __future__ import annotations

import pytest

from vgpt.eval.backends import Generation
from vgpt.sandbox.build import build_sandbox
from vgpt.sandbox.execute import SandboxDatabase
from vgpt.serve.pipeline import SqlService


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


@pytest.fixture(scope="session")
def sandbox_path(tmp_path_factory):
    path = tmp_path_factory.mktemp("serve") / "sandbox.duckdb"
    build_sandbox(path, seed=0, scale=0.05, progress=False)
    return path


@pytest.fixture()
def model():
    return ScriptedModel()


@pytest.fixture()
def database(sandbox_path):
    return RecordingDatabase(SandboxDatabase(sandbox_path))


@pytest.fixture()
def service(catalog, model, database):
    return SqlService(catalog, model, database)
