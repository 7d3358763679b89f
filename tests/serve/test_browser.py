"""The web page in headless Chromium, against the real app on a real port.

A shared link (``/?q=...&execute=1``) fills the box and asks on load; Chromium runs the page's
script, waits for the fetch, and prints the DOM, which the tests read with the standard HTML
parser. Needs Debian's ``chromium`` (the README's test command installs it).
"""

from __future__ import annotations

import contextlib
import shutil
import socket
import subprocess
import threading
import time
import urllib.parse
import urllib.request
from html.parser import HTMLParser

import pytest
import uvicorn

from vgpt.data.prompt import format_answer
from vgpt.serve.app import create_app

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or "/usr/bin/chromium"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--disable-dev-shm-usage", "--virtual-time-budget=8000"]
GOOD = "SELECT h.APTrans, h.InvTotal FROM APTH h WHERE h.APCo = @APCo ORDER BY h.APTrans"


@contextlib.contextmanager
def serving(app):
    """``app`` under uvicorn on a free loopback port, in a thread; stopped on the way out."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    srv = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):  # up to 10 s for the server to listen
            try:
                urllib.request.urlopen(base + "/health", timeout=1).close()
                break
            except OSError:
                time.sleep(0.1)
        else:
            pytest.fail("the server did not start")
        yield base
    finally:
        srv.should_exit = True
        thread.join(timeout=10)
    assert not thread.is_alive()


@pytest.fixture()
def server(service):
    """The real app with the scripted model and the generated sandbox."""
    with serving(create_app(service)) as base:
        yield base


def chromium(url: str, tmp_path, *extra: str) -> str:
    profile = tmp_path / "profile"
    args = [CHROMIUM, *FLAGS, f"--user-data-dir={profile}", *extra, url]
    done = subprocess.run(args, capture_output=True, text=True, timeout=60, cwd=tmp_path)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


class Dom(HTMLParser):
    """Text by element id, the chips in #tables, the span classes in #sql, the cells of each row."""

    def __init__(self, html: str):
        super().__init__()
        self.text: dict[str, str] = {}
        self.sql_classes: list[str] = []
        self.chips: list[str] = []
        self.rows: list[list[str]] = []
        self.hidden: set[str] = set()
        self.open_details: set[str | None] = set()
        self._open: list[str | None] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "hidden" in a and a.get("id"):
            self.hidden.add(a["id"])
        if tag == "details" and "open" in a:
            self.open_details.add(a.get("id"))
        if tag == "span" and "sql" in self._open and a.get("class"):
            self.sql_classes.append(a["class"])
        if tag == "span" and self._open and self._open[-1] == "tables":
            self.chips.append("")
        if tag == "tr":
            self.rows.append([])
        if tag in ("td", "th") and self.rows:
            self.rows[-1].append("")
        if tag not in ("br", "input", "meta", "img"):
            self._open.append(a.get("id"))

    def handle_endtag(self, tag):
        if self._open and tag not in ("br", "input", "meta", "img"):
            self._open.pop()

    def handle_data(self, data):
        for ident in self._open:
            if ident:
                self.text[ident] = self.text.get(ident, "") + data
        if "tables" in self._open and self.chips:
            self.chips[-1] += data
        if self.rows and self.rows[-1] and self.lasttag in ("td", "th"):
            self.rows[-1][-1] += data


def ask_link(base: str, question: str, execute: bool = True) -> str:
    return f"{base}/?q={urllib.parse.quote(question)}&execute={int(execute)}"


def test_a_shared_link_asks_and_shows_tables_sql_verdict_and_rows(server, model, database, tmp_path):
    model.replies["biggest AP invoices"] = format_answer("Largest invoices first.", GOOD)
    dom = Dom(chromium(ask_link(server, "biggest AP invoices"), tmp_path, "--dump-dom"))
    assert "result" not in dom.hidden
    assert "APTH" in dom.chips and len(dom.chips) == 5  # k = 5 retrieved tables
    assert "NOLOCK" in dom.text["sql"].upper() and "TOP 100" in dom.text["sql"].upper()
    assert "kw" in dom.sql_classes  # highlighted: keywords are wrapped in spans
    assert dom.text["verdict"] == "read-only SELECT over known names"
    header, *body = dom.rows
    assert header == ["APTrans", "InvTotal"] and len(body) >= 5
    assert all(cell.strip() for row in body for cell in row[:1])
    assert dom.text["status"].startswith("answered in")
    assert database.ran and "NOLOCK" in database.ran[-1].upper()


def test_a_hostile_answer_shows_the_refusal_and_no_rows(server, model, database, tmp_path):
    model.replies["tidy the vendors"] = format_answer("Tidying.", "DELETE FROM APVM WHERE VendorGroup = 1")
    dom = Dom(chromium(ask_link(server, "tidy the vendors"), tmp_path, "--dump-dom"))
    assert dom.text["verdict"] == "not run"
    assert dom.text["message"].startswith("Refused") and "DELETE" in dom.text["sql"]
    assert dom.rows == [] and not database.ran


def test_the_run_box_follows_the_link(server, model, database, tmp_path):
    model.replies["AP transactions only"] = format_answer("Only SQL.", GOOD)
    dom = Dom(chromium(ask_link(server, "AP transactions only", execute=False), tmp_path, "--dump-dom"))
    assert "NOLOCK" in dom.text["sql"].upper() and dom.rows == []
    assert not database.ran  # execute=0: shown, not run


def test_a_screenshot_of_a_result(server, model, tmp_path):
    model.replies["biggest AP invoices"] = format_answer("Largest invoices first.", GOOD)
    shot = tmp_path / "page.png"
    chromium(ask_link(server, "biggest AP invoices"), tmp_path, f"--screenshot={shot}", "--window-size=1100,900")
    # a blank page is a few kB; this one has the SQL and a hundred rows
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 10_000


def test_a_keyed_server_opens_the_key_field(service, model, database, tmp_path):
    model.replies["biggest AP invoices"] = format_answer("Largest invoices first.", GOOD)
    with serving(create_app(service, api_key="s3cret")) as base:
        dom = Dom(chromium(ask_link(base, "biggest AP invoices"), tmp_path, "--dump-dom"))
    assert dom.text["status"] == "error: missing or wrong API key"
    assert "keybox" in dom.open_details and "result" in dom.hidden and not database.ran
