"""Shared fixtures: the embedded catalog, and the reference facts when they are present."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from vgpt.schema import load_catalog

FACTS = Path(__file__).resolve().parents[2] / "shared" / "vista" / "vista_facts.json"


@pytest.fixture(scope="session")
def catalog():
    return load_catalog()


@pytest.fixture(scope="session")
def vista_facts():
    if not FACTS.exists():
        pytest.skip("../shared/vista/vista_facts.json is not present")
    return json.loads(FACTS.read_text())
