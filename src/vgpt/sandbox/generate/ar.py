"""AR: customers (ARCM), and the monthly progress billing of every contract: AR invoices (ARTH
type I, ARTL lines per contract item, retainage held), payments (type P, lines applied to the
invoice lines), job billing detail (JCID) and the contract items' billed/received totals.

Open AR of an invoice = the sum of ARTL.Amount of the lines applied to it (ApplyMth/ApplyTrans;
invoice lines apply to themselves). ARTH's Invoiced/Paid/Retainage/AmountDue are that
transaction's own line totals.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from vgpt.sandbox.generate import gl
from vgpt.sandbox.generate.base import GROUP, MONTHS, TODAY_DATE, Context, cents, date_in, month_of

OWNERS = ["City of {c}", "{c} School District", "{c} Development LLC", "{c} Health System",
          "{c} Properties", "County of {c}", "{c} Partners LP", "{c} Holdings Inc",
          "{c} Water Authority", "{c} University"]


def customers(ctx: Context) -> None:
    rng, fake = ctx.rng("ar-customers"), ctx.faker("ar-customers")
    rows = []
    for n in range(1, ctx.n(150, 10) + 1):
        name = rng.choice(OWNERS).format(c=fake.city())[:60]
        rows.append({"CustGroup": GROUP, "Customer": n, "Name": name,
                     "SortName": name.upper().replace(" ", "")[:15], "TempYN": "N",
                     "Phone": fake.numerify("###-555-####"), "Contact": fake.name()[:30],
                     "Address": fake.street_address()[:60], "City": fake.city()[:30],
                     "State": fake.state_abbr(), "Zip": fake.zipcode(), "Country": "US",
                     "Status": "A" if rng.random() < 0.9 else rng.choice("IH"), "RecType": 1,
                     "PayTerms": "N30", "TaxGroup": GROUP, "CreditLimit": cents(rng.randint(5, 500) * 10_000_000),
                     "SelPurge": "N", "StmntPrint": "Y", "StmtType": "O", "FCType": "N", "FCPct": 0,
                     "MarkupDiscPct": 0, "DateOpened": MONTHS[0], "HaulTaxOpt": 0, "InvLvl": 0,
                     "MiscOnInv": "N", "MiscOnPay": "N", "PrintLvl": 1, "SubtotalLvl": 1,
                     "SepHaul": "N", "ExclContFromFC": "N"})
    ctx.add("ARCM", rows)


class Biller:
    def __init__(self, ctx: Context):
        self.ctx, self.rng = ctx, ctx.rng("ar-invoices")
        self.trans, self.item_trans = defaultdict(int), defaultdict(int)
        self.heads, self.lines, self.jcid = [], [], []
        self.totals: dict[tuple, list[int]] = defaultdict(lambda: [0, 0, 0])  # billed, received, retainage
        self.invoice_no = defaultdict(int)

    def next_trans(self, co, mth) -> int:
        self.trans[(co, mth)] += 1
        return self.trans[(co, mth)]

    def jcid_row(self, j, mth, item, date, **amounts) -> None:
        self.item_trans[(j["co"], mth)] += 1
        row = {"JCCo": j["co"], "Mth": mth, "ItemTrans": self.item_trans[(j["co"], mth)],
               "Contract": j["contract"], "Item": item, "PostedDate": date, "ActualDate": date,
               "ContractAmt": 0, "ContractUnits": 0, "UnitPrice": 0, "BilledUnits": 0, "BilledAmt": 0,
               "ReceivedAmt": 0, "CurrentRetainAmt": 0, "ReversalStatus": 0, "ProjUnits": 0,
               "ProjDollars": 0, "GLCo": j["co"], "ARCo": j["co"]}
        row.update({k: (cents(v) if isinstance(v, int) and k.endswith("Amt") else v) for k, v in amounts.items()})
        self.jcid.append(row)

    def bill(self, j) -> None:
        rng, _co = self.rng, j["co"]
        months = [m for m in MONTHS if j["start"] <= m <= j["end"]]
        for n, amt in enumerate(j["items"], start=1):
            self.jcid_row(j, j["start"], str(n), j["start"], JCTransType="OC", TransSource="JC OrigCont",
                          Description="Original contract", ContractAmt=amt)
        billed = [0] * len(j["items"])
        for i, m in enumerate(months):
            final = j["status"] == 3 and i == len(months) - 1
            progress = 1.0 if final else min(0.97, (i + 1) / len(months) * rng.uniform(0.8, 1.0))
            amounts = [max(0, int(a * progress) - b) for a, b in zip(j["items"], billed, strict=True)]
            if sum(amounts) <= 0:
                continue
            billed = [b + a for a, b in zip(amounts, billed, strict=True)]
            self.invoice(j, m, amounts)

    def invoice(self, j, mth, amounts) -> None:
        rng, co = self.rng, j["co"]
        date = date_in(rng, mth)
        trans = self.next_trans(co, mth)
        self.invoice_no[co] += 1
        invoice = f"{co}{self.invoice_no[co]:06d}"
        key = {"ARCo": co, "Mth": mth, "ARTrans": trans}
        lines = []
        for n, amt in enumerate(amounts, start=1):
            if amt <= 0:
                continue
            retg = int(round(amt * j["retg"]))
            lines.append((n, amt, retg))
            self.lines.append({**key, "ARLine": len(lines), "RecType": 1, "LineType": "C",
                               "Description": f"Progress billing item {n}", "GLCo": co,
                               "GLAcct": gl.acct("revenue"), "TaxGroup": GROUP, "Amount": cents(amt),
                               "TaxBasis": 0, "TaxAmount": 0, "RetgPct": j["retg"], "Retainage": cents(retg),
                               "DiscOffered": 0, "TaxDisc": 0, "DiscTaken": 0, "ApplyMth": mth,
                               "ApplyTrans": trans, "ApplyLine": len(lines), "JCCo": co,
                               "Contract": j["contract"], "Item": str(n), "PurgeFlag": "N",
                               "FinanceChg": 0, "RetgTax": 0})
            self.jcid_row(j, mth, str(n), date, JCTransType="AR", TransSource="AR Invoice",
                          Description=f"Invoice {invoice}", BilledAmt=amt, CurrentRetainAmt=retg,
                          ARTrans=trans, ARInvoice=invoice, ARTransLine=len(lines))
            t = self.totals[(co, j["contract"], str(n))]
            t[0] += amt
            t[2] += retg
        total, retg_total = sum(x[1] for x in lines), sum(x[2] for x in lines)
        due = date + dt.timedelta(days=30)
        self.heads.append({**key, "ARTransType": "I", "CustGroup": GROUP, "Customer": j["customer"],
                           "RecType": 1, "JCCo": co, "Contract": j["contract"], "Invoice": invoice,
                           "Source": "AR Invoice", "TransDate": date, "DueDate": due,
                           "Description": f"Progress billing {j['contract']}", "CreditAmt": 0,
                           "PayTerms": "N30", "Invoiced": cents(total), "Paid": 0,
                           "Retainage": cents(retg_total), "DiscTaken": 0, "AmountDue": cents(total),
                           "PurgeFlag": "N", "EditTrans": "Y", "ExcludeFC": "N", "FinanceChg": 0})
        gl.post(self.ctx, co, mth, "AR Invoice", "AR", date, f"Invoice {invoice}",
                [("ar", total - retg_total), ("ar_retg", retg_total), ("revenue", -total)])
        paid_on = date + dt.timedelta(days=rng.randint(25, 70))
        if paid_on < TODAY_DATE and rng.random() < 0.93:
            self.payment(j, key, invoice, paid_on, [(n, amt - r, 0) for n, amt, r in lines], lines)
        if j["status"] == 3:  # retainage released and paid after the job closed
            rel = min(max(j["end"], date) + dt.timedelta(days=rng.randint(40, 90)), TODAY_DATE - dt.timedelta(days=1))
            if retg_total:
                self.payment(j, key, invoice, rel, [(n, r, r) for n, _, r in lines], lines)

    def payment(self, j, inv_key, invoice, paid_on, parts, inv_lines) -> None:
        """A customer check applied to the invoice's lines: parts = [(item, amount, retainage)]."""
        co, mth = j["co"], month_of(paid_on)
        trans = self.next_trans(co, mth)
        key = {"ARCo": co, "Mth": mth, "ARTrans": trans}
        check = f"{self.rng.randint(1000, 99999)}"
        total = retg_total = 0
        for line_no, ((item, amt, retg), _) in enumerate(zip(parts, inv_lines, strict=True), start=1):
            if amt <= 0:
                continue
            total, retg_total = total + amt, retg_total + retg
            self.lines.append({**key, "ARLine": line_no, "RecType": 1, "LineType": "C",
                               "Description": f"Payment on {invoice}", "GLCo": co,
                               "GLAcct": gl.acct("ar"), "Amount": cents(-amt), "TaxBasis": 0,
                               "TaxAmount": 0, "RetgPct": 0, "Retainage": cents(-retg), "DiscOffered": 0,
                               "TaxDisc": 0, "DiscTaken": 0, "ApplyMth": inv_key["Mth"],
                               "ApplyTrans": inv_key["ARTrans"], "ApplyLine": line_no, "JCCo": co,
                               "Contract": j["contract"], "Item": str(item), "PurgeFlag": "N",
                               "FinanceChg": 0, "RetgTax": 0})
            self.jcid_row(j, mth, str(item), paid_on, JCTransType="AR", TransSource="AR Receipt",
                          Description=f"Receipt {check}", ReceivedAmt=amt, CurrentRetainAmt=-retg,
                          ARTrans=trans, ARCheck=check, ARTransLine=line_no)
            t = self.totals[(co, j["contract"], str(item))]
            t[1] += amt
            t[2] -= retg
        if not total:
            return
        self.heads.append({**key, "ARTransType": "P", "CustGroup": GROUP, "Customer": j["customer"],
                           "RecType": 1, "JCCo": co, "Contract": j["contract"], "CheckNo": check,
                           "Source": "AR Receipt", "TransDate": paid_on, "CheckDate": paid_on,
                           "Description": f"Payment {invoice}", "CMCo": co, "CMAcct": 1,
                           "CMDeposit": f"D{paid_on:%y%m%d}", "CreditAmt": cents(total),
                           "AppliedMth": inv_key["Mth"], "AppliedTrans": inv_key["ARTrans"],
                           "Invoiced": 0, "Paid": cents(total), "Retainage": cents(-retg_total),
                           "DiscTaken": 0, "AmountDue": cents(-total), "PayFullDate": paid_on,
                           "PurgeFlag": "N", "EditTrans": "Y", "ExcludeFC": "N", "FinanceChg": 0})
        gl.post(self.ctx, co, mth, "AR Receipt", "CR", paid_on, f"Receipt {check}",
                [x for x in [("cash", total), ("ar", retg_total - total), ("ar_retg", -retg_total)] if x[1]])
        self.ctx.facts.setdefault("cm", []).append(
            {"CMCo": co, "Mth": mth, "CMAcct": 1, "CMTransType": 2, "Source": "AR Receipt",
             "ActDate": paid_on, "Amount": total, "CMRef": f"D{paid_on:%y%m%d}", "Payee": None,
             "Description": f"Deposit {check}", "GLAcct": gl.acct("ar")})


def invoices(ctx: Context) -> None:
    biller = Biller(ctx)
    for j in ctx.facts["jobs"]:
        biller.bill(j)
    ctx.add("ARTH", biller.heads)
    ctx.add("ARTL", biller.lines)
    ctx.add("JCID", biller.jcid)
    ctx.facts["item_billing"] = {k: tuple(v) for k, v in biller.totals.items()}
