"""Shared CLI plumbing: the rich console, JSON output, reading '-' from stdin."""

from __future__ import annotations

import json
import sys
from typing import Any

from rich.console import Console

from vgpt.errors import VgptError

console = Console()
err_console = Console(stderr=True)


def print_json(obj: Any) -> None:
    """Print machine-readable output: plain JSON on stdout, nothing else."""
    sys.stdout.write(json.dumps(obj, indent=2, ensure_ascii=False, default=str) + "\n")


def read_arg_or_stdin(value: str, what: str = "SQL") -> str:
    """Return ``value``, or standard input when it is '-'."""
    text = sys.stdin.read() if value == "-" else value
    if not text.strip():
        raise VgptError(f"empty {what}")
    return text
