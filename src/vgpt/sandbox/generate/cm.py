"""CM: bank accounts (CMAC) and bank detail (CMDT): AP checks, AR deposits and payroll
transfers that the other generators queued, with the older items cleared."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from vgpt.sandbox.generate import gl
from vgpt.sandbox.generate.base import COMPANIES, TODAY_DATE, Context, cents

ACCOUNTS = {1: ("Operating account", "cash", "First National Bank"),
            2: ("Payroll account", "payroll_cash", "First National Bank")}


def accounts(ctx: Context) -> None:
    ctx.add("CMAC", [{"CMCo": co, "CMAcct": n, "Description": d, "GLCo": co, "GLAcct": gl.acct(role),
                      "BankAcct": f"{co}00{n}7731{n}", "BankName": bank, "AcctType": "C",
                      "AUContraRequiredYN": "N", "CAEFTFormat": "N"}
                     for co in COMPANIES for n, (d, role, bank) in ACCOUNTS.items()])


def detail(ctx: Context) -> None:
    rng = ctx.rng("cm")
    rows, trans = [], defaultdict(int)
    for e in sorted(ctx.facts.get("cm", []), key=lambda e: (e["CMCo"], e["Mth"], e["ActDate"], e["CMRef"])):
        co, mth = e["CMCo"], e["Mth"]
        trans[(co, mth)] += 1
        cleared = (TODAY_DATE - e["ActDate"]).days > 20 or rng.random() < 0.3
        rows.append({"CMCo": co, "Mth": mth, "CMTrans": trans[(co, mth)], "CMAcct": e["CMAcct"],
                     "StmtDate": e["ActDate"].replace(day=1) if cleared else None,
                     "CMTransType": e["CMTransType"], "SourceCo": co, "Source": e["Source"],
                     "ActDate": e["ActDate"], "PostedDate": e["ActDate"], "Description": e["Description"][:60],
                     "Amount": cents(e["Amount"]), "ClearedAmt": cents(e["Amount"]) if cleared else 0,
                     "BatchId": 1, "CMRef": e["CMRef"], "CMRefSeq": 0,
                     "Payee": None if e["Payee"] is None else str(e["Payee"]), "GLCo": co,
                     "CMGLAcct": gl.acct(ACCOUNTS[e["CMAcct"]][1]), "GLAcct": e["GLAcct"], "Void": "N",
                     "ClearDate": (e["ActDate"] + dt.timedelta(days=rng.randint(2, 12))) if cleared else None,
                     "Purge": "N"})
    ctx.add("CMDT", rows)
