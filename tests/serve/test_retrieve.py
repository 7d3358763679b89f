import pytest

from vgpt.serve.retrieve import TableRetriever, glossary, stem, words


@pytest.fixture(scope="module")
def retriever(catalog):
    return TableRetriever(catalog)


def test_words_split_camel_case_and_drop_stopwords():
    assert words("Show the InvTotal of APTH") == ["invtotal", "inv", "total", "apth"]


def test_plurals_meet_the_schema_words():
    assert words("units of measure by States") == ["unit", "measure", "state"]
    assert [stem(w) for w in ("categories", "invoices", "status", "class", "basis", "gross")] == [
        "category", "invoice", "status", "class", "basis", "gross"]


@pytest.mark.parametrize("question, expected", [
    ("open AP by vendor", {"APTD", "APTH", "APVM"}),
    ("retainage held on subcontract items", {"SLHD", "SLIT"}),
    ("trial balance by GL account", {"GLBL", "GLAC"}),
    ("payroll hours by craft", {"PRTH"}),
    ("unpaid customer invoices over 90 days", {"ARTH", "ARCM"}),
    ("job cost versus estimate by phase", {"JCCP", "JCJP"}),
    ("what is in APTL for this invoice", {"APTL"}),
])
def test_gold_tables_land_in_the_top_five(retriever, question, expected):
    top = {h.name for h in retriever.retrieve(question, k=5)}
    assert expected <= top, f"{question}: {top}"


def test_scores_are_ranked_and_k_is_respected(retriever):
    hits = retriever.retrieve("vendor invoices on hold", k=3)
    assert len(hits) == 3 and [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)
    assert retriever.retrieve("zzqx qqzz") == []


def test_every_glossary_table_is_in_the_catalog(catalog):
    missing = {t for tables in glossary().values() for t in tables if catalog.table(t) is None}
    assert not missing
