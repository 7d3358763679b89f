"""Shared fixtures: the embedded catalog, and the reference facts when they are present."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from scripted import RecordingDatabase, ScriptedModel
from vgpt.sandbox.build import build_sandbox
from vgpt.sandbox.execute import SandboxDatabase
from vgpt.schema import load_catalog
from vgpt.serve.pipeline import SqlService

FACTS = Path(__file__).resolve().parents[2] / "shared" / "vista" / "vista_facts.json"


@pytest.fixture(scope="session")
def catalog():
    return load_catalog()


@pytest.fixture(scope="session")
def vista_facts():
    if not FACTS.exists():
        pytest.skip("../shared/vista/vista_facts.json is not present")
    return json.loads(FACTS.read_text())


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
    db = SandboxDatabase(sandbox_path)
    yield RecordingDatabase(db)
    db.close()


@pytest.fixture()
def service(catalog, model, database):
    return SqlService(catalog, model, database)
