"""The loss curve of a run, from its trainer_log.jsonl."""

from __future__ import annotations

import json
from pathlib import Path

from vgpt.fileio import atomic_path


def plot_loss(log_path: str | Path, png_path: str | Path, title: str = "training loss") -> Path | None:
    """Write a PNG of loss (and eval_loss) by step; None when the log has no loss yet."""
    import matplotlib

    matplotlib.use("Agg")  # no display on training machines
    import matplotlib.pyplot as plt

    records = [json.loads(x) for x in Path(log_path).read_text().splitlines() if x.strip()]
    train = [(r["step"], r["loss"]) for r in records if "loss" in r]
    evals = [(r["step"], r["eval_loss"]) for r in records if "eval_loss" in r]
    if not train:
        return None
    fig, ax = plt.subplots(figsize=(7, 4))
    ax.plot(*zip(*train, strict=True), label="train loss")
    if evals:
        ax.plot(*zip(*evals, strict=True), "o-", label="eval loss")
    ax.set_xlabel("step")
    ax.set_ylabel("loss")
    ax.set_title(title)
    ax.grid(alpha=0.3)
    ax.legend()
    png_path = Path(png_path)
    with atomic_path(png_path) as tmp:
        fig.savefig(tmp, format="png", dpi=100, bbox_inches="tight")
    plt.close(fig)
    return png_path
