"""The read-only guard: hostile statements rejected, legitimate Vista SELECTs accepted."""


from __future__ import annotations

import pytest

from vgpt.sql import check_sql, is_read_only
from vgpt.sql.corpus import HOSTILE, LEGIT

GUARD = {
    "parse_error", "multiple_statements", "not_select", "select_into", "unsupported_syntax",
    "forbidden_function", "cross_database", "system_catalog", "temp_table", "table_hint",
    "system_variable", "table_function",
}


def test_corpora_are_large_enough():
    assert len(HOSTILE) >= 60 and len(LEGIT) >= 60


@pytest.mark.parametrize("sql", HOSTILE)
def test_hostile_rejected(sql, small_catalog):
    result = check_sql(sql, small_catalog, fix=True)
    assert not result.ok
    assert GUARD & set(result.codes()), result.codes()
    assert not is_read_only(sql)
    assert result.sql == sql  # nothing is rewritten for a statement the guard refuses


@pytest.mark.parametrize("sql", LEGIT)
def test_legit_accepted(sql, facts_catalog):
    result = check_sql(sql, facts_catalog)
    assert result.ok, [i.message for i in result.issues]
    assert not [i for i in result.issues if i.code == "missing_nolock"]
    assert result.tables and result.columns
    assert is_read_only(sql)


@pytest.mark.parametrize(
    ("sql", "code"),
    [
        ("DELETE FROM APTD", "not_select"),
        ("SELECT * INTO x FROM APTH", "select_into"),
        ("SELECT * FROM otherdb.dbo.APTH", "cross_database"),
        ("SELECT * FROM sys.tables", "system_catalog"),
        ("SELECT * FROM master..sysobjects", "system_catalog"),
        ("SELECT * FROM APTH WITH (UPDLOCK)", "table_hint"),
        ("SELECT 1; SELECT 2", "multiple_statements"),
        ("SELECT * FROM #t", "temp_table"),
        ("SELECT XP_CMDSHELL('dir')", "forbidden_function"),
        ("SELECT @@VERSION", "system_variable"),
        ("SHUTDOWN", "not_select"),
        ("SELECT FROM WHERE", "parse_error"),
    ],
)
def test_rejection_codes(sql, code, small_catalog):
    assert code in check_sql(sql, small_catalog).codes()


def test_go_separator_is_a_parse_error_not_a_crash(small_catalog):
    result = check_sql("SELECT 1\nGO\nSELECT 2", small_catalog)
    assert not result.parsed and "GO" in result.issues[0].message


def test_for_xml_is_allowed_with_a_warning(small_catalog):
    result = check_sql("SELECT APRef FROM APTH WITH (NOLOCK) WHERE APCo = 1 FOR XML AUTO", small_catalog)
    assert result.ok and "for_xml_json" in result.codes()


def test_parameters_are_fine(small_catalog):
    assert check_sql("SELECT APRef FROM APTH WITH (NOLOCK) WHERE APCo = @APCo AND Mth = @Mth", small_catalog).ok


def test_calls_with_missing_arguments_are_parse_errors(small_catalog):
    # sqlglot accepts these without raising; SQL Server would not
    for sql in ["SELECT DATEDIFF( , InvDate, ) FROM APTH WITH (NOLOCK) WHERE APCo = 1",
                "SELECT EOMONTH() FROM APTH WITH (NOLOCK) WHERE APCo = 1"]:
        result = check_sql(sql, small_catalog)
        assert not result.ok and "parse_error" in result.codes()
