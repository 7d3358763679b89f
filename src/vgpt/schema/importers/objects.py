"""What the importers read from a schema, before it becomes a catalog: plain records."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class ColumnDef:
    name: str
    type_name: str  # as written: numeric, varchar, bCompany (schema stripped)
    type_args: str = ""  # "12,2", "max", "" — joined without spaces
    nullable: bool | None = None  # None: not stated (the UDT's nullability, else NULL)
    identity: bool = False
    computed: bool = False


@dataclass
class TableDef:
    base: str
    columns: list[ColumnDef]
    key: list[str] = field(default_factory=list)  # from a clustered PRIMARY KEY/UNIQUE constraint


@dataclass
class TypeDef:
    name: str
    base: str  # tinyint, numeric(12,2)
    nullable: bool = True


@dataclass
class KeyDef:
    """A unique clustered index (or constraint added later): the table's natural key."""

    table: str
    columns: list[str]


@dataclass
class ViewDef:
    name: str
    base: str | None  # the one table it exposes one to one; None for any other view


@dataclass
class Described:
    """An ``MS_Description`` extended property on a table or one of its columns."""

    table: str
    column: str | None
    text: str


@dataclass
class Skipped:
    """A batch that is not needed (trigger, procedure, permission, setting) or not understood."""

    kind: str


@dataclass
class RawSchema:
    """Everything read from a source, merged across files or queries."""

    types: dict[str, TypeDef] = field(default_factory=dict)
    tables: dict[str, TableDef] = field(default_factory=dict)
    keys: dict[str, list[str]] = field(default_factory=dict)
    views: list[ViewDef] = field(default_factory=list)
    skipped: dict[str, int] = field(default_factory=dict)
    descriptions: dict[tuple[str, str], str] = field(default_factory=dict)  # (table, column or "")

    def add(self, obj) -> None:
        if isinstance(obj, TypeDef):
            self.types[obj.name.lower()] = obj
        elif isinstance(obj, TableDef):
            self.tables[obj.base.lower()] = obj
            if obj.key:
                self.keys[obj.base.lower()] = obj.key
        elif isinstance(obj, KeyDef):
            self.keys[obj.table.lower()] = obj.columns
        elif isinstance(obj, ViewDef):
            self.views.append(obj)
        elif isinstance(obj, Described):
            self.descriptions[(obj.table.lower(), (obj.column or "").lower())] = obj.text
        elif isinstance(obj, Skipped):
            self.skipped[obj.kind] = self.skipped.get(obj.kind, 0) + 1
