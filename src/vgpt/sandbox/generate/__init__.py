"""The synthetic Vista data: specialised generators for the business core, in dependency order,
then the generic filler for every other catalog table (see docs/sandbox.md, "The generated data")."""

from __future__ import annotations

from collections.abc import Callable

from vgpt.sandbox.generate import ap, ar, cm, em, gl, hq, jc, po, pr, sl
from vgpt.sandbox.generate.base import Context
from vgpt.sandbox.generate.filler import fill_catalog
from vgpt.schema.model import Catalog

# Order matters: masters before transactions, sources (AP, PR, SL, PO) before the JC cost
# detail that they post, everything before the GL journal that summarises them.
STEPS: list[tuple[str, Callable[[Context], None]]] = [
    ("HQ companies", hq.generate),
    ("GL accounts", gl.accounts),
    ("CM bank accounts", cm.accounts),
    ("JC jobs and contracts", jc.masters),
    ("AP vendors", ap.vendors),
    ("AR customers", ar.customers),
    ("EM equipment", em.generate),
    ("SL subcontracts", sl.generate),
    ("PO purchase orders", po.generate),
    ("AP invoices", ap.invoices),
    ("PR payroll", pr.generate),
    ("JC billing and AR invoices", ar.invoices),
    ("JC cost detail", jc.costs),
    ("CM bank detail", cm.detail),
    ("GL journal", gl.postings),
]


def generate(catalog: Catalog, seed: int, scale: float, progress: Callable[[str], None] | None = None) -> Context:
    """Every catalog table's rows, as dicts keyed by column name, in ``ctx.rows``."""
    ctx = Context(catalog=catalog, seed=seed, scale=scale)
    for label, step in STEPS:
        step(ctx)
        if progress:
            progress(label)
    fill_catalog(ctx, progress)
    return ctx
