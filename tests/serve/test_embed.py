"""Dense retrieval with a local sentence-transformers model (a tiny random one, built offline)."""

from __future__ import annotations

import subprocess

import pytest
from typer.testing import CliRunner

from vgpt.errors import VgptError
from vgpt.serve.embed import Embedder, load_embedder
from vgpt.serve.retrieve import TableRetriever

WORDS = "how much do we owe each vendor retainage held on subcontract units of measure payroll hours job".split()


@pytest.fixture(scope="module")
def tiny_embedder(tmp_path_factory) -> Embedder:
    import torch
    from sentence_transformers import SentenceTransformer, models
    from transformers import BertConfig, BertModel, BertTokenizerFast

    base = tmp_path_factory.mktemp("bert")
    vocab = {w: i for i, w in enumerate(["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", *WORDS])}
    BertTokenizerFast(vocab=vocab).save_pretrained(base)
    torch.manual_seed(0)
    config = BertConfig(vocab_size=5 + len(WORDS), hidden_size=32, num_hidden_layers=1, num_attention_heads=2,
                        intermediate_size=64, max_position_embeddings=64)
    BertModel(config).save_pretrained(base)
    word = models.Transformer(str(base))
    out = tmp_path_factory.mktemp("st")
    SentenceTransformer(modules=[word, models.Pooling(word.get_word_embedding_dimension())]).save(str(out))
    return Embedder(out)


def test_vectors_are_unit_length_and_deterministic(tiny_embedder):
    a, b = tiny_embedder.encode(["how much do we owe each vendor", "how much do we owe each vendor"])
    assert abs(float(a.norm()) - 1) < 1e-5 and float((a - b).abs().max()) == 0


def test_the_closest_training_question_votes_for_its_tables(catalog, tiny_embedder):
    examples = [("how much do we owe each vendor", ["APTD", "APVM"]), ("payroll hours job", ["PRTH"]),
                ("units of measure", ["HQUM"])]
    plain = TableRetriever(catalog, examples=examples)
    dense = TableRetriever(catalog, examples=examples, embedder=tiny_embedder)
    assert plain._dense_examples("units of measure") == {}
    votes = dense._dense_examples("units of measure")
    assert max(votes, key=votes.get) == "HQUM"  # the same question: cosine 1, the largest vote
    assert set(votes) <= {"APTD", "APVM", "PRTH", "HQUM"}
    assert "HQUM" in {h.name for h in dense.retrieve("units of measure", k=3)}


def test_bad_embeddings_folder_is_one_clear_error(tmp_path, catalog):
    with pytest.raises(VgptError, match="not a sentence-transformers model folder"):
        load_embedder(tmp_path)
    assert load_embedder(None) is None


def test_cli_retrieve_with_embeddings(tiny_embedder, tmp_path):
    from vgpt.cli import _register, app

    _register()
    runner = CliRunner()
    ok = runner.invoke(app, ["schema", "retrieve", "--json", "--embeddings", tiny_embedder.path, "open AP by vendor"])
    assert ok.exit_code == 0, ok.output
    assert "APVM" in ok.stdout
    bad = subprocess.run(["vgpt", "schema", "retrieve", "--embeddings", str(tmp_path), "open AP by vendor"],
                         capture_output=True, text=True)
    assert bad.returncode == 2 and "Traceback" not in bad.stderr
    assert bad.stderr.strip().count("\n") == 0 and "not a sentence-transformers model folder" in bad.stderr
