"""Import a folder tree of SSMS-generated scripts (``Generate Scripts...``) into a Catalog."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from vgpt.errors import VgptError
from vgpt.schema.importers.assemble import build
from vgpt.schema.importers.ddl import NotSql, parse_batch
from vgpt.schema.importers.objects import RawSchema
from vgpt.schema.importers.sqlfile import read_sql_file, split_batches
from vgpt.schema.model import Catalog

# progress(done, total, path) is called after each file
Progress = Callable[[int, int, Path], None]


def script_files(folder: Path) -> list[Path]:
    """Every ``*.sql`` file under ``folder``, in a stable order."""
    if not folder.exists():
        raise VgptError("no such folder", path=str(folder))
    if not folder.is_dir():
        raise VgptError("not a folder (give the folder SSMS wrote the scripts to)", path=str(folder))
    files = sorted(p for p in folder.rglob("*") if p.suffix.lower() == ".sql" and p.is_file())
    if not files:
        raise VgptError("no .sql files in folder", path=str(folder))
    return files


def read_script(path: Path, raw: RawSchema) -> int:
    """Add one file's objects to ``raw``; return how many batches it held."""
    batches = split_batches(read_sql_file(path))
    for batch in batches:
        try:
            objects = parse_batch(batch.text)
        except NotSql as err:
            line = batch.line + err.line - 1
            raise VgptError(f"not a SQL script: {err.reason}", path=str(path), line=line) from None
        except (ValueError, StopIteration, IndexError) as err:
            raise VgptError(f"cannot read this batch ({err or type(err).__name__})",
                            path=str(path), line=batch.line) from None
        for obj in objects:
            raw.add(obj)
    return len(batches)


def import_scripts_with_summary(folder: Path, progress: Progress | None = None) -> tuple[Catalog, dict]:
    folder = Path(folder)
    files = script_files(folder)
    raw = RawSchema()
    batches = 0
    for done, path in enumerate(files, start=1):
        batches += read_script(path, raw)
        if progress:
            progress(done, len(files), path)
    if not raw.tables:
        raise VgptError("no CREATE TABLE in any .sql file", path=str(folder))
    catalog, summary = build(raw, str(folder))
    return catalog, {"source": str(folder), "files": len(files), "batches": batches, **summary}


def import_scripts(folder: Path, progress: Progress | None = None) -> Catalog:
    """Read every ``*.sql`` file under ``folder`` (nested folders, any SSMS encoding)."""
    return import_scripts_with_summary(folder, progress)[0]
