"""HQ: the companies (HQCO with their groups), each module's company parameters (APCO, JCCO, ...)
and the shared code lists that other modules point at (hold codes, pay terms, units, tax codes)."""

from __future__ import annotations

from vgpt.sandbox.generate.base import COMPANIES, GROUP, MONTHS, Context

NAMES = {1: ("Keystone Builders Inc", "Denver", "CO", "80202"),
         2: ("Summit Mechanical LLC", "Boulder", "CO", "80301")}
MODULE_COS = ("AP", "AR", "JC", "GL", "PR", "SL", "PO", "EM", "CM", "IN", "PM", "JB", "MS", "HR")
HOLD_CODES = {"RET": "Retainage hold", "DISP": "Disputed invoice", "LIEN": "Waiting on lien waiver",
              "INS": "Insurance certificate expired"}
PAY_TERMS = {"N30": ("Net 30", 30), "N45": ("Net 45", 45), "N15": ("Net 15", 15),
             "210N30": ("2% 10 net 30", 30)}
UNITS = {"LS": "Lump sum", "HRS": "Hours", "EA": "Each", "CY": "Cubic yards", "SF": "Square feet",
         "LF": "Linear feet", "TON": "Tons"}
TAX_CODES = {"CO": ("Colorado state", 0.029), "DEN": ("Denver city", 0.0481), "EXEMPT": ("Exempt", 0.0)}


def generate(ctx: Context) -> None:
    ctx.add("HQCO", [
        {"HQCo": co, "Name": NAMES[co][0], "Address": f"{100 * co + 1450} Larimer St",
         "City": NAMES[co][1], "State": NAMES[co][2], "Zip": NAMES[co][3], "Country": "US",
         "FedTaxId": f"84-{1234567 + co}", "Phone": f"303-555-01{co:02d}",
         "VendorGroup": GROUP, "MatlGroup": GROUP, "PhaseGroup": GROUP, "CustGroup": GROUP,
         "TaxGroup": GROUP, "EMGroup": GROUP, "ShopGroup": GROUP, "ContactGroup": GROUP,
         "AuditCoParams": "N", "AuditTax": "N", "AuditMatl": "N", "AuditContact": "N",
         "DefaultCountry": "US", "ReportDateFormat": 1}
        for co in COMPANIES])
    for mod in MODULE_COS:
        table = ctx.catalog.table(f"{mod}CO")
        if table is None:
            continue
        col = table.company or f"{mod}Co"
        # the shared defaults name every module's company; keep the columns this table has
        ctx.add(table.name, [{k: v for k, v in company_params(mod, col, co).items() if table.has_column(k)}
                             for co in COMPANIES])
    ctx.add("HQHC", [{"HoldCode": k, "Description": v} for k, v in HOLD_CODES.items()])
    ctx.add("HQPT", [{"PayTerms": k, "Description": d, "DueOpt": 1, "DaysTillDue": days,
                      "DiscOpt": 1 if k.startswith("2") else 3,
                      "DaysTillDisc": 10 if k.startswith("2") else None,
                      "DiscRate": 0.02 if k.startswith("2") else 0}
                     for k, (d, days) in PAY_TERMS.items()])
    ctx.add("HQUM", [{"UM": k, "Description": v, "ExcludeFromLookup": "N"} for k, v in UNITS.items()])
    ctx.add("HQTX", [{"TaxGroup": GROUP, "TaxCode": k, "Description": d, "MultiLevel": "N",
                      "NewRate": rate, "OldRate": rate, "ValueAdd": "N", "GST": "N",
                      "ExpenseTax": "N", "InclGSTinPST": "N"}
                     for k, (d, rate) in TAX_CODES.items()])
    ctx.add("HQGP", [{"Grp": GROUP, "Description": "Keystone shared group"}])


def company_params(mod: str, col: str, co: int) -> dict:
    row: dict = {col: co, "GLCo": co, "CMCo": co, "JCCo": co, "ARCo": co, "APCo": co, "PRCo": co,
                 "EMCo": co, "INCo": None, "EMGroup": GROUP, "PhaseGroup": GROUP,
                 "VendorGroup": GROUP, "CMAcct": 1}
    row[col] = co
    if mod == "AP":
        # pay types: 1 regular expense, 2 job/subcontract, 3 retainage (held until release)
        row.update({"ExpPayType": 1, "JobPayType": 1, "SubPayType": 2, "RetPayType": 3,
                    "RetHoldCode": "RET", "ExpJrnl": "AP", "PayJrnl": "CA"})
    if mod == "GL":
        closed = MONTHS[-3]  # the last two months are still open
        row.update({"LastMthSubClsd": closed, "LastMthGLClsd": closed, "LastMthAPClsd": closed,
                    "LastMthARClsd": closed, "MaxOpen": 3, "Unbal": "N"})
    if mod == "PR":
        row.update({"Jrnl": "PR"})
    return row
