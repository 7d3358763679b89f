"""`vgpt chat` and `vgpt ask` in a terminal, with the scripted model behind the real request path."""

import json

from typer.testing import CliRunner

import vgpt.serve.cli as serve_cli
from vgpt.cli import _register, app
from vgpt.data.prompt import format_answer


def test_chat_session(monkeypatch, service, model):
    _register()
    monkeypatch.setattr(serve_cli, "make_service", lambda *a, **k: service)
    model.replies["biggest AP invoices"] = format_answer(
        "Largest first.", "SELECT APTrans, InvTotal FROM APTH WHERE APCo = @APCo ORDER BY InvTotal DESC")
    model.replies["wipe vendors"] = format_answer("Sure.", "DELETE FROM APVM")
    keys = ":tables APTH\nbiggest AP invoices\nwipe vendors\n:execute off\n:tables\n:quit\n"
    result = CliRunner().invoke(app, ["chat", "--max-rows", "3"], input=keys)
    out = result.output
    assert result.exit_code == 0, out
    assert "tables: APTH" in out and "WITH (NOLOCK)" in out and "3 rows" in out
    assert "Refused" in out and "execute: off" in out and "retrieved per question" in out


def test_ask_json(monkeypatch, service, model):
    _register()
    monkeypatch.setattr(serve_cli, "make_service", lambda *a, **k: service)
    model.replies["AP invoice count"] = format_answer("Count.", "SELECT COUNT(*) AS n FROM APTH WHERE APCo = @APCo")
    result = CliRunner().invoke(app, ["ask", "AP invoice count", "--execute", "--json"])
    body = json.loads(result.stdout)
    assert result.exit_code == 0 and body["executable"] and body["columns"] == ["n"] and body["rows"][0][0] > 0
