"""What a run leaves behind while it trains: trainer_log.jsonl, batch_ids.jsonl, run.log, rich progress."""

from __future__ import annotations

import json
import time
from pathlib import Path

from vgpt import fileio
from vgpt.console import err_console
from vgpt.fileio import write_text

TRAINER_LOG = "trainer_log.jsonl"
BATCH_LOG = "batch_ids.jsonl"
RUN_LOG = "run.log"


def read_jsonl(path: Path) -> list[dict]:
    """The records of a log so far (none when it does not exist yet)."""
    return fileio.read_jsonl(path) if path.exists() else []


class JsonlLog:
    """A JSONL file rewritten atomically on each record; on resume, records past the checkpoint go."""

    def __init__(self, path: Path):
        self.path = path
        self.records = read_jsonl(path)

    def rewind(self, step: int) -> None:
        self.records = [r for r in self.records if r.get("step", 0) <= step]
        self.flush()

    def add(self, record: dict) -> None:
        self.records.append(record)
        self.flush()

    def flush(self) -> None:
        write_text(self.path, "".join(json.dumps(r, default=str) + "\n" for r in self.records))


class RunLog:
    """Human-readable lines on stderr and in run.log (exclusions, guards, saved files)."""

    def __init__(self, out: Path, quiet: bool = False):
        self.path = out / RUN_LOG
        self.lines = self.path.read_text(encoding="utf-8").splitlines() if self.path.exists() else []
        self.quiet = quiet

    def __call__(self, message: str) -> None:
        self.lines.append(f"{time.strftime('%Y-%m-%dT%H:%M:%S')} {message}")
        if not self.quiet:
            err_console.print(message, highlight=False, soft_wrap=True)
        write_text(self.path, "\n".join(self.lines) + "\n")


def make_callbacks(out: Path, *, progress: bool = True):
    """The log callback (trainer_log.jsonl) and a rich progress bar."""
    from transformers import TrainerCallback

    class LogCallback(TrainerCallback):
        def __init__(self):
            self.log = JsonlLog(out / TRAINER_LOG)

        def on_train_begin(self, args, state, control, **kwargs):
            self.log.rewind(state.global_step)  # resumed: drop what came after the checkpoint

        def on_log(self, args, state, control, logs=None, **kwargs):
            record = {"step": state.global_step, "epoch": state.epoch, "time": round(time.time(), 3)}
            record.update({k: v for k, v in (logs or {}).items() if isinstance(v, (int, float, str))})
            if "learning_rate" in record:
                record["lr"] = record.pop("learning_rate")
            self.log.add(record)

    class ProgressCallback(TrainerCallback):
        def on_train_begin(self, args, state, control, **kwargs):
            from rich.progress import (
                BarColumn,
                MofNCompleteColumn,
                Progress,
                TextColumn,
                TimeRemainingColumn,
            )

            self.bar = Progress(TextColumn("training"), BarColumn(), MofNCompleteColumn(),
                                TextColumn("{task.fields[loss]}"), TimeRemainingColumn(),
                                console=err_console, transient=True)
            self.task = self.bar.add_task("train", total=state.max_steps, completed=state.global_step, loss="")
            self.bar.start()

        def on_step_end(self, args, state, control, **kwargs):
            self.bar.update(self.task, completed=state.global_step)

        def on_log(self, args, state, control, logs=None, **kwargs):
            if logs and "loss" in logs:
                self.bar.update(self.task, loss=f"loss {logs['loss']:.4f}")

        def on_train_end(self, args, state, control, **kwargs):
            self.bar.stop()

    callbacks = [LogCallback()]
    if progress:
        callbacks.append(ProgressCallback())
    return callbacks


def recording_trainer(trainer_cls, out: Path):
    """A subclass of ``trainer_cls`` that writes the ids of each optimizer step's examples.

    The collator (wrapped in ``record_ids``) tags each batch with its example ids; they are
    taken off here, before the model sees the batch, and written per step to batch_ids.jsonl.
    """

    class Recording(trainer_cls):
        _batch_log: JsonlLog | None = None
        _pending: list[str] = []

        def training_step(self, model, inputs, num_items_in_batch=None):
            if self._batch_log is None:
                self._batch_log = JsonlLog(out / BATCH_LOG)
                self._batch_log.rewind(self.state.global_step)
                self._pending = []
            self._pending.extend(inputs.pop("vgpt_ids", []))
            loss = super().training_step(model, inputs, num_items_in_batch)
            if self.accelerator.sync_gradients:  # the last micro-batch of this optimizer step
                self._batch_log.add({"step": self.state.global_step + 1, "ids": self._pending})
                self._pending = []
            return loss

        def prediction_step(self, model, inputs, *args, **kwargs):
            inputs.pop("vgpt_ids", None)
            return super().prediction_step(model, inputs, *args, **kwargs)

    return Recording


def record_ids(collator, dataset):
    """Wrap ``collator`` so each batch carries ``vgpt_ids``: the ids of its rows, found by input_ids."""
    by_ids = {}
    for rid, ids in zip(dataset["id"], dataset["input_ids"], strict=True):
        by_ids.setdefault(tuple(ids), rid)

    def collate(features):
        ids = [by_ids.get(tuple(f["input_ids"]), "?") for f in features]
        batch = collator(features)
        batch["vgpt_ids"] = ids
        return batch

    return collate


def make_time_limit(minutes: float | None):
    """A callback that stops training after ``minutes`` of wall time (the Trainer then saves)."""
    from transformers import TrainerCallback

    class TimeLimit(TrainerCallback):
        def on_train_begin(self, args, state, control, **kwargs):
            self.deadline = time.time() + 60 * minutes

        def on_step_end(self, args, state, control, **kwargs):
            if time.time() >= self.deadline:
                control.should_training_stop = True
                control.should_save = True

    return [TimeLimit()] if minutes else []
