"""JC: contracts (JCCM) with items (JCCI), jobs (JCJM) with phases (JCJP), cost types (JCCT),
cost headers (JCCH) with original estimates; later, the cost detail (JCCD) that AP, PR, SL, PO
and EM post, and its monthly rollup (JCCP), which is exactly the sum of the detail."""

from __future__ import annotations

from collections import defaultdict

from vgpt.sandbox.generate.base import (
    COMPANIES,
    GROUP,
    MONTHS,
    Context,
    add_months,
    cents,
    date_in,
    money,
    split_cents,
)

COST_TYPES = {1: ("Labor", "L", "Y"), 2: ("Material", "M", "N"), 3: ("Subcontract", "S", "N"),
              4: ("Equipment", "E", "Y"), 5: ("Other", "O", "N")}
# (phase, description, cost types, share of the job's cost)
PHASES = [
    ("01-100", "General Conditions", (1, 5), 0.08),
    ("02-200", "Sitework", (1, 3, 4), 0.08),
    ("03-300", "Concrete", (1, 2, 3, 4), 0.14),
    ("04-400", "Masonry", (3,), 0.05),
    ("05-500", "Structural Steel", (2, 3), 0.12),
    ("06-600", "Carpentry", (1, 2), 0.07),
    ("07-700", "Roofing and Waterproofing", (3,), 0.05),
    ("08-800", "Doors and Windows", (2, 3), 0.06),
    ("09-900", "Finishes", (2, 3), 0.10),
    ("15-100", "Plumbing", (1, 2, 3), 0.09),
    ("15-500", "HVAC", (1, 2, 3), 0.09),
    ("16-100", "Electrical", (3,), 0.07),
]
COST_SHARE = {1: 0.35, 2: 0.25, 3: 0.55, 4: 0.15, 5: 0.10}
JOB_KINDS = ["Medical Office Building", "Elementary School", "Parking Structure", "Warehouse",
             "Fire Station", "Apartment Complex", "Retail Center", "Library Renovation",
             "Water Treatment Plant", "Hotel Tower", "Bridge Rehabilitation", "Data Center",
             "Community Center", "Police Headquarters", "Tenant Improvement"]
DEPARTMENTS = {"01": "Commercial", "02": "Public Works", "03": "Mechanical Service"}
PROJECT_MANAGERS = 12


def masters(ctx: Context) -> None:
    rng, fake = ctx.rng("jc"), ctx.faker("jc")
    ctx.add("JCCT", [{"PhaseGroup": GROUP, "CostType": ct, "Description": d, "Abbreviation": ab,
                      "TrackHours": th, "LinkProgress": None} for ct, (d, ab, th) in COST_TYPES.items()])
    ctx.add("JCDM", [{"JCCo": co, "Department": d, "Description": desc, "GLCo": co,
                      "OpenRevAcct": "4000-000", "ClosedRevAcct": "4000-000"}
                     for co in COMPANIES for d, desc in DEPARTMENTS.items()])
    ctx.add("JCPM", [{"PhaseGroup": GROUP, "Phase": p[0], "Description": p[1], "ProjMinPct": 0}
                     for p in PHASES])
    ctx.add("JCMP", [{"JCCo": co, "ProjectMgr": n, "Name": fake.name()[:30],
                      "Phone": fake.numerify("303-555-####"), "Email": f"pm{n}@keystone.example.com"}
                     for co in COMPANIES for n in range(1, PROJECT_MANAGERS + 1)])
    jobs = []
    for co in COMPANIES:
        count = ctx.n(48 if co == 1 else 12, 3)
        for i in range(count):
            jobs.append(_job(ctx, rng, fake, co, i))
    ctx.facts["jobs"] = jobs


