"""Invariants of the generated sandbox: relationships join, totals equal their detail, codes are
allowed values, months are firsts of month, statuses match amounts, builds are deterministic."""

from __future__ import annotations

import datetime as dt

import pytest
from builtdb import built, connect

from vgpt.sandbox import FIRST_MONTH, LAST_MONTH
from vgpt.sandbox.build import META_TABLE
from vgpt.sandbox.generate.values import parse_type

# Joins that Vista makes only for some rows: a PRDT/PREA code is an earnings code when the
# row's EDLType is E and a deduction/liability code otherwise. The catalog cannot say so.
CONDITIONAL = {
    ("PRDT", "PREC"): "c.EDLType = 'E'",
    ("PREA", "PREC"): "c.EDLType = 'E'",
    ("PRDT", "PRDL"): "c.EDLType IN ('D', 'L')",
    ("PREA", "PRDL"): "c.EDLType IN ('D', 'L')",
}


@pytest.fixture(scope="module")
def con():
    c = connect()
    yield c
    c.close()


def one(con, sql: str):
    return con.execute(sql).fetchone()[0]


def q(name: str) -> str:
    return '"' + name + '"'


def test_every_catalog_table_has_rows(con, catalog):
    empty = [t.name for t in catalog.tables.values() if one(con, f"SELECT count(*) FROM {q(t.name)}") == 0]
    assert empty == []


def test_base_table_names_resolve(con):
    assert one(con, "SELECT count(*) FROM bAPTH") == one(con, "SELECT count(*) FROM APTH") > 0


def test_every_relationship_joins(con, catalog):
    orphans = []
    for rel in catalog.relationships:
        child, parent = catalog.table(rel.from_table), catalog.table(rel.to_table)
        on = " AND ".join(f"p.{q(b)} = c.{q(a)}" for a, b in rel.join.items())
        where = " AND ".join(f"c.{q(a)} IS NOT NULL" for a in rel.join)
        cond = CONDITIONAL.get((child.name, parent.name))
        if cond:
            where += f" AND {cond}"
        n = one(con, f"SELECT count(*) FROM {q(child.name)} c WHERE {where} AND NOT EXISTS "
                     f"(SELECT 1 FROM {q(parent.name)} p WHERE {on})")
        if n:
            orphans.append(f"{child.name}->{parent.name} {rel.join}: {n}")
    assert orphans == []


def test_required_relationships_are_never_null(con, catalog):
    nulls = []
    for rel in catalog.relationships:
        if not rel.required or (rel.from_table.upper(), rel.to_table.upper()) in CONDITIONAL:
            continue
        child = catalog.table(rel.from_table)
        where = " OR ".join(f"{q(a)} IS NULL" for a in rel.join)
        n = one(con, f"SELECT count(*) FROM {q(child.name)} WHERE {where}")
        if n:
            nulls.append(f"{child.name}->{rel.to_table}: {n}")
    assert nulls == []


def test_keys_are_unique(con, catalog):
    dupes = []
    for t in catalog.tables.values():
        if t.key:
            cols = ", ".join(q(k) for k in t.key)
            n = one(con, f"SELECT count(*) FROM (SELECT {cols} FROM {q(t.name)} GROUP BY {cols} HAVING count(*) > 1)")
            if n:
                dupes.append(t.name)
    assert dupes == []


def test_not_null_columns_are_filled(con, catalog):
    missing = []
    for t in catalog.tables.values():
        cols = [c for c in t.columns if not c.nullable]
        if not cols:
            continue
        sums = ", ".join(f"count(*) FILTER (WHERE {q(c.name)} IS NULL)" for c in cols)
        counts = con.execute(f"SELECT {sums} FROM {q(t.name)}").fetchone()
        missing += [f"{t.name}.{c.name}" for c, n in zip(cols, counts, strict=True) if n]
    assert missing == []


def month_columns(catalog):
    return [(t, c) for t in catalog.tables.values() for c in t.columns
            if (c.udt or "").lower() == "bmonth" or (c.name == "Mth" and parse_type(c)[0].endswith("datetime"))]


