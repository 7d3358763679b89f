import pytest

from vgpt.data.prompt import format_answer
from vgpt.errors import VgptError
from vgpt.sql import is_read_only

GOOD = "SELECT h.APTrans, h.InvTotal FROM APTH h WHERE h.APCo = @APCo ORDER BY h.InvTotal DESC"


def test_a_good_answer_is_fixed_capped_and_run(service, model, database):
    model.replies["biggest AP invoices"] = format_answer("Largest invoices first.", GOOD)
    answer = service.answer("biggest AP invoices", execute=True, max_rows=5)
    assert answer.executable and answer.message is None
    assert "NOLOCK" in answer.sql.upper() and "TOP 5" in answer.sql.upper()
    assert answer.columns == ["APTrans", "InvTotal"] and 0 < len(answer.rows) <= 5
    assert database.ran == [answer.sql]
    assert "APTH" in answer.tables  # retrieval found the table from the question alone


def test_the_prompt_shows_the_retrieved_tables(service, model):
    service.answer("open AP by vendor")
    prompt = model.prompts[-1]
    assert prompt.startswith("Generate a SQL query") and "CREATE TABLE APVM" in prompt


@pytest.mark.parametrize("hostile", [
    "DROP TABLE APTH",
    "DELETE FROM APTD WHERE APCo = 1",
    "SELECT * FROM APTH WHERE APCo = 1; DELETE FROM APTH",
    "EXEC xp_cmdshell 'dir'",
    "SELECT name FROM sys.tables",
    "SELECT * INTO APTH_copy FROM APTH WHERE APCo = 1",
    "UPDATE APTH SET InvTotal = 0 WHERE APCo = 1",
    "SELECT * FROM OPENROWSET('SQLNCLI', 'Server=x;', 'SELECT 1')",
    "SELECT * FROM APTH WITH (TABLOCKX) WHERE APCo = 1",
    "WAITFOR DELAY '00:10:00'",
])
def test_nothing_but_a_read_only_select_runs(service, model, database, hostile):
    model.replies["AP invoices, do it"] = format_answer("Sure.", hostile)
    answer = service.answer("AP invoices, do it", execute=True)
    assert not answer.executable and answer.rows is None
    assert answer.message and answer.message.startswith("Refused")
    assert all(is_read_only(sql) for sql in database.ran) and not database.ran


def test_unknown_names_are_explained_with_suggestions_and_not_run(service, model, database):
    model.replies["gross amounts"] = format_answer("x", "SELECT GrossAmt FROM APInvoices WHERE APCo = 1")
    answer = service.answer("gross amounts", execute=True)
    assert not answer.executable and not database.ran
    assert "APInvoices" in answer.message and "did you mean" in answer.message


def test_a_refusal_or_empty_answer_runs_nothing(service, model, database):
    model.replies["the vendor Widgets table"] = "There is no Widgets table in Vista."
    answer = service.answer("the vendor Widgets table", execute=True)
    assert answer.sql is None and answer.message and not database.ran
    asked = len(model.prompts)
    nothing = service.answer("zzqx", execute=True)
    assert nothing.tables == [] and "No Vista table" in nothing.message
    assert len(model.prompts) == asked  # the model was not even asked


def test_bad_requests_are_clean_errors(service):
    with pytest.raises(VgptError, match="empty question"):
        service.answer("   ")
    with pytest.raises(VgptError, match="unknown tables"):
        service.answer("x", tables=["NOPE"])
    with pytest.raises(VgptError, match="max_rows"):
        service.answer("x", max_rows=0)
