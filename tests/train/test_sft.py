"""SFT end to end on the tiny model: CLI outputs, answer-only loss, over-cutoff exclusion."""

from __future__ import annotations

import json

from vgpt.train.common import Prepared
from vgpt.train.dataset import load_sft, split_rows
from vgpt.train.sft import build_sft_trainer, run_sft, token_lengths
from vgpt.train.tracking import read_jsonl


def test_cli_sft_leaves_adapter_log_and_plot(sft_run, fixtures_dir):
    out = sft_run  # `vgpt train sft --preset cpu-tiny --max-steps 10 --out DIR --data fixtures --json`
    summary = json.loads((out / "cli_stdout.json").read_text())
    assert summary["global_step"] == 10 and summary["precision"] == "fp32"
    assert (out / "adapter_model.safetensors").is_file() and (out / "adapter_config.json").is_file()
    assert (out / "loss.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    log = [r for r in read_jsonl(out / "trainer_log.jsonl") if "loss" in r]
    assert [r["step"] for r in log] == list(range(1, 11))
    assert all({"loss", "lr", "grad_norm", "epoch"} <= r.keys() for r in log)
    assert any("eval_loss" in r for r in read_jsonl(out / "trainer_log.jsonl"))
    # Every optimizer step trained on 2 known training rows, never a held-out one.
    train_ids = {r["id"] for r in load_sft(fixtures_dir) if r["split"] == "train"}
    for rec in read_jsonl(out / "batch_ids.jsonl"):
        assert len(rec["ids"]) == 2 and set(rec["ids"]) <= train_ids
    assert len(summary["output_check"]) == 2  # held-out generations were checked


def test_loss_covers_the_answer_only(tmp_path, tiny_model, make_config, fixtures_dir):
    cfg = make_config(tmp_path / "mask")
    prep = Prepared(cfg, "sft", resume=False)
    train, val = split_rows(load_sft(fixtures_dir), 0.1, 0)
    trainer = build_sft_trainer(prep, train, val)
    tok = prep.tokenizer
    row = trainer.train_dataset[0]
    ids, labels = row["input_ids"], row["labels"]
    header = tok.encode("<|start_header_id|>assistant<|end_header_id|>\n\n", add_special_tokens=False)
    start = next(i for i in range(len(ids)) if ids[i:i + len(header)] == header) + len(header)
    assert all(x == -100 for x in labels[:start])  # prompt and headers: no loss
    assert labels[start:] == ids[start:]  # answer and its <|eot_id|>: loss
    assert tok.decode(ids[start:]).endswith("<|eot_id|>")
    source = next(r for r in train if r["id"] == row["id"])
    assert tok.decode(ids[start:-1]).strip() == source["messages"][-1]["content"].strip()


def test_examples_over_the_cutoff_are_excluded_not_truncated(tmp_path, data_dir, tiny_model, make_config):
    rows = read_jsonl(data_dir / "sft.jsonl")
    long = dict(rows[0], id="too-long")
    long["messages"] = [dict(long["messages"][0], content=long["messages"][0]["content"] + " padding" * 400),
                        long["messages"][1]]
    with (data_dir / "sft.jsonl").open("a") as fh:
        fh.write(json.dumps(long) + "\n")
    cfg = make_config(tmp_path / "cut", data_dir, sft={"max_steps": 3})
    from transformers import AutoTokenizer

    lengths = token_lengths(AutoTokenizer.from_pretrained(tiny_model), [long] + rows)
    assert lengths[0] > cfg.sft.cutoff >= max(lengths[1:])
    summary = run_sft(cfg, quiet=True)
    assert [tuple(x) for x in summary["excluded"]] == [("too-long", lengths[0])]
    assert "excluded 1 examples over the cutoff of 1024 tokens: too-long" in (tmp_path / "cut" / "run.log").read_text()
    seen = {i for rec in read_jsonl(tmp_path / "cut" / "batch_ids.jsonl") for i in rec["ids"]}
    assert "too-long" not in seen and summary["counts"]["train"] == sum(r["split"] == "train" for r in rows)


def test_full_finetune_and_time_limit(tmp_path, tiny_model, make_config):
    """A small model trained from scratch: every weight trains, and max_minutes stops the run."""
    cfg = make_config(tmp_path / "full", model=str(tiny_model),
                      sft={"full_finetune": True, "max_steps": 50, "max_minutes": 0.001, "save_steps": 100})
    run_sft(cfg, quiet=True)
    out = tmp_path / "full"
    assert (out / "config.json").exists() and not (out / "adapter_config.json").exists()
    steps = [json.loads(x)["step"] for x in (out / "trainer_log.jsonl").read_text().splitlines()]
    assert steps and max(steps) < 50  # stopped by the clock, not by max_steps
