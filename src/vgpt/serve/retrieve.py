"""Retrieval of the tables a question needs, from the question alone.

BM25 (bm25s) over each table's text — names, CamelCase split into words, descriptions,
column names and descriptions, coded values — plus a Vista glossary of business words
(vendor -> APVM, subcontract -> SLHD/SLIT, …), plus the votes of the most similar questions of
the dataset's training split for their gold tables (by shared words, and by meaning when a local
sentence-transformers model is given: vgpt.serve.embed); the best tables then pull in their
join-graph neighbours at a damped score, so bridging tables (APTH between APTD and APVM) come along.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import yaml

from vgpt.schema.model import Catalog, Table

_CAMEL = re.compile(r"[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z]+|[A-Z]+|\d+")
_STOP = frozenset("a an and the of for in on to by with what which who how many much is are was were "
                  "do does did me my our we us show list give get all each per from at as be it its this "
                  "that there their than then or not no".split())
NEIGHBOR_WEIGHT = 0.1
GLOSSARY_WEIGHT = 4.0
EXAMPLE_WEIGHT = 8.0  # votes of the most similar training questions for their gold tables
EXAMPLE_NEIGHBORS = 24  # weights tuned on the validation split (docs/serving.md)
# With --embeddings: votes of the training questions closest in meaning (cosine^DENSE_POWER).
DENSE_WEIGHT = 8.0
DENSE_NEIGHBORS = 16
DENSE_POWER = 3.0


def stem(word: str) -> str:
    """Plural to singular, the one inflection that splits question words from schema words
    (units / unit, states / state, invoices / invoice, categories / category)."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def words(text: str) -> list[str]:
    """Lower-case word tokens, plurals made singular; CamelCase and module prefixes split
    (InvTotal -> inv, total)."""
    out = []
    for raw in re.findall(r"[A-Za-z0-9]+", text):
        out.append(raw.lower())
        parts = _CAMEL.findall(raw)
        if len(parts) > 1:
            out.extend(p.lower() for p in parts)
    return [stem(w) for w in out if w not in _STOP]


def table_text(table: Table, module_title: str) -> str:
    parts = [table.name, table.base, table.module, module_title, table.description or ""]
    for c in table.columns:
        parts.append(c.name)
        if c.description:
            parts.append(c.description)
        if c.values:
            parts.extend(c.values.values())
    return " ".join(parts)


@lru_cache(maxsize=1)
def glossary() -> dict[str, list[str]]:
    text = (resources.files("vgpt.serve") / "glossary.yaml").read_text(encoding="utf-8")
    return {str(k).lower(): v for k, v in yaml.safe_load(text).items()}


@dataclass
class Hit:
    name: str
    score: float


class _Bm25:
    """BM25 over pre-split documents (bm25s), with our tokenizer."""

    def __init__(self, docs: list[list[str]]):
        import bm25s

        self.vocab: dict[str, int] = {}
        ids = [[self.vocab.setdefault(w, len(self.vocab)) for w in doc] for doc in docs]
        self.index = bm25s.BM25()
        self.index.index(bm25s.tokenization.Tokenized(ids=ids, vocab=self.vocab), show_progress=False)

    def scores(self, query_words: list[str]):
        query = [w for w in query_words if w in self.vocab]
        return self.index.get_scores(query) if query else None


def training_examples() -> list[tuple[str, list[str]]]:
    """(question, gold tables) of the curated positives in the train split, each phrasing's
    {placeholders} filled as a user would ask it ("For AP company 1", not "{APCo}").

    Only the train split: the retrieval benchmark measures on the test split, which this
    index never sees.
    """
    from vgpt.data.curated_io import load_curated
    from vgpt.data.expand import fill_question, parameter_sets
    from vgpt.data.splits import split_of

    out = []
    for item in load_curated():
        ex = item.example
        if ex.is_negative or split_of(ex.id) != "train":
            continue
        values = parameter_sets(ex)[0]
        out.extend((fill_question(q, values), list(ex.tables)) for q in ex.questions)
    return out