def test_month_columns_hold_firsts_of_month_inside_the_window(con, catalog):
    bad = []
    for t, c in month_columns(catalog):
        n = one(con, f"SELECT count(*) FROM {q(t.name)} WHERE {q(c.name)} IS NOT NULL AND "
                     f"({q(c.name)} <> date_trunc('month', {q(c.name)}) "
                     f"OR {q(c.name)} < DATE '2000-01-01')")
        if n:
            bad.append(f"{t.name}.{c.name}")
    assert month_columns(catalog), "the catalog has bMonth columns"
    assert bad == []
    for table in ("APTH", "JCCD", "GLDT", "ARTH", "CMDT"):
        lo, hi = con.execute(f"SELECT min(Mth), max(Mth) FROM {table}").fetchone()
        assert lo.date() >= FIRST_MONTH and hi.date() <= LAST_MONTH, table


def test_coded_columns_hold_allowed_values(con, catalog):
    bad = []
    for t in catalog.tables.values():
        for c in t.columns:
            codes = c.values or ({"Y": "", "N": ""} if (c.udt or "").lower() == "byn" else None)
            if not codes:
                continue
            rows = con.execute(f"SELECT DISTINCT CAST({q(c.name)} AS VARCHAR) FROM {q(t.name)} "
                               f"WHERE {q(c.name)} IS NOT NULL").fetchall()
            extra = {r[0].strip() for r in rows} - set(codes)
            if extra:
                bad.append(f"{t.name}.{c.name}: {sorted(extra)[:5]}")
    assert bad == []


def test_company_columns_name_existing_companies(con, catalog):
    bad = []
    for t in catalog.tables.values():
        if t.company:
            n = one(con, f"SELECT count(*) FROM {q(t.name)} WHERE {q(t.company)} IS NOT NULL AND "
                         f"{q(t.company)} NOT IN (SELECT HQCo FROM HQCO)")
            if n:
                bad.append(t.name)
    assert bad == []


def test_business_core_volume(con):
    assert one(con, "SELECT count(*) FROM HQCO") >= 2
    assert one(con, "SELECT count(DISTINCT APCo) FROM APTH") >= 2
    assert one(con, "SELECT count(*) FROM APVM") >= 20
    assert one(con, "SELECT count(*) FROM JCJM WHERE JCCo = 1") > one(con, "SELECT count(*) FROM JCJM WHERE JCCo = 2")
    assert one(con, "SELECT count(DISTINCT Mth) FROM JCCD WHERE JCTransType IN ('AP', 'PR')") >= 20
    assert one(con, "SELECT count(*) FROM JCCT") == 5
    statuses = {r[0] for r in con.execute("SELECT DISTINCT Status FROM APTD").fetchall()}
    assert {1, 2, 3} <= statuses


def test_contract_amounts_are_plausible(con):
    lo, hi = con.execute("SELECT min(ContractAmt), max(ContractAmt) FROM JCCM").fetchone()
    assert 200_000 <= lo and hi <= 40_000_000
    retg = {float(r[0]) for r in con.execute("SELECT DISTINCT RetainagePCT FROM JCCM").fetchall()}
    assert retg <= {0.05, 0.10}


# --- AP --------------------------------------------------------------------------------------

def test_ap_invoice_total_equals_its_lines(con):
    assert one(con, """
        SELECT count(*) FROM APTH h JOIN (
            SELECT APCo, Mth, APTrans, sum(GrossAmt + CASE WHEN MiscYN = 'Y' THEN MiscAmt ELSE 0 END
                                           + TaxAmt) AS total
            FROM APTL GROUP BY ALL) l USING (APCo, Mth, APTrans)
        WHERE h.InvTotal <> l.total""") == 0
    assert one(con, "SELECT count(*) FROM APTH h WHERE NOT EXISTS (SELECT 1 FROM APTL l "
                    "WHERE l.APCo = h.APCo AND l.Mth = h.Mth AND l.APTrans = h.APTrans)") == 0


def test_ap_line_amounts_equal_their_pay_detail(con):
    assert one(con, """
        SELECT count(*) FROM APTL l LEFT JOIN (
            SELECT APCo, Mth, APTrans, APLine, sum(Amount) AS amt FROM APTD GROUP BY ALL) d
            USING (APCo, Mth, APTrans, APLine)
        WHERE d.amt IS NULL OR d.amt <> l.GrossAmt""") == 0


