"""AP: vendors (APVM), and invoices (APTH/APTL) with payment detail (APTD) and holds (APHD).

Invoices come from three places: subcontract pay applications (line type 7, against SLIT),
purchase order invoices (line type 6, against POIT), and direct job and overhead invoices
(line types 1 and 3). Each line has pay sequence 1 (net of retainage, pay type 1 or 2) and,
when it holds retainage, sequence 2 (APCO.RetPayType = 3) on hold under hold code RET until
the job closes. Paid sequences carry PaidMth, PaidDate and a check (CMRef) that CM and GL see.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from vgpt.sandbox.generate import gl, jc
from vgpt.sandbox.generate.base import (
    COMPANIES,
    GROUP,
    MONTHS,
    TODAY_DATE,
    Context,
    cents,
    company_name_construction,
    date_in,
    money,
    month_of,
    pick,
)

EXPENSE_PAY, SUB_PAY, RET_PAY = 1, 2, 3


def vendors(ctx: Context) -> None:
    rng, fake = ctx.rng("ap-vendors"), ctx.faker("ap-vendors")
    rows, kinds = [], defaultdict(list)
    for i in range(ctx.n(200, 20)):
        vendor = 1000 + i * 5
        kind = rng.choices(["sub", "supplier", "service"], weights=[45, 35, 20])[0]
        name = company_name_construction(fake, rng) if kind != "service" else fake.company()
        rows.append({
            "VendorGroup": GROUP, "Vendor": vendor, "SortName": name.upper().replace(" ", "")[:15],
            "Name": name[:60], "Type": "R" if kind != "supplier" else "S", "TempYN": "N",
            "Contact": fake.name()[:30], "Phone": fake.numerify("###-555-####"),
            "EMail": f"ap@{name.split()[0].lower()}.example.com"[:60], "Address": fake.street_address()[:60],
            "City": fake.city()[:30], "State": fake.state_abbr(), "Zip": fake.zipcode(), "Country": "US",
            "Purge": "N", "PayTerms": rng.choice(["N30", "N30", "N45", "210N30"]), "GLCo": 1,
            "GLAcct": gl.acct("subcontract" if kind == "sub" else "material" if kind == "supplier" else "office"),
            "V1099YN": "Y" if kind == "sub" else "N", "V1099Type": "MISC" if kind == "sub" else None,
            "V1099Box": 7 if kind == "sub" else None, "ActiveYN": "Y" if rng.random() < 0.93 else "N",
            "EFT": rng.choice("NNA"), "AuditYN": "Y", "SeparatePayInvYN": "N", "OverrideMinAmtYN": "N",
            "APRefUnqOvr": 0, "UpdatePMYN": "Y", "AddRevToAllLinesYN": "N", "AUVendorEFTYN": "N",
            "IATYN": "N", "CASubjToWC": "N", "PayMethod": "C", "SubjToOnCostYN": "N",
            "TaxId": fake.numerify("##-#######")})
        if rows[-1]["ActiveYN"] == "Y":  # inactive vendors get no new work
            kinds[kind].append(vendor)
    ctx.add("APVM", rows)
    ctx.facts["vendors"] = kinds


class Invoicer:
    """Builds invoices and everything they touch (APTD, APHD, JCCD, GL, checks)."""

    def __init__(self, ctx: Context):
        self.ctx = ctx
        self.rng = ctx.rng("ap-invoices")
        self.trans = defaultdict(int)
        self.refs = defaultdict(int)
        self.checks: dict[tuple, list[dict]] = defaultdict(list)
        self.heads, self.lines, self.details, self.holds = [], [], [], []
        self.job_status = {(j["co"], j["job"]): j for j in ctx.facts["jobs"]}

    def invoice(self, co: int, vendor: int, date: dt.date, desc: str, lines: list[dict]) -> None:
        """``lines``: dicts with LineType, GrossAmt and Retainage in cents, job/SL/PO columns, role."""
        mth = month_of(date) if self.rng.random() < 0.85 or date.day < 20 else MONTHS[
            min(MONTHS.index(month_of(date)) + 1, len(MONTHS) - 1)]
        self.trans[(co, mth)] += 1
        trans = self.trans[(co, mth)]
        self.refs[vendor] += 1
        apref = f"{vendor % 1000:03d}-{self.refs[vendor]:05d}"
        due = date + dt.timedelta(days=self.rng.choice([30, 30, 45, 15]))
        total = sum(x["GrossAmt"] for x in lines)
        open_any = False
        key = {"APCo": co, "Mth": mth, "APTrans": trans}
        for n, line in enumerate(lines, start=1):
            gross, retg = line.pop("GrossAmt"), line.pop("Retainage")
            role = line.pop("role")
            self.lines.append({**key, "APLine": n, "GLCo": co, "GLAcct": gl.acct(role),
                               "Description": desc[:30], "UM": "LS", "Units": 0, "UnitCost": 0,
                               "ECM": "E", "VendorGroup": GROUP, "GrossAmt": cents(gross),
                               "MiscAmt": 0, "MiscYN": "N", "TaxBasis": 0, "TaxAmt": 0,
                               "Retainage": cents(retg), "Discount": 0, "BurUnitCost": 0,
                               "POPayTypeYN": "N", "SubjToOnCostYN": "N",
                               "PayType": SUB_PAY if line["LineType"] == 7 else EXPENSE_PAY, **line})
            seqs = [(SUB_PAY if line["LineType"] == 7 else EXPENSE_PAY, gross - retg)]
            if retg:
                seqs.append((RET_PAY, retg))
            for seq, (pay_type, amount) in enumerate(seqs, start=1):
                open_any |= self.pay_detail(key, n, seq, pay_type, amount, date, due, vendor, line)
            gl.post(self.ctx, co, mth, "AP Entry", "AP", date, desc,
                    [(role, gross), ("ap", retg - gross), ("ap_retg", -retg)] if retg else
                    [(role, gross), ("ap", -gross)])
            if line.get("Job"):
                cmtd = {"RemainCmtdCost": -gross} if line["LineType"] in (6, 7) else {}
                jc.cost(self.ctx, co, line["Job"], line["Phase"], line["JCCType"], mth, "AP", date,
                        desc, ActualCost=gross, APCo=co, APTrans=trans, APLine=n, VendorGroup=GROUP,
                        Vendor=vendor, APRef=apref, PO=line.get("PO"), POItem=line.get("POItem"),
                        SL=line.get("SL"), SLItem=line.get("SLItem"), **cmtd)
        self.heads.append({**key, "VendorGroup": GROUP, "Vendor": vendor, "APRef": apref,
                           "Description": desc[:30], "InvDate": date, "DueDate": due,
                           "DiscDate": None, "InvTotal": cents(total), "PayMethod": "C", "CMCo": co,
                           "CMAcct": 1, "PrePaidYN": "N", "PrePaidProcYN": "N", "V1099YN": "N",
                           "PayOverrideYN": "N", "OpenYN": "Y" if open_any else "N", "Purge": "N",
                           "InPayControl": "N", "SeparatePayYN": "N", "ChkRev": "N", "AddressSeq": None})

    def pay_detail(self, key, line_no, seq, pay_type, amount, inv_date, due, vendor, line) -> bool:
        """One APTD row; returns True when it is still unpaid."""
        rng = self.rng
        age = (TODAY_DATE - inv_date).days
        row = {**key, "APLine": line_no, "APSeq": seq, "PayType": pay_type, "Amount": cents(amount),
               "DiscOffer": 0, "DiscTaken": 0, "DueDate": due, "VendorGroup": GROUP,
               "PayMethod": "C", "CMCo": key["APCo"], "CMAcct": 1, "GSTtaxAmt": 0,
               "TotTaxAmount": 0, "AuditYN": "Y", "ExpenseGST": "N", "PSTtaxAmt": 0}
        hold, paid_on = None, None
        if pay_type == RET_PAY:
            job = self.job_status.get((key["APCo"], line.get("Job")))
            if job and job["status"] == 3:
                paid_on = min(job["end"] + dt.timedelta(days=rng.randint(35, 80)), TODAY_DATE - dt.timedelta(days=2))
            else:
                hold = "RET"
        elif rng.random() < 0.025:
            hold = rng.choice(["DISP", "LIEN", "INS"])
        elif age > 50 or (age > 20 and rng.random() < 0.6):
            paid_on = min(inv_date + dt.timedelta(days=rng.randint(20, 50)), TODAY_DATE - dt.timedelta(days=1))
        if paid_on:
            row.update({"Status": 3, "PaidMth": month_of(paid_on), "PaidDate": paid_on})
            self.checks[(key["APCo"], vendor, paid_on)].append(row)
        else:
            row.update({"Status": 2 if hold else 1})
            if hold:
                self.holds.append({**key, "APLine": line_no, "APSeq": seq, "HoldCode": hold})
        self.details.append(row)
        return paid_on is None

    def write_checks(self) -> None:
        """One check per company, vendor and pay date: APTD.CMRef, CM detail, GL entries."""
        numbers = defaultdict(lambda: 20000)
        for (co, vendor, paid_on) in sorted(self.checks):
            rows = self.checks[(co, vendor, paid_on)]
            numbers[co] += 1
            ref = str(numbers[co])
            total = 0
            for r in rows:
                r.update({"CMRef": ref, "CMRefSeq": 0, "EFTSeq": None})
                total += int(round(r["Amount"] * 100))
            retg = sum(int(round(r["Amount"] * 100)) for r in rows if r["PayType"] == RET_PAY)
            mth = month_of(paid_on)
            lines = [("ap", total - retg), ("ap_retg", retg), ("cash", -total)]
            gl.post(self.ctx, co, mth, "AP Payment", "CA", paid_on, f"AP check {ref}",
                    [x for x in lines if x[1]])
            self.ctx.facts.setdefault("cm", []).append(
                {"CMCo": co, "Mth": mth, "CMAcct": 1, "CMTransType": 1, "Source": "AP Payment",
                 "ActDate": paid_on, "Amount": -total, "CMRef": ref, "Payee": vendor,
                 "Description": f"AP check {ref}", "GLAcct": gl.acct("ap")})

    def save(self) -> None:
        self.write_checks()
        self.ctx.add("APTH", self.heads)
        self.ctx.add("APTL", self.lines)
        self.ctx.add("APTD", self.details)
        self.ctx.add("APHD", self.holds)


def invoices(ctx: Context) -> None:
    inv = Invoicer(ctx)
    rng = inv.rng
    kinds = ctx.facts["vendors"]
    for bill in ctx.facts.get("sl_bills", []):  # subcontract pay applications
        inv.invoice(bill["co"], bill["vendor"], bill["date"], f"Pay app {bill['SL']}", bill["lines"])
    for bill in ctx.facts.get("po_bills", []):
        inv.invoice(bill["co"], bill["vendor"], bill["date"], f"PO {bill['PO'].strip()}", bill["lines"])
    for j in ctx.facts["jobs"]:  # direct job costs: other costs and equipment rental
        months = [m for m in MONTHS if j["start"] <= m <= j["end"]]
        for h in j["headers"]:
            if h["ct"] not in (4, 5) or not months:
                continue
            budget = int(h["est"] * (0.5 if h["ct"] == 4 else 0.9))
            for m in months:
                if jc.phase_open(j, h["phase"], m) and rng.random() < 0.55:
                    amt = max(50000, int(budget / len(months) * rng.uniform(0.6, 2.0)))
                    vendor = pick(rng, kinds["service"] or kinds["supplier"])
                    inv.invoice(j["co"], vendor, date_in(rng, m), f"{j['job']} {h['phase']}",
                                [{"LineType": 1, "GrossAmt": amt, "Retainage": 0,
                                  "role": gl.COST_TYPE_ROLE[h["ct"]], "JCCo": j["co"], "Job": j["job"],
                                  "PhaseGroup": GROUP, "Phase": h["phase"], "JCCType": h["ct"]}])
    for co in COMPANIES:  # overhead
        for m in MONTHS:
            for _ in range(ctx.n(8 if co == 1 else 3, 1)):
                amt = money(rng, 500, 12000)
                inv.invoice(co, pick(rng, kinds["service"] or kinds["supplier"]), date_in(rng, m),
                            "Office and shop expense",
                            [{"LineType": 3, "GrossAmt": amt, "Retainage": 0, "role": "office"}])
    inv.save()
