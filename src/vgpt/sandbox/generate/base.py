"""What every generator shares: the build context (seeded RNGs, Faker, the rows made so far) and
small helpers for months, dates and money.

Rows are plain dicts keyed by real Vista column names. A generator may set columns that the
catalog does not carry (they are dropped on write) and may leave NOT NULL columns unset (the
generic filler completes them), so generators code against Vista, not against the catalog.
"""

from __future__ import annotations

import calendar
import datetime as dt
import random
from dataclasses import dataclass, field

from faker import Faker

from vgpt.sandbox import FIRST_MONTH, LAST_MONTH, TODAY
from vgpt.schema.model import Catalog

Row = dict[str, object]

# Company 1 is a mid-size general contractor with most of the data; company 2 a smaller
# specialty contractor. Every group (vendor, customer, phase, material, tax, EM) is 1.
COMPANIES = (1, 2)
GROUP = 1


def months_between(first: dt.date, last: dt.date) -> list[dt.date]:
    out, m = [], first
    while m <= last:
        out.append(m)
        m = add_months(m, 1)
    return out


def add_months(d: dt.date, n: int) -> dt.date:
    y, m = divmod(d.month - 1 + n, 12)
    year, month = d.year + y, m + 1
    return dt.date(year, month, min(d.day, calendar.monthrange(year, month)[1]))


def month_of(d: dt.date) -> dt.date:
    return dt.date(d.year, d.month, 1)


MONTHS = months_between(FIRST_MONTH, LAST_MONTH)
TODAY_DATE = TODAY.date()


def cents(amount_cents: int) -> float:
    """A money value from integer cents: the nearest double to the exact decimal (true division
    is correctly rounded), so casting it to numeric(12,2) gives the exact amount."""
    return amount_cents / 100


@dataclass
class Context:
    catalog: Catalog
    seed: int
    scale: float
    rows: dict[str, list[Row]] = field(default_factory=dict)  # upper-case view name -> rows
    # facts that later generators read (companies' GL accounts, jobs, vendors, ...)
    facts: dict[str, object] = field(default_factory=dict)

    def rng(self, part: str) -> random.Random:
        """A generator's own RNG: one module's draws never shift another's."""
        return random.Random(f"vgpt-sandbox:{self.seed}:{part}")

    def faker(self, part: str) -> Faker:
        fake = Faker("en_US")
        fake.seed_instance(f"{self.seed}:{part}")
        return fake

    def n(self, base: int, minimum: int = 1) -> int:
        """A row count scaled by the build's scale."""
        return max(minimum, round(base * self.scale))

    def has(self, table: str) -> bool:
        return self.catalog.table(table) is not None

    def add(self, table: str, rows: list[Row]) -> list[Row]:
        self.rows.setdefault(table.upper(), []).extend(rows)
        return rows

    def get(self, table: str) -> list[Row]:
        return self.rows.get(table.upper(), [])


def date_in(rng: random.Random, month: dt.date, last: dt.date | None = None) -> dt.date:
    """A day in ``month`` (never after ``last``, default the sandbox's today)."""
    days = calendar.monthrange(month.year, month.month)[1]
    d = dt.date(month.year, month.month, rng.randint(1, days))
    limit = last or TODAY_DATE
    return min(d, limit) if month <= limit else d


def money(rng: random.Random, low: float, high: float) -> int:
    """Cents, log-uniform between ``low`` and ``high`` dollars (many small, few large)."""
    import math

    return int(round(math.exp(rng.uniform(math.log(low), math.log(high))) * 100))


def split_cents(rng: random.Random, total: int, parts: int) -> list[int]:
    """``total`` cents in ``parts`` positive-ish shares that sum exactly to it."""
    if parts <= 1:
        return [total]
    weights = [rng.uniform(0.5, 1.5) for _ in range(parts)]
    s = sum(weights)
    shares = [int(total * w / s) for w in weights]
    shares[-1] += total - sum(shares)
    return shares


def pick(rng: random.Random, seq: list):
    """A skewed choice: the first entries come up far more often (a few vendors get most of
    the work and some sit idle for months, as in a real vendor list)."""
    return seq[int(len(seq) * rng.random() ** 2.5)]


def fit(text: str, width: int) -> str:
    return text[:width]


def company_name_construction(fake: Faker, rng: random.Random) -> str:
    trades = ["Concrete", "Electric", "Plumbing", "Steel", "Drywall", "Roofing", "Excavating",
              "Mechanical", "Glass", "Paving", "Masonry", "Painting", "Insulation", "Fire Protection",
              "Landscaping", "Rebar", "Crane Rental", "Lumber", "Supply", "Surveying", "Equipment",
              "Scaffolding", "Flooring", "HVAC", "Demolition", "Waterproofing", "Trucking"]
    suffix = rng.choice(["Inc", "LLC", "Co", "Corp", "Group", "Services", "Contractors", "Inc"])
    root = rng.choice([fake.last_name(), fake.city(), rng.choice(
        ["Acme", "Summit", "Pioneer", "Keystone", "Apex", "Granite", "Liberty", "Redwood", "Atlas",
         "Cornerstone", "Patriot", "Sierra", "Cascade", "Premier", "Frontier", "Ironwood"])])
    return f"{root} {rng.choice(trades)} {suffix}"
