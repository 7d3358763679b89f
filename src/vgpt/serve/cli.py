"""CLI commands of vgpt.serve: ``vgpt schema retrieve``, ``vgpt ask``, ``vgpt chat``, ``vgpt serve``."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.table import Table as RichTable

from vgpt.console import console, print_json

ModelOpt = typer.Option(None, "--model", envvar="VGPT_MODEL", help="Model directory (merged, or a base with --adapter).")
AdapterOpt = typer.Option(None, "--adapter", envvar="VGPT_ADAPTER", help="LoRA adapter on top of --model.")
EndpointOpt = typer.Option(None, "--endpoint", envvar="VGPT_ENDPOINT", help="OpenAI-compatible base URL instead of a local model.")
DbOpt = typer.Option(None, "--db", help="Sandbox database (default: built on first use).")
CatalogOpt = typer.Option(None, "--catalog", help="Catalog YAML (default: the embedded Vista catalog).")
KOpt = typer.Option(5, "--k", help="Tables to retrieve.")
EmbeddingsOpt = typer.Option(None, "--embeddings", envvar="VGPT_EMBEDDINGS",
                             help="Local sentence-transformers model folder: dense retrieval on top of BM25 (optional).")
RerankerOpt = typer.Option(None, "--reranker", envvar="VGPT_RERANKER",
                           help="Cross-encoder folder from `vgpt schema train-reranker`: reranks the top 20 (optional).")


def retrieve_command(
    question: str = typer.Argument(..., help="A question in plain words."),
    k: int = KOpt,
    catalog: Path = CatalogOpt,
    embeddings: Path = EmbeddingsOpt,
    reranker: Path = RerankerOpt,
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """The tables a question needs, ranked (BM25 + Vista glossary + similar training questions + join graph)."""
    from vgpt.schema import load_catalog
    from vgpt.serve.embed import load_embedder
    from vgpt.serve.rerank import load_reranker
    from vgpt.serve.retrieve import TableRetriever

    cat = load_catalog(catalog)
    retriever = TableRetriever(cat, embedder=load_embedder(embeddings), reranker=load_reranker(reranker))
    hits = retriever.retrieve(question, k=k)
    if as_json:
        print_json({"tables": [{"name": h.name, "score": h.score} for h in hits]})
        return
    table = RichTable("table", "score", "description")
    for h in hits:
        table.add_row(h.name, f"{h.score:.2f}", cat.table(h.name).description or "")
    console.print(table)


def train_reranker_command(
    base: Path = typer.Option(..., "--base", help="A small BERT-style model folder to start from, "
                              "e.g. the all-MiniLM-L6-v2 of --embeddings."),
    out: Path = typer.Option(Path("build/reranker"), "--out", help="Folder to write the reranker to."),
    embeddings: Path = EmbeddingsOpt,
    epochs: float = typer.Option(3.0, "--epochs"),
    lr: float = typer.Option(4e-5, "--lr"),
    max_length: int = typer.Option(192, "--max-length", help="Longest question + table card, in tokens."),
    batch_size: int = typer.Option(32, "--batch-size"),
    as_json: bool = typer.Option(False, "--json", help="Print the summary as JSON."),
) -> None:
    """Train the cross-encoder reranker on the curated train split (GPU if there is one: ~3 min on
    an H100; hours on a CPU). Pass --embeddings as at serving time: it picks the hard negatives."""
    from vgpt.schema import load_catalog
    from vgpt.serve.embed import load_embedder
    from vgpt.serve.rerank import RerankerConfig, train_reranker, training_pairs
    from vgpt.serve.retrieve import TableRetriever

    cat = load_catalog()
    retriever = TableRetriever(cat, embedder=load_embedder(embeddings))
    lexical = TableRetriever(cat, examples=[])
    pairs = training_pairs(retriever, lexical)
    config = RerankerConfig(epochs=epochs, lr=lr, max_length=max_length, batch_size=batch_size)
    summary = train_reranker(base, out, cat, pairs, config, progress=not as_json)
    if as_json:
        print_json({"out": str(out), **summary})
        return
    console.print(f"reranker written to {out}: {summary['pairs']} pairs ({summary['positives']} gold), "
                  f"{summary['steps']} steps on {summary['device']} in {summary['seconds']} s, "
                  f"final loss {summary['final_loss']}", highlight=False)


def register_schema_commands(schema_app: typer.Typer) -> None:
    schema_app.command("retrieve")(retrieve_command)
    schema_app.command("train-reranker")(train_reranker_command)


MssqlOpt = typer.Option(None, "--mssql", envvar="VGPT_MSSQL", metavar="CONNECTION",
                        help="SQL Server ODBC connection string: run on it (read-only) instead of the sandbox.")
ParamOpt = typer.Option(None, "--param", metavar="NAME=VALUE", help="NAME=VALUE for an @Parameter, e.g. --param APCo=1 (repeatable).")


class _WithParams:
    """A database whose every query gets the --param values (a query's own values win)."""

    def __init__(self, database, params: dict):
        self.database, self.params = database, params

    def query(self, sql, params=None, **kw):
        return self.database.query(sql, {**self.params, **(params or {})}, **kw)


def make_database(db: Path | None, mssql: str | None, params: list[str] | None):
    from vgpt.sandbox.params import parse_param

    values = dict(parse_param(p) for p in params or [])
    if mssql:
        from vgpt.serve.mssql import MssqlDatabase

        return MssqlDatabase(mssql, params=values)
    from vgpt.sandbox.execute import SandboxDatabase

    return _WithParams(SandboxDatabase(db), values) if values else SandboxDatabase(db)


def make_service(model, adapter, endpoint, db: Path | None, catalog: Path | None, k: int,
                 max_new_tokens: int = 512, mssql: str | None = None, params: list[str] | None = None,
                 embeddings: Path | None = None, reranker: Path | None = None):
    from vgpt.eval.cli import make_backend
    from vgpt.schema import load_catalog
    from vgpt.serve.embed import load_embedder
    from vgpt.serve.pipeline import SqlService
    from vgpt.serve.rerank import load_reranker

    database = make_database(db, mssql, params)  # a bad connection string fails before the model loads
    embedder, ranker = load_embedder(embeddings), load_reranker(reranker)  # so does a bad folder
    backend = make_backend(model, adapter, endpoint, None, False, 1, max_new_tokens)
    return SqlService(load_catalog(catalog), backend, database, k=k, embedder=embedder, reranker=ranker)


def show_answer(answer, execute: bool) -> None:
    from rich.syntax import Syntax

    console.print(f"[dim]tables:[/] {', '.join(answer.tables)}")
    if answer.explanation:
        console.print(answer.explanation, highlight=False, markup=False)
    if answer.sql:
        console.print(Syntax(answer.sql, "sql", word_wrap=True))
    if answer.verdicts:
        issues = answer.verdicts.get("issues", [])
        status = "[green]ok[/]" if answer.verdicts.get("ok") else "[red]rejected[/]"
        console.print(f"check: {status}" + "".join(f"\n  - {i['code']}: {i['message']}" for i in issues),
                      highlight=False)
    if answer.message:
        console.print(f"[yellow]{answer.message}[/]", highlight=False)
    if execute and answer.rows is not None:
        table = RichTable(*answer.columns)
        for row in answer.rows:
            table.add_row(*("" if v is None else str(v) for v in row))
        console.print(table)
        console.print(f"{len(answer.rows)} rows" + (" (truncated)" if answer.truncated else ""))


def ask_command(
    question: str = typer.Argument(..., help="The question."),
    execute: bool = typer.Option(False, "--execute", help="Run the SQL on the database (sandbox by default)."),
    tables: str = typer.Option(None, "--tables", help="Comma-separated tables instead of retrieval."),
    max_rows: int = typer.Option(100, "--max-rows", help="Row cap (TOP) on the SQL."),
    model: str = ModelOpt,
    adapter: str = AdapterOpt,
    endpoint: str = EndpointOpt,
    db: Path = DbOpt,
    mssql: str = MssqlOpt,
    param: list[str] = ParamOpt,
    catalog: Path = CatalogOpt,
    k: int = KOpt,
    embeddings: Path = EmbeddingsOpt,
    reranker: Path = RerankerOpt,
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """Ask one question: prints the checked SQL and, with --execute, a results table."""
    service = make_service(model, adapter, endpoint, db, catalog, k, mssql=mssql, params=param,
                           embeddings=embeddings, reranker=reranker)
    names = [t.strip() for t in tables.split(",")] if tables else None
    answer = service.answer(question, tables=names, execute=execute, max_rows=max_rows)
    if as_json:
        print_json(answer.to_json())
        return
    show_answer(answer, execute)


CHAT_HELP = ("Type a question. Commands: :tables A,B (fix the tables; ':tables' alone goes back to retrieval), "
             ":execute on|off, :quit")


def chat_command(
    execute: bool = typer.Option(True, "--execute/--no-execute", help="Run each SQL on the sandbox."),
    max_rows: int = typer.Option(20, "--max-rows", help="Row cap (TOP) on the SQL."),
    model: str = ModelOpt,
    adapter: str = AdapterOpt,
    endpoint: str = EndpointOpt,
    db: Path = DbOpt,
    mssql: str = MssqlOpt,
    param: list[str] = ParamOpt,
    catalog: Path = CatalogOpt,
    k: int = KOpt,
    embeddings: Path = EmbeddingsOpt,
    reranker: Path = RerankerOpt,
) -> None:
    """An interactive session: a question in; the SQL, its verdicts and its sandbox result out."""
    from vgpt.errors import VgptError

    service = make_service(model, adapter, endpoint, db, catalog, k, mssql=mssql, params=param,
                           embeddings=embeddings, reranker=reranker)
    console.print(CHAT_HELP)
    tables: list[str] | None = None
    while True:
        try:
            line = console.input("[bold cyan]vgpt>[/] ").strip()
        except (EOFError, KeyboardInterrupt):
            console.print()
            return
        if not line:
            continue
        if line in (":quit", ":q", ":exit"):
            return
        if line.startswith(":tables"):
            rest = line[len(":tables"):].strip()
            tables = [t.strip() for t in rest.split(",") if t.strip()] or None
            console.print(f"tables: {', '.join(tables) if tables else 'retrieved per question'}")
            continue
        if line.startswith(":execute"):
            execute = line.endswith("on")
            console.print(f"execute: {'on' if execute else 'off'}")
            continue
        if line.startswith(":"):
            console.print(CHAT_HELP)
            continue
        try:
            show_answer(service.answer(line, tables=tables, execute=execute, max_rows=max_rows), execute)
        except VgptError as err:
            console.print(f"[red]error:[/] {err}", highlight=False)


def register_top_commands(app: typer.Typer) -> None:
    app.command("ask")(ask_command)
    app.command("chat")(chat_command)
    app.command("serve")(serve_command)


def serve_command(
    host: str = typer.Option("127.0.0.1", "--host", help="Bind address; anything but loopback needs --api-key."),
    port: int = typer.Option(8000, "--port"),
    api_key: str = typer.Option(None, "--api-key", envvar="VGPT_API_KEY", help="Required on /v1/* when given."),
    model: str = ModelOpt,
    adapter: str = AdapterOpt,
    endpoint: str = EndpointOpt,
    db: Path = DbOpt,
    mssql: str = MssqlOpt,
    param: list[str] = ParamOpt,
    catalog: Path = CatalogOpt,
    timeout_s: float = typer.Option(60.0, "--timeout", help="Per-request timeout in seconds."),
    k: int = KOpt,
    embeddings: Path = EmbeddingsOpt,
    reranker: Path = RerankerOpt,
    max_new_tokens: int = typer.Option(512, "--max-new-tokens", help="Longest answer, in tokens."),
) -> None:
    """Serve the API (REST + OpenAI-compatible) and the web page."""
    import logging

    import uvicorn

    from vgpt.serve.app import check_bind, create_app

    check_bind(host, api_key)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    service = make_service(model, adapter, endpoint, db, catalog, k, max_new_tokens, mssql=mssql, params=param,
                           embeddings=embeddings, reranker=reranker)
    app = create_app(service, api_key=api_key, timeout_s=timeout_s)
    console.print(f"vgpt serving on http://{host}:{port}/  (API docs: /docs)")
    uvicorn.run(app, host=host, port=port, log_level="warning")
