"""GL: the chart of accounts (GLAC), fiscal periods (GLFP), and a journal (GLDT) that posts every
subledger's activity in balanced batches, with monthly balances (GLBL) equal to the detail.

Sign convention (Vista's): GLDT.Amount is positive for a debit, negative for a credit;
GLBL.NetActivity = Debits - Credits, with Debits and Credits both positive.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from vgpt.sandbox.generate.base import COMPANIES, MONTHS, Context, cents, date_in, money

# role -> (account, description, AcctType, NormBal); AcctType: A asset, L liability,
# C capital, I income, E expense
CHART = {
    "cash": ("1000-000", "Cash - Operating", "A", "D"),
    "payroll_cash": ("1010-000", "Cash - Payroll", "A", "D"),
    "ar": ("1200-000", "Accounts Receivable", "A", "D"),
    "ar_retg": ("1210-000", "Retainage Receivable", "A", "D"),
    "equipment": ("1500-000", "Equipment", "A", "D"),
    "ap": ("2000-000", "Accounts Payable", "L", "C"),
    "ap_retg": ("2010-000", "Retainage Payable", "L", "C"),
    "accrued_pr": ("2100-000", "Accrued Payroll", "L", "C"),
    "pr_tax": ("2110-000", "Payroll Taxes Payable", "L", "C"),
    "equity": ("3000-000", "Retained Earnings", "C", "C"),
    "revenue": ("4000-000", "Contract Revenue", "I", "C"),
    "labor": ("5000-000", "Job Cost - Labor", "E", "D"),
    "material": ("5100-000", "Job Cost - Material", "E", "D"),
    "subcontract": ("5200-000", "Job Cost - Subcontract", "E", "D"),
    "equip_cost": ("5300-000", "Job Cost - Equipment", "E", "D"),
    "other_cost": ("5400-000", "Job Cost - Other", "E", "D"),
    "office": ("6000-000", "Office Expense", "E", "D"),
    "rent": ("6100-000", "Rent", "E", "D"),
    "utilities": ("6200-000", "Utilities", "E", "D"),
    "insurance": ("6300-000", "Insurance", "E", "D"),
}
COST_TYPE_ROLE = {1: "labor", 2: "material", 3: "subcontract", 4: "equip_cost", 5: "other_cost"}


def acct(role: str) -> str:
    return CHART[role][0]


def accounts(ctx: Context) -> None:
    rows, periods = [], []
    for co in COMPANIES:
        for acc, desc, typ, norm in CHART.values():
            part1, part2 = acc.split("-")
            rows.append({"GLCo": co, "GLAcct": acc, "Description": desc, "AcctType": typ,
                         "NormBal": norm, "InterfaceDetail": "Y", "Active": "Y", "SummaryAcct": acc,
                         "CashAccrual": "A", "Part1": part1, "Part2": part2, "AllParts": "N"})
        for m in MONTHS:
            periods.append({"GLCo": co, "Mth": m, "FiscalPd": m.month, "FiscalYr": m.year})
    ctx.add("GLAC", rows)
    ctx.add("GLFP", periods)
    ctx.facts["journal"] = []  # (co, mth, source, jrnl, date, desc, [(acct, cents), ...])


def post(ctx: Context, co: int, mth, source: str, jrnl: str, date, desc: str, lines) -> None:
    """Queue one balanced entry for the GL: ``lines`` is [(role, cents)], debits positive."""
    assert sum(c for _, c in lines) == 0, "a GL entry must balance"
    ctx.facts["journal"].append((co, mth, source, jrnl, date, desc, lines))


def postings(ctx: Context) -> None:
    """Write GLDT (one batch per company, month and source) and GLBL from the queued entries."""
    rng = ctx.rng("gl")
    for co in COMPANIES:  # monthly overhead so that every month has a GL batch of its own
        for m in MONTHS:
            for role in ("office", "rent", "utilities", "insurance"):
                amt = money(rng, 2000, 40000 if co == 1 else 12000)
                post(ctx, co, m, "GL Jrnl", "GJ", date_in(rng, m), f"{CHART[role][1]} {m:%b %Y}",
                     [(role, amt), ("cash", -amt)])
    batches: dict[tuple, list] = defaultdict(list)
    for entry in ctx.facts["journal"]:
        batches[(entry[0], entry[1], entry[2])].append(entry)
    detail, trans, batch_ids = [], defaultdict(int), defaultdict(int)
    balances: dict[tuple, list[int]] = defaultdict(lambda: [0, 0])
    for (co, mth, source) in sorted(batches, key=lambda k: (k[0], k[1], k[2])):
        batch_ids[(co, mth)] += 1
        for _, _, _, jrnl, date, desc, lines in batches[(co, mth, source)]:
            ref = f"{mth:%Y%m}{batch_ids[(co, mth)]:02d}"
            for role, amt in lines:
                trans[(co, mth)] += 1
                detail.append({"GLCo": co, "Mth": mth, "GLTrans": trans[(co, mth)],
                               "GLAcct": acct(role), "Jrnl": jrnl, "GLRef": ref, "SourceCo": co,
                               "Source": source, "ActDate": date, "DatePosted": date,
                               "Description": desc[:30], "BatchId": batch_ids[(co, mth)],
                               "Amount": cents(amt), "RevStatus": 0, "Adjust": "N", "Purge": "N"})
                bal = balances[(co, acct(role), mth)]
                bal[0 if amt > 0 else 1] += abs(amt)
    ctx.add("GLDT", detail)
    ctx.add("GLBL", [{"GLCo": co, "GLAcct": a, "Mth": m, "NetActivity": cents(d - c),
                      "Debits": cents(d), "Credits": cents(c)}
                     for (co, a, m), (d, c) in sorted(balances.items())])
    opening = []
    for co in COMPANIES:  # balanced opening balances: assets = liabilities + equity
        cash, ar, equip, ap = (money(rng, 500_000, 5_000_000) for _ in range(4))
        for role, amt in (("cash", cash), ("ar", ar), ("equipment", equip), ("ap", -ap),
                          ("equity", ap - cash - ar - equip)):
            opening.append({"GLCo": co, "FYEMO": dt.date(MONTHS[0].year, 12, 1), "GLAcct": acct(role),
                            "BeginBal": cents(amt), "NetAdj": 0})
    ctx.add("GLYB", opening)
