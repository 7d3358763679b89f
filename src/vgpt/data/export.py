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
SFT_FILE = "sft.jsonl"  # the names vgpt.train reads (docs/training.md)
DPO_FILE = "dpo.jsonl"
MANIFEST = "manifest.json"
FORMATS = ("chat", "llamafactory", "dpo")


def write_dataset(rows: list[Row], out: Path, manifest: dict, catalog: Catalog) -> None:
    """The dataset folder, whole or not at all: rows, manifest, and the training files
    (sft.jsonl, dpo.jsonl) so that ``vgpt train sft --data`` reads it as it is."""
    with atomic_dir(out) as tmp:
        write_jsonl(tmp / ROWS_FILE, (r.to_json() for r in rows))
        export_chat(rows, tmp)
        manifest = {**manifest, "dpo_mistakes": export_dpo(rows, catalog, tmp)}
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
    """``out/sft.jsonl``: one chat per row with its split (the training contract, docs/training.md)."""
    out.mkdir(parents=True, exist_ok=True)
    write_jsonl(out / SFT_FILE, (chat_record(r) for r in rows))
    return {split: sum(r.split == split for r in rows) for split in SPLITS}


def _mistakes(sql: str, catalog: Catalog, cache: dict) -> list[tuple[str, str]]:
    """Every applicable (mistake kind, wrong SQL) of one gold SQL; rows share their example's SQL."""
    if sql not in cache:
        rng = random.Random(_seed("dpo", sql))
        made = [("nolock_dropped", drop_nolock(sql)),
                ("company_filter_dropped", drop_company_filter(sql, catalog)),
                ("column_invented", invent_column(sql, catalog, rng))]
        cache[sql] = [(kind, wrong) for kind, wrong in made if wrong]
    return cache[sql]


def _rejected_sql(row: Row, catalog: Catalog, cache: dict) -> tuple[str, str] | None:
    """(mistake kind, wrong SQL) for a positive row, chosen deterministically by row id."""
    options = _mistakes(row.sql, catalog, cache)
    return random.Random(_seed("dpo", row.id)).choice(options) if options else None


def dpo_pairs(rows: list[Row], catalog: Catalog) -> list[dict]:
    pairs, cache = [], {}
    for row in rows:
        if row.negative:
            wrong = sql_for_fake(row.fake, catalog, row.real)
            kind, rejected = "fake_name_used", format_answer(f"Query {row.fake} directly.", wrong)
        else:
            made = _rejected_sql(row, catalog, cache)
            if made is None:
                continue
            kind, wrong = made
            explanation, _, _ = row.answer.partition("```sql")
            rejected = format_answer(explanation.strip(), wrong)
        pairs.append({"id": row.id, "split": row.split, "mistake": kind, "prompt": row.prompt,
                      "chosen": row.answer, "rejected": rejected})
    return pairs


def export_dpo(rows: list[Row], catalog: Catalog, out: Path) -> dict[str, int]:
    """``out/dpo.jsonl``: preference pairs with their split; returns counts per mistake kind."""
    pairs = dpo_pairs(rows, catalog)
    out.mkdir(parents=True, exist_ok=True)
    write_jsonl(out / DPO_FILE, pairs)
    return dict(Counter(p["mistake"] for p in pairs))


# LLaMA-Factory's dataset folder: alpaca SFT files and a ranking DPO file, registered in
# dataset_info.json. `vgpt train export-llamafactory` adds the stage configs to the same folder.
LF_SFT, LF_VAL, LF_DPO = "vgpt_sft", "vgpt_sft_val", "vgpt_dpo"


def alpaca_record(chat: dict) -> dict:
    turns = [m for m in chat["messages"] if m["role"] != "system"]
    if len(turns) != 2:
        raise VgptError(f"row {chat['id']}: LLaMA-Factory's alpaca format holds one question and one answer")
    out = {"instruction": turns[0]["content"], "input": "", "output": turns[1]["content"]}
    system = [m["content"] for m in chat["messages"] if m["role"] == "system"]
    if system:
        out["system"] = system[0]
    return out


def write_llamafactory_dataset(chats: list[dict], pairs: list[dict], out: Path) -> dict[str, int]:
    """Write the alpaca/ranking files and dataset_info.json into ``out``; train split only for DPO."""
    train = [alpaca_record(c) for c in chats if c["split"] == "train"]
    val = [alpaca_record(c) for c in chats if c["split"] == "validation"]
    dpo = [{"instruction": p["prompt"], "input": "", "chosen": p["chosen"], "rejected": p["rejected"]}
           for p in pairs if p.get("split", "train") == "train"]
    info = {LF_SFT: {"file_name": f"{LF_SFT}.json"}}
    out.mkdir(parents=True, exist_ok=True)
    write_json(out / f"{LF_SFT}.json", train)
    if val:
        write_json(out / f"{LF_VAL}.json", val)
        info[LF_VAL] = {"file_name": f"{LF_VAL}.json"}
    if dpo:
        write_json(out / f"{LF_DPO}.json", dpo)
        info[LF_DPO] = {"file_name": f"{LF_DPO}.json", "ranking": True,
                        "columns": {"prompt": "instruction", "query": "input", "chosen": "chosen", "rejected": "rejected"}}
    write_json(out / "dataset_info.json", info)
    return {LF_SFT: len(train), LF_VAL: len(val), LF_DPO: len(dpo)}


def export_llamafactory(rows: list[Row], catalog: Catalog, out: Path) -> dict[str, int]:
    return write_llamafactory_dataset([chat_record(r) for r in rows], dpo_pairs(rows, catalog), out)
