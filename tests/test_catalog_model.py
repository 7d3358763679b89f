from pathlib import Path

import pytest

from vgpt.errors import VgptError
from vgpt.schema import load_catalog, save_catalog


def test_lookup_is_case_insensitive_and_accepts_base_names(catalog):
    assert catalog.table("apth").name == "APTH"
    assert catalog.table("bAPTH").name == "APTH"
    assert catalog.table("[dbo].[APTH]").name == "APTH"
    assert catalog.table("NoSuchTable") is None
    assert catalog.column("APTH", "invtotal").name == "InvTotal"


def test_round_trip_through_one_file(tmp_path: Path, catalog):
    out = tmp_path / "catalog.yaml"
    save_catalog(catalog, out)
    again = load_catalog(out)
    assert set(again.tables) == set(catalog.tables)
    assert again.table("APTH").key == catalog.table("APTH").key
    assert len(again.relationships) == len(catalog.relationships)


@pytest.mark.parametrize(
    "text, needle",
    [
        ("modules: [", "YAML error"),
        ("modules: []\nudt: {}\n", "no tables"),
        ("modules:\n- module: AP\n  tables:\n  - {name: X, base: bX, columnz: []}\n", "columns"),
        ("modules:\n- module: AP\n  tables:\n  - {name: X, base: bX, key: [Nope], columns: [{name: A, type: int}]}\n", "Nope"),
        ("modules:\n- module: AP\n  tables: [{name: X, base: bX, columns: [{name: A, type: int}]}]\n  relationships: [{from: X, to: Y, join: {A: A}}]\n", "no table Y"),
    ],
)
def test_bad_catalog_files_give_one_clear_error(tmp_path: Path, text, needle):
    bad = tmp_path / "bad.yaml"
    bad.write_text(text)
    with pytest.raises(VgptError) as err:
        load_catalog(bad)
    assert "bad.yaml" in str(err.value)
    assert needle in str(err.value)