def _job(ctx: Context, rng, fake, co: int, i: int) -> dict:
    start = MONTHS[min(int(rng.random() ** 0.8 * 22), 21)]
    length = rng.randint(6, 26)
    end = add_months(start, length - 1)
    status = 3 if end < MONTHS[-4] and rng.random() < 0.7 else (2 if end < MONTHS[-1] else 1)
    number = f"{start.year % 100}-{101 + i + 50 * (co - 1):03d}"
    high = 40_000_000 if co == 1 else 5_000_000
    amount = money(rng, 200_000, high)
    kind = rng.choice(JOB_KINDS)
    city = fake.city()
    desc = f"{city} {kind}"[:60]
    customer = rng.randint(1, ctx.n(150, 10))
    retg = rng.choice([500, 500, 1000, 1000, 1000]) / 10000  # 5% or 10%
    phases = [p for p in PHASES if co == 1 or p[0] in ("01-100", "15-100", "15-500", "16-100")]
    n_items = min(len(phases), rng.randint(1, 5))
    item_amounts = split_cents(rng, amount, n_items)
    est_total = int(amount * rng.uniform(0.84, 0.95))
    headers = []
    share_sum = sum(p[3] for p in phases)
    for pi, (phase, _pdesc, cts, share) in enumerate(phases):
        ct_sum = sum(COST_SHARE[c] for c in cts)
        for ct in cts:
            est = int(est_total * share / share_sum * COST_SHARE[ct] / ct_sum)
            hours = round(est / 100 / rng.uniform(55, 85)) if ct in (1, 4) else 0
            headers.append({"phase": phase, "ct": ct, "est": est, "hours": hours,
                            "item": str(1 + pi % n_items)})
    return {"co": co, "job": number, "contract": number, "desc": desc, "start": start, "end": end,
            "status": status, "amount": amount, "items": item_amounts, "retg": retg,
            "customer": customer, "phases": phases, "headers": headers,
            "dept": "03" if co == 2 else rng.choice(["01", "02"]), "pm": rng.randint(1, PROJECT_MANAGERS),
            "address": fake.street_address(), "city": city, "zip": fake.zipcode()}


def phase_open(j: dict, phase: str, month) -> bool:
    """Phases start in sequence: later trades begin up to half-way through the job, so a
    young job has phases with no cost yet."""
    order = [p[0] for p in j["phases"]]
    length = (j["end"].year - j["start"].year) * 12 + j["end"].month - j["start"].month + 1
    offset = int(order.index(phase) / len(order) * 0.5 * length)
    return month >= add_months(j["start"], offset)


