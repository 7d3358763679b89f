"""Deterministic train / validation / test splits by example id.

Each example's split comes from a hash of its id alone, so every phrasing and variant of
one example lands in the same split, and adding an example never moves another one.
"""

from __future__ import annotations

import hashlib

SPLITS = ("train", "validation", "test")
DEFAULT_FRACTIONS = {"train": 0.8, "validation": 0.1, "test": 0.1}


def _unit(example_id: str, salt: str) -> float:
    digest = hashlib.sha256(f"{salt}:{example_id}".encode()).digest()
    return int.from_bytes(digest[:8], "big") / 2**64


def split_of(example_id: str, fractions: dict[str, float] | None = None, salt: str = "vgpt-split-v1") -> str:
    fractions = fractions or DEFAULT_FRACTIONS
    u = _unit(example_id, salt)
    edge = 0.0
    for name in SPLITS:
        edge += fractions.get(name, 0.0)
        if u < edge:
            return name
    return SPLITS[0]
