"""PO: purchase orders (POHD) and items (POIT) for job material; their invoices become AP lines
of type 6. POIT keeps Orig/Cur/Recvd/Inv/Rem costs consistent: InvCost = the AP lines on the
item, RemCost = CurCost - InvCost. Commitments post to JC as 'PO' cost detail."""

from __future__ import annotations

from vgpt.sandbox.generate import gl, jc
from vgpt.sandbox.generate.base import GROUP, MONTHS, Context, cents, date_in, pick


def generate(ctx: Context) -> None:
    rng = ctx.rng("po")
    suppliers = ctx.facts["vendors"]["supplier"]
    heads, items, bills = [], [], []
    for j in ctx.facts["jobs"]:
        co = j["co"]
        for n, h in enumerate([h for h in j["headers"] if h["ct"] == 2], start=1):
            po = f"{j['job'].replace('-', '')}{n:02d}"
            vendor = pick(rng, suppliers)
            status = 2 if j["status"] == 3 else (1 if j["status"] == 2 else 0)
            order_date = date_in(rng, j["start"])
            heads.append({"POCo": co, "PO": po, "VendorGroup": GROUP, "Vendor": vendor,
                          "Description": f"{h['phase']} material"[:60], "OrderDate": order_date,
                          "OrderedBy": "purchasing", "Status": status, "JCCo": co, "Job": j["job"],
                          "PayTerms": "N30", "MthClosed": j["end"] if status == 2 else None,
                          "Approved": "Y", "Purge": "N", "AddedMth": j["start"]})
            cur = int(h["est"] * rng.uniform(0.6, 0.9))
            months = [m for m in MONTHS if j["start"] <= m <= j["end"]]
            invoiced = 0
            for i, m in enumerate(months):
                target = cur if (j["status"] == 3 and i == len(months) - 1) else int(cur * (i + 1) / len(months) * rng.uniform(0.8, 1.0))
                amt = target - invoiced
                final = j["status"] == 3 and i == len(months) - 1
                if amt < 50_000 and not (final and amt > 0):
                    continue
                if not jc.phase_open(j, h["phase"], m) or rng.random() < 0.3:
                    continue
                invoiced += amt
                bills.append({"co": co, "vendor": vendor, "date": date_in(rng, m), "PO": po,
                              "lines": [{"LineType": 6, "GrossAmt": amt, "Retainage": 0,
                                         "role": "material", "PO": po, "POItem": 1, "JCCo": co,
                                         "Job": j["job"], "PhaseGroup": GROUP, "Phase": h["phase"],
                                         "JCCType": 2}]})
            jc.cost(ctx, co, j["job"], h["phase"], 2, j["start"], "PO", order_date, f"PO {po}",
                    TotalCmtdCost=cur, RemainCmtdCost=cur, PO=po, POItem=1, VendorGroup=GROUP, Vendor=vendor)
            items.append({"POCo": co, "PO": po, "POItem": 1, "ItemType": 1, "MatlGroup": GROUP,
                          "Description": f"{h['phase']} material"[:60], "UM": "LS", "RecvYN": "N",
                          "PostToCo": co, "JCCo": co, "Job": j["job"], "PhaseGroup": GROUP,
                          "Phase": h["phase"], "JCCType": 2, "GLCo": co, "GLAcct": gl.acct("material"),
                          "OrigUnits": 0, "OrigUnitCost": 0, "OrigECM": "E", "OrigCost": cents(cur),
                          "OrigTax": 0, "CurUnits": 0, "CurUnitCost": 0, "CurECM": "E", "CurCost": cents(cur),
                          "CurTax": 0, "RecvdUnits": 0, "RecvdCost": cents(invoiced), "BOUnits": 0,
                          "BOCost": cents(cur - invoiced), "TotalUnits": 0, "TotalCost": cents(cur),
                          "TotalTax": 0, "InvUnits": 0, "InvCost": cents(invoiced), "InvTax": 0,
                          "RemUnits": 0, "RemCost": cents(cur - invoiced), "RemTax": 0,
                          "PostedDate": order_date, "AddedMth": j["start"], "JCCmtdTax": 0,
                          "JCRemCmtdTax": 0, "TaxRate": 0, "GSTRate": 0})
    ctx.add("POHD", heads)
    ctx.add("POIT", items)
    ctx.facts["po_bills"] = bills
