"""The Llama-3 chat format: special tokens, the chat template (with assistant-mask markers), pad choice."""

from __future__ import annotations

BOS = "<|begin_of_text|>"
EOT = "<|eot_id|>"  # end of a turn: the stop token of every chat answer
EOS = "<|end_of_text|>"
HEADER_START = "<|start_header_id|>"
HEADER_END = "<|end_header_id|>"
PAD = "<|finetune_right_pad_id|>"  # Llama-3.1's pad; Llama-3 has reserved tokens instead
SPECIAL_TOKENS = [BOS, EOS, HEADER_START, HEADER_END, EOT, PAD]
PAD_CANDIDATES = [PAD, "<|reserved_special_token_0|>", EOS]

# Renders exactly as Meta's Llama-3 template. The {% generation %} markers let
# apply_chat_template(return_assistant_tokens_mask=True) mark the answer and its <|eot_id|>,
# which is how the loss covers the answer only and the model learns to stop.
LLAMA3_CHAT_TEMPLATE = (
    "{{- bos_token -}}"
    "{%- for message in messages -%}"
    "{{- '<|start_header_id|>' + message['role'] + '<|end_header_id|>\n\n' -}}"
    "{%- if message['role'] == 'assistant' -%}"
    "{%- generation -%}{{- message['content'] | trim + '<|eot_id|>' -}}{%- endgeneration -%}"
    "{%- else -%}"
    "{{- message['content'] | trim + '<|eot_id|>' -}}"
    "{%- endif -%}"
    "{%- endfor -%}"
    "{%- if add_generation_prompt -%}"
    "{{- '<|start_header_id|>assistant<|end_header_id|>\n\n' -}}"
    "{%- endif -%}"
)


def ensure_chat_format(tokenizer) -> None:
    """Give a Llama-3 tokenizer our template and a pad token distinct from its stop tokens."""
    vocab = tokenizer.get_vocab()
    missing = [t for t in (BOS, EOT, HEADER_START, HEADER_END) if t not in vocab]
    if missing:
        from vgpt.errors import VgptError

        raise VgptError(f"the tokenizer is not Llama-3's: it lacks {', '.join(missing)}")
    tokenizer.chat_template = LLAMA3_CHAT_TEMPLATE
    if tokenizer.pad_token is None or tokenizer.pad_token in (EOT, tokenizer.eos_token):
        tokenizer.pad_token = next(t for t in PAD_CANDIDATES if t in vocab and t != tokenizer.eos_token)


def stop_token_ids(tokenizer) -> list[int]:
    vocab = tokenizer.get_vocab()
    return [vocab[t] for t in (EOS, EOT) if t in vocab]


def chat_messages(prompt: str, answer: str | None = None) -> list[dict[str, str]]:
    messages = [{"role": "user", "content": prompt}]
    if answer is not None:
        messages.append({"role": "assistant", "content": answer})
    return messages
