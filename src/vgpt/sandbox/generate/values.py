"""Column values by type for the generic filler: codes from ``values``, Y/N flags, months,
dates inside the data window, amounts within the column's precision, unique key values, and
real master records (jobs, phases, vendors, ...) for columns whose user type names one."""

from __future__ import annotations

import datetime as dt
import random
import re
import uuid
from functools import cache

from vgpt.sandbox.generate.base import COMPANIES, GROUP, MONTHS, Context, date_in
from vgpt.schema.model import Column, Table

_TYPE = re.compile(r"^\s*([a-z_0-9]+)\s*(?:\(\s*([^)]*)\))?")
_INTS = {"tinyint": 200, "smallint": 30000, "int": 10**9, "bigint": 10**12}
_DATES = {"smalldatetime", "datetime", "datetime2", "date", "datetimeoffset"}
_TEXT = {"char", "varchar", "nchar", "nvarchar", "text", "ntext", "sysname", "xml"}
_WORDS = ("main", "north", "site", "office", "labor", "field", "general", "shop", "yard", "core",
          "phase", "east", "west", "south", "annex", "unit", "level", "zone", "bay", "wing")
# Where a free column's values come from when its user type names a master record: a generic
# row's job is a real job, so that its other joins (phase, cost type) can find parents.
POOLS = {"bjob": ("JCJM", "Job"), "bcontract": ("JCCM", "Contract"), "bphase": ("JCPM", "Phase"),
         "bjcctype": ("JCCT", "CostType"), "bvendor": ("APVM", "Vendor"), "bcustomer": ("ARCM", "Customer"),
         "bemployee": ("PREH", "Employee"), "bequip": ("EMEM", "Equipment"), "bglacct": ("GLAC", "GLAcct"),
         "bum": ("HQUM", "UM"), "bholdcode": ("HQHC", "HoldCode"), "bpayterms": ("HQPT", "PayTerms"),
         "btaxcode": ("HQTX", "TaxCode"), "bcraft": ("PRCM", "Craft"), "bclass": ("PRCC", "Class"),
         "bmatl": ("HQMT", "Material"), "bcontractitem": ("JCCI", "Item")}


def parse_type(column: Column) -> tuple[str, int | None, int | None]:
    """(base type, length or precision, scale); length -1 means max."""
    return _parse(column.type)


@cache
def _parse(type_text: str) -> tuple[str, int | None, int | None]:
    m = _TYPE.match(type_text.lower())
    base = m.group(1) if m else type_text.lower()
    args = [a.strip() for a in (m.group(2) or "").split(",") if a.strip()] if m else []
    first = -1 if args and args[0] == "max" else (int(args[0]) if args else None)
    second = int(args[1]) if len(args) > 1 else None
    return base, first, second


def coded(column: Column, code: str):
    base, _, _ = parse_type(column)
    return int(code) if base in _INTS or base in ("bit", "numeric", "decimal") else code


def is_company(table: Table, col: Column) -> bool:
    if (col.udt or "").lower() == "bcompany":
        return True
    return bool(table.company) and col.name.lower() == table.company.lower()



class Values:
    """Makes one column value at a time; draws from the filler's RNG."""

    def __init__(self, ctx: Context, rng: random.Random):
        self.ctx = ctx
        self.cat = ctx.catalog
        self.rng = rng
        self._pools: dict[str, list] = {}

    def value(self, table: Table, col: Column, i: int):
        """A plausible value for one column of a generic row."""
        rng = self.rng
        if col.values:
            return coded(col, rng.choice(sorted(col.values)))
        udt = (col.udt or "").lower()
        pool = self.pool(udt)
        if pool:
            return rng.choice(pool)
        base, size, scale = parse_type(col)
        if udt == "byn":
            return rng.choice("YN")
        if is_company(table, col):
            return COMPANIES[0]  # generic rows live in company 1, where every parent is
        if udt == "bgroup" or col.name.lower().endswith("group") and base in _INTS:
            return GROUP
        if udt == "bmonth" or (col.name.lower() in ("mth",) and base in _DATES):
            return rng.choice(MONTHS)
        if base in _DATES:
            return date_in(rng, rng.choice(MONTHS))
        if base == "bit":
            return rng.randint(0, 1)
        if base in _INTS:
            return rng.randint(1, 9 if base == "tinyint" else 500)
        if base in ("numeric", "decimal", "money", "smallmoney", "float", "real"):
            prec, sc = (size or 18), (scale if scale is not None else (4 if "money" in base else 2))
            top = min(10 ** (prec - sc) - 1, 10000) if base in ("numeric", "decimal") else 10000
            if udt in ("bpct", "brate"):
                top = min(top, 1)
            return round(rng.uniform(0, top), sc if base not in ("float", "real") else 4)
        if base in _TEXT:
            return self.text(col, size, i)
        if base == "uniqueidentifier":
            return str(uuid.UUID(int=rng.getrandbits(128)))
        if base in ("binary", "varbinary", "image", "timestamp", "rowversion"):
            return bytes(8)
        if base == "time":
            return dt.time(8, 0)
        return None

    def pool(self, udt: str) -> list:
        """Company-1 values of the master column that a user type names (empty if none)."""
        if not self._pools.get(udt):  # a master made later fills an empty pool then
            table, column = POOLS.get(udt, ("", ""))
            master = self.cat.table(table) if table else None
            rows = self.ctx.get(master.name) if master else []
            co = master.company if master else None
            self._pools[udt] = sorted({r[column] for r in rows if r.get(column) is not None
                                       and (not co or r.get(co) == COMPANIES[0])}, key=repr)
        return self._pools[udt]

    def text(self, col: Column, size: int | None, i: int) -> str:
        width = 30 if size in (None, -1) else size
        if width == 1:
            return "N"
        name = col.name.lower()
        if "desc" in name or "name" in name or "notes" in name:
            words = " ".join(self.rng.choice(_WORDS) for _ in range(3)).title()
            return words[:width]
        return f"{col.name[:3].upper()}{i + 1}"[:width]

    def unique(self, table: Table, col: Column, i: int):
        """The i-th distinct value of a key column."""
        base, size, _ = parse_type(col)
        if is_company(table, col):
            return COMPANIES[i % len(COMPANIES)]
        if base in _INTS or base in ("numeric", "decimal"):
            return i + 1
        if (col.udt or "").lower() == "bmonth" or col.name.lower() == "mth":
            return MONTHS[i % len(MONTHS)]
        if base in _DATES:
            return MONTHS[0] + dt.timedelta(days=i)
        if base in _TEXT:
            width = 30 if size in (None, -1) else size
            if width == 1:
                return chr(ord("A") + i % 26)
            return f"{col.name[:2].upper()}{i + 1}"[-width:] if width < 4 else f"{col.name[:2].upper()}{i + 1}"[:width]
        return self.value(table, col, i)

    def capacity(self, table: Table, col: Column) -> int:
        base, size, _ = parse_type(col)
        if is_company(table, col):
            return len(COMPANIES)
        if (col.udt or "").lower() == "bmonth" or col.name.lower() == "mth":
            return len(MONTHS)
        if base in _TEXT and size == 1:
            return 26
        if base == "tinyint":
            return 250
        return 10**6
