"""Generation backends and the evaluation runner, with the tiny model and a real local server."""

import json
import socket
import threading
import time

import pytest
import uvicorn
from typer.testing import CliRunner

from vgpt.cli import _register, app
from vgpt.data.expand import Row
from vgpt.errors import VgptError
from vgpt.eval.backends import OpenAIBackend, TransformersBackend
from vgpt.eval.report import load_report
from vgpt.eval.runner import evaluate
from vgpt.train.tiny import build_tiny_model

PROMPTS = ["Question: open AP invoices", "Question: vendors on hold with a longer question text", "hi"]


@pytest.fixture(scope="module")
def tiny():
    return str(build_tiny_model())


def test_batched_generation_equals_one_at_a_time(tiny):
    backend = TransformersBackend(tiny, batch_size=3, max_new_tokens=12)
    batched = [g.text for g in backend.generate(PROMPTS)]
    backend.batch_size = 1
    single = [g.text for g in backend.generate(PROMPTS)]
    assert batched == single  # left padding does not change greedy answers


def test_missing_model_and_bad_adapter_are_clear_errors(tiny, tmp_path):
    with pytest.raises(VgptError, match="does not exist"):
        TransformersBackend(str(tmp_path / "nope"))
    (tmp_path / "empty").mkdir()
    with pytest.raises(VgptError, match="not a model directory"):
        TransformersBackend(str(tmp_path / "empty"))
    with pytest.raises(VgptError, match="not a LoRA adapter"):
        TransformersBackend(tiny, str(tmp_path / "empty"))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture()
def served(service, model):
    from vgpt.serve.app import create_app

    port = free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(service), host="127.0.0.1", port=port, log_level="error"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    for _ in range(100):
        if server.started:
            break
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}", model
    server.should_exit = True
    thread.join(timeout=10)


def row(i, negative=False):
    return Row(id=f"r{i}", example_id=f"e{i}", category="ap", module="AP", difficulty="easy", split="test",
               question=f"q{i}", prompt=f"Generate a SQL query.\n\nQuestion: q{i}\n\nDatabase Schema:\nCREATE TABLE APTH (APCo tinyint);",
               answer="", tables=["APTH"], shown_tables=["APTH"],
               sql=None if negative else "SELECT APTrans FROM APTH WITH (NOLOCK) WHERE APCo = @APCo",
               negative=negative, fake="APInvoices" if negative else None, real="APTH" if negative else None)


def test_openai_backend_against_a_served_vgpt(served, catalog):
    url, model = served
    model.default = "Invoices.\n\n```sql\nSELECT APTrans FROM APTH WITH (NOLOCK) WHERE APCo = @APCo\n```"
    out = OpenAIBackend(url).generate([row(1).prompt])
    assert "```sql" in out[0].text and "APTrans" in out[0].text


def test_an_endpoint_that_does_not_answer_keeps_a_partial_report(catalog, tmp_path):
    class Flaky:
        name = "flaky"
        calls = 0

        def generate(self, prompts, prefixes=None):
            self.calls += 1
            if self.calls > 1:
                return OpenAIBackend(f"http://127.0.0.1:{free_port()}", timeout_s=2).generate(prompts)
            from vgpt.eval.backends import Generation

            return [Generation("There is no such table.", 3, 0.1) for _ in prompts]

    rows = [row(i) for i in range(5)]
    run = evaluate(rows, Flaky(), catalog, None, chunk=2)
    assert not run.complete and "does not answer" in run.error and len(run.verdicts) == 2
    report = run.report()
    assert report["answered"] == 2 and report["total"] == 5 and report["complete"] is False


def test_vgpt_eval_cli_writes_complete_reports_and_compares(tiny, tmp_path, sandbox_path):
    from vgpt.data.export import write_dataset
    from vgpt.schema import load_catalog

    catalog = load_catalog()
    data = tmp_path / "data"
    write_dataset([row(i) for i in range(3)] + [row(9, negative=True)], data, {"curated": 4}, catalog)
    _register()
    runner = CliRunner()
    for name in ("a", "b"):
        result = runner.invoke(app, ["eval", "--model", tiny, "--data", str(data), "--db", str(sandbox_path),
                                     "--max-new-tokens", "8", "--out", str(tmp_path / name), "--json"])
        assert result.exit_code == 0, result.output
    report = load_report(tmp_path / "a")
    assert report["complete"] and report["answered"] == 4 and len(report["answers"]) == 4
    assert set(report["metrics"]) >= {"real_table_recognition", "fake_table_rejection", "syntax_validity",
                                      "nolock_usage", "execution_accuracy"}
    assert (tmp_path / "a" / "report.html").exists() and (tmp_path / "a" / "summary.md").exists()
    page = tmp_path / "cmp.html"
    result = runner.invoke(app, ["eval", "compare", str(tmp_path / "a"), str(tmp_path / "b"), "--out", str(page), "--json"])
    assert result.exit_code == 0 and set(json.loads(result.stdout)["metrics"]) == {"a", "b"}
    assert page.read_text().count("<img") >= 3


def test_recorded_answers_round_trip(tiny, tmp_path):
    from vgpt.eval.backends import RecordedBackend, record_answers

    live = TransformersBackend(tiny, batch_size=2, max_new_tokens=6)
    path = tmp_path / "answers.jsonl"
    assert record_answers(PROMPTS, live, path, chunk=2) == 3
    recorded = RecordedBackend(path)
    assert [g.text for g in recorded.generate(PROMPTS)] == [g.text for g in live.generate(PROMPTS)]
    with pytest.raises(VgptError, match="no recorded answer"):
        recorded.generate(["something else"])
