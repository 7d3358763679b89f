from pathlib import Path

import pytest

from vgpt.data.curated_io import load_curated, load_file
from vgpt.errors import VgptError

GOOD = """examples:
- id: ap-one
  category: ap
  difficulty: easy
  questions:
  - open invoices
  - Which AP invoices are still open?
  tables: [APTH]
  sql: SELECT APTrans FROM APTH WITH (NOLOCK) WHERE APCo = @APCo
  explanation: Lists invoice headers.
- id: neg-one
  category: negative_table
  questions:
  - Show the APInvoices table
  - What is in APInvoices?
  tables: [APTH]
  fake: APInvoices
  real: APTH
  answer: There is no APInvoices table in Vista; AP invoice headers are in APTH.
"""


def write(tmp_path: Path, name: str, text: str) -> Path:
    folder = tmp_path / "curated"
    folder.mkdir(exist_ok=True)
    path = folder / name
    path.write_text(text)
    return path


def test_loads_examples_with_their_file_and_line(tmp_path):
    path = write(tmp_path, "ap.yaml", GOOD)
    items = load_file(path)
    assert [i.example.id for i in items] == ["ap-one", "neg-one"]
    assert items[0].line == 2 and items[1].line == 11
    assert items[1].example.is_negative and not items[0].example.is_negative


@pytest.mark.parametrize(
    "mutation, needle",
    [
        (("difficulty: easy", "dificulty: easy"), "dificulty"),
        (("category: ap\n", "category: apx\n"), "category"),
        (("  fake: APInvoices\n", ""), "needs fake"),
        (("  explanation: Lists invoice headers.\n", ""), "needs explanation"),
        (("  - Which AP invoices are still open?\n", ""), "questions"),
        (("  - Which AP invoices are still open?\n", "  - Open  Invoices\n"), "differ"),
        (("tables: [APTH]\n  sql", "tables: [APTH\n  sql"), "YAML error"),
    ],
)
def test_a_bad_example_names_file_example_and_reason(tmp_path, mutation, needle):
    old, new = mutation
    assert old in GOOD
    path = write(tmp_path, "ap.yaml", GOOD.replace(old, new, 1))
    with pytest.raises(VgptError) as err:
        load_file(path)
    message = str(err.value)
    assert "ap.yaml" in message and needle in message


def test_duplicate_ids_across_files_are_refused(tmp_path):
    write(tmp_path, "a.yaml", GOOD)
    write(tmp_path, "b.yaml", GOOD)
    with pytest.raises(VgptError, match="duplicate id 'ap-one'"):
        load_curated(tmp_path / "curated")


def test_empty_or_missing_folder(tmp_path):
    with pytest.raises(VgptError, match="no such folder"):
        load_curated(tmp_path / "nope")
    (tmp_path / "empty").mkdir()
    with pytest.raises(VgptError, match="no curated YAML"):
        load_curated(tmp_path / "empty")
