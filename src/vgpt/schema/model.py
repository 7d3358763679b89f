"""The catalog model: Vista tables, columns, keys, relationships and module notes.

One model serves the embedded catalog, imported catalogs and every consumer (renderer,
checker, sandbox, data, serving). Names are matched case-insensitively, as SQL Server does.
"""

from __future__ import annotations

from functools import cached_property

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator


def _yaml_scalar_text(x) -> str:
    if isinstance(x, bool):
        return "Y" if x else "N"
    return str(x)


class _Strict(BaseModel):
    # extra="forbid" turns a typo in a catalog YAML key into a clear validation error
    model_config = ConfigDict(extra="forbid", frozen=False)


class Column(_Strict):
    name: str
    type: str  # SQL base type as SQL Server prints it: tinyint, varchar(30), numeric(12,2)
    udt: str | None = None  # Vista user-defined type: bCompany, bDollar, bMonth, bYN, ...
    nullable: bool = True
    identity: bool = False
    description: str | None = None
    values: dict[str, str] | None = None  # allowed values of a coded column: code -> meaning

    @field_validator("values", mode="before")
    @classmethod
    def _stringify_codes(cls, v):
        # YAML reads `1: open` with an int key and `Y: yes` with a bool value; codes are text
        if isinstance(v, dict):
            return {_yaml_scalar_text(k): _yaml_scalar_text(m) for k, m in v.items()}
        return v


class Table(_Strict):
    name: str  # the view name queries use: APTH
    base: str  # the base table: bAPTH
    module: str  # AP, AR, JC, ...
    description: str | None = None
    key: list[str] = Field(default_factory=list)  # natural key (unique clustered index)
    company: str | None = None  # company column every query should filter on; None for group masters
    columns: list[Column]

    @model_validator(mode="after")
    def _check_names(self) -> Table:
        names = [c.name.lower() for c in self.columns]
        dupes = sorted({n for n in names if names.count(n) > 1})
        if dupes:
            raise ValueError(f"table {self.name}: duplicate columns {dupes}")
        for ref in [*self.key, *([self.company] if self.company else [])]:
            if ref.lower() not in names:
                raise ValueError(f"table {self.name}: key/company column {ref!r} is not a column")
        return self

    @cached_property
    def _by_name(self) -> dict[str, Column]:
        return {c.name.lower(): c for c in self.columns}

    def column(self, name: str) -> Column | None:
        return self._by_name.get(name.lower())

    def has_column(self, name: str) -> bool:
        return name.lower() in self._by_name

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]


class Relationship(_Strict):
    """A many-to-one join: each ``from_table`` row points at one ``to_table`` row."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    from_table: str = Field(alias="from")
    to_table: str = Field(alias="to")
    join: dict[str, str]  # from column -> to column (not `on`: YAML 1.1 reads that key as true)
    description: str | None = None
    # True where Vista guarantees the parent row exists (an APTD line always has its APTH)
    required: bool = True

    @property
    def pairs(self) -> list[tuple[str, str]]:
        return list(self.join.items())


class Module(_Strict):
    code: str  # AP
    title: str  # Accounts Payable
    notes: str | None = None


class Catalog(_Strict):
    modules: dict[str, Module] = Field(default_factory=dict)
    udt: dict[str, str] = Field(default_factory=dict)  # bCompany -> tinyint
    tables: dict[str, Table] = Field(default_factory=dict)
    relationships: list[Relationship] = Field(default_factory=list)

    @model_validator(mode="after")
    def _check_relationships(self) -> Catalog:
        for rel in self.relationships:
            for side, cols in ((rel.from_table, rel.join.keys()), (rel.to_table, rel.join.values())):
                table = self.table(side)
                if table is None:
                    raise ValueError(f"relationship {rel.from_table}->{rel.to_table}: no table {side}")
                missing = [c for c in cols if not table.has_column(c)]
                if missing:
                    raise ValueError(
                        f"relationship {rel.from_table}->{rel.to_table}: {side} has no column {missing}"
                    )
        return self

    @cached_property
    def _by_name(self) -> dict[str, Table]:
        index = {}
        for t in self.tables.values():
            index[t.name.lower()] = t
            index[t.base.lower()] = t  # bAPTH resolves to the same table as APTH
        return index

    def table(self, name: str) -> Table | None:
        """Look a table up by view or base name, case-insensitively (``dbo.`` and brackets stripped)."""
        parts = name.replace("[", "").replace("]", "").strip().lower().split(".")
        if len(parts) > 2 or (len(parts) == 2 and parts[0] != "dbo"):
            return None  # other schemas, databases or servers are not the catalog's
        return self._by_name.get(parts[-1])

    def column(self, table: str, column: str):
        t = self.table(table)
        return t.column(column) if t else None

    def tables_in(self, module: str) -> list[Table]:
        return [t for t in self.tables.values() if t.module.upper() == module.upper()]

    def relationships_of(self, table: str) -> list[Relationship]:
        """Relationships in which ``table`` takes part, on either side."""
        t = table.lower()
        return [r for r in self.relationships if t in (r.from_table.lower(), r.to_table.lower())]

    def neighbors(self, table: str) -> list[str]:
        """Tables one join away from ``table`` in the relationship graph, in catalog order."""
        out: list[str] = []
        for r in self.relationships_of(table):
            other = r.to_table if r.from_table.lower() == table.lower() else r.from_table
            if other.lower() != table.lower() and other not in out:
                out.append(other)
        return out
