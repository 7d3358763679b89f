"""Writing built rows: the dataset folder, and exports for TRL (chat, DPO) and LLaMA-Factory."""

from __future__ import annotations

import random
from collections import Counter
from pathlib import Path

from vgpt.data.expand import Row, _seed
from vgpt.data.mistakes import drop_company_filter, drop_nolock, invent_column, sql_for_fake
from vgpt.data.prompt import format_answer
from vgpt.data.splits import SPLITS
from vgpt.errors import VgptError
from vgpt.fileio import atomic_dir, read_jsonl, write_json, write_jsonl
from vgpt.schema.model import Catalog

ROWS_FILE = "rows.jsonl"
MANIFEST = "manifest.json"
FORMATS = ("chat", "llamafactory", "dpo")


def write_dataset(rows: list[Row], out: Path, manifest: dict) -> None:
    with atomic_dir(out) as tmp:
        write_jsonl(tmp / ROWS_FILE, (r.to_json() for r in rows))
        write_json(tmp / MANIFEST, manifest)


def read_rows(folder: Path) -> list[Row]:
    path = Path(folder) / ROWS_FILE
    if not path.exists():
        raise VgptError(f"no {ROWS_FILE}: build the dataset first (vgpt data build --out {folder})", path=str(folder))
    try:
        return [Row(**r) for r in read_jsonl(path)]
    except TypeError as err:
        raise VgptError(f"rows do not match this vgpt version ({err})", path=str(path)) from None


def chat_record(row: Row) -> dict:
    return {
        "id": row.id,
        "example_id": row.example_id,
        "split": row.split,
        "category": row.category,
        "messages": [
            {"role": "user", "content": row.prompt},
            {"role": "assistant", "content": row.answer},
        ],
    }


def export_chat(rows: list[Row], out: Path) -> dict[str, int]:
    counts = {}
    with atomic_dir(out) as tmp:
        for split in SPLITS:
            counts[split] = write_jsonl(tmp / f"{split}.jsonl", (chat_record(r) for r in rows if r.split == split))
    return counts


def _rejected_sql(row: Row, catalog: Catalog) -> tuple[str, str] | None:
    """(mistake kind, wrong SQL) for a positive row, chosen deterministically by row id."""
    rng = random.Random(_seed("dpo", row.id))
    makers = [
        ("nolock_dropped", lambda: drop_nolock(row.sql)),
        ("company_filter_dropped", lambda: drop_company_filter(row.sql, catalog)),
        ("column_invented", lambda: invent_column(row.sql, catalog, rng)),
    ]
    rng.shuffle(makers)
    for kind, make in makers:
        wrong = make()
        if wrong:
            return kind, wrong
    return None


def dpo_pairs(rows: list[Row], catalog: Catalog) -> list[dict]:
    pairs = []
    for row in rows:
        if row.negative:
            wrong = sql_for_fake(row.fake, catalog, row.real)
            kind, rejected = "fake_name_used", format_answer(f"Query {row.fake} directly.", wrong)
        else:
            made = _rejected_sql(row, catalog)
            if made is None:
                continue
            kind, wrong = made
            explanation, _, _ = row.answer.partition("```sql")
            rejected = format_answer(explanation.strip(), wrong)
        pairs.append({"id": row.id, "split": row.split, "mistake": kind, "prompt": row.prompt,
                      "chosen": row.answer, "rejected": rejected})
    return pairs


def export_dpo(rows: list[Row], catalog: Catalog, out: Path) -> dict[str, int]:
    pairs = dpo_pairs(rows, catalog)
    with atomic_dir(out) as tmp:
        for split in SPLITS:
            write_jsonl(tmp / f"{split}.jsonl", (p for p in pairs if p["split"] == split))
    return dict(Counter(p["mistake"] for p in pairs))


def export_llamafactory(rows: list[Row], catalog: Catalog, out: Path) -> dict[str, int]:
    """Alpaca-format SFT files and a ranking DPO file, registered in dataset_info.json."""
    info, counts = {}, {}
    pairs = dpo_pairs([r for r in rows if r.split == "train"], catalog)
    with atomic_dir(out) as tmp:
        for split in SPLITS:
            name = f"vgpt_sft_{split}"
            records = [{"instruction": r.prompt, "input": "", "output": r.answer} for r in rows if r.split == split]
            write_json(tmp / f"{name}.json", records)
            info[name] = {"file_name": f"{name}.json"}
            counts[name] = len(records)
        ranking = [{"instruction": p["prompt"], "input": "", "chosen": p["chosen"], "rejected": p["rejected"]} for p in pairs]
        write_json(tmp / "vgpt_dpo_train.json", ranking)
        info["vgpt_dpo_train"] = {
            "file_name": "vgpt_dpo_train.json",
            "ranking": True,
            "columns": {"prompt": "instruction", "query": "input", "chosen": "chosen", "rejected": "rejected"},
        }
        counts["vgpt_dpo_train"] = len(ranking)
        write_json(tmp / "dataset_info.json", info)
    return counts
