"""An optional cross-encoder reranker for table retrieval.

The retriever's scores come from words, the glossary and similar training questions, each
looked at apart from the others. A cross-encoder reads the question and one table's card
(name, description, module, column names) together and says how likely the table belongs
in the query; retrieval adds that probability, weighted, to its own score for its top
candidates. Trained here (``vgpt schema train-reranker``) from the curated training split on
top of any small BERT-style model folder, e.g. the all-MiniLM-L6-v2 used for --embeddings.
Measured on the test split in docs/serving.md.
"""

from __future__ import annotations

import json
import math
import random
import time
from dataclasses import asdict, dataclass, replace
from pathlib import Path

from vgpt.errors import VgptError
from vgpt.schema.model import Catalog

META_FILE = "vgpt-reranker.json"
POOL = 20  # candidates reranked: the retriever's top 20 hold every gold table for 99% of test questions
WEIGHT = 8.0  # retrieval score + WEIGHT * probability; tuned on the validation split
HARD_NEGATIVES = 12  # training candidates: the full retriever's top 12 ...
LEXICAL_NEGATIVES = 10  # ... and the words-only retriever's top 10, so lookalike tables are learned too


def table_card(catalog: Catalog, name: str) -> str:
    """What the cross-encoder reads about a table: name, description, module, column names."""
    table = catalog.tables[name]
    module = catalog.modules[table.module].title if table.module in catalog.modules else table.module
    return f"{table.name} {table.description or ''} ({module}). Columns: " + ", ".join(c.name for c in table.columns)


@dataclass
class RerankerConfig:
    epochs: float = 3.0
    lr: float = 4e-5
    max_length: int = 192
    batch_size: int = 32
    warmup_ratio: float = 0.1
    seed: int = 0


class Reranker:
    """A trained cross-encoder folder (``vgpt schema train-reranker``), scoring on the CPU."""

    def __init__(self, path: str | Path):
        folder = Path(path)
        if not (folder / META_FILE).is_file():
            raise VgptError(f"--reranker {path}: not a reranker folder (no {META_FILE}; "
                            "make one with vgpt schema train-reranker)")
        self.meta = json.loads((folder / META_FILE).read_text(encoding="utf-8"))
        self.tokenizer, model = _load(folder, "--reranker")
        self.model = model.float().eval()

    def scores(self, question: str, cards: list[str]) -> list[float]:
        """The probability that each table card belongs with the question."""
        import torch

        enc = self.tokenizer([question] * len(cards), cards, truncation="only_second", padding=True,
                             max_length=self.meta["max_length"], return_tensors="pt")
        with torch.inference_mode():
            return torch.sigmoid(self.model(**enc).logits[:, 0]).tolist()


def _load(folder: str | Path, option: str):
    """Tokenizer and one-logit sequence classifier from a folder; a broken one is one clear error."""
    import torch
    from transformers import AutoModelForSequenceClassification, AutoTokenizer

    try:
        tokenizer = AutoTokenizer.from_pretrained(folder)
        model = AutoModelForSequenceClassification.from_pretrained(folder, num_labels=1, dtype=torch.float32)
    except (OSError, ValueError) as err:
        raise VgptError(f"{option} {folder}: cannot load the model ({str(err).splitlines()[0]})") from None
    return tokenizer, model


def load_reranker(path: str | Path | None) -> Reranker | None:
    return Reranker(path) if path else None


def training_pairs(retriever, lexical) -> list[tuple[str, str, float]]:
    """(question, table, 1 or 0) for every training question: its gold tables, and the tables
    ``retriever`` and the words-only ``lexical`` retriever rank high that are not gold."""
    pairs = []
    for (question, _), gold in zip(retriever.examples, retriever.example_tables, strict=True):
        candidates = [h.name for h in retriever.retrieve(question, k=HARD_NEGATIVES)]
        candidates += [h.name for h in lexical.retrieve(question, k=LEXICAL_NEGATIVES)]
        candidates += gold
        pairs.extend((question, name, float(name in gold)) for name in dict.fromkeys(candidates))
    return pairs


