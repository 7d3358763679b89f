"""Evaluation reports: report.json, a Markdown summary, and an HTML page with charts.

The HTML page is self-contained (charts are inline PNGs), so it opens from a CI artifact or
an e-mail. ``compare_page`` puts several runs side by side (base vs SFT vs DPO).
"""

from __future__ import annotations

import base64
import html
import io
import json
from pathlib import Path

from vgpt.errors import VgptError
from vgpt.eval.metrics import HEADLINE, TARGETS
from vgpt.fileio import write_json, write_text

REPORT = "report.json"


def _pct(x) -> str:
    return "—" if x is None else f"{100 * x:.1f}%"


def summary_markdown(report: dict, title: str = "vgpt evaluation") -> str:
    m = report["metrics"]
    lines = [f"# {title}", "", f"- backend: `{report['backend']}`", f"- prompt style: {report['style']}",
             f"- split: {report['split']}, answered {report['answered']} of {report['total']}"
             + ("" if report["complete"] else " (**partial**: " + str(report.get("error")) + ")"),
             "", "| metric | value | guide target |", "|---|---|---|"]
    for key in (*HEADLINE, "syntax_parse", "exact_match", "company_filter_rate", "format_adherence", "degenerate_rate"):
        lines.append(f"| {key} | {_pct(m.get(key))} | {_pct(TARGETS[key]) if key in TARGETS else ''} |")
    s = report["speed"]
    lines += ["", f"Speed: {s['questions_per_s']} questions/s, {s['tokens_per_s']} tokens/s, "
              f"p50 latency {s['latency_p50_s']} s.", "", "## By category", "",
              "| category | n | " + " | ".join(HEADLINE) + " |", "|---|---|" + "---|" * len(HEADLINE)]
    for cat, cm in report["by_category"].items():
        lines.append(f"| {cat} | {cm['answered']} | " + " | ".join(_pct(cm.get(k)) for k in HEADLINE) + " |")
    return "\n".join(lines) + "\n"


def _png(fig) -> str:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=100, bbox_inches="tight")
    return base64.b64encode(buffer.getvalue()).decode()


def _bars(groups: dict[str, dict], keys: list[str], title: str) -> str:
    """Grouped bars: one group per key, one bar per run (or per category)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import numpy as np

    fig, ax = plt.subplots(figsize=(max(6, 1.3 * len(keys) * max(1, len(groups)) ** 0.5), 4))
    width = 0.8 / max(len(groups), 1)
    x = np.arange(len(keys))
    for i, (name, values) in enumerate(groups.items()):
        heights = [100 * (values.get(k) or 0) for k in keys]
        bars = ax.bar(x + i * width - 0.4 + width / 2, heights, width, label=name)
        labels = ["n/a" if values.get(k) is None else f"{100 * values[k]:.0f}" for k in keys]
        ax.bar_label(bars, labels=labels, fontsize=7, padding=2)
    ax.set_xticks(x, [k.replace("_", "\n") for k in keys], fontsize=8)
    ax.set_ylim(0, 110)
    ax.set_ylabel("%")
    ax.set_title(title)
    if len(groups) > 1:
        ax.legend(fontsize=8)
    plt.close(fig)
    return _png(fig)


def _page(title: str, body: str) -> str:
    style = ("body{font-family:system-ui,sans-serif;max-width:1100px;margin:2em auto;color:#222}"
             "table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:4px 8px;text-align:right}"
             "th:first-child,td:first-child{text-align:left}img{max-width:100%}pre{background:#f6f6f6;padding:6px;"
             "white-space:pre-wrap}.bad{color:#b00}.ok{color:#070}")
    return f"<!doctype html><html><head><meta charset='utf-8'><title>{html.escape(title)}</title>" \
           f"<style>{style}</style></head><body><h1>{html.escape(title)}</h1>{body}</body></html>\n"


def _metric_table(runs: dict[str, dict]) -> str:
    keys = [*HEADLINE, "syntax_parse", "company_filter_rate", "format_adherence", "degenerate_rate"]
    head = "<tr><th>metric</th>" + "".join(f"<th>{html.escape(n)}</th>" for n in runs) + "<th>target</th></tr>"
    rows = "".join(
        f"<tr><td>{k}</td>" + "".join(f"<td>{_pct(r['metrics'].get(k))}</td>" for r in runs.values())
        + f"<td>{_pct(TARGETS[k]) if k in TARGETS else ''}</td></tr>" for k in keys
    )
    return f"<table>{head}{rows}</table>"


def html_report(report: dict, title: str = "vgpt evaluation") -> str:
    parts = [f"<p>backend <code>{html.escape(report['backend'])}</code>, style {report['style']}, "
             f"split {report['split']}, answered {report['answered']}/{report['total']}"
             + ("" if report["complete"] else " <b class='bad'>(partial)</b>") + "</p>",
             _metric_table({"this run": report}),
             f"<img src='data:image/png;base64,{_bars({'run': report['metrics']}, list(HEADLINE), 'Headline metrics')}'>"]
    cats = {c: m for c, m in report["by_category"].items()}
    if cats:
        parts.append("<h2>By category</h2>")
        parts.append(f"<img src='data:image/png;base64,{_bars(cats, list(HEADLINE), 'Metrics by category')}'>")
    parts.append("<h2>Answers</h2>")
    for a in report["answers"][:200]:
        verdict = "ok" if (a["execution_correct"] or (a["negative"] and a["refused"] and not a["uses_fake"])) else "bad"
        parts.append(f"<details><summary class='{verdict}'>{html.escape(a['id'])}: {html.escape(a['question'])}"
                     f"</summary><pre>{html.escape(a['answer'])}</pre><p>issues: {html.escape(', '.join(a['issues']) or '-')}"
                     f"</p></details>")
    return _page(title, "\n".join(parts))


def write_report(run_report: dict, out: Path, title: str = "vgpt evaluation") -> dict[str, Path]:
    out.mkdir(parents=True, exist_ok=True)
    paths = {"json": out / REPORT, "markdown": out / "summary.md", "html": out / "report.html"}
    write_json(paths["json"], run_report)
    write_text(paths["markdown"], summary_markdown(run_report, title))
    write_text(paths["html"], html_report(run_report, title))
    return paths


def load_report(path: Path) -> dict:
    file = path / REPORT if path.is_dir() else path
    try:
        report = json.loads(file.read_text())
    except FileNotFoundError:
        raise VgptError("no report.json here", path=str(path)) from None
    except json.JSONDecodeError as err:
        raise VgptError(f"not a report: {err.msg}", path=str(file), line=err.lineno) from None
    if "metrics" not in report:
        raise VgptError("not a vgpt report (no metrics)", path=str(file))
    return report


def compare_page(runs: dict[str, dict]) -> str:
    metrics = {name: r["metrics"] for name, r in runs.items()}
    body = [_metric_table(runs),
            f"<img src='data:image/png;base64,{_bars(metrics, list(HEADLINE), 'Headline metrics by run')}'>"]
    categories = sorted({c for r in runs.values() for c in r["by_category"]})
    for key in ("execution_accuracy", "syntax_validity"):
        per_cat = {name: {c: r["by_category"].get(c, {}).get(key) for c in categories} for name, r in runs.items()}
        body.append(f"<img src='data:image/png;base64,{_bars(per_cat, categories, key + ' by category')}'>")
    return _page("vgpt: runs side by side", "\n".join(body))
