import pytest
from fastapi.testclient import TestClient

from vgpt.data.prompt import format_answer
from vgpt.errors import VgptError
from vgpt.serve.app import MAX_BODY_BYTES, check_bind, create_app

KEY = "s3cret-key"


@pytest.fixture()
def client(service):
    return TestClient(create_app(service))


@pytest.fixture()
def keyed(service):
    return TestClient(create_app(service, api_key=KEY))


def test_health_models_and_openapi(client):
    assert client.get("/health").json()["status"] == "ok"
    assert client.get("/v1/models").json()["data"][0]["id"] == "vgpt"
    spec = client.get("/openapi.json").json()
    assert {"/v1/sql", "/v1/chat/completions", "/v1/models", "/health"} <= set(spec["paths"])


def test_openapi_documents_the_error_responses(keyed):
    spec = keyed.get("/openapi.json").json()
    sql = spec["paths"]["/v1/sql"]["post"]["responses"]
    assert {"200", "400", "401", "413", "422", "504"} <= set(sql)
    assert sql["401"]["content"]["application/json"]["schema"]["$ref"].endswith("/ErrorResponse")
    assert {"400", "401", "504"} <= set(spec["paths"]["/v1/chat/completions"]["post"]["responses"])
    error = spec["components"]["schemas"]["ErrorBody"]
    assert set(error["required"]) == {"message", "status"}
    # and what the server really sends for one of them has that shape
    body = keyed.post("/v1/sql", json={"question": "AP invoice totals"}).json()
    assert set(body) == {"error"} and set(body["error"]) == {"message", "status"} and body["error"]["status"] == 401


def test_sql_endpoint_answers_and_executes(client, model):
    model.replies["AP invoice totals"] = format_answer(
        "Totals.", "SELECT APTrans, InvTotal FROM APTH WHERE APCo = @APCo")
    body = client.post("/v1/sql", json={"question": "AP invoice totals", "execute": True, "max_rows": 3}).json()
    assert body["executable"] and len(body["rows"]) == 3 and body["truncated"] is False
    assert "NOLOCK" in body["sql"].upper() and body["verdicts"]["ok"] is True
    assert {"sql", "explanation", "tables", "verdicts", "rows"} <= set(body)


def test_openai_chat_completion_shape(client, model):
    model.replies["AP invoice totals"] = format_answer("Totals.", "SELECT APTrans FROM APTH WHERE APCo = @APCo")
    body = client.post("/v1/chat/completions", json={
        "model": "vgpt", "temperature": 0, "messages": [{"role": "user", "content": "AP invoice totals"}]}).json()
    text = body["choices"][0]["message"]["content"]
    assert body["object"] == "chat.completion" and "```sql" in text and "NOLOCK" in text.upper()


def test_a_write_from_the_model_is_refused_over_http(client, model, database):
    model.replies["vendor cleanup"] = format_answer("Cleaning.", "DELETE FROM APVM WHERE VendorGroup = 1")
    body = client.post("/v1/sql", json={"question": "vendor cleanup", "execute": True}).json()
    assert body["executable"] is False and body["rows"] is None and not database.ran


@pytest.mark.parametrize("payload, status", [
    ({"question": ""}, 422),
    ({"question": "x", "max_rows": 0}, 422),
    ({"question": "x", "max_rows": 10_001}, 422),
    ({"question": "x", "drop": True}, 422),
    ({"question": "x" * 2001}, 422),
    ({"question": "x", "tables": ["NOPE"]}, 400),
])
def test_bad_requests_get_4xx(client, payload, status):
    response = client.post("/v1/sql", json=payload)
    assert response.status_code == status


def test_bad_json_and_oversized_bodies(client):
    assert client.post("/v1/sql", content=b"{not json", headers={"Content-Type": "application/json"}).status_code == 422
    big = b'{"question": "' + b"a" * (MAX_BODY_BYTES + 10) + b'"}'
    response = client.post("/v1/sql", content=big, headers={"Content-Type": "application/json"})
    assert response.status_code == 413
    assert client.get("/health").status_code == 200  # still up


def test_api_key_is_enforced(keyed):
    assert keyed.post("/v1/sql", json={"question": "x"}).status_code == 401
    assert keyed.post("/v1/sql", json={"question": "x"}, headers={"Authorization": "Bearer wrong"}).status_code == 401
    ok = keyed.post("/v1/sql", json={"question": "zzqx"}, headers={"Authorization": f"Bearer {KEY}"})
    assert ok.status_code == 200
    assert keyed.get("/health").status_code == 200  # health and the page stay open


def test_off_loopback_needs_a_key():
    check_bind("127.0.0.1", None)
    with pytest.raises(VgptError, match="api-key"):
        check_bind("0.0.0.0", None)
    check_bind("0.0.0.0", KEY)


def test_the_web_page_is_served(client):
    page = client.get("/")
    assert page.status_code == 200 and "/v1/sql" in page.text and "<form" in page.text
