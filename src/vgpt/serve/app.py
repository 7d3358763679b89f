"""The HTTP API: ``POST /v1/sql``, OpenAI-compatible ``/v1/chat/completions`` and ``/v1/models``,
``GET /health``, the web page at ``/``; OpenAPI docs at ``/docs``.

Safety lives in the request path (``SqlService``): nothing runs that is not one read-only
SELECT over catalog names. The app adds what a network service needs: an API key (required
off loopback), a body size limit, a per-request timeout, and one JSON log line per request.
"""

from __future__ import annotations

import asyncio
import hmac
import json
import logging
import threading
import time
import uuid
from importlib import resources
from typing import Literal

from fastapi import FastAPI, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, JSONResponse
from pydantic import BaseModel, ConfigDict, Field

from vgpt.errors import VgptError
from vgpt.serve.pipeline import MAX_ROWS_LIMIT

log = logging.getLogger("vgpt.serve")
MAX_BODY_BYTES = 64 * 1024
LOOPBACK = ("127.0.0.1", "localhost", "::1")


class SqlRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    question: str = Field(min_length=1, max_length=2000)
    tables: list[str] | None = Field(default=None, max_length=12)
    execute: bool = False
    max_rows: int = Field(default=100, ge=1, le=MAX_ROWS_LIMIT)


class ChatMessage(BaseModel):
    role: Literal["system", "user", "assistant", "tool", "developer"]
    content: str | None = Field(default=None, max_length=32_000)


class ChatRequest(BaseModel):
    model_config = ConfigDict(extra="allow")  # clients send temperature, stream, … : ignored
    model: str | None = None
    messages: list[ChatMessage] = Field(min_length=1, max_length=64)
    max_tokens: int | None = Field(default=None, ge=1, le=4096)


class ErrorBody(BaseModel):
    message: str
    status: int


class ErrorResponse(BaseModel):
    """Every 4xx/5xx the server itself sends: one object, one clear message."""

    error: ErrorBody


def _errors(*codes: int) -> dict:
    why = {400: "the question or request cannot be answered (message says why)",
           401: "missing or wrong API key (when the server requires one)",
           413: "request body over the size limit", 504: "the request took longer than the timeout"}
    return {code: {"model": ErrorResponse, "description": why[code]} for code in codes}


def _error(status: int, message: str) -> JSONResponse:
    return JSONResponse({"error": {"message": message, "status": status}}, status_code=status)


def create_app(service, *, api_key: str | None = None, timeout_s: float = 60.0,
               model_name: str = "vgpt", max_body: int = MAX_BODY_BYTES) -> FastAPI:
    app = FastAPI(title="vgpt", version="0.1.0",
                  description="Viewpoint Vista text-to-SQL: checked, read-only T-SQL from questions.")
    generate_lock = threading.Lock()  # one model, one generation at a time

    def guarded(fn, *args, **kwargs):
        with generate_lock:
            return fn(*args, **kwargs)

    async def call(fn, *args, **kwargs):
        return await asyncio.wait_for(run_in_threadpool(guarded, fn, *args, **kwargs), timeout=timeout_s)

    @app.middleware("http")
    async def limits_and_logs(request: Request, call_next):
        began, rid = time.perf_counter(), uuid.uuid4().hex[:12]
        status = 500
        try:
            declared = request.headers.get("content-length")
            if declared and (not declared.isdigit() or int(declared) > max_body):
                status = 413
                return _error(413, f"request body over {max_body} bytes")
            if not declared and request.method == "POST" and len(await request.body()) > max_body:
                status = 413  # chunked upload with no length: measured after reading
                return _error(413, f"request body over {max_body} bytes")
            if api_key and request.url.path.startswith("/v1/"):
                given = request.headers.get("authorization", "").removeprefix("Bearer ").strip() \
                    or request.headers.get("x-api-key", "")
                if not hmac.compare_digest(given.encode(), api_key.encode()):
                    status = 401
                    return _error(401, "missing or wrong API key")
            response = await call_next(request)
            status = response.status_code
            return response
        finally:
            log.info(json.dumps({"request_id": rid, "method": request.method, "path": request.url.path,
                                 "status": status, "ms": round(1000 * (time.perf_counter() - began), 1)}))

    @app.exception_handler(VgptError)
    async def vgpt_error(_request: Request, err: VgptError):
        return _error(400, str(err))

    @app.exception_handler(asyncio.TimeoutError)
    async def timeout(_request: Request, _err):
        return _error(504, f"the request took over {timeout_s} s")

    @app.get("/health")
    async def health() -> dict:
        return {"status": "ok", "model": model_name, "tables": len(service.catalog.tables)}

    @app.post("/v1/sql", responses=_errors(400, 401, 413, 504))
    async def sql(req: SqlRequest) -> dict:
        answer = await call(service.answer, req.question, tables=req.tables, execute=req.execute,
                            max_rows=req.max_rows)
        return answer.to_json()

    @app.get("/v1/models", responses=_errors(401))
    async def models() -> dict:
        return {"object": "list", "data": [{"id": model_name, "object": "model", "owned_by": "vgpt"}]}

    @app.post("/v1/chat/completions", responses=_errors(400, 401, 413, 504))
    async def chat(req: ChatRequest) -> dict:
        question = next((m.content for m in reversed(req.messages) if m.role == "user" and m.content), None)
        if not question:
            raise VgptError("no user message with content")
        if "Database Schema:" in question or "DDL statements:" in question:
            # a client that built its own prompt (vgpt eval --endpoint): answer it as it is
            text = (await call(service.backend.generate, [question]))[0].text
        else:
            answer = await call(service.answer, question)
            text = chat_text(answer)
        return {
            "id": f"chatcmpl-{uuid.uuid4().hex[:16]}", "object": "chat.completion", "created": int(time.time()),
            "model": model_name,
            "choices": [{"index": 0, "message": {"role": "assistant", "content": text}, "finish_reason": "stop"}],
            "usage": {"prompt_tokens": 0, "completion_tokens": 0, "total_tokens": 0},
        }

    @app.get("/", response_class=HTMLResponse)
    async def page() -> str:
        return (resources.files("vgpt.serve") / "static" / "index.html").read_text(encoding="utf-8")

    return app


def chat_text(answer) -> str:
    """A chat reply: the explanation, the checked SQL, and why it was refused if it was."""
    parts = [answer.explanation] if answer.explanation else []
    if answer.sql and answer.executable:
        parts.append(f"```sql\n{answer.sql}\n```")
    if answer.message:
        parts.append(answer.message)
    return "\n\n".join(parts) or "No answer."


def check_bind(host: str, api_key: str | None) -> None:
    if host not in LOOPBACK and not api_key:
        raise VgptError(f"binding {host} exposes the service: give --api-key (or VGPT_API_KEY)")