def test_ap_retainage_is_the_retainage_pay_type(con):
    assert one(con, """
        SELECT count(*) FROM APTL l JOIN APCO c ON c.APCo = l.APCo LEFT JOIN (
            SELECT d.APCo, d.Mth, d.APTrans, d.APLine, sum(d.Amount) AS retg
            FROM APTD d JOIN APCO c ON c.APCo = d.APCo AND d.PayType = c.RetPayType GROUP BY ALL) r
            ON r.APCo = l.APCo AND r.Mth = l.Mth AND r.APTrans = l.APTrans AND r.APLine = l.APLine
        WHERE coalesce(r.retg, 0) <> l.Retainage""") == 0
    assert one(con, "SELECT count(*) FROM APTL WHERE Retainage > 0") > 0


def test_ap_due_dates_fall_on_or_after_invoice_dates(con):
    assert one(con, "SELECT count(*) FROM APTH WHERE DueDate < InvDate") == 0
    assert one(con, "SELECT count(*) FROM APTD d JOIN APTH h USING (APCo, Mth, APTrans) "
                    "WHERE d.DueDate < h.InvDate") == 0


def test_ap_status_matches_payment_and_holds(con):
    assert one(con, "SELECT count(*) FROM APTD WHERE Status = 3 AND (PaidMth IS NULL OR PaidDate IS NULL OR CMRef IS NULL)") == 0
    assert one(con, "SELECT count(*) FROM APTD WHERE Status IN (1, 2) AND (PaidMth IS NOT NULL OR PaidDate IS NOT NULL)") == 0
    on_hold_without_hold = """
        SELECT count(*) FROM APTD d WHERE d.Status = 2 AND NOT EXISTS (SELECT 1 FROM APHD h
          WHERE h.APCo = d.APCo AND h.Mth = d.Mth AND h.APTrans = d.APTrans AND h.APLine = d.APLine
            AND h.APSeq = d.APSeq)"""
    assert one(con, on_hold_without_hold) == 0
    assert one(con, "SELECT count(*) FROM APHD h JOIN APTD d USING (APCo, Mth, APTrans, APLine, APSeq) "
                    "WHERE d.Status <> 2") == 0
    assert one(con, "SELECT count(*) FROM APTD WHERE PaidDate > TIMESTAMP '2026-03-15'") == 0


def test_ap_open_flag_matches_unpaid_detail(con):
    assert one(con, """
        SELECT count(*) FROM APTH h WHERE (h.OpenYN = 'Y') <> EXISTS (SELECT 1 FROM APTD d
          WHERE d.APCo = h.APCo AND d.Mth = h.Mth AND d.APTrans = h.APTrans AND d.Status IN (1, 2))""") == 0


def test_ap_checks_reach_the_bank(con):
    assert one(con, """
        SELECT count(*) FROM (SELECT APCo, CMRef, sum(Amount) AS paid FROM APTD WHERE Status = 3 GROUP BY ALL) p
        LEFT JOIN CMDT c ON c.CMCo = p.APCo AND c.CMRef = p.CMRef AND c.CMTransType = 1
        WHERE c.Amount IS NULL OR -c.Amount <> p.paid""") == 0


# --- SL and PO -------------------------------------------------------------------------------

def test_subcontract_items_equal_changes_and_invoices(con):
    assert one(con, """
        SELECT count(*) FROM SLIT i LEFT JOIN (SELECT SLCo, SL, SLItem, sum(ChangeCurCost) AS chg
                                                FROM SLCD GROUP BY ALL) c USING (SLCo, SL, SLItem)
        WHERE i.CurCost <> i.OrigCost + coalesce(c.chg, 0)""") == 0
    assert one(con, """
        SELECT count(*) FROM SLIT i LEFT JOIN (SELECT APCo, SL, SLItem, sum(GrossAmt) AS inv
                                                FROM APTL WHERE LineType = 7 GROUP BY ALL) a
          ON a.APCo = i.SLCo AND a.SL = i.SL AND a.SLItem = i.SLItem
        WHERE i.InvCost <> coalesce(a.inv, 0)""") == 0
    assert one(con, "SELECT count(*) FROM SLCD") > 0


