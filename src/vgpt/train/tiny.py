"""A tiny Llama with an offline byte-level BPE tokenizer: the CPU stand-in for Llama-3-8B.

No download: the tokenizer is trained on the project's own text (catalog names and
descriptions, the prompt format, SQL keywords), and carries Llama-3's special tokens and
chat template. Built once per size and corpus: a directory holds a hash of both.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

from vgpt.train.chat_format import BOS, EOS, EOT, LLAMA3_CHAT_TEMPLATE, PAD, SPECIAL_TOKENS

SQL_WORDS = (
    "SELECT FROM WHERE JOIN INNER LEFT RIGHT OUTER ON AND OR NOT IN IS NULL AS GROUP BY ORDER "
    "HAVING SUM COUNT AVG MIN MAX TOP DISTINCT CASE WHEN THEN ELSE END WITH NOLOCK DATEADD "
    "DATEDIFF GETDATE CAST CONVERT ISNULL COALESCE BETWEEN LIKE EXISTS UNION ALL DESC ASC "
    "CREATE TABLE PRIMARY KEY NOT NULL tinyint smallint int bigint varchar char numeric "
    "decimal smalldatetime datetime bit money"
)
EXTRA_TEXT = (
    "The table does not exist in this schema. Use the real table instead. "
    "Notes: every table reference carries WITH (NOLOCK); filter by company. "
    "To find the rows, query the table and join on the company and key columns.\n"
    "```sql\nSELECT * FROM APTH WITH (NOLOCK) WHERE APCo = 1\n```\n"
)


def corpus_lines(extra: list[str] | None = None) -> list[str]:
    """The project's own text: prompt format, SQL words, and every catalog name and description."""
    from vgpt.data.prompt import GUIDE_PROMPT
    from vgpt.schema import load_catalog

    lines = [GUIDE_PROMPT, SQL_WORDS, EXTRA_TEXT]
    catalog = load_catalog()
    for table in catalog.tables.values():
        lines.append(f"CREATE TABLE {table.name} ({table.base}, {table.module}) {table.description or ''}")
        for col in table.columns:
            lines.append(f"{table.name}.{col.name} {col.type} {col.udt or ''} {col.description or ''}")
    for module in catalog.modules.values():
        lines.append(f"{module.code} {module.title} {module.notes or ''}")
    return lines + list(extra or [])


def _train_tokenizer(lines: list[str], vocab_size: int):
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers, trainers
    from transformers import PreTrainedTokenizerFast

    tok = Tokenizer(models.BPE())
    tok.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    tok.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(
        vocab_size=vocab_size, special_tokens=SPECIAL_TOKENS,
        initial_alphabet=pre_tokenizers.ByteLevel.alphabet(), show_progress=False,
    )
    tok.train_from_iterator(lines * 3, trainer=trainer)
    fast = PreTrainedTokenizerFast(
        tokenizer_object=tok, bos_token=BOS, eos_token=EOT, pad_token=PAD,
        model_max_length=8192, clean_up_tokenization_spaces=False,
    )
    fast.chat_template = LLAMA3_CHAT_TEMPLATE
    return fast


def _key(lines: list[str], **sizes) -> str:
    h = hashlib.sha256(json.dumps(sizes, sort_keys=True).encode())
    for line in lines:
        h.update(line.encode())
    return h.hexdigest()[:16]


def default_cache_dir() -> Path:
    root = os.environ.get("VGPT_CACHE") or Path.home() / ".cache" / "vgpt"
    return Path(root) / "tiny-models"


def build_tiny_model(
    out_dir: str | Path | None = None, *, vocab_size: int = 2048, layers: int = 2, hidden: int = 64,
    heads: int = 4, kv_heads: int = 2, intermediate: int | None = None, max_positions: int = 4096,
    seed: int = 0, extra_text: list[str] | None = None,
) -> Path:
    """Build (or reuse) a tiny Llama-3-shaped model with its tokenizer in ``out_dir``; return it."""
    lines = corpus_lines(extra_text)
    sizes = dict(vocab=vocab_size, layers=layers, hidden=hidden, heads=heads, kv=kv_heads,
                 inter=intermediate, pos=max_positions, seed=seed)
    key = _key(lines, **sizes)
    out = Path(out_dir) if out_dir else default_cache_dir() / key
    stamp = out / "vgpt_tiny.json"
    if stamp.exists() and json.loads(stamp.read_text()).get("key") == key:
        return out
    _build(out, lines, key, sizes)
    return out


def _build(out: Path, lines: list[str], key: str, sizes: dict) -> None:
    import torch
    from transformers import GenerationConfig, LlamaConfig, LlamaForCausalLM

    from vgpt.fileio import write_json

    tokenizer = _train_tokenizer(lines, sizes["vocab"])
    vocab = tokenizer.get_vocab()
    config = LlamaConfig(
        vocab_size=len(tokenizer), hidden_size=sizes["hidden"],
        intermediate_size=sizes["inter"] or sizes["hidden"] * 2, num_hidden_layers=sizes["layers"],
        num_attention_heads=sizes["heads"], num_key_value_heads=sizes["kv"],
        max_position_embeddings=sizes["pos"], rope_theta=500000.0, tie_word_embeddings=False,
        bos_token_id=vocab[BOS], eos_token_id=[vocab[EOS], vocab[EOT]], pad_token_id=vocab[PAD],
    )
    torch.manual_seed(sizes["seed"])
    model = LlamaForCausalLM(config).to(torch.float32)
    model.generation_config = GenerationConfig(
        bos_token_id=vocab[BOS], eos_token_id=[vocab[EOS], vocab[EOT]], pad_token_id=vocab[PAD],
        do_sample=False,
    )
    out.mkdir(parents=True, exist_ok=True)
    model.save_pretrained(out)
    tokenizer.save_pretrained(out)
    # Written last: a build interrupted before this line is rebuilt next time.
    write_json(out / "vgpt_tiny.json", {"key": key, "sizes": sizes, "parameters": model.num_parameters()})
