"""Default values for the ``@Parameters`` that Vista report queries use.

Every company parameter is 1 and every group is 1, because the sandbox holds company 1 with
group 1 (see docs/sandbox.md). Dates fall inside the sandbox's data window. Parameters that
name a particular record (``@Job``, ``@Vendor``) have no default: the caller passes them.
"""

from __future__ import annotations

import datetime as dt
import decimal
from collections.abc import Iterable, Mapping
from typing import Any

from vgpt.errors import VgptError
from vgpt.sandbox import FIRST_MONTH, LAST_MONTH, TODAY

_MODULES = ("AP", "AR", "CM", "EM", "GL", "HQ", "HR", "IN", "JB", "JC", "MS", "PM", "PO", "PR", "SL")
_GROUPS = ("VendorGroup", "CustGroup", "PhaseGroup", "MatlGroup", "TaxGroup", "EMGroup",
           "ShopGroup", "PRGroup", "Group")


def _year_start(d: dt.date) -> dt.date:
    return dt.date(d.year, 1, 1)


def default_params() -> dict[str, Any]:
    """The documented default parameter set (names without ``@``)."""
    out: dict[str, Any] = {"Co": 1, "Company": 1}
    out.update({f"{m}Co": 1 for m in _MODULES})
    out.update({g: 1 for g in _GROUPS})
    today = TODAY.date()
    out.update({
        "Mth": LAST_MONTH,
        "BeginMth": _year_start(LAST_MONTH),
        "StartMth": _year_start(LAST_MONTH),
        "EndMth": LAST_MONTH,
        "ThroughMth": LAST_MONTH,
        "FirstMth": FIRST_MONTH,
        "StartDate": _year_start(today),
        "BeginDate": _year_start(today),
        "FromDate": _year_start(today),
        "EndDate": today,
        "ToDate": today,
        "ThroughDate": today,
        "AsOfDate": today,
        "AsOf": today,
        "Today": today,
    })
    return out


def resolve_params(used: Iterable[str], overrides: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """Values for the parameters a query uses: overrides first, then the defaults.

    Names are matched case-insensitively, with or without ``@``. Raises one error naming every
    parameter that has no value.
    """
    values = {k.lower(): v for k, v in default_params().items()}
    values.update({k.lstrip("@").lower(): v for k, v in (overrides or {}).items()})
    resolved, missing = {}, []
    for name in used:
        key = name.lstrip("@")
        if key.lower() in values:
            resolved[key] = values[key.lower()]
        elif key not in missing:
            missing.append(key)
    if missing:
        names = ", ".join("@" + m for m in missing)
        raise VgptError(f"no value for parameter {names}: pass it (e.g. --param {missing[0]}=...)")
    return resolved


def parse_param(text: str) -> tuple[str, Any]:
    """``NAME=VALUE`` from the command line: integers, decimals and ISO dates are typed."""
    name, sep, raw = text.partition("=")
    if not sep or not name.strip():
        raise VgptError(f"--param {text!r}: expected NAME=VALUE")
    return name.strip().lstrip("@"), _typed(raw)


def _typed(raw: str) -> Any:
    for conv in (int, decimal.Decimal):
        try:
            value = conv(raw)
        except (ValueError, decimal.InvalidOperation):
            continue
        # '007' and ' 1000-' are codes (Vista job numbers keep their blanks), not numbers
        return value if str(value) == raw else raw
    for conv in (dt.date.fromisoformat, dt.datetime.fromisoformat):
        try:
            return conv(raw)
        except ValueError:
            pass
    if raw.upper() == "NULL":
        return None
    return raw