def test_po_items_equal_their_invoices(con):
    assert one(con, """
        SELECT count(*) FROM POIT i LEFT JOIN (SELECT APCo, PO, POItem, sum(GrossAmt) AS inv
                                                FROM APTL WHERE LineType = 6 GROUP BY ALL) a
          ON a.APCo = i.POCo AND a.PO = i.PO AND a.POItem = i.POItem
        WHERE i.InvCost <> coalesce(a.inv, 0) OR i.RemCost <> i.CurCost - i.InvCost""") == 0


# --- JC ----------------------------------------------------------------------------------------

def test_contract_amount_equals_its_items(con):
    assert one(con, """
        SELECT count(*) FROM JCCM m JOIN (SELECT JCCo, Contract, sum(ContractAmt) a, sum(OrigContractAmt) o,
                                                 sum(BilledAmt) b, sum(ReceivedAmt) r, sum(CurrentRetainAmt) t
                                          FROM JCCI GROUP BY ALL) i USING (JCCo, Contract)
        WHERE m.ContractAmt <> i.a OR m.OrigContractAmt <> i.o OR m.BilledAmt <> i.b
           OR m.ReceivedAmt <> i.r OR m.CurrentRetainAmt <> i.t""") == 0


def test_contract_items_equal_their_billing_detail(con):
    assert one(con, """
        SELECT count(*) FROM JCCI i LEFT JOIN (
            SELECT JCCo, Contract, Item, sum(ContractAmt) c, sum(BilledAmt) b, sum(ReceivedAmt) r,
                   sum(CurrentRetainAmt) t FROM JCID GROUP BY ALL) d USING (JCCo, Contract, Item)
        WHERE i.ContractAmt <> coalesce(d.c, 0) OR i.BilledAmt <> coalesce(d.b, 0)
           OR i.ReceivedAmt <> coalesce(d.r, 0) OR i.CurrentRetainAmt <> coalesce(d.t, 0)""") == 0


def test_jccp_equals_the_monthly_sums_of_jccd(con):
    cols = ["ActualHours", "ActualCost", "CurrEstCost", "CurrEstHours", "ProjCost", "ProjHours",
            "TotalCmtdCost", "RemainCmtdCost"]
    detail = {"CurrEstCost": "EstCost", "CurrEstHours": "EstHours"}
    sums = ", ".join(f"sum({detail.get(c, c)}) AS {c}" for c in cols)
    diff = " OR ".join(f"coalesce(p.{c}, 0) <> coalesce(d.{c}, 0)" for c in cols)
    assert one(con, f"""
        SELECT count(*) FROM JCCP p FULL JOIN (
            SELECT JCCo, Job, PhaseGroup, Phase, CostType, Mth, {sums} FROM JCCD GROUP BY ALL) d
          USING (JCCo, Job, PhaseGroup, Phase, CostType, Mth)
        WHERE {diff}""") == 0
    assert one(con, """
        SELECT count(*) FROM JCCP p LEFT JOIN (SELECT JCCo, Job, Phase, CostType, Mth, sum(EstCost) e
                                               FROM JCCD WHERE JCTransType = 'OE' GROUP BY ALL) d
          USING (JCCo, Job, Phase, CostType, Mth)
        WHERE p.OrigEstCost <> coalesce(d.e, 0)""") == 0


def test_original_estimates_equal_the_cost_headers(con):
    assert one(con, """
        SELECT count(*) FROM JCCH h LEFT JOIN (SELECT JCCo, Job, PhaseGroup, Phase, CostType, sum(OrigEstCost) e
                                               FROM JCCP GROUP BY ALL) p
          USING (JCCo, Job, PhaseGroup, Phase, CostType)
        WHERE h.OrigCost <> coalesce(p.e, 0)""") == 0


def test_job_costs_trace_to_their_sources(con):
    assert one(con, """
        SELECT count(*) FROM JCCD d WHERE d.JCTransType = 'AP' AND NOT EXISTS (SELECT 1 FROM APTL l
          WHERE l.APCo = d.APCo AND l.Mth = d.Mth AND l.APTrans = d.APTrans AND l.APLine = d.APLine
            AND l.GrossAmt = d.ActualCost AND l.Job = d.Job)""") == 0
    pr_cost = one(con, "SELECT sum(ActualCost) FROM JCCD WHERE JCTransType = 'PR'")
    assert pr_cost == one(con, "SELECT sum(Amt) FROM PRTH")


