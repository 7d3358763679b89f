"""MssqlDatabase against a fake DB-API connection: our code, not a pretend server.

The fake records what the driver would be asked (SQL text, bound values, timeout, rollbacks)
and hands back the rows a test gives it, so the connection string, the refusals, the binding,
the row cap and the conversion to QueryResult are all checked without SQL Server.
"""

from __future__ import annotations

import datetime as dt
import decimal
import subprocess
import sys
import types

import pytest

from vgpt.errors import VgptError
from vgpt.sandbox.execute import QueryResult
from vgpt.serve.cli import make_database
from vgpt.serve.mssql import (
    MssqlDatabase,
    bind_parameters,
    parse_connection_string,
    read_only_connection_string,
)

SERVER = "Server=vista.example;Database=Viewpoint;UID=reader;PWD={p;w}}d}"


class FakeError(Exception):
    pass


class FakeCursor:
    def __init__(self, con):
        self.con, self.description, self._rows = con, None, []

    def execute(self, sql, params=None):
        self.con.executed.append((sql, params))
        self.con.timeouts.append(self.con.timeout)
        if self.con.fail:
            raise FakeError(self.con.fail + "\nsecond line")
        self.description = [(c, None, None, None, None, None, None) for c in self.con.columns]
        self._rows = list(self.con.rows)

    def fetchmany(self, size):
        self.con.fetched.append(size)
        out, self._rows = self._rows[:size], self._rows[size:]
        return out

    def close(self):
        self.con.cursors_closed += 1


class FakeConnection:
    Error = FakeError

    def __init__(self, columns=(), rows=(), fail=None):
        self.columns, self.rows, self.fail = list(columns), list(rows), fail
        self.executed, self.timeouts, self.fetched = [], [], []
        self.timeout, self.rollbacks, self.cursors_closed, self.closed = 0, 0, 0, False

    def cursor(self):
        return FakeCursor(self)

    def rollback(self):
        self.rollbacks += 1

    def close(self):
        self.closed = True


def database(con, **kw):
    opened = []

    def connect(conn_str, timeout_s):
        opened.append((conn_str, timeout_s))
        return con

    db = MssqlDatabase(SERVER, connect=connect, **kw)
    return db, opened


def test_read_only_intent_is_added_and_never_overridden():
    assert read_only_connection_string(SERVER) == SERVER + ";ApplicationIntent=ReadOnly"
    already = "Server=x;applicationintent=readonly;"
    assert read_only_connection_string(already) == already
    for bad in ("Server=x;ApplicationIntent=ReadWrite", "Server=x;Application Intent = ReadWrite",
                "Server=x;ApplicationIntent=ReadOnly;ApplicationIntent=ReadWrite"):
        with pytest.raises(VgptError, match="refused"):
            read_only_connection_string(bad)
    with pytest.raises(VgptError, match="write the intent as ApplicationIntent=ReadOnly"):
        read_only_connection_string("Server=x;Application Intent=ReadOnly")
    with pytest.raises(VgptError, match="Server="):
        read_only_connection_string("Database=Viewpoint")


def test_connection_string_parsing_keeps_braced_values():
    assert parse_connection_string(SERVER) == [
        ("Server", "vista.example"), ("Database", "Viewpoint"), ("UID", "reader"), ("PWD", "p;w}d")]
    for bad in ("Server=x;PWD={open", "Server=x;junk", "=value"):
        with pytest.raises(VgptError, match="connection string"):
            parse_connection_string(bad)


def test_connects_once_with_the_read_only_string_and_a_timeout():
    con = FakeConnection(["APTrans"], [(1,)])
    db, opened = database(con, connect_timeout_s=7)
    db.query("SELECT APTrans FROM APTH")
    db.query("SELECT APTrans FROM APTH")
    assert opened == [(SERVER + ";ApplicationIntent=ReadOnly", 7)]
    db.close()
    assert con.closed


def test_rows_come_back_as_a_query_result_capped_with_fetchmany():
    rows = [(i, decimal.Decimal("10.50"), dt.date(2026, 1, i + 1)) for i in range(7)]
    con = FakeConnection(["APTrans", "InvTotal", "InvDate"], rows)
    db, _ = database(con)
    result = db.query("SELECT APTrans, InvTotal, InvDate FROM APTH", max_rows=5)
    assert isinstance(result, QueryResult)
    assert result.columns == ["APTrans", "InvTotal", "InvDate"]
    assert result.rows == rows[:5] and result.truncated is True
    assert con.fetched == [6]  # one row past the cap tells truncation apart, no more is read
    exact = db.query("SELECT APTrans, InvTotal, InvDate FROM APTH", max_rows=7)
    assert len(exact.rows) == 7 and exact.truncated is False and exact.sql.startswith("SELECT")


def test_query_timeout_is_set_in_whole_seconds_and_nothing_is_committed():
    con = FakeConnection(["a"], [(1,)])
    db, _ = database(con, query_timeout_s=30)
    db.query("SELECT APTrans FROM APTH")
    db.query("SELECT APTrans FROM APTH", timeout_s=2.5)
    db.query("SELECT APTrans FROM APTH", timeout_s=0.1)
    assert con.timeouts == [30, 3, 1]
    assert con.rollbacks == 3 and con.cursors_closed == 3


