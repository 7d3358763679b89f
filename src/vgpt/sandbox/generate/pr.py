"""PR: crafts and classes, earnings and deduction codes, employees (PREH), weekly timecards
(PRTH) on jobs, pay detail by earning/deduction/liability code (PRDT), pay sequences (PRSQ),
monthly accumulations (PREA = the month's PRDT sums). Timecards post labor cost to JC ('PR'),
each week's payroll posts one balanced GL entry and one bank transfer."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from vgpt.sandbox.generate import gl, jc
from vgpt.sandbox.generate.base import (
    COMPANIES,
    FIRST_MONTH,
    GROUP,
    TODAY_DATE,
    Context,
    cents,
    month_of,
)

CRAFTS = {"CARP": ("Carpenters Local 55", 42.0), "LAB": ("Laborers Local 720", 31.0),
          "OPER": ("Operating Engineers Local 9", 46.0), "IRON": ("Ironworkers Local 24", 44.0),
          "ELEC": ("Electricians IBEW 68", 49.0), "PLUM": ("Plumbers UA 3", 48.0)}
CLASSES = {"APPR": ("Apprentice", 0.65), "JOUR": ("Journeyman", 1.0), "FORE": ("Foreman", 1.15)}
EARN = {1: ("Regular", 1.0), 2: ("Overtime", 1.5), 3: ("Salary", 1.0)}
# (code, type, description, rate on gross, field only)
DEDNS = [(1, "D", "Federal income tax", 0.12, False), (2, "D", "FICA employee", 0.0765, False),
         (4, "D", "Union dues", 0.02, True), (10, "L", "FICA employer", 0.0765, False),
         (11, "L", "Workers compensation", 0.08, True)]
DEPTS = {"10": "Field", "20": "Office"}


def week_ends() -> list[dt.date]:
    d = FIRST_MONTH + dt.timedelta(days=(6 - FIRST_MONTH.weekday()) % 7)  # first Sunday
    out = []
    while d < TODAY_DATE:
        out.append(d)
        d += dt.timedelta(days=7)
    return out


def generate(ctx: Context) -> None:
    rng, fake = ctx.rng("pr"), ctx.faker("pr")
    _codes(ctx)
    emps = []
    for co in COMPANIES:
        for i in range(ctx.n(110 if co == 1 else 30, 6)):
            emps.append(_employee(ctx, rng, fake, co, i))
    ctx.add("PREH", [e["row"] for e in emps])
    jobs = defaultdict(list)
    for j in ctx.facts["jobs"]:
        jobs[j["co"]].append(j)
    th, dt_rows, sq = [], [], []
    accum: dict[tuple, list[float]] = defaultdict(lambda: [0.0, 0, 0, 0])  # hours, amount, subject, eligible
    for week in week_ends():
        mth = month_of(week)
        week_gl = defaultdict(lambda: defaultdict(int))
        for e in emps:
            co, emp = e["co"], e["emp"]
            if not (e["hire"] <= week and (e["term"] is None or week <= e["term"])):
                continue
            lines = []  # (earn code, hours, rate cents, job, phase)
            if e["craft"]:
                active = [j for j in jobs[co] if j["start"] <= mth <= j["end"]] or jobs[co]
                j = active[(emp + mth.month // 3) % len(active)]  # crews stay on a job a few months
                labor = [(h["phase"], h["ct"]) for h in j["headers"]
                         if h["ct"] == 1 and jc.phase_open(j, h["phase"], mth)]
                phase = (labor or [(j["headers"][0]["phase"], j["headers"][0]["ct"])])[(emp + week.day) % max(len(labor), 1)]
                reg = 40 if rng.random() < 0.9 else 32
                lines.append((1, reg, e["rate"], j, phase))
                if rng.random() < 0.3:
                    lines.append((2, rng.choice([2, 4, 6, 8, 10]), int(round(e["rate"] * 1.5)), j, phase))
            else:
                lines.append((3, 40, e["rate"], None, None))
            gross = 0
            for seq, (earn, hours, rate, j, (phase, ct)) in enumerate(
                    [(a, b, c, d, p or (None, None)) for a, b, c, d, p in lines], start=1):
                amt = hours * rate
                gross += amt
                if j is None:
                    continue
                th.append({"PRCo": co, "PRGroup": 1, "PREndDate": week, "Employee": emp, "PaySeq": 1,
                           "PostSeq": seq, "Type": "J", "PostDate": week, "JCCo": co, "Job": j["job"],
                           "PhaseGroup": GROUP, "Phase": phase, "GLCo": co, "TaxState": "CO",
                           "UnempState": "CO", "InsState": "CO", "InsCode": "5403", "PRDept": "10",
                           "Cert": "N", "Craft": e["craft"], "Class": e["cls"], "EarnCode": earn,
                           "Shift": 1, "Hours": hours, "Rate": cents(rate), "Amt": cents(amt), "BatchId": 1})
                jc.cost(ctx, co, j["job"], phase, ct, mth, "PR", week, f"Payroll {week:%m/%d/%y}",
                        ActualHours=hours, ActualCost=amt, PRCo=co, Employee=emp, Craft=e["craft"],
                        Class=e["cls"], EarnType=earn, Shift=1)
            codes = [("E", earn, hours, hours * rate, 0) for earn, hours, rate, _, _ in lines]
            codes += [(t, c, 0, int(round(gross * r)), gross) for c, t, _, r, field in DEDNS
                      if not field or e["craft"]]
            dedns = sum(a for t, _, _, a, _ in codes if t == "D")
            liabs = sum(a for t, _, _, a, _ in codes if t == "L")
            for typ, code, hours, amount, subject in _merge(codes):
                dt_rows.append({"PRCo": co, "PRGroup": 1, "PREndDate": week, "Employee": emp,
                                "PaySeq": 1, "EDLType": typ, "EDLCode": code, "Hours": hours,
                                "Amount": cents(amount), "SubjectAmt": cents(subject),
                                "EligibleAmt": cents(subject), "UseOver": "N", "OverAmt": 0,
                                "OverProcess": "N", "OldHours": 0, "OldAmt": 0, "OldSubject": 0,
                                "OldEligible": 0, "OldAPAmt": 0, "PaybackAmt": 0, "PaybackOverAmt": 0,
                                "PaybackOverYN": "N"})
                acc = accum[(co, emp, mth, typ, code)]
                acc[0] += hours
                acc[1] += amount
                acc[2] += subject
                acc[3] += subject
            sq.append({"PRCo": co, "PRGroup": 1, "PREndDate": week, "Employee": emp, "PaySeq": 1,
                       "CMCo": co, "CMAcct": 2, "PayMethod": "E" if emp % 3 else "C",
                       "CMRef": f"P{week:%y%m%d}", "CMRefSeq": emp, "PaidDate": week + dt.timedelta(days=5),
                       "PaidMth": month_of(week + dt.timedelta(days=5)),
                       "Hours": sum(x[1] for x in lines), "Earnings": cents(gross), "Dedns": cents(dedns),
                       "SUIEarnings": cents(gross), "PostToAll": "N", "Processed": "Y", "CMInterface": "Y"})
            g = week_gl[co]
            g["labor" if e["craft"] else "office"] += gross + liabs
            g["payroll_cash"] -= gross - dedns
            g["pr_tax"] -= dedns + liabs
        for co, amounts in sorted(week_gl.items()):
            gl.post(ctx, co, mth, "PR Update", "PR", week, f"Payroll {week:%m/%d/%y}",
                    [(role, a) for role, a in sorted(amounts.items()) if a])
            ctx.facts.setdefault("cm", []).append(
                {"CMCo": co, "Mth": mth, "CMAcct": 2, "CMTransType": 4, "Source": "PR Payment",
                 "ActDate": week, "Amount": amounts["payroll_cash"], "CMRef": f"P{week:%y%m%d}",
                 "Payee": None, "Description": f"Payroll {week:%m/%d/%y}", "GLAcct": gl.acct("accrued_pr")})
    ctx.add("PRTH", th)
    ctx.add("PRDT", dt_rows)
    ctx.add("PRSQ", sq)
    ctx.add("PREA", [{"PRCo": co, "Employee": emp, "Mth": mth, "EDLType": t, "EDLCode": c,
                      "Hours": round(a[0], 2), "Amount": cents(a[1]), "SubjectAmt": cents(a[2]),
                      "EligibleAmt": cents(a[3]), "AuditYN": "N"}
                     for (co, emp, mth, t, c), a in sorted(accum.items())])


def _merge(codes):
    """Sum duplicate (type, code) pairs: two regular-time lines make one PRDT earnings row."""
    out: dict[tuple, list] = {}
    for typ, code, hours, amount, subject in codes:
        cur = out.setdefault((typ, code), [0, 0, 0])
        cur[0] += hours
        cur[1] += amount
        cur[2] += subject
    return [(t, c, h, a, s) for (t, c), (h, a, s) in out.items()]


def _codes(ctx: Context) -> None:
    rows = defaultdict(list)
    for co in COMPANIES:
        rows["PRGR"].append({"PRCo": co, "PRGroup": 1, "Description": "Weekly", "PayFreq": "W",
                             "GLCo": co, "GLAcct": gl.acct("accrued_pr"), "CMCo": co, "CMAcct": 2,
                             "AttachGLLedgerRpts": "N"})
        for d, desc in DEPTS.items():
            rows["PRDP"].append({"PRCo": co, "PRDept": d, "Description": desc, "GLCo": co})
        for craft, (desc, _) in CRAFTS.items():
            rows["PRCM"].append({"PRCo": co, "Craft": craft, "Description": desc, "EffectiveDate": FIRST_MONTH,
                                 "State": "CO", "HolidayOT": "N"})
            for cls, (cdesc, _) in CLASSES.items():
                rows["PRCC"].append({"PRCo": co, "Craft": craft, "Class": cls, "Description": f"{craft} {cdesc}",
                                     "OldCapLimit": 0, "NewCapLimit": 0, "WghtAvgOT": "N"})
        for code, (desc, factor) in EARN.items():
            rows["PREC"].append({"PRCo": co, "EarnCode": code, "Description": desc,
                                 "Method": "A" if code == 3 else "H", "Factor": factor, "SubjToAddOns": "Y",
                                 "CertRpt": "Y", "TrueEarns": "Y", "OTCalcs": "N", "EarnType": code,
                                 "JCCostType": 1, "StandardLimit": 0, "SubjToAutoEarns": "N", "IncldLiabDist": "Y",
                                 "IncldSalaryDist": "N", "IncldRemoteTC": "N", "GLCo": co,
                                 "GLAcct": gl.acct("labor")})
        for code, typ, desc, rate, _ in DEDNS:
            rows["PRDL"].append({"PRCo": co, "DLCode": code, "Description": desc, "DLType": typ,
                                 "Method": "G", "RateAmt1": rate, "RateAmt2": 0, "GLCo": co,
                                 "GLAcct": gl.acct("pr_tax")})
    for table, data in rows.items():
        ctx.add(table, data)


def _employee(ctx, rng, fake, co, i) -> dict:
    emp = 100 + i + (co - 1) * 5000
    field = rng.random() < 0.82
    craft = rng.choice(sorted(CRAFTS)) if field else None
    cls = rng.choices(sorted(CLASSES), weights=[2, 6, 1])[0] if field else None
    rate = int(round(CRAFTS[craft][1] * CLASSES[cls][1] * rng.uniform(0.95, 1.1) * 100)) if field \
        else int(rng.uniform(28, 75) * 100)
    hire = FIRST_MONTH - dt.timedelta(days=rng.randint(30, 4000)) if rng.random() < 0.8 \
        else FIRST_MONTH + dt.timedelta(days=rng.randint(0, 600))
    term = hire + dt.timedelta(days=rng.randint(60, 900)) if rng.random() < 0.15 else None
    if term and term >= TODAY_DATE:
        term = None
    first, last = fake.first_name(), fake.last_name()
    row = {"PRCo": co, "Employee": emp, "LastName": last, "FirstName": first,
           "SortName": (last + first).upper()[:15], "Address": fake.street_address()[:60],
           "City": fake.city()[:30], "State": "CO", "Zip": fake.zipcode(), "Phone": fake.numerify("###-555-####"),
           "SSN": fake.numerify("###-##-####"), "Race": rng.choice("ABHW"), "Sex": rng.choice("MMMF"),
           "BirthDate": hire - dt.timedelta(days=rng.randint(20 * 365, 45 * 365)), "HireDate": hire,
           "TermDate": term, "PRGroup": 1, "PRDept": "10" if field else "20", "Craft": craft, "Class": cls,
           "InsCode": "5403" if field else "8810", "TaxState": "CO", "UnempState": "CO", "InsState": "CO",
           "GLCo": co, "UseState": "N", "UseIns": "N", "JCCo": co, "EarnCode": 1 if field else 3,
           "HrlyRate": cents(rate), "SalaryAmt": 0 if field else cents(rate * 40), "OTOpt": "W",
           "JCFixedRate": 0, "EMFixedRate": 0, "YTDSUI": 0, "DirDeposit": "A" if emp % 3 else "N",
           "ActiveYN": "N" if term else "Y", "PensionYN": "Y" if field else "N", "PostToAll": "N",
           "CertYN": "N", "AuditYN": "Y", "DefaultPaySeq": "Y", "CSAllocMethod": "P", "NonResAlienYN": "N",
           "AUEFTYN": "N", "CPPQPPExempt": "N", "EIExempt": "N", "PPIPExempt": "N", "UpdatePRAEYN": "N",
           "UseLocal": "N", "UseUnempState": "N", "UseInsState": "N", "ArrearsActiveYN": "N",
           "SeparationRedundancyRetirement": "N", "Email": f"{first}.{last}@example.com".lower()}
    return {"co": co, "emp": emp, "craft": craft, "cls": cls, "rate": rate, "hire": hire, "term": term, "row": row}