# --- GL ----------------------------------------------------------------------------------------

def test_gl_batches_balance(con):
    assert one(con, "SELECT count(*) FROM (SELECT GLCo, Mth, BatchId FROM GLDT GROUP BY ALL HAVING sum(Amount) <> 0)") == 0
    assert one(con, "SELECT count(DISTINCT Source) FROM GLDT") >= 4


def test_gl_balances_equal_their_detail(con):
    assert one(con, """
        SELECT count(*) FROM GLBL b FULL JOIN (
            SELECT GLCo, GLAcct, Mth, sum(Amount) net, sum(Amount) FILTER (WHERE Amount > 0) dr,
                   -sum(Amount) FILTER (WHERE Amount < 0) cr FROM GLDT GROUP BY ALL) d
          USING (GLCo, GLAcct, Mth)
        WHERE b.NetActivity IS DISTINCT FROM d.net OR b.Debits <> coalesce(d.dr, 0)
           OR b.Credits <> coalesce(d.cr, 0)""") == 0


# --- AR and PR ---------------------------------------------------------------------------------

def test_ar_headers_equal_their_lines(con):
    assert one(con, """
        SELECT count(*) FROM ARTH h JOIN (SELECT ARCo, Mth, ARTrans, sum(Amount) a, sum(Retainage) r
                                          FROM ARTL GROUP BY ALL) l USING (ARCo, Mth, ARTrans)
        WHERE h.ARTransType = 'I' AND (h.Invoiced <> l.a OR h.Retainage <> l.r OR h.AmountDue <> l.a)""") == 0
    assert one(con, "SELECT count(*) FROM ARTH WHERE DueDate < TransDate") == 0


def test_ar_payments_apply_to_invoices_without_overpaying(con):
    assert one(con, """
        SELECT count(*) FROM ARTL l JOIN ARTH i ON i.ARCo = l.ARCo AND i.Mth = l.ApplyMth AND i.ARTrans = l.ApplyTrans
        WHERE i.ARTransType <> 'I'""") == 0
    assert one(con, """
        SELECT count(*) FROM (SELECT ARCo, ApplyMth, ApplyTrans, ApplyLine, sum(Amount) open_amt
                              FROM ARTL GROUP BY ALL) WHERE open_amt < 0""") == 0


def test_payroll_accumulations_equal_pay_detail(con):
    assert one(con, """
        SELECT count(*) FROM PREA a FULL JOIN (
            SELECT PRCo, Employee, date_trunc('month', PREndDate) AS Mth, EDLType, EDLCode,
                   sum(Hours) h, sum(Amount) amt FROM PRDT GROUP BY ALL) d
          USING (PRCo, Employee, Mth, EDLType, EDLCode)
        WHERE a.Amount IS DISTINCT FROM d.amt OR a.Hours IS DISTINCT FROM d.h""") == 0
    assert one(con, "SELECT count(*) FROM PRTH WHERE Amt <> round(Hours * Rate, 2)") == 0


# --- the build ---------------------------------------------------------------------------------

def test_meta_records_how_the_file_was_made(con):
    meta = dict(con.execute(f"SELECT key, value FROM {META_TABLE}").fetchall())
    assert meta["seed"] == "0" and float(meta["scale"]) == 0.2
    assert meta["today"].startswith("2026-03-15")
    assert {"schema_version", "build_seconds"} <= set(meta)


def test_summary_counts_match_the_file(con, catalog):
    _, summary = built()
    assert summary["tables"] == len(catalog.tables)
    assert summary["rows"]["APTH"] == one(con, "SELECT count(*) FROM APTH")
    assert summary["bytes"] > 0


def _contents(seed: int) -> dict[str, list]:
    c = connect(seed, 0.05)
    try:
        names = [r[0] for r in c.execute("SELECT table_name FROM information_schema.tables "
                                         "WHERE table_type = 'BASE TABLE' AND table_name <> ?",
                                         [META_TABLE]).fetchall()]
        return {n: sorted(map(repr, c.execute(f"SELECT * FROM {q(n)}").fetchall())) for n in names}
    finally:
        c.close()


