"""SL: subcontracts (SLHD) with items (SLIT), change orders (SLCD) and the current pay-app
worksheet (SLWI); the monthly pay applications become AP invoices (line type 7).

SLIT.CurCost = OrigCost + the item's SLCD changes; SLIT.InvCost = the AP lines invoiced
against the item. Commitments post to JC as 'SL' cost detail.
"""

from __future__ import annotations

from vgpt.sandbox.generate import gl, jc
from vgpt.sandbox.generate.base import GROUP, MONTHS, Context, add_months, cents, date_in, pick

WORKSHEET_USER = "viewpointcs"
MIN_BILL = 50_000  # cents


def generate(ctx: Context) -> None:
    rng = ctx.rng("sl")
    subs = ctx.facts["vendors"]["sub"]
    heads, items, changes, sheets, bills = [], [], [], [], []
    seq: dict[tuple, int] = {}
    for j in ctx.facts["jobs"]:
        co = j["co"]
        for n, h in enumerate([h for h in j["headers"] if h["ct"] == 3], start=1):
            sl = f"{j['job'].replace('-', '')}-{n:02d}"
            vendor = pick(rng, subs)
            retg = rng.choice([0.05, 0.10, 0.10])
            status = 2 if j["status"] == 3 else (1 if j["status"] == 2 else 0)
            heads.append({"SLCo": co, "SL": sl, "JCCo": co, "Job": j["job"],
                          "Description": f"{h['phase']} subcontract"[:60], "VendorGroup": GROUP,
                          "Vendor": vendor, "PayTerms": "N30", "Status": status,
                          "MthClosed": j["end"] if status == 2 else None, "Purge": "N",
                          "Approved": "Y", "ApprovedBy": "pm", "AddedMth": j["start"],
                          "OrigDate": date_in(rng, j["start"]), "MaxRetgOpt": "N", "MaxRetgPct": 0,
                          "MaxRetgAmt": 0, "InclACOinMaxYN": "N", "MaxRetgDistStyle": "C",
                          "ApprovalRequired": "N"})
            parts = rng.randint(1, 3)
            item_rows = []
            for k in range(1, parts + 1):
                orig = int(h["est"] * rng.uniform(0.85, 1.0) / parts)
                change = 0
                item = {"SLCo": co, "SL": sl, "SLItem": k, "ItemType": 1, "AddonPct": 0, "JCCo": co,
                        "Job": j["job"], "PhaseGroup": GROUP, "Phase": h["phase"], "JCCType": 3,
                        "Description": f"{h['phase']} scope {k}"[:60], "UM": "LS", "GLCo": co,
                        "GLAcct": gl.acct("subcontract"), "WCRetPct": retg, "SMRetPct": retg,
                        "VendorGroup": GROUP, "OrigUnits": 0, "OrigUnitCost": 0, "CurUnits": 0,
                        "CurUnitCost": 0, "StoredMatls": 0, "InvUnits": 0, "AddedMth": j["start"],
                        "OrigTax": 0, "CurTax": 0, "InvTax": 0, "JCCmtdTax": 0, "TaxRate": 0,
                        "GSTRate": 0, "JCRemCmtdTax": 0}
                jc.cost(ctx, co, j["job"], h["phase"], 3, j["start"], "SL", item["AddedMth"],
                        f"Subcontract {sl}", TotalCmtdCost=orig, RemainCmtdCost=orig, SL=sl, SLItem=k,
                        VendorGroup=GROUP, Vendor=vendor)
                if rng.random() < 0.35:  # an approved change order partway through the job
                    mth = add_months(j["start"], rng.randint(1, 6))
                    if mth <= MONTHS[-1]:
                        change = int(orig * rng.uniform(-0.05, 0.15))
                        seq[(co, mth)] = seq.get((co, mth), 0) + 1
                        changes.append({"SLCo": co, "Mth": mth, "SLTrans": seq[(co, mth)], "SL": sl,
                                        "SLItem": k, "SLChangeOrder": 1, "AppChangeOrder": "1",
                                        "ActDate": date_in(rng, mth), "Description": "Change order 1",
                                        "UM": "LS", "ChangeCurUnits": 0, "ChangeCurUnitCost": 0,
                                        "ChangeCurCost": cents(change), "BatchId": 1,
                                        "PostedDate": date_in(rng, mth), "PurgeYN": "N"})
                        jc.cost(ctx, co, j["job"], h["phase"], 3, mth, "SL", date_in(rng, mth),
                                f"Change order {sl}", TotalCmtdCost=change, RemainCmtdCost=change,
                                SL=sl, SLItem=k, VendorGroup=GROUP, Vendor=vendor)
                item.update({"OrigCost": cents(orig), "CurCost": cents(orig + change),
                             "_cur": orig + change})
                item_rows.append(item)
            invoiced = _bill(rng, j, sl, vendor, retg, item_rows, bills)
            for item in item_rows:
                item["InvCost"] = cents(invoiced[item["SLItem"]])
                if status == 0:
                    sheets.append(_worksheet(rng, item, invoiced[item["SLItem"]], retg))
                del item["_cur"]
            items.extend(item_rows)
    ctx.add("SLHD", heads)
    ctx.add("SLIT", items)
    ctx.add("SLCD", changes)
    ctx.add("SLWI", sheets)
    ctx.facts["sl_bills"] = bills


