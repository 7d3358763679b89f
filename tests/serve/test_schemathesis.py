"""schemathesis: requests generated from the app's own /openapi.json for every operation.

The app runs in-process (schemathesis's ASGI transport, no network) with the scripted model
and a generated sandbox. Valid requests (positive mode) and requests that break the schema
(negative mode: wrong types, missing fields, bad headers) alike: no answer may be a 5xx.
"""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.generation.modes import GenerationMode

from vgpt.data.prompt import format_answer
from vgpt.serve.app import create_app

# every generated question gets a real, runnable answer, so generation and execution are exercised
ANSWER = format_answer("Invoices.", "SELECT APTrans, InvTotal FROM APTH WHERE APCo = @APCo")
EXAMPLES = 50  # per operation and mode: about 5 s in all
ROUTES = {"/", "/health", "/v1/models", "/v1/sql", "/v1/chat/completions"}


def no_server_error(operation, mode: GenerationMode, seen: set) -> None:
    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
              suppress_health_check=list(HealthCheck))
    def check(case):
        response = case.call()
        seen.add(response.status_code)
        assert response.status_code < 500, f"{case.method} {case.path}: {response.status_code} {response.text[:300]}"

    check()


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
def test_no_generated_request_gets_a_server_error(service, model, mode):
    model.default = ANSWER
    schema = schemathesis.openapi.from_asgi("/openapi.json", create_app(service))
    operations = [result.ok() for result in schema.get_all_operations()]
    assert {op.path for op in operations} == ROUTES  # every route is in the spec, so every one is tried
    seen: dict[str, set] = {}
    for operation in operations:
        if mode is GenerationMode.NEGATIVE and not (operation.body or operation.query or operation.headers):
            continue  # nothing to break in a GET without parameters
        no_server_error(operation, mode, seen.setdefault(f"{operation.method.upper()} {operation.path}", set()))
    if mode is GenerationMode.POSITIVE:
        assert 200 in seen["POST /v1/sql"]  # valid bodies reach the model and the sandbox
    else:
        assert seen["POST /v1/sql"] & {400, 413, 422}  # broken ones are told so, cleanly
