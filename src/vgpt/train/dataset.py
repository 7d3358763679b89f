"""The training dataset contract (docs/training.md): read and check ``sft.jsonl`` and ``dpo.jsonl``.

sft.jsonl: {"id", "split": train|validation|test, "messages": [{"role": "user", ...}, {"role": "assistant", ...}]}
dpo.jsonl: {"prompt", "chosen", "rejected"} (+ optional "id", "split")
"""

from __future__ import annotations

import random
from pathlib import Path

from vgpt.errors import VgptError
from vgpt.fileio import read_numbered_jsonl

SPLITS = ("train", "validation", "test")
SFT_FILE = "sft.jsonl"
DPO_FILE = "dpo.jsonl"


def read_jsonl(path: Path) -> list[tuple[int, dict]]:
    if not path.is_file():
        raise VgptError("no such dataset file", path=str(path))
    rows = read_numbered_jsonl(path)
    for n, row in rows:
        if not isinstance(row, dict):
            raise VgptError("a row is a JSON object", path=str(path), line=n)
    if not rows:
        raise VgptError("the dataset file has no rows", path=str(path))
    return rows


def _check_text(row: dict, key: str, path: Path, line: int) -> str:
    value = row.get(key)
    if not isinstance(value, str) or not value.strip():
        raise VgptError(f"row {row.get('id', '?')}: {key!r} must be non-empty text", path=str(path), line=line)
    return value


def _check_sft_row(row: dict, path: Path, line: int) -> dict:
    rid = row.get("id")
    if not isinstance(rid, str) or not rid:
        raise VgptError("row has no 'id'", path=str(path), line=line)
    if row.get("split", "train") not in SPLITS:
        raise VgptError(f"row {rid}: split {row.get('split')!r} is not one of {SPLITS}", path=str(path), line=line)
    messages = row.get("messages")
    roles = [m.get("role") for m in messages] if isinstance(messages, list) and all(isinstance(m, dict) for m in messages) else None
    if not roles or roles[-1] != "assistant" or "user" not in roles:
        raise VgptError(f"row {rid}: 'messages' must be user/assistant turns ending with the assistant", path=str(path), line=line)
    for m in messages:
        if m["role"] not in ("system", "user", "assistant"):
            raise VgptError(f"row {rid}: unknown role {m['role']!r}", path=str(path), line=line)
        _check_text(m, "content", path, line)
    return {"id": rid, "split": row.get("split", "train"), "messages": [{"role": m["role"], "content": m["content"]} for m in messages]}


def load_sft(data_dir: str | Path) -> list[dict]:
    path = Path(data_dir) / SFT_FILE
    rows = [_check_sft_row(row, path, n) for n, row in read_jsonl(path)]
    seen: set[str] = set()
    for row in rows:
        if row["id"] in seen:
            raise VgptError(f"duplicate id {row['id']}", path=str(path))
        seen.add(row["id"])
    return rows


def load_dpo(data_dir: str | Path) -> list[dict]:
    path = Path(data_dir) / DPO_FILE
    out = []
    for n, row in read_jsonl(path):
        rec = {k: _check_text(row, k, path, n) for k in ("prompt", "chosen", "rejected")}
        if rec["chosen"].strip() == rec["rejected"].strip():
            raise VgptError(f"row {row.get('id', n)}: chosen and rejected are the same", path=str(path), line=n)
        rec["id"] = str(row.get("id") or f"dpo-{n}")
        rec["split"] = row.get("split", "train")
        out.append(rec)
    return out


def split_rows(rows: list[dict], val_size: float, seed: int) -> tuple[list[dict], list[dict]]:
    """Train and validation rows; without validation rows, hold out ``val_size`` of train (seeded)."""
    train = [r for r in rows if r["split"] == "train"]
    val = [r for r in rows if r["split"] == "validation"]
    if not val and val_size > 0 and len(train) > 1:
        shuffled = train[:]
        random.Random(seed).shuffle(shuffled)
        k = max(1, round(len(train) * val_size))
        val, train = shuffled[:k], shuffled[k:]
    if not train:
        raise VgptError("the dataset has no training rows")
    return train, val


def held_out_prompts(rows: list[dict], k: int) -> list[dict]:
    """Prompts for the post-training check: test rows first, then validation."""
    ordered = [r for r in rows if r["split"] == "test"] + [r for r in rows if r["split"] == "validation"]
    return ordered[:k]