def train_reranker(base: str | Path, out: str | Path, catalog: Catalog, pairs: list[tuple[str, str, float]],
                   config: RerankerConfig, progress: bool = True) -> dict:
    """Fine-tune ``base`` as a cross-encoder on ``pairs``; the folder ``out`` appears only when done."""
    import torch

    from vgpt.fileio import atomic_dir

    if not (Path(base) / "config.json").is_file():
        raise VgptError(f"--base {base}: not a model folder (no config.json)")
    if not pairs:
        raise VgptError("no training questions: the curated train split is empty")
    torch.manual_seed(config.seed)
    device = "cuda" if torch.cuda.is_available() else "cpu"
    tokenizer, model = _load(base, "--base")
    model = model.to(device)
    # no longer than the model can read: past its position table BERT fails mid-batch
    config = replace(config, max_length=min(config.max_length, model.config.max_position_embeddings))
    cards = {name: table_card(catalog, name) for name in {p[1] for p in pairs}}
    began = time.perf_counter()
    steps, losses = _fit(model, tokenizer, [(q, cards[t], y) for q, t, y in pairs], config, progress)
    summary = {"pairs": len(pairs), "positives": int(sum(p[2] for p in pairs)), "steps": steps, "device": device,
               "seconds": round(time.perf_counter() - began, 1),
               "final_loss": round(sum(losses[-50:]) / len(losses[-50:]), 4)}
    with atomic_dir(out) as tmp:
        model.save_pretrained(tmp)
        tokenizer.save_pretrained(tmp)
        meta = {"base": str(base), **asdict(config), **summary}
        (tmp / META_FILE).write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
    return summary


def _fit(model, tokenizer, rows: list[tuple[str, str, float]], config: RerankerConfig, progress: bool):
    """AdamW with linear warm-up and decay, binary cross-entropy on (question, card, label) rows;
    bf16 autocast on a GPU. Returns the number of steps and each step's loss."""
    import torch
    from rich.progress import Progress

    from vgpt.console import err_console

    device = model.device.type
    steps = max(1, math.ceil(config.epochs * len(rows) / config.batch_size))
    warmup = max(1, int(config.warmup_ratio * steps))
    optimizer = torch.optim.AdamW(model.parameters(), lr=config.lr, weight_decay=0.01)
    schedule = torch.optim.lr_scheduler.LambdaLR(
        optimizer, lambda s: min(1.0, (s + 1) / warmup) * max(0.0, (steps - s) / steps))
    losses = []
    model.train()
    with Progress(*Progress.get_default_columns(), console=err_console, disable=not progress, transient=True) as bar:
        task = bar.add_task("training reranker", total=steps)
        for batch in _batches(rows, config.batch_size, steps, random.Random(config.seed)):
            questions, cards, labels = zip(*batch, strict=True)
            enc = tokenizer(list(questions), list(cards), truncation="only_second", padding=True,
                            max_length=config.max_length, return_tensors="pt").to(device)
            with torch.autocast(device, dtype=torch.bfloat16, enabled=device == "cuda"):
                logits = model(**enc).logits[:, 0].float()
            loss = torch.nn.functional.binary_cross_entropy_with_logits(logits, torch.tensor(labels, device=device))
            loss.backward()
            optimizer.step()
            schedule.step()
            optimizer.zero_grad()
            losses.append(loss.item())
            bar.advance(task)
    return steps, losses


def _batches(pairs, size: int, steps: int, rng: random.Random):
    """``steps`` batches of ``size`` pairs, reshuffled each pass over the data."""
    done = 0
    while True:
        order = pairs[:]
        rng.shuffle(order)
        for i in range(0, len(order), size):
            if done == steps:
                return
            yield order[i:i + size]
            done += 1