@pytest.mark.parametrize("hostile", [
    "DELETE FROM APTH WHERE APCo = 1",
    "SELECT * FROM APTH; DROP TABLE APTH",
    "EXEC xp_cmdshell 'dir'",
    "SELECT name FROM sys.tables",
    "SET LOCK_TIMEOUT 1000",
    "SELECT * INTO x FROM APTH",
    "not sql at all (",
])
def test_anything_but_one_read_only_select_is_refused_before_the_driver(hostile):
    con = FakeConnection()
    db, opened = database(con)
    with pytest.raises(VgptError, match="refused"):
        db.query(hostile)
    assert con.executed == [] and opened == []  # not even connected


def test_parameters_are_bound_as_driver_values_in_text_order():
    con = FakeConnection(["a"], [(1,)])
    db, _ = database(con, params={"APCo": 1, "Vendor": 99})
    db.query("WITH c AS (SELECT APTrans FROM APTH WHERE APCo = @APCo) "
             "SELECT TOP (@N) APTrans FROM c WHERE APTrans > @apco", {"N": 5, "@APCo": 2})
    sql, args = con.executed[-1]
    assert "@" not in sql and sql.count("?") == 3
    assert args == [2, 5, 2]  # the query's own values win over the database's
    db.query("SELECT APTrans FROM APTH")
    assert con.executed[-1] == ("SELECT APTrans FROM APTH", None)


def test_a_string_value_never_becomes_sql():
    sql, args = bind_parameters("SELECT Name FROM APVM WHERE Name = @Name", {"Name": "x'; DROP TABLE APVM--"})
    assert sql == "SELECT Name FROM APVM WHERE Name = ?" and args == ["x'; DROP TABLE APVM--"]


def test_missing_parameters_are_named_and_nothing_runs():
    con = FakeConnection()
    db, _ = database(con, params={"APCo": 1})
    with pytest.raises(VgptError, match=r"no value for parameter @Mth, @Vendor: pass it \(e.g. --param Mth="):
        db.query("SELECT APTrans FROM APTH WHERE APCo = @APCo AND Mth = @Mth AND Vendor = @Vendor AND Mth < @Mth")
    assert con.executed == []
    with pytest.raises(VgptError, match="placeholder"):
        bind_parameters("SELECT APTrans FROM APTH WHERE APCo = ?", {})


def test_driver_errors_become_one_line_and_the_connection_still_rolls_back():
    con = FakeConnection(fail="Invalid column name 'Nope'.")
    db, _ = database(con)
    with pytest.raises(VgptError, match=r"^SQL Server: Invalid column name 'Nope'\. second line$"):
        db.query("SELECT Nope FROM APTH")
    assert con.rollbacks == 1


def test_the_driver_is_asked_for_manual_commit_and_a_login_timeout(monkeypatch):
    calls = []

    class DriverError(Exception):
        pass

    def connect(conn_str, **kw):
        calls.append((conn_str, kw))
        if "refuse" in conn_str:
            raise DriverError("Login failed\n  for user 'reader'.")
        return FakeConnection(["a"], [(1,)])

    driver = types.SimpleNamespace(connect=connect, Error=DriverError)
    monkeypatch.setitem(sys.modules, "mssql_python", driver)
    assert MssqlDatabase(SERVER, connect_timeout_s=9).query("SELECT APTrans FROM APTH").rows == [(1,)]
    assert calls == [(SERVER + ";ApplicationIntent=ReadOnly", {"autocommit": False, "timeout": 9})]
    with pytest.raises(VgptError, match=r"^cannot connect to SQL Server: Login failed for user 'reader'\.$"):
        MssqlDatabase("Server=refuse").query("SELECT APTrans FROM APTH")


def test_a_missing_driver_is_one_clear_error(monkeypatch):
    monkeypatch.setitem(sys.modules, "mssql_python", None)  # import now fails as if not installed
    db = MssqlDatabase(SERVER)
    with pytest.raises(VgptError, match=r"pip install 'vgpt\[mssql\]'"):
        db.query("SELECT APTrans FROM APTH")


def test_the_cli_picks_sql_server_and_types_param_values():
    db = make_database(None, SERVER, ["APCo=1", "Mth=2026-01-01", "Vendor= 100"])
    assert isinstance(db, MssqlDatabase)
    assert db.params == {"APCo": 1, "Mth": dt.date(2026, 1, 1), "Vendor": " 100"}
    assert db.connection_string.endswith("ApplicationIntent=ReadOnly")


def test_the_sandbox_gets_param_values_too(sandbox_path):
    sql = "SELECT TOP 2 APTrans FROM APTH WHERE APCo = @APCo AND APTrans >= @FromTrans"
    with pytest.raises(VgptError, match="@FromTrans"):  # no default for it: --param gives it
        make_database(sandbox_path, None, []).query(sql)
    result = make_database(sandbox_path, None, ["FromTrans=1"]).query(sql, max_rows=2)
    assert result.columns == ["APTrans"] and len(result.rows) == 2


def test_vgpt_ask_refuses_a_read_write_connection_in_one_line():
    cmd = [sys.executable, "-c", "from vgpt.cli import main; main()", "ask", "open AP by vendor",
           "--mssql", "Server=vista;ApplicationIntent=ReadWrite", "--param", "APCo=1"]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert proc.stderr.strip() == "error: connection string: ApplicationIntent=ReadWrite is refused; vgpt only reads"