class TableRetriever:
    def __init__(self, catalog: Catalog, examples: list[tuple[str, list[str]]] | None = None, embedder=None,
                 reranker=None):
        self.catalog = catalog
        self.examples = training_examples() if examples is None else examples
        self.example_index = _Bm25([words(q) for q, _ in self.examples]) if self.examples else None
        # gold tables as catalog names, resolved once rather than on every vote
        self.example_tables = [[t.name for n in names if (t := catalog.table(n)) is not None]
                               for _, names in self.examples]
        self.embedder = embedder if self.examples else None
        self.example_vectors = self.embedder.encode([q for q, _ in self.examples]) if self.embedder else None
        self.names = list(catalog.tables)
        corpus = [words(table_text(t, catalog.modules[t.module].title if t.module in catalog.modules else ""))
                  for t in catalog.tables.values()]
        self.table_index = _Bm25(corpus)
        self.glossary = {k: [n for n in v if catalog.table(n)] for k, v in glossary().items()}
        self.reranker = reranker  # vgpt.serve.rerank.Reranker, optional

    def _bm25(self, question: str) -> dict[str, float]:
        scores = self.table_index.scores(words(question))
        if scores is None:
            return {}
        top = max(scores) or 1.0
        return {name: float(s) / top for name, s in zip(self.names, scores, strict=True) if s > 0}

    def _glossary(self, question: str) -> dict[str, float]:
        text = " ".join(re.findall(r"[a-z0-9-]+", question.lower()))
        hits: dict[str, float] = {}
        for phrase, tables in self.glossary.items():
            if re.search(rf"\b{re.escape(phrase)}s?\b", text):  # plural too: invoices, jobs
                weight = GLOSSARY_WEIGHT * (1 + 0.25 * phrase.count(" "))
                for rank, name in enumerate(tables):
                    hits[name] = hits.get(name, 0.0) + weight / (1 + 0.5 * rank)
        return hits

    def _similar_examples(self, question: str) -> dict[str, float]:
        """Tables of the most similar training questions (shared words), weighted by similarity."""
        if self.example_index is None:
            return {}
        scores = self.example_index.scores(words(question))
        if scores is None:
            return {}
        top = sorted(range(len(scores)), key=lambda i: -scores[i])[:EXAMPLE_NEIGHBORS]
        best = float(scores[top[0]]) or 1.0
        return self._votes([(i, float(scores[i]) / best) for i in top], EXAMPLE_WEIGHT)

    def _dense_examples(self, question: str) -> dict[str, float]:
        """Tables of the training questions closest in meaning (needs an embedder)."""
        if self.embedder is None:
            return {}
        sims = (self.example_vectors @ self.embedder.encode([question])[0]).tolist()
        top = sorted(range(len(sims)), key=lambda i: -sims[i])[:DENSE_NEIGHBORS]
        return self._votes([(i, max(sims[i], 0.0) ** DENSE_POWER) for i in top], DENSE_WEIGHT)

    def _votes(self, weighted: list[tuple[int, float]], scale: float) -> dict[str, float]:
        """Each example votes its weight for each of its gold tables; the best table gets ``scale``."""
        votes: dict[str, float] = {}
        for i, weight in weighted:
            if weight > 0:
                for name in self.example_tables[i]:
                    votes[name] = votes.get(name, 0.0) + weight
        most = max(votes.values(), default=0.0) or 1.0
        return {name: scale * v / most for name, v in votes.items()}

    def _named(self, question: str) -> dict[str, float]:
        """Tables the question names outright (APTH, bJCCD)."""
        return {t.name: 10.0 for w in re.findall(r"\b[bB]?[A-Z]{4}\b", question)
                if (t := self.catalog.table(w)) is not None}

    def scores(self, question: str, seeds: int = 5) -> dict[str, float]:
        """Every table's score before reranking; the top ``seeds`` pull in their join neighbours."""
        scores: dict[str, float] = {}
        parts = (self._bm25(question), self._glossary(question), self._named(question),
                 self._similar_examples(question), self._dense_examples(question))
        for part in parts:
            for name, s in part.items():
                scores[name] = scores.get(name, 0.0) + s
        for name, s in _ranked(scores)[:seeds]:
            for other in self.catalog.neighbors(name):
                scores[other] = scores.get(other, 0.0) + NEIGHBOR_WEIGHT * s
        return scores

    def retrieve(self, question: str, k: int = 5) -> list[Hit]:
        if self.reranker is None:
            ranked = _ranked(self.scores(question, seeds=k))
        else:
            from vgpt.serve.rerank import POOL, WEIGHT, table_card

            pool = _ranked(self.scores(question, seeds=max(k, POOL)))[:max(k, POOL)]
            probs = self.reranker.scores(question, [table_card(self.catalog, name) for name, _ in pool])
            ranked = _ranked({name: s + WEIGHT * p for (name, s), p in zip(pool, probs, strict=True)})
        return [Hit(name, round(float(s), 4)) for name, s in ranked[:k]]


def _ranked(scores: dict[str, float]) -> list[tuple[str, float]]:
    """Best first; ties by name, so a ranking never depends on dict order."""
    return sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))
