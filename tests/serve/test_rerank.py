"""The cross-encoder reranker: pairs, training, scoring, and its place in retrieval (tiny BERT, offline)."""

from __future__ import annotations

import json
import subprocess

import pytest
from typer.testing import CliRunner

from vgpt.errors import VgptError
from vgpt.serve.rerank import (
    META_FILE,
    POOL,
    WEIGHT,
    Reranker,
    RerankerConfig,
    load_reranker,
    table_card,
    train_reranker,
    training_pairs,
)
from vgpt.serve.retrieve import TableRetriever

WORDS = ("vendor owe invoice unit measure hqum apvm apth aptd ap hq transaction header master "
         "columns vendorgroup um description").split()
EXAMPLES = [("how much do we owe each vendor", ["APTD", "APVM"]), ("units of measure", ["HQUM"])]


@pytest.fixture(scope="module")
def tiny_base(tmp_path_factory):
    """A random tiny BERT with a word-level tokenizer: the CPU stand-in for all-MiniLM-L6-v2."""
    import torch
    from transformers import BertConfig, BertModel, BertTokenizerFast

    base = tmp_path_factory.mktemp("bert")
    vocab = {w: i for i, w in enumerate(["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", *WORDS])}
    BertTokenizerFast(vocab=vocab).save_pretrained(base)
    torch.manual_seed(0)
    config = BertConfig(vocab_size=len(vocab), hidden_size=64, num_hidden_layers=2, num_attention_heads=2,
                        intermediate_size=128, max_position_embeddings=64)
    BertModel(config).save_pretrained(base)
    return base


@pytest.fixture(scope="module")
def trained(tiny_base, tmp_path_factory, catalog):
    """A reranker taught that vendor questions go with APVM and not HQUM, and the reverse."""
    pairs = [("vendor owe", "APVM", 1.0), ("vendor owe", "HQUM", 0.0),
             ("unit measure", "HQUM", 1.0), ("unit measure", "APVM", 0.0)] * 16
    out = tmp_path_factory.mktemp("rr") / "reranker"
    summary = train_reranker(tiny_base, out, catalog, pairs, RerankerConfig(epochs=30, lr=1e-3, batch_size=8),
                             progress=False)
    return out, summary


def test_table_card_reads_name_description_module_and_columns(catalog):
    card = table_card(catalog, "APVM")
    assert card.startswith("APVM ") and "Accounts Payable" in card
    assert "Columns: " in card and "VendorGroup" in card


def test_training_pairs_label_gold_tables_and_mine_lookalikes(catalog):
    retriever = TableRetriever(catalog, examples=EXAMPLES)
    lexical = TableRetriever(catalog, examples=[])
    pairs = training_pairs(retriever, lexical)
    by_question = {}
    for question, table, label in pairs:
        by_question.setdefault(question, []).append((table, label))
    assert set(by_question) == {q for q, _ in EXAMPLES}
    for question, gold in EXAMPLES:
        rows = by_question[question]
        assert len(rows) == len({t for t, _ in rows})  # each table once per question
        assert {t for t, label in rows if label == 1.0} == set(gold)
        assert sum(label == 0.0 for _, label in rows) >= 5  # negatives the retrievers rank high


def test_training_learns_and_writes_a_loadable_folder(trained, catalog):
    out, summary = trained
    meta = json.loads((out / META_FILE).read_text())
    assert meta["max_length"] == 64  # 192 asked, cut to what the model can read
    assert meta["pairs"] == summary["pairs"] == 64
    assert summary["device"] in ("cpu", "cuda") and summary["steps"] == 30 * 64 // 8
    ranker = Reranker(out)
    cards = [table_card(catalog, "APVM"), table_card(catalog, "HQUM")]
    apvm, hqum = ranker.scores("vendor owe", cards)
    assert 0.0 < hqum < apvm < 1.0  # probabilities; a tie or an inversion means nothing was learned
    apvm, hqum = ranker.scores("unit measure", cards)
    assert apvm < hqum


class _Prefers:
    """A reranker certain of one table: shows how its probability enters the ranking."""

    def __init__(self, name):
        self.name, self.seen = name, []

    def scores(self, question, cards):
        self.seen.append(len(cards))
        return [1.0 if card.startswith(self.name + " ") else 0.0 for card in cards]


def test_reranking_adds_weighted_probability_within_the_pool(catalog):
    plain = TableRetriever(catalog, examples=EXAMPLES)
    question = "how much do we owe each vendor"
    pool = sorted(plain.scores(question, seeds=POOL).items(), key=lambda kv: -kv[1])[:POOL]
    sixth, base = pool[5]
    assert sixth not in {h.name for h in plain.retrieve(question, k=5)}
    lifted = TableRetriever(catalog, examples=EXAMPLES, reranker=_Prefers(sixth))
    hits = {h.name: h.score for h in lifted.retrieve(question, k=5)}
    assert hits[sixth] == pytest.approx(base + WEIGHT, abs=1e-3) and lifted.reranker.seen == [POOL]
    outside = next(n for n in catalog.tables if n not in dict(pool))
    never = TableRetriever(catalog, examples=EXAMPLES, reranker=_Prefers(outside))
    assert outside not in {h.name for h in never.retrieve(question, k=5)}  # it reranks, never adds


def test_bad_folders_are_one_clear_error(tmp_path, catalog, tiny_base):
    with pytest.raises(VgptError, match="not a reranker folder"):
        load_reranker(tmp_path)
    assert load_reranker(None) is None
    with pytest.raises(VgptError, match="not a model folder"):
        train_reranker(tmp_path / "nope", tmp_path / "out", catalog, [("q", "APVM", 1.0)], RerankerConfig())
    assert not (tmp_path / "out").exists()
    weightless = tmp_path / "weightless"
    weightless.mkdir()
    (weightless / "config.json").write_text('{"model_type": "bert"}')
    with pytest.raises(VgptError, match="cannot load the model"):
        train_reranker(weightless, tmp_path / "out", catalog, [("q", "APVM", 1.0)], RerankerConfig())
    assert not (tmp_path / "out").exists()


def test_cli_trains_then_retrieves_with_the_reranker(tiny_base, tmp_path):
    from vgpt.cli import _register, app

    _register()
    runner = CliRunner()
    out = tmp_path / "rr"
    made = runner.invoke(app, ["schema", "train-reranker", "--base", str(tiny_base), "--out", str(out),
                               "--epochs", "0.002", "--batch-size", "8", "--json"])
    assert made.exit_code == 0, made.output
    summary = json.loads(made.stdout)
    assert summary["pairs"] > 10 * summary["positives"] / 2 and (out / META_FILE).is_file()
    ok = runner.invoke(app, ["schema", "retrieve", "--json", "--reranker", str(out), "open AP by vendor"])
    assert ok.exit_code == 0, ok.output
    assert len(json.loads(ok.stdout)["tables"]) == 5
    bad = subprocess.run(["vgpt", "schema", "retrieve", "--reranker", str(tmp_path), "open AP by vendor"],
                         capture_output=True, text=True)
    assert bad.returncode == 2 and "Traceback" not in bad.stderr
    assert bad.stderr.strip().count("\n") == 0 and "not a reranker folder" in bad.stderr
