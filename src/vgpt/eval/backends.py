"""Generation backends behind one interface: ``generate(prompts) -> list[Generation]``.

- ``TransformersBackend``: a local model directory (merged) or a base plus a LoRA adapter;
  batched with left padding, greedy, stopping at ``<|eot_id|>``.
- ``OpenAIBackend``: any OpenAI-compatible ``/v1/chat/completions`` endpoint (a served vgpt
  model or a hosted one), through the standard library.
- ``VLLMBackend``: vLLM when it is installed (the ``vllm`` package; GPU only).

Prompts are user messages; the chat template is applied by the backend (or the server).
``prefix`` is text the assistant turn starts with (SQLCoder's native answer prefix).
"""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from vgpt.errors import VgptError

STOP_TOKENS = ("<|eot_id|>", "<|end_of_text|>")


@dataclass
class Generation:
    text: str
    new_tokens: int
    seconds: float  # wall time of the batch this answer came from, divided by its size


class Backend(Protocol):
    name: str

    def generate(self, prompts: list[str], prefixes: list[str] | None = None) -> list[Generation]: ...


def _check_model_dir(path: str) -> None:
    p = Path(path)
    if p.exists() and not (p / "config.json").exists():
        raise VgptError(f"{path} is not a model directory (no config.json)")
    if not p.exists() and (path.startswith((".", "/", "~")) or path.count("/") != 1):
        raise VgptError(f"model path {path} does not exist")


class TransformersBackend:
    def __init__(self, model: str, adapter: str | None = None, *, batch_size: int = 8,
                 max_new_tokens: int = 512, device: str | None = None):
        import torch
        from transformers import AutoModelForCausalLM, AutoTokenizer
        from transformers.utils import logging as hf_logging

        hf_logging.disable_progress_bar()  # our own progress display is the one on screen
        _check_model_dir(model)
        self.name = f"transformers:{model}" + (f"+{adapter}" if adapter else "")
        self.device = device or ("cuda" if torch.cuda.is_available() else "cpu")
        # bf16 where the GPU has it, fp32 otherwise: never fp16 (overflow is how `!!!!` happens)
        dtype = torch.bfloat16 if self.device == "cuda" and torch.cuda.is_bf16_supported() else torch.float32
        try:
            self.tokenizer = AutoTokenizer.from_pretrained(model)
            net = AutoModelForCausalLM.from_pretrained(model, dtype=dtype)
        except OSError as err:
            raise VgptError(f"cannot load model {model}: {str(err).splitlines()[0]}") from None
        if adapter:
            net = _with_adapter(net, adapter)
        self._setup(net.to(self.device), batch_size, max_new_tokens)

    @classmethod
    def from_model(cls, model, tokenizer, *, name: str = "in-memory", batch_size: int = 8,
                   max_new_tokens: int = 512) -> TransformersBackend:
        """Wrap a model already in memory (benchmarks build random-weight models this way)."""
        self = cls.__new__(cls)
        self.name, self.tokenizer = name, tokenizer
        self.device = str(next(model.parameters()).device)
        self._setup(model, batch_size, max_new_tokens)
        return self

    def _setup(self, model, batch_size: int, max_new_tokens: int) -> None:
        self.model = model.eval()
        self.tokenizer.padding_side = "left"
        if self.tokenizer.pad_token is None:
            self.tokenizer.pad_token = self.tokenizer.eos_token
        vocab = self.tokenizer.get_vocab()
        self.stop_ids = [vocab[t] for t in STOP_TOKENS if t in vocab] or [self.tokenizer.eos_token_id]
        self.batch_size = batch_size
        self.max_new_tokens = max_new_tokens

    def _render(self, prompt: str, prefix: str) -> str:
        messages = [{"role": "user", "content": prompt}]
        text = self.tokenizer.apply_chat_template(messages, tokenize=False, add_generation_prompt=True)
        return text + prefix

    def generate(self, prompts: list[str], prefixes: list[str] | None = None) -> list[Generation]:
        import torch

        prefixes = prefixes or [""] * len(prompts)
        texts = [self._render(p, x) for p, x in zip(prompts, prefixes, strict=True)]
        # longest first: batches of similar length waste less padding
        order = sorted(range(len(texts)), key=lambda i: -len(texts[i]))
        out: list[Generation | None] = [None] * len(texts)
        for start in range(0, len(order), self.batch_size):
            idx = order[start : start + self.batch_size]
            enc = self.tokenizer([texts[i] for i in idx], return_tensors="pt", padding=True,
                                 add_special_tokens=False).to(self.device)
            began = time.perf_counter()
            with torch.inference_mode():
                gen = self.model.generate(**enc, max_new_tokens=self.max_new_tokens, do_sample=False,
                                          eos_token_id=self.stop_ids, pad_token_id=self.tokenizer.pad_token_id)
            seconds = (time.perf_counter() - began) / len(idx)
            new = gen[:, enc["input_ids"].shape[1]:]
            for row, i in enumerate(idx):
                ids = [t for t in new[row].tolist() if t not in self.stop_ids and t != self.tokenizer.pad_token_id]
                text = prefixes[i] + self.tokenizer.decode(ids, skip_special_tokens=True)
                out[i] = Generation(text=text, new_tokens=len(ids), seconds=seconds)
        return out  # type: ignore[return-value]


def _with_adapter(model, adapter: str):
    from peft import PeftModel

    if not (Path(adapter) / "adapter_config.json").exists():
        raise VgptError(f"{adapter} is not a LoRA adapter directory (no adapter_config.json)")
    try:
        return PeftModel.from_pretrained(model, adapter)
    except (RuntimeError, ValueError, KeyError) as err:
        raise VgptError(f"adapter {adapter} does not match its base model: {str(err).splitlines()[0]}") from None


