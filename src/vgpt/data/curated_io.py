"""Loading the curated YAML sources, with errors that name the file, the example and the line."""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import yaml
from pydantic import ValidationError

from vgpt.data.model import Example
from vgpt.errors import VgptError


@dataclass(frozen=True)
class Sourced:
    """An example with the file and line it was read from."""

    example: Example
    path: str
    line: int


def curated_dir() -> Path:
    return Path(str(resources.files("vgpt.data") / "curated"))


class _LineLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """A YAML loader that records the line where each mapping starts."""


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> dict:
    mapping = loader.construct_mapping(node, deep=True)
    mapping["__line__"] = node.start_mark.line + 1
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def _strip_lines(obj):
    if isinstance(obj, dict):
        return {k: _strip_lines(v) for k, v in obj.items() if k != "__line__"}
    if isinstance(obj, list):
        return [_strip_lines(v) for v in obj]
    return obj


def load_file(path: Path) -> list[Sourced]:
    try:
        doc = yaml.load(path.read_text(encoding="utf-8-sig"), Loader=_LineLoader)  # noqa: S506
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        problem = getattr(err, "problem", None) or str(err).splitlines()[0]
        raise VgptError(f"YAML error: {problem}", path=str(path), line=mark.line + 1 if mark else None) from None
    except UnicodeDecodeError:
        raise VgptError("not UTF-8 text", path=str(path)) from None
    if not isinstance(doc, dict) or not isinstance(doc.get("examples"), list):
        raise VgptError("a curated file needs an 'examples:' list", path=str(path))
    out = []
    for raw in doc["examples"]:
        line = raw.get("__line__") if isinstance(raw, dict) else None
        ident = raw.get("id", "?") if isinstance(raw, dict) else "?"
        try:
            example = Example(**_strip_lines(raw))
        except ValidationError as err:
            first = err.errors()[0]
            loc = ".".join(str(p) for p in first["loc"])
            raise VgptError(f"example {ident}: {loc + ': ' if loc else ''}{first['msg']}",
                            path=str(path), line=line) from None
        except TypeError:
            raise VgptError("an example must be a mapping", path=str(path), line=line) from None
        out.append(Sourced(example, str(path), line or 0))
    return out


def load_curated(folder: Path | None = None) -> list[Sourced]:
    """Every curated example, in file order; ids must be unique across files."""
    folder = folder or curated_dir()
    if not folder.is_dir():
        raise VgptError("no such folder of curated examples", path=str(folder))
    files = sorted(folder.glob("*.yaml"))
    if not files:
        raise VgptError("no curated YAML files", path=str(folder))
    seen: dict[str, Sourced] = {}
    out: list[Sourced] = []
    for path in files:
        for item in load_file(path):
            first = seen.get(item.example.id)
            if first:
                raise VgptError(
                    f"duplicate id {item.example.id!r} (first at {first.path}:{first.line})",
                    path=item.path, line=item.line,
                )
            seen[item.example.id] = item
            out.append(item)
    return out