def write_masters(ctx: Context) -> None:
    """JCCM/JCCI/JCJM/JCJP/JCCH rows; contract billed/received totals come from AR first."""
    billed = ctx.facts.get("item_billing", {})
    for j in ctx.facts["jobs"]:
        co, contract = j["co"], j["contract"]
        items = []
        for n, amt in enumerate(j["items"], start=1):
            b = billed.get((co, contract, str(n)), (0, 0, 0))
            items.append({"JCCo": co, "Contract": contract, "Item": str(n),
                          "Description": f"Base bid item {n}", "Department": j["dept"], "UM": "LS",
                          "RetainPCT": j["retg"], "OrigContractAmt": cents(amt),
                          "OrigContractUnits": 0, "OrigUnitPrice": 0, "ContractAmt": cents(amt),
                          "ContractUnits": 0, "UnitPrice": 0, "BilledAmt": cents(b[0]),
                          "BilledUnits": 0, "ReceivedAmt": cents(b[1]), "CurrentRetainAmt": cents(b[2]),
                          "BillType": "P", "BillOriginalUnits": 0, "BillOriginalAmt": cents(amt),
                          "BillCurrentUnits": 0, "BillCurrentAmt": cents(amt), "BillUnitPrice": 0,
                          "InitSubs": "Y", "StartMonth": j["start"], "MarkUpRate": 0, "ProjPlug": "N",
                          "InitAsZero": "N", "TaxGroup": GROUP})
        ctx.add("JCCI", items)
        totals = [sum(x[k] for x in [billed.get((co, contract, str(n)), (0, 0, 0))
                                     for n in range(1, len(j["items"]) + 1)]) for k in range(3)]
        closed = j["status"] == 3
        ctx.add("JCCM", [{
            "JCCo": co, "Contract": contract, "Description": j["desc"][:60], "Department": j["dept"],
            "ContractStatus": j["status"], "OriginalDays": 30 * len(MONTHS), "CurrentDays": 30 * len(MONTHS),
            "StartMonth": j["start"], "MonthClosed": j["end"] if closed else None,
            "ProjCloseDate": add_months(j["end"], 1), "ActualCloseDate": add_months(j["end"], 1) if closed else None,
            "CustGroup": GROUP, "Customer": j["customer"], "PayTerms": "N30", "TaxInterface": "N",
            "TaxGroup": GROUP, "RetainagePCT": j["retg"], "DefaultBillType": "P",
            "OrigContractAmt": cents(j["amount"]), "ContractAmt": cents(j["amount"]),
            "BilledAmt": cents(totals[0]), "ReceivedAmt": cents(totals[1]), "CurrentRetainAmt": cents(totals[2]),
            "BillOnCompletionYN": "N", "CompleteYN": "Y" if closed else "N", "RoundOpt": "N",
            "ReportRetgItemYN": "N", "StartDate": j["start"], "JBFlatBillingAmt": 0, "JBLimitOpt": "N",
            "UpdateJCCI": "Y", "MaxRetgOpt": "N", "MaxRetgPct": 0, "MaxRetgAmt": 0,
            "InclACOinMaxYN": "N", "MaxRetgDistStyle": "C", "BillAddress": j["address"],
            "BillCity": j["city"], "BillState": "CO", "BillZip": j["zip"]}])
        ctx.add("JCJM", [{
            "JCCo": co, "Job": j["job"], "Description": j["desc"][:60], "Contract": contract,
            "JobStatus": j["status"], "LockPhases": "N", "ProjectMgr": j["pm"], "TaxGroup": GROUP,
            "MarkUpDiscRate": 0, "Certified": "N", "ProjMinPct": 0, "HaulTaxOpt": 0, "BaseTaxOn": "J",
            "UpdatePlugs": "N", "AutoAddItemYN": "N", "WghtAvgOT": "N", "HrsPerManDay": 8,
            "AutoGenSubNo": "P", "UpdateAPActualsYN": "Y", "UpdateMSActualsYN": "Y",
            "AutoGenPCONo": "P", "AutoGenMTGNo": "P", "AutoGenRFINo": "P", "AutoGenRFQNo": "P",
            "ApplyEscalators": "N", "UseTaxYN": "N", "PCVisibleInJC": "Y", "VendorGroup": GROUP,
            "MailAddress": j["address"], "MailCity": j["city"], "MailState": "CO", "MailZip": j["zip"],
            "ShipAddress": j["address"], "ShipCity": j["city"], "ShipState": "CO", "ShipZip": j["zip"],
            "PRStateCode": "CO"}])
        ctx.add("JCJP", [{"JCCo": co, "Job": j["job"], "PhaseGroup": GROUP, "Phase": p[0],
                          "Description": p[1], "Contract": contract,
                          "Item": next(h["item"] for h in j["headers"] if h["phase"] == p[0]),
                          "ActiveYN": "Y", "ProjMinPct": 0} for p in j["phases"]])
        ctx.add("JCCH", [{"JCCo": co, "Job": j["job"], "PhaseGroup": GROUP, "Phase": h["phase"],
                          "CostType": h["ct"], "UM": "HRS" if h["ct"] == 1 else "LS", "BillFlag": "C",
                          "ItemUnitFlag": "N", "PhaseUnitFlag": "N", "BuyOutYN": "N", "Plugged": "N",
                          "ActiveYN": "Y", "OrigHours": h["hours"], "OrigUnits": h["hours"] if h["ct"] == 1 else 0,
                          "OrigCost": cents(h["est"]), "SourceStatus": "J"} for h in j["headers"]])


def cost(ctx: Context, co: int, job: str, phase: str, ct: int, mth, trans_type: str, date,
         desc: str, **amounts) -> None:
    """Queue one JCCD row (amounts in cents for *Cost, plain numbers for hours and units)."""
    ctx.facts.setdefault("jccd", []).append((co, job, phase, ct, mth, trans_type, date, desc, amounts))


