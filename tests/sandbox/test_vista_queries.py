"""Hand-written Vista reporting queries (T-SQL as a Vista shop writes it) run on the generated
sandbox through the executor: each must run and return rows, use only real names, and keep
the house rules (NOLOCK on every table, a company filter)."""

from __future__ import annotations

import pytest
from builtdb import built

from vgpt.sandbox.execute import SandboxDatabase
from vgpt.sql.check import check_sql, used_columns

QUERIES: dict[str, str] = {
    "ap_aging_by_vendor": """
        SELECT v.Vendor, v.Name,
               SUM(CASE WHEN DATEDIFF(day, d.DueDate, GETDATE()) <= 0 THEN d.Amount ELSE 0 END) AS Current_,
               SUM(CASE WHEN DATEDIFF(day, d.DueDate, GETDATE()) BETWEEN 1 AND 30 THEN d.Amount ELSE 0 END) AS Days1_30,
               SUM(CASE WHEN DATEDIFF(day, d.DueDate, GETDATE()) BETWEEN 31 AND 60 THEN d.Amount ELSE 0 END) AS Days31_60,
               SUM(CASE WHEN DATEDIFF(day, d.DueDate, GETDATE()) > 60 THEN d.Amount ELSE 0 END) AS Over60
        FROM APTD d WITH (NOLOCK)
        JOIN APTH h WITH (NOLOCK) ON h.APCo = d.APCo AND h.Mth = d.Mth AND h.APTrans = d.APTrans
        JOIN APVM v WITH (NOLOCK) ON v.VendorGroup = h.VendorGroup AND v.Vendor = h.Vendor
        WHERE d.APCo = @APCo AND d.Status < 3
        GROUP BY v.Vendor, v.Name
        ORDER BY v.Name""",
    "open_payables_by_vendor": """
        SELECT TOP 25 h.Vendor, v.Name, COUNT(DISTINCT h.APTrans) AS Invoices, SUM(d.Amount) AS OpenAmount
        FROM APTH h WITH (NOLOCK)
        JOIN APTD d WITH (NOLOCK) ON d.APCo = h.APCo AND d.Mth = h.Mth AND d.APTrans = h.APTrans
        JOIN APVM v WITH (NOLOCK) ON v.VendorGroup = h.VendorGroup AND v.Vendor = h.Vendor
        WHERE h.APCo = @APCo AND d.Status IN (1, 2)
        GROUP BY h.Vendor, v.Name
        ORDER BY OpenAmount DESC""",
    "retainage_payable_by_job": """
        SELECT l.Job, j.Description, SUM(d.Amount) AS RetainageHeld
        FROM APTD d WITH (NOLOCK)
        JOIN APCO c WITH (NOLOCK) ON c.APCo = d.APCo
        JOIN APTL l WITH (NOLOCK) ON l.APCo = d.APCo AND l.Mth = d.Mth AND l.APTrans = d.APTrans AND l.APLine = d.APLine
        JOIN JCJM j WITH (NOLOCK) ON j.JCCo = l.JCCo AND j.Job = l.Job
        WHERE d.APCo = @APCo AND d.PayType = c.RetPayType AND d.Status < 3
        GROUP BY l.Job, j.Description
        ORDER BY RetainageHeld DESC""",
    "invoices_on_hold_with_reason": """
        SELECT h.Vendor, h.APRef, h.InvDate, hc.Description AS HoldReason, d.Amount
        FROM APHD hd WITH (NOLOCK)
        JOIN HQHC hc WITH (NOLOCK) ON hc.HoldCode = hd.HoldCode
        JOIN APTD d WITH (NOLOCK) ON d.APCo = hd.APCo AND d.Mth = hd.Mth AND d.APTrans = hd.APTrans
             AND d.APLine = hd.APLine AND d.APSeq = hd.APSeq
        JOIN APTH h WITH (NOLOCK) ON h.APCo = hd.APCo AND h.Mth = hd.Mth AND h.APTrans = hd.APTrans
        WHERE hd.APCo = @APCo AND hd.HoldCode <> 'RET'""",
    "ap_paid_this_month": """
        SELECT d.CMRef, d.PaidDate, SUM(d.Amount) AS CheckAmount
        FROM APTD d WITH (NOLOCK)
        WHERE d.APCo = @APCo AND d.Status = 3 AND d.PaidMth = DATEADD(month, -1, @Mth)
        GROUP BY d.CMRef, d.PaidDate""",
    "top_vendors_ytd": """
        SELECT TOP 10 v.Name, SUM(h.InvTotal) AS Invoiced
        FROM APTH h WITH (NOLOCK)
        JOIN APVM v WITH (NOLOCK) ON v.VendorGroup = h.VendorGroup AND v.Vendor = h.Vendor
        WHERE h.APCo = @APCo AND h.InvDate >= DATEFROMPARTS(YEAR(GETDATE()) - 1, 1, 1)
        GROUP BY v.Name
        ORDER BY Invoiced DESC""",
    "invoice_line_counts_cross_apply": """
        SELECT TOP 50 h.APTrans, h.APRef, h.InvTotal, x.Lines, x.Gross
        FROM APTH h WITH (NOLOCK)
        CROSS APPLY (SELECT COUNT(*) AS Lines, SUM(l.GrossAmt) AS Gross
                     FROM APTL l WITH (NOLOCK)
                     WHERE l.APCo = h.APCo AND l.Mth = h.Mth AND l.APTrans = h.APTrans) x
        WHERE h.APCo = @APCo AND h.Mth = @Mth""",
    "vendors_idle_six_months": """
        SELECT v.Vendor, v.Name, v.ActiveYN
        FROM APVM v WITH (NOLOCK)
        WHERE v.VendorGroup = @VendorGroup
          AND NOT EXISTS (SELECT 1 FROM APTH h WITH (NOLOCK)
                          WHERE h.APCo = @APCo AND h.VendorGroup = v.VendorGroup AND h.Vendor = v.Vendor
                            AND h.InvDate >= DATEADD(month, -6, GETDATE()))""",
    "checks_per_month": """
        SELECT d.PaidMth, COUNT(DISTINCT d.CMRef) AS Checks, SUM(d.Amount) AS Paid
        FROM APTD d WITH (NOLOCK)
        WHERE d.APCo = @APCo AND d.Status = 3
        GROUP BY d.PaidMth
        ORDER BY d.PaidMth""",
    "due_by_end_of_month": """
        SELECT h.Vendor, h.APRef, d.DueDate, d.Amount
        FROM APTD d WITH (NOLOCK)
        JOIN APTH h WITH (NOLOCK) ON h.APCo = d.APCo AND h.Mth = d.Mth AND h.APTrans = d.APTrans
        WHERE d.APCo = @APCo AND d.Status = 1 AND d.DueDate <= EOMONTH(GETDATE())""",
    "vendor_1099_totals": """
        SELECT v.Vendor, v.Name, v.TaxId, SUM(d.Amount) AS Paid
        FROM APTD d WITH (NOLOCK)
        JOIN APTH h WITH (NOLOCK) ON h.APCo = d.APCo AND h.Mth = d.Mth AND h.APTrans = d.APTrans
        JOIN APVM v WITH (NOLOCK) ON v.VendorGroup = h.VendorGroup AND v.Vendor = h.Vendor
        WHERE d.APCo = @APCo AND d.Status = 3 AND v.V1099YN = 'Y' AND YEAR(d.PaidDate) = 2025
        GROUP BY v.Vendor, v.Name, v.TaxId
        HAVING SUM(d.Amount) >= 600""",
    "job_cost_vs_estimate_vs_projection": """
        SELECT p.Job, j.Description, SUM(p.OrigEstCost) AS Original, SUM(p.CurrEstCost) AS CurrentEst,
               SUM(p.ActualCost) AS Actual, SUM(p.ProjCost) AS Projected,
               SUM(p.CurrEstCost) - SUM(p.ActualCost) AS RemainingBudget
        FROM JCCP p WITH (NOLOCK)
        JOIN JCJM j WITH (NOLOCK) ON j.JCCo = p.JCCo AND j.Job = p.Job
        WHERE p.JCCo = @JCCo AND j.JobStatus = 1
        GROUP BY p.Job, j.Description""",
    "cost_by_cost_type": """
        SELECT p.Job, t.Description AS CostType, SUM(p.ActualCost) AS Actual, SUM(p.ActualHours) AS Hours
        FROM JCCP p WITH (NOLOCK)
        JOIN JCCT t WITH (NOLOCK) ON t.PhaseGroup = p.PhaseGroup AND t.CostType = p.CostType
        WHERE p.JCCo = @JCCo AND p.Mth <= @Mth
        GROUP BY p.Job, t.Description""",
    "committed_cost_remaining": """
        SELECT p.Job, SUM(p.TotalCmtdCost) AS Committed, SUM(p.RemainCmtdCost) AS RemainingCommitted
        FROM JCCP p WITH (NOLOCK)
        WHERE p.JCCo = @JCCo
        GROUP BY p.Job
        HAVING SUM(p.RemainCmtdCost) > 0""",
    "over_under_billing": """
        WITH cost AS (
            SELECT p.JCCo, j.Contract, SUM(p.ActualCost) AS Actual, SUM(p.CurrEstCost) AS Est
            FROM JCCP p WITH (NOLOCK)
            JOIN JCJM j WITH (NOLOCK) ON j.JCCo = p.JCCo AND j.Job = p.Job
            WHERE p.JCCo = @JCCo
            GROUP BY p.JCCo, j.Contract)
        SELECT m.Contract, m.Description, m.ContractAmt, m.BilledAmt,
               CAST(m.ContractAmt * c.Actual / NULLIF(c.Est, 0) AS decimal(14, 2)) AS Earned,
               m.BilledAmt - CAST(m.ContractAmt * c.Actual / NULLIF(c.Est, 0) AS decimal(14, 2)) AS OverUnder
        FROM JCCM m WITH (NOLOCK)
        JOIN cost c ON c.JCCo = m.JCCo AND c.Contract = m.Contract
        WHERE m.JCCo = @JCCo AND m.ContractStatus = 1""",
    "subcontract_exposure_by_vendor": """
        SELECT v.Name, COUNT(DISTINCT s.SL) AS Subcontracts, SUM(i.CurCost) AS CurrentValue,
               SUM(i.InvCost) AS Invoiced, SUM(i.CurCost - i.InvCost) AS Remaining
        FROM SLHD s WITH (NOLOCK)
        JOIN SLIT i WITH (NOLOCK) ON i.SLCo = s.SLCo AND i.SL = s.SL
        JOIN APVM v WITH (NOLOCK) ON v.VendorGroup = s.VendorGroup AND v.Vendor = s.Vendor
        WHERE s.SLCo = @SLCo AND s.Status = 0
        GROUP BY v.Name
        ORDER BY Remaining DESC""",
    "subcontract_change_orders": """
        SELECT c.SL, s.Job, c.SLItem, c.Mth, c.Description, c.ChangeCurCost
        FROM SLCD c WITH (NOLOCK)
        JOIN SLHD s WITH (NOLOCK) ON s.SLCo = c.SLCo AND s.SL = c.SL
        WHERE c.SLCo = @SLCo AND c.Mth >= DATEADD(month, -24, @Mth)""",
    "subcontract_retainage_held": """
        SELECT l.SL, SUM(l.Retainage) AS RetainageWithheld, SUM(l.GrossAmt) AS Billed
        FROM APTL l WITH (NOLOCK)
        WHERE l.APCo = @APCo AND l.LineType = 7
        GROUP BY l.SL
        HAVING SUM(l.Retainage) > 0""",
    "pay_app_worksheet": """
        SELECT w.SL, w.SLItem, w.CurCost, w.PrevWCCost, w.WCCost, w.WCRetAmt,
               w.PrevWCCost + w.WCCost AS BilledToDate
        FROM SLWI w WITH (NOLOCK)
        WHERE w.SLCo = @SLCo""",
    "po_remaining_by_vendor": """
        SELECT p.PO, v.Name, SUM(i.CurCost) AS Ordered, SUM(i.InvCost) AS Invoiced, SUM(i.RemCost) AS Remaining
        FROM POHD p WITH (NOLOCK)
        JOIN POIT i WITH (NOLOCK) ON i.POCo = p.POCo AND i.PO = p.PO
        JOIN APVM v WITH (NOLOCK) ON v.VendorGroup = p.VendorGroup AND v.Vendor = p.Vendor
        WHERE p.POCo = @POCo AND p.Status = 0
        GROUP BY p.PO, v.Name""",
    "payroll_hours_by_craft": """
        SELECT t.Craft, c.Description, SUM(t.Hours) AS Hours, SUM(t.Amt) AS Wages
        FROM PRTH t WITH (NOLOCK)
        JOIN PRCM c WITH (NOLOCK) ON c.PRCo = t.PRCo AND c.Craft = t.Craft
        WHERE t.PRCo = @PRCo AND t.PREndDate BETWEEN @BeginDate AND @EndDate
        GROUP BY t.Craft, c.Description""",
    "payroll_hours_by_employee": """
        SELECT e.Employee, e.LastName + ', ' + e.FirstName AS EmployeeName, SUM(t.Hours) AS Hours
        FROM PRTH t WITH (NOLOCK)
        JOIN PREH e WITH (NOLOCK) ON e.PRCo = t.PRCo AND e.Employee = t.Employee
        WHERE t.PRCo = @PRCo AND t.PREndDate >= DATEADD(day, -30, GETDATE())
        GROUP BY e.Employee, e.LastName, e.FirstName""",
    "overtime_by_job": """
        SELECT t.Job, SUM(t.Hours) AS OTHours, SUM(t.Amt) AS OTCost
        FROM PRTH t WITH (NOLOCK)
        JOIN PREC ec WITH (NOLOCK) ON ec.PRCo = t.PRCo AND ec.EarnCode = t.EarnCode
        WHERE t.PRCo = @PRCo AND ec.Description = 'Overtime'
        GROUP BY t.Job""",
    "employee_ytd_earnings": """
        SELECT a.Employee, e.LastName, SUM(a.Amount) AS Earnings
        FROM PREA a WITH (NOLOCK)
        JOIN PREH e WITH (NOLOCK) ON e.PRCo = a.PRCo AND e.Employee = a.Employee
        WHERE a.PRCo = @PRCo AND a.EDLType = 'E' AND a.Mth >= DATEFROMPARTS(YEAR(@Mth), 1, 1)
        GROUP BY a.Employee, e.LastName""",
    "deductions_by_code": """
        SELECT d.EDLCode, dl.Description, SUM(d.Amount) AS Withheld
        FROM PRDT d WITH (NOLOCK)
        JOIN PRDL dl WITH (NOLOCK) ON dl.PRCo = d.PRCo AND dl.DLCode = d.EDLCode
        WHERE d.PRCo = @PRCo AND d.EDLType = 'D'
        GROUP BY d.EDLCode, dl.Description""",
    "trial_balance": """
        SELECT a.GLAcct, a.Description, a.AcctType, SUM(b.NetActivity) AS Balance
        FROM GLBL b WITH (NOLOCK)
        JOIN GLAC a WITH (NOLOCK) ON a.GLCo = b.GLCo AND a.GLAcct = b.GLAcct
        WHERE b.GLCo = @GLCo AND b.Mth <= @Mth
        GROUP BY a.GLAcct, a.Description, a.AcctType
        ORDER BY a.GLAcct""",
    "revenue_by_month_with_lag": """
        WITH rev AS (
            SELECT b.Mth, -SUM(b.NetActivity) AS Revenue
            FROM GLBL b WITH (NOLOCK)
            JOIN GLAC a WITH (NOLOCK) ON a.GLCo = b.GLCo AND a.GLAcct = b.GLAcct
            WHERE b.GLCo = @GLCo AND a.AcctType = 'I'
            GROUP BY b.Mth)
        SELECT Mth, Revenue, Revenue - LAG(Revenue) OVER (ORDER BY Mth) AS ChangeFromPrior
        FROM rev""",
    "cash_account_detail_last_30_days": """
        SELECT d.Mth, d.GLTrans, d.ActDate, d.Source, d.Description, d.Amount
        FROM GLDT d WITH (NOLOCK)
        WHERE d.GLCo = @GLCo AND d.GLAcct = '1000-000' AND d.ActDate >= DATEADD(day, -30, GETDATE())""",
    "gl_batch_totals_by_source": """
        SELECT d.Mth, d.Source, d.BatchId,
               SUM(CASE WHEN d.Amount > 0 THEN d.Amount ELSE 0 END) AS Debits,
               SUM(CASE WHEN d.Amount < 0 THEN -d.Amount ELSE 0 END) AS Credits
        FROM GLDT d WITH (NOLOCK)
        WHERE d.GLCo = @GLCo AND d.Mth = @Mth
        GROUP BY d.Mth, d.Source, d.BatchId""",
    "cash_by_bank_account": """
        SELECT a.CMAcct, a.Description, a.BankName, SUM(d.Amount) AS NetActivity,
               SUM(CASE WHEN d.ClearDate IS NULL THEN d.Amount ELSE 0 END) AS Outstanding
        FROM CMDT d WITH (NOLOCK)
        JOIN CMAC a WITH (NOLOCK) ON a.CMCo = d.CMCo AND a.CMAcct = d.CMAcct
        WHERE d.CMCo = @CMCo
        GROUP BY a.CMAcct, a.Description, a.BankName""",
    "uncleared_checks": """
        SELECT d.CMRef, d.ActDate, d.Amount, DATEDIFF(day, d.ActDate, GETDATE()) AS DaysOutstanding
        FROM CMDT d WITH (NOLOCK)
        WHERE d.CMCo = @CMCo AND d.CMTransType = 1 AND d.ClearDate IS NULL""",
    "ar_aging_by_customer": """
        WITH openinv AS (
            SELECT l.ARCo, l.ApplyMth, l.ApplyTrans, SUM(l.Amount) AS OpenAmt
            FROM ARTL l WITH (NOLOCK)
            WHERE l.ARCo = @ARCo
            GROUP BY l.ARCo, l.ApplyMth, l.ApplyTrans
            HAVING SUM(l.Amount) <> 0)
        SELECT c.Name, SUM(o.OpenAmt) AS OpenAR,
               SUM(CASE WHEN DATEDIFF(day, h.DueDate, GETDATE()) > 30 THEN o.OpenAmt ELSE 0 END) AS PastDue30
        FROM openinv o
        JOIN ARTH h WITH (NOLOCK) ON h.ARCo = o.ARCo AND h.Mth = o.ApplyMth AND h.ARTrans = o.ApplyTrans
        JOIN ARCM c WITH (NOLOCK) ON c.CustGroup = h.CustGroup AND c.Customer = h.Customer
        GROUP BY c.Name""",
    "ar_retainage_by_contract": """
        SELECT l.Contract, SUM(l.Retainage) AS RetainageReceivable
        FROM ARTL l WITH (NOLOCK)
        WHERE l.ARCo = @ARCo
        GROUP BY l.Contract
        HAVING SUM(l.Retainage) > 0""",
    "cash_receipts_by_month": """
        SELECT h.Mth, COUNT(*) AS Receipts, SUM(h.CreditAmt) AS Received
        FROM ARTH h WITH (NOLOCK)
        WHERE h.ARCo = @ARCo AND h.ARTransType = 'P' AND h.Mth BETWEEN @BeginMth AND @EndMth
        GROUP BY h.Mth""",
    "contract_billing_status": """
        SELECT m.Contract, m.Description, i.Item, i.ContractAmt, i.BilledAmt,
               i.ContractAmt - i.BilledAmt AS RemainingToBill,
               CAST(100.0 * i.BilledAmt / NULLIF(i.ContractAmt, 0) AS decimal(6, 2)) AS PctBilled
        FROM JCCI i WITH (NOLOCK)
        JOIN JCCM m WITH (NOLOCK) ON m.JCCo = i.JCCo AND m.Contract = i.Contract
        WHERE i.JCCo = @JCCo AND m.ContractStatus = 1""",
    "projected_overruns": """
        SELECT p.Job, SUM(p.CurrEstCost) AS Budget, SUM(p.ProjCost) AS Projected
        FROM JCCP p WITH (NOLOCK)
        WHERE p.JCCo = @JCCo
        GROUP BY p.Job
        HAVING SUM(p.ProjCost) > SUM(p.CurrEstCost)""",
    "running_job_cost_window": """
        SELECT x.Job, x.Mth, x.MonthCost,
               SUM(x.MonthCost) OVER (PARTITION BY x.Job ORDER BY x.Mth ROWS UNBOUNDED PRECEDING) AS CostToDate
        FROM (SELECT p.Job, p.Mth, SUM(p.ActualCost) AS MonthCost
              FROM JCCP p WITH (NOLOCK)
              WHERE p.JCCo = @JCCo
              GROUP BY p.Job, p.Mth) x""",
    "vendor_spend_rank": """
        SELECT h.APCo, h.Vendor, SUM(h.InvTotal) AS Spend,
               RANK() OVER (PARTITION BY h.APCo ORDER BY SUM(h.InvTotal) DESC) AS SpendRank
        FROM APTH h WITH (NOLOCK)
        WHERE h.APCo IN (1, 2)
        GROUP BY h.APCo, h.Vendor""",
    "equipment_usage_cost": """
        SELECT e.Equipment, e.Description, SUM(d.ActualHours) AS Hours, SUM(d.ActualCost) AS UsageCost
        FROM EMEM e WITH (NOLOCK)
        JOIN JCCD d WITH (NOLOCK) ON d.EMCo = e.EMCo AND d.EMEquip = e.Equipment
        WHERE e.EMCo = @EMCo AND d.JCTransType = 'EM'
        GROUP BY e.Equipment, e.Description""",
    "labor_rate_by_job": """
        SELECT d.Job, SUM(d.ActualCost) / NULLIF(SUM(d.ActualHours), 0) AS AvgRate
        FROM JCCD d WITH (NOLOCK)
        WHERE d.JCCo = @JCCo AND d.JCTransType = 'PR'
        GROUP BY d.Job""",
    "open_jobs_closing_within_a_year": """
        SELECT j.Job + ' - ' + j.Description AS JobLabel, m.ProjCloseDate, m.ContractAmt
        FROM JCJM j WITH (NOLOCK)
        JOIN JCCM m WITH (NOLOCK) ON m.JCCo = j.JCCo AND m.Contract = j.Contract
        WHERE j.JCCo = @JCCo AND j.JobStatus = 1 AND m.ProjCloseDate <= DATEADD(day, 365, GETDATE())""",
    "phases_without_actual_cost": """
        SELECT p.Job, p.Phase, p.Description
        FROM JCJP p WITH (NOLOCK)
        WHERE p.JCCo = @JCCo
          AND NOT EXISTS (SELECT 1 FROM JCCD d WITH (NOLOCK)
                          WHERE d.JCCo = p.JCCo AND d.Job = p.Job AND d.Phase = p.Phase AND d.ActualCost <> 0)""",
    "customers_with_open_ar_cross_apply": """
        SELECT c.Customer, c.Name, c.CreditLimit, o.OpenAR
        FROM ARCM c WITH (NOLOCK)
        CROSS APPLY (SELECT SUM(l.Amount) AS OpenAR
                     FROM ARTL l WITH (NOLOCK)
                     JOIN ARTH h WITH (NOLOCK) ON h.ARCo = l.ARCo AND h.Mth = l.ApplyMth AND h.ARTrans = l.ApplyTrans
                     WHERE l.ARCo = @ARCo AND h.CustGroup = c.CustGroup AND h.Customer = c.Customer) o
        WHERE c.CustGroup = @CustGroup AND o.OpenAR > 0""",
    "job_billing_by_month": """
        SELECT d.Contract, d.Mth, SUM(d.BilledAmt) AS Billed, SUM(d.ReceivedAmt) AS Received,
               SUM(d.CurrentRetainAmt) AS RetainageChange
        FROM JCID d WITH (NOLOCK)
        WHERE d.JCCo = @JCCo AND d.JCTransType = 'AR' AND d.Mth >= DATEADD(month, -3, @Mth)
        GROUP BY d.Contract, d.Mth""",
    "active_employees_by_craft_class": """
        SELECT e.Craft, e.Class, cc.Description, COUNT(*) AS Employees, AVG(e.HrlyRate) AS AvgRate
        FROM PREH e WITH (NOLOCK)
        JOIN PRCC cc WITH (NOLOCK) ON cc.PRCo = e.PRCo AND cc.Craft = e.Craft AND cc.Class = e.Class
        WHERE e.PRCo = @PRCo AND e.ActiveYN = 'Y'
        GROUP BY e.Craft, e.Class, cc.Description""",
    "ap_invoices_posted_late": """
        SELECT h.Mth, h.APTrans, h.InvDate, DATEDIFF(month, h.InvDate, h.Mth) AS MonthsLate
        FROM APTH h WITH (NOLOCK)
        WHERE h.APCo = @APCo AND h.Mth > DATEFROMPARTS(YEAR(h.InvDate), MONTH(h.InvDate), 1)""",
}


@pytest.fixture(scope="module")
def db():
    path, _ = built()
    with SandboxDatabase(path) as database:
        yield database


def test_there_are_at_least_forty_queries():
    assert len(QUERIES) >= 40


@pytest.mark.parametrize("name", sorted(QUERIES))
def test_query_runs_and_returns_rows(db, name):
    result = db.query(QUERIES[name])
    assert result.columns
    assert len(result.rows) >= 1, name


@pytest.mark.parametrize("name", sorted(QUERIES))
def test_query_keeps_the_house_rules(catalog, name):
    result = check_sql(QUERIES[name], catalog)
    assert result.ok, [i.message for i in result.errors]


def test_queries_use_only_real_vista_columns(catalog, vista_facts):
    unknown = []
    for name, sql in QUERIES.items():
        for table, cols in used_columns(sql, catalog).items():
            base = catalog.table(table).base
            real = {c["name"].lower() for c in vista_facts["tables"][base]["columns"]}
            unknown += [f"{name}: {table}.{c}" for c in cols if c.lower() not in real]
    assert unknown == []
