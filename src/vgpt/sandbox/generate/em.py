"""EM: departments, categories and the equipment fleet (EMEM); equipment usage on jobs posts to
JC as 'EM' cost detail (cost type 4) at each unit's hourly rate."""

from __future__ import annotations

from vgpt.sandbox.generate import jc
from vgpt.sandbox.generate.base import COMPANIES, GROUP, MONTHS, Context, cents, date_in

FLEET = [("EX", "Excavator", "Caterpillar", "320", 145), ("LD", "Wheel Loader", "John Deere", "644K", 120),
         ("CR", "Crane", "Grove", "RT765E", 260), ("TR", "Dump Truck", "Kenworth", "T880", 95),
         ("PU", "Pickup Truck", "Ford", "F-250", 28), ("SK", "Skid Steer", "Bobcat", "S650", 55),
         ("LF", "Telehandler", "JLG", "1055", 70), ("GN", "Generator", "Generac", "MDG100", 35)]
CATEGORIES = {"EARTH": "Earthmoving", "LIFT": "Lifting", "TRUCK": "Trucks", "SMALL": "Small equipment"}
KIND_CATEGORY = {"EX": "EARTH", "LD": "EARTH", "SK": "EARTH", "CR": "LIFT", "LF": "LIFT",
                 "TR": "TRUCK", "PU": "TRUCK", "GN": "SMALL"}


def generate(ctx: Context) -> None:
    rng, fake = ctx.rng("em"), ctx.faker("em")
    fleet = []
    for co in COMPANIES:
        ctx.add("EMDM", [{"EMCo": co, "Department": "1", "Description": "Equipment", "GLCo": co,
                          "DepreciationAcct": "1500-000"}])
        ctx.add("EMCM", [{"EMCo": co, "Category": c, "Description": d, "JobFlag": "Y"}
                         for c, d in CATEGORIES.items()])
        for i in range(ctx.n(36 if co == 1 else 8, 3)):
            kind, desc, make, model, rate = FLEET[i % len(FLEET)]
            year = rng.randint(2008, 2024)
            price = rng.randint(30, 900) * 100_000 if kind in ("CR", "EX") else rng.randint(30, 200) * 100_000
            fleet.append({"co": co, "equip": f"{kind}-{i + 1:03d}", "rate": rate * 100})
            ctx.add("EMEM", [{
                "EMCo": co, "Equipment": f"{kind}-{i + 1:03d}", "Type": "E", "Department": "1",
                "Category": KIND_CATEGORY[kind], "Manufacturer": make, "Model": model, "ModelYr": str(year),
                "VINNumber": fake.bothify("1??#########").upper(), "Description": f"{year} {make} {desc}"[:60],
                "Status": rng.choices("AID", weights=[85, 8, 7])[0], "OdoReading": rng.randint(0, 200000),
                "ReplacedOdoReading": 0, "HourReading": rng.randint(100, 12000), "ReplacedHourReading": 0,
                "MatlGroup": GROUP, "FuelCapacity": 50, "FuelUsed": 0, "EMGroup": GROUP,
                "WeightCapacity": 0, "VolumeCapacity": 0, "Capitalized": "Y", "GrossVehicleWeight": 0,
                "TareWeight": 0, "NoAxles": 2, "ExpLife": 10, "ReplCost": cents(price * 12 // 10),
                "CurrentAppraisal": cents(price // 2), "SalePrice": 0, "PurchasePrice": cents(price),
                "PurchDate": MONTHS[0].replace(year=year), "InServiceDate": MONTHS[0].replace(year=year),
                "LeasePayment": 0, "LeaseResidualValue": 0, "FuelType": "D", "UpdateYN": "Y",
                "ShopGroup": GROUP, "ExpLifeTimeFrame": "Y", "OwnershipStatus": "O"}])
    ctx.facts["fleet"] = fleet
    _usage(ctx, rng, fleet)


def _usage(ctx: Context, rng, fleet) -> None:
    for j in ctx.facts["jobs"]:
        heads = [h for h in j["headers"] if h["ct"] == 4]
        units = [f for f in fleet if f["co"] == j["co"]]
        for h in heads:
            for m in MONTHS:
                if not (j["start"] <= m <= j["end"]) or not jc.phase_open(j, h["phase"], m) \
                        or rng.random() < 0.4:
                    continue
                unit = rng.choice(units)
                hours = rng.randint(8, 120)
                jc.cost(ctx, j["co"], j["job"], h["phase"], 4, m, "EM", date_in(rng, m),
                        f"Usage {unit['equip']}", ActualHours=hours, ActualCost=hours * unit["rate"],
                        EMCo=j["co"], EMEquip=unit["equip"], EMGroup=GROUP)