def test_same_seed_same_contents_other_seed_other_contents(tmp_path):
    from vgpt.sandbox.build import build_sandbox

    again = tmp_path / "again.duckdb"
    build_sandbox(again, seed=7, scale=0.05, progress=False)
    first = _contents(7)
    import duckdb

    c = duckdb.connect(str(again), read_only=True)
    try:
        second = {n: sorted(map(repr, c.execute(f"SELECT * FROM {q(n)}").fetchall())) for n in first}
    finally:
        c.close()
    assert first == second
    other = _contents(8)
    differing = [n for n in first if first[n] != other[n]]
    assert {"APTH", "APVM", "JCCD", "GLDT"} <= set(differing)


def test_dates_are_never_after_today(con):
    today = dt.datetime(2026, 3, 15, 23, 59)
    for table, col in [("APTH", "InvDate"), ("ARTH", "TransDate"), ("JCCD", "ActualDate"),
                       ("PRTH", "PREndDate"), ("CMDT", "ActDate"), ("GLDT", "ActDate")]:
        assert con.execute(f"SELECT max({col}) FROM {table}").fetchone()[0] <= today, table


def test_generators_set_only_real_vista_columns(catalog, vista_facts):
    from vgpt.sandbox.generate import STEPS
    from vgpt.sandbox.generate.base import Context

    ctx = Context(catalog=catalog, seed=3, scale=0.05)
    for _, step in STEPS:
        step(ctx)
    invented = []
    for table, rows in ctx.rows.items():
        facts = vista_facts["tables"].get("b" + table)
        assert facts is not None, f"{table} is not a Vista table"
        real = {c["name"] for c in facts["columns"]}
        invented += [f"{table}.{c}" for c in sorted(set().union(*map(dict.keys, rows)) - real)]
    assert invented == []


def test_a_table_the_catalog_adds_later_is_filled_without_code(catalog, vista_facts, tmp_path):
    """APVH (vendor hold codes) is a real Vista table that no generator knows: added to the
    catalog with its joins, the build fills it with rows whose keys and joins hold."""
    import duckdb

    from vgpt.sandbox.build import build_sandbox
    from vgpt.schema.model import Catalog, Column, Relationship, Table

    facts = vista_facts["tables"]["bAPVH"]
    table = Table(name="APVH", base="bAPVH", module="AP", key=facts["key"], company="APCo",
                  columns=[Column(name=c["name"], type=c["type"], nullable=c["nullable"],
                                  identity=c["identity"]) for c in facts["columns"]])
    assert catalog.table("APVH") is None, "pick another table: APVH is in the catalog now"
    joins = [("APCO", {"APCo": "APCo"}), ("APVM", {"VendorGroup": "VendorGroup", "Vendor": "Vendor"}),
             ("HQHC", {"HoldCode": "HoldCode"})]
    grown = Catalog(modules=catalog.modules, udt=catalog.udt, tables={**catalog.tables, "APVH": table},
                    relationships=[*catalog.relationships,
                                   *(Relationship(**{"from": "APVH", "to": to, "join": j}) for to, j in joins)])
    path = tmp_path / "grown.duckdb"
    build_sandbox(path, seed=1, scale=0.05, catalog=grown, progress=False)
    con = duckdb.connect(str(path), read_only=True)
    try:
        assert one(con, "SELECT count(*) FROM APVH") > 0
        assert one(con, "SELECT count(*) FROM (SELECT APCo, VendorGroup, Vendor, HoldCode FROM APVH "
                        "GROUP BY ALL HAVING count(*) > 1)") == 0
        for to, join in joins:
            on = " AND ".join(f"p.{b} = c.{a}" for a, b in join.items())
            assert one(con, f"SELECT count(*) FROM APVH c WHERE NOT EXISTS (SELECT 1 FROM {to} p WHERE {on})") == 0
        assert one(con, "SELECT count(*) FROM APVH WHERE KeyID IS NULL") == 0
    finally:
        con.close()
