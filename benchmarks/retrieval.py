"""Benchmark: Recall@k of table retrieval from the question alone.

    python benchmarks/retrieval.py [--k 5] [--split test|all] [--embeddings MODEL_DIR] [--reranker DIR]
                                   [--train-fraction F]

For every phrasing of every positive curated example in the split, retrieve the top k tables
and count the question a hit when all of its gold tables are among them (target: >= 95% at
k = 5 on the test split). Prints the share per category and the misses. --train-fraction keeps
a random share of the training questions in the example index: a learning curve, how recall
grows with the curated data.
"""

from __future__ import annotations

import argparse
import random
import time
from collections import defaultdict

from vgpt.data.curated_io import load_curated
from vgpt.data.expand import fill_question, parameter_sets
from vgpt.data.splits import split_of
from vgpt.schema import load_catalog
from vgpt.serve.embed import load_embedder
from vgpt.serve.rerank import load_reranker
from vgpt.serve.retrieve import TableRetriever, training_examples


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--k", type=int, default=5)
    parser.add_argument("--split", default="test")
    parser.add_argument("--misses", type=int, default=15)
    parser.add_argument("--embeddings", default=None, help="local sentence-transformers model folder")
    parser.add_argument("--reranker", default=None, help="cross-encoder folder (vgpt schema train-reranker)")
    parser.add_argument("--train-fraction", type=float, default=1.0, help="share of training questions indexed")
    args = parser.parse_args()
    examples = training_examples()
    if args.train_fraction < 1.0:
        examples = random.Random(0).sample(examples, round(args.train_fraction * len(examples)))
    retriever = TableRetriever(load_catalog(), examples, embedder=load_embedder(args.embeddings),
                               reranker=load_reranker(args.reranker))
    hits, totals, misses = defaultdict(int), defaultdict(int), []
    began = time.perf_counter()
    for item in load_curated():
        ex = item.example
        if ex.is_negative or (args.split != "all" and split_of(ex.id) != args.split):
            continue
        gold = {t.upper() for t in ex.tables}
        for phrasing in ex.questions:
            question = fill_question(phrasing, parameter_sets(ex)[0])
            top = {h.name for h in retriever.retrieve(question, k=args.k)}
            totals[ex.category] += 1
            if gold <= top:
                hits[ex.category] += 1
            else:
                misses.append((ex.id, question, sorted(gold - top)))
    seconds = time.perf_counter() - began
    n = sum(totals.values())
    print(f"Recall@{args.k} (all gold tables in the top {args.k}), split {args.split}, "
          f"{'embeddings ' + args.embeddings if args.embeddings else 'no embeddings'}, "
          f"{'reranker ' + args.reranker if args.reranker else 'no reranker'}"
          f"{f', {args.train_fraction:.0%} of training questions' if args.train_fraction < 1 else ''}: "
          f"{sum(hits.values()) / n:.1%} of {n} questions ({1000 * seconds / n:.1f} ms/question)")
    for cat in sorted(totals):
        print(f"  {cat:<14} {hits[cat] / totals[cat]:6.1%}  ({totals[cat]})")
    for ex_id, question, missing in misses[: args.misses]:
        print(f"  miss {ex_id}: {question!r} lacks {missing}")


if __name__ == "__main__":
    main()