class OpenAIBackend:
    """Chat completions over HTTP; one request per prompt (servers batch on their side)."""

    def __init__(self, base_url: str, model: str = "vgpt", *, api_key: str | None = None,
                 max_new_tokens: int = 512, timeout_s: float = 120.0):
        self.url = base_url.rstrip("/")
        if not self.url.endswith("/v1"):
            self.url += "/v1"
        self.name = f"openai:{self.url}#{model}"
        self.model, self.api_key = model, api_key
        self.max_new_tokens, self.timeout_s = max_new_tokens, timeout_s

    def _post(self, payload: dict) -> dict:
        request = urllib.request.Request(f"{self.url}/chat/completions", data=json.dumps(payload).encode(),
                                         headers={"Content-Type": "application/json"}, method="POST")
        if self.api_key:
            request.add_header("Authorization", f"Bearer {self.api_key}")
        try:
            with urllib.request.urlopen(request, timeout=self.timeout_s) as response:  # noqa: S310
                return json.loads(response.read())
        except urllib.error.HTTPError as err:
            raise VgptError(f"endpoint {self.url} answered HTTP {err.code}: {err.read()[:200]!r}") from None
        except (urllib.error.URLError, TimeoutError, ConnectionError) as err:
            raise VgptError(f"endpoint {self.url} does not answer: {getattr(err, 'reason', err)}") from None

    def generate(self, prompts: list[str], prefixes: list[str] | None = None) -> list[Generation]:
        prefixes = prefixes or [""] * len(prompts)
        out = []
        for prompt, prefix in zip(prompts, prefixes, strict=True):
            messages = [{"role": "user", "content": prompt}]
            if prefix:
                messages.append({"role": "assistant", "content": prefix})
            began = time.perf_counter()
            body = self._post({"model": self.model, "messages": messages, "temperature": 0,
                               "max_tokens": self.max_new_tokens})
            try:
                text = body["choices"][0]["message"]["content"] or ""
            except (KeyError, IndexError, TypeError):
                raise VgptError(f"endpoint {self.url} gave no choices: {str(body)[:200]}") from None
            tokens = (body.get("usage") or {}).get("completion_tokens", 0)
            out.append(Generation(prefix + text, tokens, time.perf_counter() - began))
        return out


class VLLMBackend:
    def __init__(self, model: str, adapter: str | None = None, *, max_new_tokens: int = 512):
        try:
            from vllm import LLM, SamplingParams
        except ImportError:
            raise VgptError("vLLM is not installed (pip install vllm; GPU only)") from None
        _check_model_dir(model)
        self.name = f"vllm:{model}" + (f"+{adapter}" if adapter else "")
        self.llm = LLM(model=model, enable_lora=bool(adapter), dtype="bfloat16")
        self.tokenizer = self.llm.get_tokenizer()
        stop_ids = [i for i in (self.tokenizer.convert_tokens_to_ids(t) for t in STOP_TOKENS) if i is not None]
        self.params = SamplingParams(temperature=0.0, max_tokens=max_new_tokens, stop_token_ids=stop_ids)
        self.lora = None
        if adapter:
            from vllm.lora.request import LoRARequest

            self.lora = LoRARequest("vgpt", 1, adapter)

    def generate(self, prompts: list[str], prefixes: list[str] | None = None) -> list[Generation]:
        prefixes = prefixes or [""] * len(prompts)
        texts = [
            self.tokenizer.apply_chat_template([{"role": "user", "content": p}], tokenize=False,
                                               add_generation_prompt=True) + x
            for p, x in zip(prompts, prefixes, strict=True)
        ]
        began = time.perf_counter()
        results = self.llm.generate(texts, self.params, lora_request=self.lora)
        seconds = (time.perf_counter() - began) / max(len(texts), 1)
        return [Generation(x + r.outputs[0].text, len(r.outputs[0].token_ids), seconds)
                for r, x in zip(results, prefixes, strict=True)]


class RecordedBackend:
    """Answers recorded earlier (``record_answers``), looked up by prompt.

    For judging on a machine with the sandbox what a model generated on another machine
    (a GPU box without DuckDB, say). A prompt with no recorded answer is an error.
    """

    def __init__(self, path: str | Path):
        from vgpt.fileio import read_jsonl

        self.name = f"recorded:{path}"
        self.answers = {r["prompt"]: r for r in read_jsonl(path)}
        if not self.answers:
            raise VgptError("no recorded answers", path=str(path))

    def generate(self, prompts: list[str], prefixes: list[str] | None = None) -> list[Generation]:
        out = []
        for prompt in prompts:
            record = self.answers.get(prompt)
            if record is None:
                raise VgptError(f"no recorded answer for a prompt starting {prompt[:80]!r}")
            out.append(Generation(record["text"], record.get("new_tokens", 0), record.get("seconds", 0.0)))
        return out


def record_answers(prompts: list[str], backend, path: str | Path, chunk: int = 64) -> int:
    """Generate an answer for every prompt and write ``{"prompt", "text", "new_tokens", "seconds"}`` lines."""
    from vgpt.fileio import write_jsonl

    records = []
    for start in range(0, len(prompts), chunk):
        part = prompts[start : start + chunk]
        for prompt, g in zip(part, backend.generate(part), strict=True):
            records.append({"prompt": prompt, "text": g.text, "new_tokens": g.new_tokens, "seconds": g.seconds})
    return write_jsonl(path, records)
