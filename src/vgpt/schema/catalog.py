"""Reading and writing catalogs as YAML.

Two shapes hold the same model:
- a folder (the embedded catalog): ``types.yaml`` (``udt:``) plus one ``<module>.yaml`` per module;
- one file (what importers write): ``udt:`` plus ``modules:``, a list of the same module documents.

A module document::

    module: AP
    title: Accounts Payable
    notes: ...
    tables:
      - {name: APTH, base: bAPTH, description: ..., key: [...], company: APCo, columns: [...]}
    relationships:
      - {from: APTD, to: APTH, join: {APCo: APCo, Mth: Mth, APTrans: APTrans}}
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from vgpt.errors import VgptError
from vgpt.fileio import write_text
from vgpt.schema.model import Catalog, Module, Relationship, Table

EMBEDDED = "embedded"
# libyaml's loader is five times faster on the 500 KB embedded catalog; same safe semantics
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _read_yaml(path: Path) -> Any:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise VgptError("no such catalog file", path=str(path)) from None
    except UnicodeDecodeError as err:
        raise VgptError(f"not UTF-8 text ({err.reason})", path=str(path)) from None
    try:
        return yaml.load(text, Loader=SAFE_LOADER)  # noqa: S506 - a safe loader
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        problem = getattr(err, "problem", None) or str(err).splitlines()[0]
        raise VgptError(f"YAML error: {problem}", path=str(path), line=mark.line + 1 if mark else None) from None


def _validation_message(err: ValidationError) -> str:
    first = err.errors()[0]
    loc = ".".join(str(p) for p in first["loc"])
    more = f" (and {err.error_count() - 1} more)" if err.error_count() > 1 else ""
    return f"{loc}: {first['msg']}{more}" if loc else f"{first['msg']}{more}"


def _module_parts(doc: Any, source: str) -> tuple[Module, list[Table], list[Relationship]]:
    if not isinstance(doc, dict) or "module" not in doc:
        raise VgptError("a module document needs a 'module:' key", path=source)
    unknown = set(doc) - {"module", "title", "notes", "tables", "relationships"}
    if unknown:
        raise VgptError(f"unknown keys {sorted(unknown)} in module {doc['module']}", path=source)
    code = str(doc["module"])
    try:
        module = Module(code=code, title=doc.get("title") or code, notes=doc.get("notes"))
        tables = [Table(**{"module": code, **t}) for t in doc.get("tables") or []]
        rels = [Relationship(**r) for r in doc.get("relationships") or []]
    except ValidationError as err:
        raise VgptError(f"module {code}: {_validation_message(err)}", path=source) from None
    except TypeError as err:
        raise VgptError(f"module {code}: malformed entry ({err})", path=source) from None
    return module, tables, rels


def build_catalog(docs: list[tuple[Any, str]], udt: dict[str, str], source: str) -> Catalog:
    """Assemble module documents (each with the file it came from) into one validated catalog."""
    modules: dict[str, Module] = {}
    tables: dict[str, Table] = {}
    rels: list[Relationship] = []
    for doc, where in docs:
        module, mod_tables, mod_rels = _module_parts(doc, where)
        modules[module.code] = module
        for t in mod_tables:
            if t.name in tables:
                raise VgptError(f"table {t.name} is defined twice", path=where)
            tables[t.name] = t
        rels.extend(mod_rels)
    if not tables:
        raise VgptError("the catalog has no tables", path=source)
    try:
        return Catalog(modules=modules, udt=udt or {}, tables=tables, relationships=rels)
    except ValidationError as err:
        raise VgptError(_validation_message(err), path=source) from None


def _load_folder(folder: Path) -> Catalog:
    files = sorted(p for p in folder.glob("*.yaml") if p.name != "types.yaml")
    if not files:
        raise VgptError("no module YAML files in catalog folder", path=str(folder))
    types_file = folder / "types.yaml"
    udt = (_read_yaml(types_file) or {}).get("udt", {}) if types_file.exists() else {}
    return build_catalog([(_read_yaml(p), str(p)) for p in files], udt, str(folder))


def _load_file(path: Path) -> Catalog:
    doc = _read_yaml(path)
    if not isinstance(doc, dict) or not isinstance(doc.get("modules"), list):
        raise VgptError("a catalog file needs a 'modules:' list", path=str(path))
    return build_catalog([(m, str(path)) for m in doc["modules"]], doc.get("udt") or {}, str(path))


@lru_cache(maxsize=1)
def _embedded() -> Catalog:
    folder = resources.files("vgpt.schema") / "catalog"
    return _load_folder(Path(str(folder)))


def load_catalog(path: str | Path | None = None) -> Catalog:
    """Load a catalog: the embedded Vista catalog by default, or a YAML file or folder."""
    if path is None or str(path) == EMBEDDED:
        return _embedded()
    path = Path(path)
    if path.is_dir():
        return _load_folder(path)
    return _load_file(path)


def catalog_document(catalog: Catalog) -> dict[str, Any]:
    """The single-file YAML document of a catalog (the shape importers write)."""
    modules = []
    for code, module in sorted(catalog.modules.items()):
        tables = [
            t.model_dump(exclude_none=True, exclude={"module"}, exclude_defaults=False)
            for t in catalog.tables.values()
            if t.module == code
        ]
        names = {t["name"] for t in tables}
        rels = [
            r.model_dump(by_alias=True, exclude_none=True)
            for r in catalog.relationships
            if r.from_table in names
        ]
        doc: dict[str, Any] = {"module": code, "title": module.title}
        if module.notes:
            doc["notes"] = module.notes
        doc["tables"] = tables
        if rels:
            doc["relationships"] = rels
        modules.append(doc)
    return {"udt": dict(sorted(catalog.udt.items())), "modules": modules}


def save_catalog(catalog: Catalog, path: str | Path) -> None:
    """Write a catalog as one YAML file, atomically."""
    text = yaml.safe_dump(catalog_document(catalog), sort_keys=False, allow_unicode=True, width=100)
    write_text(path, text)