def costs(ctx: Context) -> None:
    """Estimates and projections, then every queued JCCD row, then JCCP as their monthly sums."""
    write_masters(ctx)
    rng = ctx.rng("jc-costs")
    proj_month = MONTHS[-1]
    for j in ctx.facts["jobs"]:
        for h in j["headers"]:
            cost(ctx, j["co"], j["job"], h["phase"], h["ct"], j["start"], "OE", j["start"],
                 "Original estimate", EstCost=h["est"], EstHours=h["hours"])
            if j["status"] == 1:  # open jobs carry a current projection of final cost
                proj = int(h["est"] * rng.uniform(0.93, 1.12))
                cost(ctx, j["co"], j["job"], h["phase"], h["ct"], proj_month, "PF",
                     date_in(rng, proj_month), "Projection", ProjCost=proj,
                     ProjHours=round(h["hours"] * proj / max(h["est"], 1)))
    detail, trans = [], defaultdict(int)
    rollup: dict[tuple, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    for co, job, phase, ct, mth, ttype, date, desc, amounts in sorted(
            ctx.facts.get("jccd", []), key=lambda r: (r[0], r[4], r[6], r[1], r[2], r[3])):
        trans[(co, mth)] += 1
        row = {"JCCo": co, "Mth": mth, "CostTrans": trans[(co, mth)], "Job": job, "PhaseGroup": GROUP,
               "Phase": phase, "CostType": ct, "PostedDate": date, "ActualDate": date,
               "JCTransType": ttype, "Source": f"JC {ttype}" if ttype in ("OE", "CO", "PF") else f"{ttype} Entry",
               "Description": desc[:60], "GLCo": co, "ReversalStatus": 0,
               "UM": "HRS" if ct == 1 else "LS", "PerECM": "E", "PostedECM": "E", "DeleteFlag": "N",
               "INStdUnitCost": 0, "TaxBasis": 0, "TaxAmt": 0, "TotalCmtdTax": 0, "RemCmtdTax": 0}
        for col in _AMOUNTS:
            v = amounts.get(col, 0)
            row[col] = cents(v) if col.endswith("Cost") else v
        row.update({k: v for k, v in amounts.items() if k not in _AMOUNTS})
        detail.append(row)
        acc = rollup[(co, job, phase, ct, mth)]
        for col, target in _ROLLUP.items():
            acc[target] += amounts.get(col, 0)
        if ttype == "OE":
            for src, dst in (("EstCost", "OrigEstCost"), ("EstHours", "OrigEstHours"), ("EstUnits", "OrigEstUnits")):
                acc[dst] += amounts.get(src, 0)
    ctx.add("JCCD", detail)
    ctx.add("JCCP", [_jccp(key, acc) for key, acc in sorted(rollup.items())])


_AMOUNTS = ["ActualUnitCost", "ActualHours", "ActualUnits", "ActualCost", "ProgressCmplt", "EstHours",
            "EstUnits", "EstCost", "ProjHours", "ProjUnits", "ProjCost", "ForecastHours", "ForecastUnits",
            "ForecastCost", "PostedUnits", "PostedUnitCost", "PostTotCmUnits", "PostRemCmUnits",
            "TotalCmtdUnits", "TotalCmtdCost", "RemainCmtdUnits", "RemainCmtdCost"]
# JCCD column -> JCCP column it rolls into (CurrEst* includes the original estimate)
_ROLLUP = {"ActualHours": "ActualHours", "ActualUnits": "ActualUnits", "ActualCost": "ActualCost",
           "EstHours": "CurrEstHours", "EstUnits": "CurrEstUnits", "EstCost": "CurrEstCost",
           "ProjHours": "ProjHours", "ProjUnits": "ProjUnits", "ProjCost": "ProjCost",
           "ForecastHours": "ForecastHours", "ForecastUnits": "ForecastUnits", "ForecastCost": "ForecastCost",
           "TotalCmtdUnits": "TotalCmtdUnits", "TotalCmtdCost": "TotalCmtdCost",
           "RemainCmtdUnits": "RemainCmtdUnits", "RemainCmtdCost": "RemainCmtdCost"}
_JCCP_COLS = ["ActualHours", "ActualUnits", "ActualCost", "OrigEstHours", "OrigEstUnits", "OrigEstCost",
              "CurrEstHours", "CurrEstUnits", "CurrEstCost", "ProjHours", "ProjUnits", "ProjCost",
              "ForecastHours", "ForecastUnits", "ForecastCost", "TotalCmtdUnits", "TotalCmtdCost",
              "RemainCmtdUnits", "RemainCmtdCost", "RecvdNotInvcdUnits", "RecvdNotInvcdCost"]


def _jccp(key, acc) -> dict:
    co, job, phase, ct, mth = key
    row = {"JCCo": co, "Job": job, "PhaseGroup": GROUP, "Phase": phase, "CostType": ct, "Mth": mth,
           "ProjPlug": "N"}
    for col in _JCCP_COLS:
        v = acc.get(col, 0)
        row[col] = cents(int(v)) if col.endswith("Cost") else round(v, 2)
    return row