def _bill(rng, j, sl, vendor, retg, items, bills) -> dict[int, int]:
    """Monthly pay applications: cumulative billing follows the job's progress."""
    months = [m for m in MONTHS if j["start"] <= m <= j["end"]]
    done = {it["SLItem"]: 0 for it in items}
    for i, m in enumerate(months):
        final = j["status"] == 3 and i == len(months) - 1
        progress = 1.0 if final else min(1.0, (i + 1) / max(len(months), 1) * rng.uniform(0.85, 1.0))
        lines = []
        for it in items:
            if not jc.phase_open(j, it["Phase"], m):
                continue
            amt = int(it["_cur"] * progress) - done[it["SLItem"]]
            if amt < MIN_BILL and not (final and amt > 0):
                continue  # a pay app line under $500 waits for the next month
            done[it["SLItem"]] += amt
            lines.append({"LineType": 7, "GrossAmt": amt, "Retainage": int(round(amt * retg)),
                          "role": "subcontract", "SL": sl, "SLItem": it["SLItem"], "JCCo": j["co"],
                          "Job": j["job"], "PhaseGroup": GROUP, "Phase": it["Phase"], "JCCType": 3})
        if lines:
            bills.append({"co": j["co"], "vendor": vendor, "date": date_in(rng, m), "SL": sl, "lines": lines})
    return done


def _worksheet(rng, item, invoiced, retg) -> dict:
    remaining = item["_cur"] - invoiced
    wc = int(max(remaining, 0) * rng.uniform(0.1, 0.4))
    return {"SLCo": item["SLCo"], "UserName": WORKSHEET_USER, "SL": item["SL"], "SLItem": item["SLItem"],
            "ItemType": 1, "Description": item["Description"], "PhaseGroup": GROUP, "Phase": item["Phase"],
            "UM": "LS", "CurUnits": 0, "CurUnitCost": 0, "CurCost": cents(item["_cur"]), "PrevWCUnits": 0,
            "PrevWCCost": cents(invoiced), "WCUnits": 0, "WCCost": cents(wc), "WCRetPct": retg,
            "WCRetAmt": cents(int(round(wc * retg))), "PrevSM": 0, "Purchased": 0, "Installed": 0,
            "SMRetPct": retg, "SMRetAmt": 0, "VendorGroup": GROUP, "BillMonth": MONTHS[-1],
            "WCPctComplete": round((invoiced + wc) / max(item["_cur"], 1), 4),
            "WCToDate": cents(invoiced + wc), "WCToDateUnits": 0, "UnitsClaimed": 0, "AmtClaimed": 0}
