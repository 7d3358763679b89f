"""Write the embedded Vista catalog (src/vgpt/schema/catalog/<module>.yaml) — a dev-time tool.

The curated parts live here (which tables, one-line descriptions, column descriptions,
allowed values of coded columns, company columns, relationships, module notes); names,
types, nullability, identity and keys come from the reference facts
(../shared/vista/vista_facts.json). The package never imports this script.

    python tools/catalog_seed.py [--facts PATH] [--out FOLDER]

Output is one line per column in YAML flow style so that a diff shows one column per line.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass, field
from pathlib import Path
from types import EllipsisType

import yaml

from vgpt.fileio import write_text
from vgpt.schema.catalog import build_catalog

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "vgpt" / "schema" / "catalog"
FACTS = ROOT.parent / "shared" / "vista" / "vista_facts.json"

YN = {"Y": "yes", "N": "no"}
ECM = {"E": "each", "C": "per hundred", "M": "per thousand"}
UDT_VALUES = {"bYN": YN, "bECM": ECM}


@dataclass
class T:
    """A curated table: view name, one-line description, curated columns.

    ``cols`` maps a column to its description, or to ``(description, {code: meaning})``.
    ``company`` defaults to inference (the module's XXCo column); ``key`` is only given
    where the facts have none.
    """

    name: str
    desc: str
    cols: dict = field(default_factory=dict)
    company: str | None | EllipsisType = ...
    key: list[str] | None = None


# -- curated content ------------------------------------------------------------------------
STATUS_OCCP = {0: "open", 1: "complete", 2: "closed", 3: "pending"}
JOB_STATUS = {0: "pending", 1: "open", 2: "soft-closed", 3: "hard-closed"}
TAX_TYPE = {1: "sales tax", 2: "use tax", 3: "VAT/GST"}
PAY_METHOD = {"C": "check", "E": "EFT", "S": "credit service"}
ITEM_TYPE = {1: "job", 2: "inventory", 3: "expense", 4: "equipment", 5: "EM work order", 6: "SM work order"}
BILL_TYPE = {"P": "progress", "T": "time and materials", "B": "both", "N": "none"}
SL_ITEM_TYPE = {1: "regular", 2: "change order", 3: "backcharge", 4: "add-on"}
EDL_TYPE = {"E": "earnings", "D": "deduction", "L": "liability"}

# Descriptions of columns that mean the same thing wherever they appear.
GENERIC = {
    "APCo": "AP company",
    "ARCo": "AR company",
    "JCCo": "JC company",
    "SLCo": "SL (subcontract) company",
    "GLCo": "GL company",
    "PRCo": "PR (payroll) company",
    "POCo": "PO company",
    "PMCo": "PM company (the JC company of the project)",
    "EMCo": "EM (equipment) company",
    "HQCo": "HQ company number",
    "CMCo": "CM (cash management) company",
    "INCo": "IN (inventory) company",
    "MSCo": "MS (material sales) company",
    "JBCo": "JB (job billing) company",
    "Mth": "batch month the entry was posted in (first day of the month)",
    "VendorGroup": "vendor group (HQCO.VendorGroup)",
    "Vendor": "vendor number (APVM)",
    "CustGroup": "customer group (HQCO.CustGroup)",
    "Customer": "customer number (ARCM)",
    "PhaseGroup": "phase group (HQCO.PhaseGroup)",
    "Phase": "job phase code",
    "CostType": "JC cost type number (JCCT), e.g. labor, material, subcontract",
    "JCCType": "JC cost type number (JCCT)",
    "Job": "job number (JCJM)",
    "Contract": "contract number (JCCM)",
    "Item": "contract item (JCCI)",
    "Description": "description",
    "MatlGroup": "material group (HQCO.MatlGroup)",
    "Material": "material code (HQMT)",
    "UM": "unit of measure (HQUM)",
    "TaxGroup": "tax group (HQCO.TaxGroup)",
    "TaxCode": "tax code (HQTX)",
    "TaxType": ("tax type", TAX_TYPE),
    "GLAcct": "GL account (GLAC)",
    "EMGroup": "EM group (HQCO.EMGroup)",
    "Equipment": "equipment code (EMEM)",
    "Equip": "equipment code (EMEM)",
    "CostCode": "EM cost code (EMCC)",
    "EMCType": "EM cost type",
    "Employee": "employee number (PREH)",
    "PRGroup": "payroll group (PRGR)",
    "PREndDate": "pay period ending date",
    "PaySeq": "payment sequence within the pay period",
    "Craft": "union craft (PRCM)",
    "Class": "craft class (PRCC)",
    "Loc": "inventory location (INLM)",
    "PO": "purchase order number (POHD)",
    "POItem": "purchase order item (POIT)",
    "SL": "subcontract number (SLHD)",
    "SLItem": "subcontract item (SLIT)",
    "CMAcct": "CM (bank) account (CMAC)",
    "CMRef": "CM reference: check or EFT number",
    "PayTerms": "payment terms code (HQPT)",
    "HoldCode": "payment hold code (HQHC)",
    "ActualDate": "date the cost or revenue actually happened",
    "ActDate": "actual (transaction) date",
    "PostedDate": "date the entry was posted",
    "Source": "source that posted the entry (e.g. 'AP Entry', 'PR Entry')",
    "BatchId": "batch that posted the entry",
    "InUseBatchId": "batch now editing the row; null when not in use",
    "InUseMth": "month of the batch now editing the row",
    "EDLType": ("earnings, deduction or liability", EDL_TYPE),
    "EDLCode": "earnings code (PREC) or deduction/liability code (PRDL), by EDLType",
    "Department": "department",
    "Notes": "free-form notes",
    "KeyID": "surrogate identity number",
    "UniqueAttchID": "link to attachments",
    "Purge": "flagged for purge",
    "Name": "name",
    "SortName": "upper-case sort name used for look-ups",
    "Address": "street address",
    "City": "city",
    "State": "state or province",
    "Zip": "postal code",
    "Phone": "phone number",
    "EMail": "e-mail address",
    "ActiveYN": "active (Y) or inactive (N)",
    "Active": "active (Y) or inactive (N)",
    "Retainage": "retainage amount withheld",
    "Units": "units",
    "UnitCost": "cost per unit",
    "Hours": "hours",
    "Amount": "amount",
}

# Column patterns that point at a master table wherever they appear together:
# "A B=C" joins column A to A and B to C on the target.
PATTERNS = [
    ("VendorGroup Vendor", "APVM"),
    ("VendorGroup Supplier=Vendor", "APVM"),
    ("CustGroup Customer", "ARCM"),
    ("JCCo Job", "JCJM"),
    ("JCCo Contract", "JCCM"),
    ("JCCo Contract Item", "JCCI"),
    ("JCCo Job PhaseGroup Phase", "JCJP"),
    ("JCCo Job PhaseGroup Phase CostType", "JCCH"),
    ("JCCo Job PhaseGroup Phase JCCType=CostType", "JCCH"),
    ("PhaseGroup CostType", "JCCT"),
    ("PhaseGroup JCCType=CostType", "JCCT"),
    ("PhaseGroup Phase", "JCPM"),
    ("GLCo GLAcct", "GLAC"),
    ("GLCo Jrnl", "GLJR"),
    ("PRCo Employee", "PREH"),
    ("PRCo PRGroup", "PRGR"),
    ("PRCo PRGroup PREndDate", "PRPC"),
    ("PRCo Craft", "PRCM"),
    ("PRCo Craft Class", "PRCC"),
    ("PRCo PRDept", "PRDP"),
    ("EMCo Equipment", "EMEM"),
    ("EMCo Equip=Equipment", "EMEM"),
    ("EMCo Category", "EMCM"),
    ("EMCo Department", "EMDM"),
    ("EMGroup CostCode", "EMCC"),
    ("EMGroup RevCode", "EMRC"),
    ("MatlGroup Material", "HQMT"),
    ("TaxGroup TaxCode", "HQTX"),
    ("POCo PO", "POHD"),
    ("POCo PO POItem", "POIT"),
    ("SLCo SL", "SLHD"),
    ("SLCo SL SLItem", "SLIT"),
    ("CMCo CMAcct", "CMAC"),
    ("INCo Loc", "INLM"),
    ("INCo Loc MatlGroup Material", "INMT"),
    ("PMCo Project=Job", "JCJM"),
    ("UM", "HQUM"),
    ("PayTerms", "HQPT"),
    ("HoldCode", "HQHC"),
]

AP = {
    "title": "Accounts Payable",
    "notes": """
        A vendor invoice is one APTH row (header, InvTotal the invoice total), its lines in APTL (LineType says where each line is costed: job, inventory, expense,
        equipment, work order, PO or subcontract) and its payable amounts in APTD, one row per
        line and pay sequence. Open payables are APTD rows with Status 1 (open) or 2 (on hold);
        Status 3 is paid, with PaidMth, PaidDate and CMRef (check or EFT number) filled in, and
        4 is cleared (closed by AP's clear-transactions process without a payment). Retainage is an APTD pay sequence whose PayType is the AP
        company's retainage pay type (APCO.RetPayType), usually held until released. APHD
        lists the hold codes on an APTD pay sequence; APTH.OpenYN is 'Y' while anything on the
        invoice is unpaid. Vendors live in APVM, shared by vendor group: join APTH.VendorGroup
        and Vendor, never the vendor number alone.
    """,
    "tables": [
        T("APTH", "AP transaction header: one vendor invoice", {
            "APTrans": "AP transaction number within company and month",
            "APRef": "vendor's invoice number",
            "Description": "invoice description",
            "InvDate": "invoice date",
            "DiscDate": "last date to take the discount",
            "DueDate": "invoice due date",
            "InvTotal": "invoice total",
            "PayMethod": ("payment method", PAY_METHOD),
            "CMCo": "CM company the invoice is paid from",
            "PrePaidYN": "paid outside AP check runs (manual/prepaid check)",
            "PrePaidChk": "prepaid check number",
            "PrePaidDate": "prepaid check date",
            "V1099YN": "reportable on the vendor's 1099",
            "OpenYN": "'Y' while some pay sequence is unpaid",
            "PayName": "pay-to name override",
        }),
        T("APTL", "AP transaction line: one invoice line and where it is costed", {
            "APTrans": "AP transaction number (APTH)",
            "APLine": "line number within the invoice",
            "LineType": ("what the line is posted to", {
                1: "job", 2: "inventory", 3: "expense", 4: "equipment", 5: "EM work order",
                6: "purchase order", 7: "subcontract", 8: "SM work order"}),
            "ItemType": ("type of the PO item the line pays", ITEM_TYPE),
            "PO": "purchase order (LineType 6)",
            "SL": "subcontract (LineType 7)",
            "Job": "job the line is costed to",
            "JCCType": "JC cost type (JCCT)",
            "WO": "EM work order",
            "GLAcct": "GL expense account the line posts to",
            "Description": "line description",
            "Units": "units invoiced",
            "UnitCost": "invoiced unit cost",
            "Supplier": "supplier paid through a joint check",
            "PayType": "pay type (APPT)",
            "GrossAmt": "line amount before retainage and discount",
            "MiscAmt": "miscellaneous amount (freight etc.)",
            "TaxBasis": "amount the tax is computed on",
            "TaxAmt": "tax amount",
            "Retainage": "retainage withheld on the line",
            "Discount": "discount offered on the line",
        }),
        T("APTD", "AP transaction detail: one payable pay sequence of an invoice line", {
            "APTrans": "AP transaction number (APTH)",
            "APLine": "invoice line (APTL)",
            "APSeq": "pay sequence within the line",
            "PayType": "pay type (APPT); APCO.RetPayType marks retainage",
            "Amount": "amount payable in this sequence",
            "DiscOffer": "discount offered",
            "DiscTaken": "discount taken when paid",
            "DueDate": "due date",
            "Status": ("payment status", {1: "open", 2: "on hold", 3: "paid", 4: "cleared"}),
            "PaidMth": "month the payment was posted",
            "PaidDate": "payment date",
            "PayMethod": ("payment method", PAY_METHOD),
            "CMRef": "check or EFT number that paid it",
            "Supplier": "joint-check supplier",
        }),
        T("APHD", "AP hold detail: one hold code placed on an AP pay sequence", {
            "APTrans": "AP transaction number (APTH)",
            "APLine": "invoice line",
            "APSeq": "pay sequence (APTD)",
            "HoldCode": "hold code (HQHC)",
        }),
        T("APVM", "AP vendor master: one vendor of a vendor group", {
            "Vendor": "vendor number",
            "Name": "vendor name",
            "Type": ("vendor type", {"R": "regular", "S": "supplier"}),
            "TempYN": "temporary (one-time) vendor",
            "Contact": "contact person",
            "GLAcct": "default expense GL account",
            "V1099YN": "1099 reportable",
            "V1099Type": "1099 form type",
            "TaxId": "tax id",
            "EFT": ("EFT set-up", {"N": "no EFT", "P": "prenote", "A": "active"}),
            "LastInvDate": "date of the vendor's latest invoice",
            "MasterVendor": "master vendor for combined reporting",
            "PayMethod": ("default payment method", PAY_METHOD),
        }, company=None),
        T("APCO", "AP company parameters: one row per AP company", {
            "GLCo": "GL company AP posts to",
            "ExpPayType": "pay type for expense invoices (APPT)",
            "JobPayType": "pay type for job invoices (APPT)",
            "SubPayType": "pay type for subcontract invoices (APPT)",
            "RetPayType": "pay type that marks retainage (APPT)",
            "RetHoldCode": "hold code put on retainage",
            "CMCo": "default CM company",
            "JCCo": "JC company AP posts job costs to",
        }),
        T("APPT", "AP pay type: one pay type of an AP company (regular, retainage, ...)", {
            "PayType": "pay type number",
            "Description": "pay type name",
            "GLAcct": "AP liability GL account for the pay type",
        }),
        T("APPH", "AP payment history: one check or EFT paid to a vendor", {
            "PayMethod": ("payment method", PAY_METHOD),
            "CMRef": "check or EFT number",
            "CMRefSeq": "sequence for a reused check number",
            "EFTSeq": "EFT sequence",
            "Name": "payee name",
            "ChkType": "check type",
            "PaidMth": "month the payment was posted",
            "PaidDate": "payment date",
            "Amount": "payment amount",
            "Supplier": "joint-check supplier",
            "VoidYN": "payment was voided",
        }),
        T("APPD", "AP payment detail: one invoice paid by an AP payment", {
            "PayMethod": ("payment method", PAY_METHOD),
            "CMRef": "check or EFT number",
            "APTrans": "AP transaction paid (APTH)",
            "APRef": "vendor invoice number",
            "InvDate": "invoice date",
            "Gross": "invoice gross amount",
            "Retainage": "retainage on the invoice",
            "PrevPaid": "paid before this payment",
            "Balance": "balance after earlier payments",
            "DiscTaken": "discount taken",
        }),
        T("APVA", "AP vendor activity: one vendor's invoiced and paid totals for a month", {
            "InvAmt": "amount invoiced in the month",
            "PaidAmt": "amount paid in the month",
            "DiscOff": "discount offered",
            "DiscTaken": "discount taken",
        }),
        T("APVC", "AP vendor compliance: one compliance requirement of a vendor", {
            "CompCode": "compliance code (HQCP)",
            "Verify": "verify compliance before paying",
            "ExpDate": "expiration date (date-type codes)",
            "Complied": "complied (flag-type codes)",
        }),
        T("APRH", "AP recurring invoice header: one recurring vendor invoice template", {
            "InvId": "recurring invoice id",
            "Frequency": "how often the invoice recurs",
            "LastMth": "last month an invoice was generated",
            "InvToDate": "amount invoiced to date",
            "InvLimit": "total limit of the recurring invoice",
            "ExpDate": "expiration date",
            "PayMethod": ("payment method", PAY_METHOD),
        }),
        T("APRL", "AP recurring invoice line: one line of a recurring invoice template", {
            "InvId": "recurring invoice id (APRH)",
            "Line": "line number",
            "LineType": ("what the line is posted to", {
                1: "job", 2: "inventory", 3: "expense", 4: "equipment", 5: "EM work order",
                6: "purchase order", 7: "subcontract"}),
            "GrossAmt": "line amount",
            "PayType": "pay type (APPT)",
        }),
    ],
    "relationships": [
        ("APTL", "APTH", "APCo Mth APTrans"),
        ("APTD", "APTL", "APCo Mth APTrans APLine"),
        ("APTD", "APTH", "APCo Mth APTrans"),
        ("APHD", "APTD", "APCo Mth APTrans APLine APSeq"),
        ("APHD", "APTH", "APCo Mth APTrans"),
        ("APTL", "SLIT", "APCo=SLCo SL SLItem", {"required": False, "desc": "subcontract item paid (LineType 7)"}),
        ("APTL", "SLHD", "APCo=SLCo SL", {"required": False}),
        ("APTL", "POIT", "APCo=POCo PO POItem", {"required": False, "desc": "PO item paid (LineType 6)"}),
        ("APTL", "POHD", "APCo=POCo PO", {"required": False}),
        ("APTH", "CMAC", "CMCo CMAcct", {"required": False}),
        ("APTD", "APPT", "APCo PayType"),
        ("APTL", "APPT", "APCo PayType"),
        ("APCO", "APPT", "APCo RetPayType=PayType", {"required": False, "desc": "retainage pay type"}),
        ("APPD", "APPH", "APCo CMCo CMAcct PayMethod CMRef CMRefSeq EFTSeq"),
        ("APPD", "APTH", "APCo Mth APTrans"),
        ("APPH", "CMAC", "CMCo CMAcct"),
        ("APVC", "HQCP", "CompCode"),
        ("APRL", "APRH", "APCo VendorGroup Vendor InvId"),
    ],
}

AR = {
    "title": "Accounts Receivable",
    "notes": """
        ARTH holds one row per AR transaction; ARTransType says what it is (I invoice,
        P payment, C credit memo, A adjustment, W write-off, F finance charge, R release of
        retainage, M miscellaneous cash receipt). Every ARTL line points at the invoice line it
        applies to through ApplyMth, ApplyTrans and ApplyLine (an invoice's own lines point at
        themselves; payment, credit and write-off lines carry negative amounts applied to the
        invoice), so an invoice's open balance is SUM(ARTL.Amount) and its open retainage
        SUM(ARTL.Retainage) grouped by ARCo, ApplyMth and ApplyTrans. Contract
        billing lines carry JCCo, Contract and Item. Customers live in ARCM by customer group:
        join CustGroup and Customer.
    """,
    "tables": [
        T("ARTH", "AR transaction header: one invoice, payment, credit or adjustment", {
            "ARTrans": "AR transaction number within company and month",
            "ARTransType": ("transaction type", {
                "I": "invoice", "A": "adjustment", "C": "credit memo", "W": "write-off",
                "F": "finance charge", "P": "payment", "R": "release retainage",
                "M": "miscellaneous receipt"}),
            "CustRef": "customer reference",
            "CustPO": "customer PO number",
            "RecType": "receivable type (ARRT)",
            "Contract": "contract billed (JCCM)",
            "Invoice": "invoice number",
            "CheckNo": "customer check number (payments)",
            "TransDate": "transaction date (invoice or receipt date)",
            "DueDate": "invoice due date",
            "CheckDate": "customer check date",
            "CMDeposit": "CM deposit number (payments)",
            "CreditAmt": "amount of the receipt or credit",
            "AppliedMth": "month of the transaction this one applies to",
            "AppliedTrans": "transaction this one applies to",
            "Invoiced": "amount invoiced",
            "Paid": "amount paid",
            "Retainage": "retainage held",
            "DiscTaken": "discount taken",
            "AmountDue": "amount due",
            "PayFullDate": "date the invoice was paid in full",
            "FinanceChg": "finance charges",
        }),
        T("ARTL", "AR transaction line: one line of an AR transaction and what it applies to", {
            "ARTrans": "AR transaction number (ARTH)",
            "ARLine": "line number",
            "RecType": "receivable type (ARRT)",
            "LineType": ("what the line is for (check codes against your data)", {
                "C": "contract item", "O": "other (GL)", "J": "job", "E": "equipment",
                "I": "inventory", "F": "finance charge"}),
            "GLAcct": "GL revenue/offset account",
            "Amount": "line amount",
            "TaxAmount": "tax",
            "RetgPct": "retainage percent",
            "Retainage": "retainage on the line",
            "DiscOffered": "discount offered",
            "DiscTaken": "discount taken",
            "ApplyMth": "month of the invoice line this line applies to",
            "ApplyTrans": "invoice transaction this line applies to",
            "ApplyLine": "invoice line this line applies to",
            "Item": "contract item billed (JCCI)",
            "FinanceChg": "finance charge",
        }),
        T("ARCM", "AR customer master: one customer of a customer group", {
            "Name": "customer name",
            "Status": ("customer status", {"A": "active", "I": "inactive", "H": "on hold"}),
            "RecType": "default receivable type",
            "CreditLimit": "credit limit",
            "StmtType": ("statement type", {"O": "open item", "B": "balance forward"}),
            "DateOpened": "date the account was opened",
            "Contact": "contact person",
        }, company=None),
        T("ARCO", "AR company parameters: one row per AR company", {
            "GLCo": "GL company AR posts to",
            "CMCo": "default CM company for deposits",
            "JCCo": "JC company AR updates",
            "RecType": "default receivable type",
            "FCPct": "finance charge percent",
        }),
        T("ARRT", "AR receivable type: one receivable type and its GL accounts", {
            "RecType": "receivable type number",
            "Description": "receivable type name",
            "GLARAcct": "GL receivables account",
            "GLRevAcct": "GL revenue account",
            "GLRetainAcct": "GL retainage receivable account",
        }),
        T("ARMT", "AR customer monthly totals: one customer's AR activity for a month", {
            "Invoiced": "invoiced in the month",
            "Retainage": "retainage billed in the month",
            "Paid": "paid in the month",
            "DiscountTaken": "discount taken",
            "NumInvPaid": "number of invoices paid",
            "PayDaysTrDt": "total days to pay from transaction date",
            "LastInvDate": "last invoice date",
            "LastPayDate": "last payment date",
        }),
        T("ARCN", "AR customer note: one collection contact or note about a customer", {
            "Seq": "note sequence",
            "Date": "contact date",
            "Contact": "person contacted",
            "Followup": "follow-up date",
            "Invoice": "invoice discussed",
            "Resolved": "resolved",
            "Summary": "summary",
        }, company=None),
    ],
    "relationships": [
        ("ARTL", "ARTH", "ARCo Mth ARTrans"),
        ("ARTL", "ARTH", "ARCo ApplyMth=Mth ApplyTrans=ARTrans", {"desc": "the invoice this line applies to"}),
        ("ARTL", "ARTL", "ARCo ApplyMth=Mth ApplyTrans=ARTrans ApplyLine=ARLine", {"desc": "invoice line this line applies to"}),
        ("ARTH", "ARTH", "ARCo AppliedMth=Mth AppliedTrans=ARTrans", {"required": False, "desc": "transaction this one applies to"}),
        ("ARTH", "CMAC", "CMCo CMAcct", {"required": False}),
        ("ARTH", "ARRT", "ARCo RecType", {"required": False}),
        ("ARTL", "ARRT", "ARCo RecType", {"required": False}),
        ("ARCO", "ARRT", "ARCo RecType", {"required": False}),
    ],
}

JC = {
    "title": "Job Cost",
    "notes": """
        A contract (JCCM, items in JCCI) is what the customer pays for; jobs (JCJM) carry the
        cost and point at their contract through JCJM.Contract. Cost is budgeted and posted by
        job, phase and cost type: JCJP lists a job's phases, JCCH its phase cost types with the
        original estimate. JCCD is every cost transaction (JCTransType gives the source: AP, PR,
        PO, SL, EM, IN, MS; OE is the original estimate, CO approved change-order estimates and
        PF projections); JCCP keeps the same figures summed by month, so job-to-date actual cost
        is SUM(JCCP.ActualCost) up to a month, current estimate SUM(CurrEstCost), projected
        final SUM(ProjCost), committed SUM(TotalCmtdCost) and still-open commitments
        SUM(RemainCmtdCost). Contract revenue is the same at item level: JCID transactions
        (OC original contract, CO change orders, JB and AR billings and receipts) and JCCI totals
        (ContractAmt, BilledAmt, ReceivedAmt, CurrentRetainAmt). JobStatus and ContractStatus
        are 0 pending, 1 open, 2 soft-closed, 3 hard-closed. Join phase-level tables on JCCo,
        Job, PhaseGroup and Phase (plus CostType), and cost types to JCCT on PhaseGroup and
        CostType.
    """,
    "tables": [
        T("JCJM", "JC job master: one job", {
            "Description": "job name/description",
            "Contract": "contract the job's revenue is billed under (JCCM)",
            "JobStatus": ("job status", JOB_STATUS),
            "ProjectMgr": "project manager number (JCMP)",
            "MailCity": "mailing city", "MailState": "mailing state",
            "ShipAddress": "job site address", "ShipCity": "job site city", "ShipState": "job site state",
            "Certified": "certified payroll job",
            "PRStateCode": "payroll state",
            "CertDate": "certified payroll date",
        }),
        T("JCJP", "JC job phase: one phase on a job, tied to a contract item", {
            "Description": "phase description",
            "Contract": "contract (JCCM)",
            "Item": "contract item the phase's cost rolls to (JCCI)",
        }),
        T("JCCH", "JC cost header: one cost type of a job phase, with its original estimate", {
            "UM": "estimate unit of measure",
            "BillFlag": "job billing flag",
            "BuyOutYN": "phase cost type is bought out",
            "LastProjDate": "date of the latest projection",
            "Plugged": "projection is plugged (entered, not calculated)",
            "OrigHours": "original estimated hours",
            "OrigUnits": "original estimated units",
            "OrigCost": "original estimated cost",
        }),
        T("JCCD", "JC cost detail: one cost, estimate, commitment or projection transaction", {
            "CostTrans": "JC transaction number within company and month",
            "PostedDate": "date posted",
            "ActualDate": "date the cost happened",
            "JCTransType": ("source type of the transaction", {
                "AP": "AP invoice", "AR": "AR", "PR": "payroll", "JC": "JC cost adjustment",
                "PO": "purchase order commitment/receipt", "SL": "subcontract commitment",
                "IN": "inventory", "MO": "IN material order", "MI": "JC material use",
                "EM": "equipment usage", "IC": "intercompany",
                "MS": "material sales", "OE": "original estimate", "CO": "change order estimate",
                "PF": "projection", "PE": "progress (units complete)"}),
            "Description": "transaction description",
            "GLTransAcct": "GL account the cost posted to",
            "ReversalStatus": "reversal status of a JC adjustment (0 = normal entry)",
            "ActualHours": "actual hours", "ActualUnits": "actual units", "ActualCost": "actual cost",
            "EstHours": "estimated hours change", "EstUnits": "estimated units change",
            "EstCost": "estimated cost change (OE and CO rows)",
            "ProjHours": "projected hours", "ProjUnits": "projected units",
            "ProjCost": "projected final cost change (PF rows)",
            "TotalCmtdCost": "change in total committed cost",
            "RemainCmtdCost": "change in remaining committed cost",
            "ACO": "approved change order (JCOH)",
            "APTrans": "AP transaction that posted the cost",
            "APRef": "vendor invoice number",
            "PO": "purchase order", "SL": "subcontract",
            "EMEquip": "equipment whose usage was charged",
        }),
        T("JCCP", "JC cost by period: job, phase and cost type totals for one month", {
            "ActualHours": "actual hours in the month", "ActualUnits": "actual units in the month",
            "ActualCost": "actual cost in the month",
            "OrigEstHours": "original estimate hours", "OrigEstUnits": "original estimate units",
            "OrigEstCost": "original estimate cost",
            "CurrEstHours": "current estimate hours change", "CurrEstUnits": "current estimate units change",
            "CurrEstCost": "current estimate cost change (original + approved changes)",
            "ProjHours": "projected hours change", "ProjUnits": "projected units change",
            "ProjCost": "projected final cost change",
            "ForecastCost": "forecast cost",
            "TotalCmtdUnits": "total committed units change", "TotalCmtdCost": "total committed cost change",
            "RemainCmtdUnits": "remaining committed units change",
            "RemainCmtdCost": "remaining (open) committed cost change",
            "RecvdNotInvcdCost": "received, not yet invoiced cost",
        }),
        T("JCCM", "JC contract master: one contract with a customer", {
            "Description": "contract description",
            "Department": "JC department (JCDM)",
            "ContractStatus": ("contract status", JOB_STATUS),
            "StartMonth": "first month of the contract",
            "MonthClosed": "month the contract was closed",
            "ProjCloseDate": "projected close date",
            "ActualCloseDate": "actual close date",
            "RetainagePCT": "default retainage percent",
            "DefaultBillType": ("default billing type", BILL_TYPE),
            "OrigContractAmt": "original contract amount",
            "ContractAmt": "current contract amount (original + approved change orders)",
            "BilledAmt": "billed to date",
            "ReceivedAmt": "received to date",
            "CurrentRetainAmt": "retainage currently held",
            "StartDate": "contract start date",
        }),
        T("JCCI", "JC contract item: one billable item of a contract", {
            "Description": "item description",
            "Department": "JC department (JCDM)",
            "RetainPCT": "retainage percent",
            "OrigContractAmt": "original amount", "OrigContractUnits": "original units",
            "ContractAmt": "current amount", "ContractUnits": "current units",
            "UnitPrice": "current unit price",
            "BilledAmt": "billed to date", "BilledUnits": "units billed to date",
            "ReceivedAmt": "received to date", "CurrentRetainAmt": "retainage currently held",
            "BillType": ("billing type", BILL_TYPE),
            "StartMonth": "first month of the item",
        }),
        T("JCID", "JC item detail: one revenue transaction on a contract item", {
            "ItemTrans": "JC item transaction number within company and month",
            "JCTransType": ("source type", {
                "OC": "original contract", "CO": "change order", "JC": "JC revenue adjustment",
                "JB": "job billing", "AR": "AR invoice/receipt", "IC": "intercompany",
                "RP": "revenue projection"}),
            "TransSource": "posting source (e.g. 'JC OrigEst', 'AR Receipt')",
            "ContractAmt": "contract amount change", "ContractUnits": "contract units change",
            "BilledAmt": "amount billed", "BilledUnits": "units billed",
            "ReceivedAmt": "amount received", "CurrentRetainAmt": "retainage change",
            "ACO": "approved change order",
            "ARTrans": "AR transaction", "ARInvoice": "AR invoice number",
            "ProjDollars": "projected revenue change",
        }, key=["JCCo", "Mth", "ItemTrans"]),
        T("JCCT", "JC cost type: one cost type of a phase group (labor, material, ...)", {
            "CostType": "cost type number",
            "Description": "cost type name",
            "Abbreviation": "short name (e.g. L, M, S, E)",
            "TrackHours": "hours are tracked",
        }, company=None),
        T("JCCO", "JC company parameters: one row per JC company", {
            "ARCo": "AR company used for billing",
            "GLCo": "GL company JC posts to",
            "PRCo": "PR company",
            "ProjMethod": "projection method",
        }),
        T("JCOH", "JC change order header: one approved change order on a job", {
            "ACO": "approved change order number",
            "ACOSequence": "sequence for ordering change orders",
            "Description": "change order description",
            "ApprovedBy": "approved by",
            "ApprovalDate": "approval date",
            "ChangeDays": "days added to the schedule",
            "NewCmplDate": "new completion date",
            "IntExt": ("internal or external change order", {"I": "internal", "E": "external"}),
        }),
        T("JCOI", "JC change order item: one contract item change of an approved change order", {
            "ACO": "approved change order (JCOH)",
            "ACOItem": "change order item",
            "Description": "item description",
            "ApprovedMonth": "month the change was approved",
            "ContractUnits": "change in contract units",
            "ContUnitPrice": "unit price",
            "ContractAmt": "change in contract amount (revenue)",
            "ChangeDays": "days added",
        }),
        T("JCOD", "JC change order detail: estimate change of a change order item by phase cost type", {
            "ACO": "approved change order (JCOH)",
            "ACOItem": "change order item (JCOI)",
            "MonthAdded": "month the estimate change was added",
            "EstHours": "estimated hours change",
            "EstUnits": "estimated units change",
            "EstCost": "estimated cost change",
        }),
        T("JCPM", "JC phase master: one standard phase of a phase group", {
            "Phase": "phase code",
            "Description": "phase description",
        }, company=None),
        T("JCPC", "JC phase cost type: one standard cost type of a standard phase", {
            "BillFlag": "job billing flag",
        }, company=None),
        T("JCIP", "JC item by period: one contract item's revenue totals for a month", {
            "OrigContractAmt": "original contract amount posted in the month",
            "ContractAmt": "contract amount change in the month",
            "ContractUnits": "contract units change in the month",
            "BilledAmt": "billed in the month", "BilledUnits": "units billed in the month",
            "ReceivedAmt": "received in the month",
            "CurrentRetainAmt": "retainage change in the month",
            "ProjDollars": "projected revenue change",
        }),
        T("JCDM", "JC department: one department of a JC company with its revenue accounts", {
            "Department": "department code",
            "Description": "department name",
            "OpenRevAcct": "GL revenue account for open contracts",
            "ClosedRevAcct": "GL revenue account for closed contracts",
        }),
        T("JCMP", "JC project manager: one project manager of a JC company", {
            "ProjectMgr": "project manager number",
            "Name": "project manager name",
            "Email": "e-mail address",
        }),
        T("JCOR", "JC revenue projection override: projected revenue entered for a contract and month", {
            "Month": "month of the override",
            "RevCost": "projected revenue override amount",
            "OtherAmount": "other amount",
        }),
        T("JCOP", "JC cost projection override: projected cost entered for a job and month", {
            "Month": "month of the override",
            "ProjCost": "projected cost override amount",
            "OtherAmount": "other amount",
        }),
        T("JCPR", "JC projection resource detail: one resource line behind a cost projection", {
            "ResTrans": "resource transaction number",
            "JCTransType": "source type",
            "BudgetCode": "budget code",
            "Quantity": "quantity", "Units": "units", "Hours": "hours",
            "UnitCost": "unit cost", "Amount": "projected amount",
            "FromDate": "from date", "ToDate": "to date",
        }, key=["JCCo", "Mth", "ResTrans"]),
    ],
    "relationships": [
        ("JCJP", "JCJM", "JCCo Job"),
        ("JCCH", "JCJP", "JCCo Job PhaseGroup Phase"),
        ("JCCH", "JCJM", "JCCo Job"),
        ("JCCD", "JCCH", "JCCo Job PhaseGroup Phase CostType"),
        ("JCCD", "JCJM", "JCCo Job"),
        ("JCCP", "JCCH", "JCCo Job PhaseGroup Phase CostType"),
        ("JCCP", "JCJM", "JCCo Job"),
        ("JCJM", "JCCM", "JCCo Contract", {"required": False}),
        ("JCJP", "JCCI", "JCCo Contract Item"),
        ("JCCI", "JCCM", "JCCo Contract"),
        ("JCID", "JCCI", "JCCo Contract Item"),
        ("JCID", "JCCM", "JCCo Contract"),
        ("JCCD", "APTH", "APCo Mth APTrans", {"required": False, "desc": "AP invoice behind an AP cost (same month only when JC and AP months match)"}),
        ("JCCD", "PREH", "PRCo Employee", {"required": False}),
        ("JCCD", "EMEM", "EMCo EMEquip=Equipment", {"required": False}),
        ("JCID", "ARTH", "ARCo Mth ARTrans", {"required": False}),
        ("JCOH", "JCJM", "JCCo Job"),
        ("JCOH", "JCCM", "JCCo Contract"),
        ("JCOI", "JCOH", "JCCo Job ACO"),
        ("JCOD", "JCOI", "JCCo Job ACO ACOItem"),
        ("JCOD", "JCOH", "JCCo Job ACO"),
        ("JCCD", "JCOH", "JCCo Job ACO", {"required": False, "desc": "change order behind a CO estimate row"}),
        ("JCCD", "JCOI", "JCCo Job ACO ACOItem", {"required": False}),
        ("JCID", "JCOI", "JCCo ACOJob=Job ACO ACOItem", {"required": False}),
        ("JCJM", "JCMP", "JCCo ProjectMgr", {"required": False}),
        ("JCPC", "JCPM", "PhaseGroup Phase"),
        ("JCCM", "JCDM", "JCCo Department", {"required": True}),
        ("JCCI", "JCDM", "JCCo Department"),
    ],
}

SL = {
    "title": "Subcontracts",
    "notes": """
        SLHD is one subcontract with a vendor on a job; SLIT its items, each tied to a job
        phase and cost type. Item amounts: OrigCost is the original commitment, CurCost the
        current commitment (original plus posted change orders, whose detail is in SLCD),
        InvCost what the vendor has invoiced through AP, so CurCost - InvCost is the remaining
        commitment. Retainage on a subcontract is withheld on AP invoices (APTL.Retainage,
        retainage pay type in APTD); SLIT.WCRetPct is the default retainage percent for work
        completed. SLWI is the subcontract worksheet a user fills in before billing
        (work completed, stored materials), one row per user and item. SLHD.Status: 0 open,
        1 complete, 2 closed, 3 pending (not yet approved).
    """,
    "tables": [
        T("SLHD", "SL header: one subcontract", {
            "Description": "subcontract description",
            "Status": ("subcontract status", STATUS_OCCP),
            "MthClosed": "month the subcontract was closed",
            "Approved": "approved",
            "OrigDate": "original date of the subcontract",
            "MaxRetgPct": "maximum retainage percent",
            "MaxRetgAmt": "maximum retainage amount",
        }, key=["SLCo", "SL"]),
        T("SLIT", "SL item: one line of a subcontract, costed to a job phase", {
            "ItemType": ("item type", SL_ITEM_TYPE),
            "Description": "item description",
            "WCRetPct": "retainage percent on work completed",
            "SMRetPct": "retainage percent on stored materials",
            "OrigUnits": "original units", "OrigUnitCost": "original unit cost",
            "OrigCost": "original committed cost",
            "CurUnits": "current units", "CurUnitCost": "current unit cost",
            "CurCost": "current committed cost (original + change orders)",
            "StoredMatls": "stored materials not yet installed",
            "InvUnits": "units invoiced", "InvCost": "amount invoiced through AP",
        }),
        T("SLCD", "SL change detail: one posted change to a subcontract item", {
            "SLTrans": "SL transaction number within company and month",
            "SLChangeOrder": "subcontract change order number",
            "AppChangeOrder": "approved change order reference",
            "Description": "change description",
            "ChangeCurUnits": "change in units", "ChangeCurUnitCost": "change in unit cost",
            "ChangeCurCost": "change in committed cost",
        }),
        T("SLWI", "SL worksheet item: a user's billing worksheet line for a subcontract item", {
            "UserName": "user who owns the worksheet",
            "ItemType": ("item type", SL_ITEM_TYPE),
            "CurCost": "current committed cost",
            "PrevWCCost": "work completed billed before", "WCUnits": "work completed units this billing",
            "WCCost": "work completed this billing", "WCRetPct": "retainage percent",
            "WCRetAmt": "retainage on this billing", "Purchased": "stored materials purchased",
            "Installed": "stored materials installed", "SMRetAmt": "stored materials retainage",
            "WCPctComplete": "percent complete", "WCToDate": "work completed to date",
        }),
        T("SLCO", "SL company parameters: one row per SL company", {}),
        T("SLCT", "SL compliance tracking: one compliance requirement on a subcontract", {
            "CompCode": "compliance code (HQCP)",
            "Seq": "sequence",
            "Verify": "verify before paying",
            "ExpDate": "expiration date",
            "Complied": "complied",
            "ReceiveDate": "date the document was received",
            "Limit": "insurance limit",
        }),
        T("SLWH", "SL worksheet header: a user's pay-request worksheet for a subcontract", {
            "UserName": "user who owns the worksheet",
            "APRef": "vendor's invoice (pay request) number",
            "InvDate": "invoice date",
            "DueDate": "due date",
            "ReadyYN": "ready to be turned into an AP invoice",
        }, key=["SLCo", "UserName", "SL"]),
        T("SLAD", "SL add-on: one add-on (e.g. bond, fee) that can be applied to subcontracts", {
            "Addon": "add-on number",
            "Description": "add-on description",
            "Type": ("how the add-on is computed", {"P": "percent", "A": "amount"}),
            "Pct": "percent", "Amount": "amount",
        }),
    ],
    "relationships": [
        # SL is nullable in the DDL of these tables, but Vista always fills it
        ("SLIT", "SLHD", "SLCo SL", {"required": True}),
        ("SLCD", "SLIT", "SLCo SL SLItem", {"required": True}),
        ("SLCD", "SLHD", "SLCo SL", {"required": True}),
        ("SLWI", "SLIT", "SLCo SL SLItem", {"required": True}),
        ("SLWI", "SLHD", "SLCo SL", {"required": True}),
        ("SLHD", "APVM", "VendorGroup Vendor"),
        ("SLHD", "JCJM", "JCCo Job"),
        ("SLIT", "JCCH", "JCCo Job PhaseGroup Phase JCCType=CostType", {"required": False}),
        ("SLCT", "HQCP", "CompCode"),
        ("SLWI", "SLWH", "SLCo UserName SL"),
        ("SLIT", "SLAD", "SLCo Addon", {"required": False}),
    ],
}

GL = {
    "title": "General Ledger",
    "notes": """
        GLAC is the chart of accounts per GL company; AcctType is A asset, L liability, C
        capital (equity), I income, E expense, M memo. GLDT holds every posted GL entry
        (Amount is positive for debits and negative for credits, Jrnl the journal, Source the
        posting module); GLBL keeps each account's monthly NetActivity, Debits and Credits,
        and GLYB the balance brought forward at the start of a fiscal year, so a balance at a
        month is the year's beginning balance plus the year's NetActivity through that month.
        GLFP maps each month to its fiscal year and period. Income statement accounts are
        AcctType I and E; sum Amount by account for activity.
    """,
    "tables": [
        T("GLAC", "GL account: one account in a GL company's chart of accounts", {
            "GLAcct": "GL account number (formatted by parts)",
            "Description": "account name",
            "AcctType": ("account type", {
                "A": "asset", "L": "liability", "C": "capital/equity", "I": "income",
                "E": "expense", "M": "memo"}),
            "SubType": "subledger the account belongs to (e.g. AP, AR, JC), if any",
            "NormBal": ("normal balance", {"D": "debit", "C": "credit"}),
            "Active": "account is active",
            "SummaryAcct": "account that summarizes this one",
            "Part1": "first account part (e.g. main account)",
        }),
        T("GLDT", "GL detail: one posted GL entry", {
            "GLTrans": "GL transaction number within company and month",
            "GLAcct": "GL account (GLAC)",
            "Jrnl": "journal (GLJR)",
            "GLRef": "GL reference (batch reference)",
            "SourceCo": "company of the posting module",
            "ActDate": "actual date",
            "DatePosted": "date posted",
            "Description": "entry description",
            "Amount": "amount: debit positive, credit negative",
            "Adjust": ("posted in the adjustment period", YN),
        }, key=["GLCo", "Mth", "GLTrans"]),
        T("GLBL", "GL balance: one account's activity for one month", {
            "NetActivity": "net activity in the month (debits - credits)",
            "Debits": "debits in the month",
            "Credits": "credits in the month",
        }),
        T("GLCO", "GL company parameters: one row per GL company", {
            "LastMthSubClsd": "last month closed in the subledgers",
            "LastMthGLClsd": "last month closed in GL",
            "MaxOpen": "months that may be open at once",
            "LastMthAPClsd": "last month closed in AP",
            "LastMthARClsd": "last month closed in AR",
        }),
        T("GLFP", "GL fiscal period: which fiscal year and period a month belongs to", {
            "FiscalPd": "fiscal period number (1-12)",
            "FiscalYr": "fiscal year",
        }, key=["GLCo", "Mth"]),
        T("GLJR", "GL journal: one journal code of a GL company", {
            "Jrnl": "journal code",
            "Description": "journal name",
            "Rev": "entries in this journal auto-reverse",
        }),
        T("GLFY", "GL fiscal year: one fiscal year of a GL company", {
            "FYEMO": "fiscal year ending month",
            "BeginMth": "first month of the fiscal year",
            "FiscalYear": "fiscal year",
        }),
        T("GLYB", "GL year beginning balance: one account's balance brought forward into a fiscal year", {
            "FYEMO": "fiscal year ending month (GLFY)",
            "BeginBal": "balance at the start of the fiscal year",
            "NetAdj": "net adjustments (adjustment period)",
        }),
        T("GLAS", "GL account summary: net amount by account, month, journal, reference and source", {
            "Jrnl": "journal", "GLRef": "GL reference", "SourceCo": "source company",
            "NetAmt": "net amount",
            "Adjust": "adjustment period entry",
        }),
        T("GLRF", "GL reference: one journal reference (entry header) in a month", {
            "Jrnl": "journal", "GLRef": "GL reference",
            "Description": "reference description",
            "Adjust": "adjustment period reference",
        }),
        T("GLBD", "GL budget detail: one account's budget amount for a budget code and month", {
            "BudgetCode": "budget code",
            "BudgetAmt": "budget amount",
        }),
        T("GLPI", "GL account part instance: the name of one value of an account part", {
            "PartNo": "account part number",
            "Instance": "part value",
            "Description": "name of the part value (e.g. department name)",
        }),
    ],
    "relationships": [
        ("GLDT", "GLAC", "GLCo GLAcct"),
        ("GLBL", "GLAC", "GLCo GLAcct"),
        ("GLDT", "GLFP", "GLCo Mth"),
        ("GLBL", "GLFP", "GLCo Mth"),
        ("GLDT", "GLRF", "GLCo Mth Jrnl GLRef"),
        ("GLYB", "GLAC", "GLCo GLAcct"),
        ("GLYB", "GLFY", "GLCo FYEMO"),
        ("GLAS", "GLAC", "GLCo GLAcct"),
        ("GLAS", "GLRF", "GLCo Mth Jrnl GLRef"),
        ("GLBD", "GLAC", "GLCo GLAcct"),
        ("GLRF", "GLJR", "GLCo Jrnl"),
    ],
}

PR = {
    "title": "Payroll",
    "notes": """
        PREH is the employee master per PR company (ActiveYN, HireDate, TermDate, PRGroup,
        craft and class, default job). Timecards are PRTH rows, one per posted entry, keyed by
        PRCo, PRGroup, PREndDate (the pay period end), Employee, PaySeq and PostSeq; Hours,
        Rate and Amt are earnings by job, phase and earnings code. Processed pay is in PRDT,
        one row per employee, pay period, pay sequence and earnings/deduction/liability code
        (EDLType E, D or L; EDLCode points at PREC for earnings and PRDL for deductions and
        liabilities). PREA accumulates the same amounts by employee and month, which is the
        table for year-to-date totals. PRPC is the pay period control: Status 0 open, 1 closed.
    """,
    "tables": [
        T("PREH", "PR employee header: one employee of a PR company", {
            "LastName": "last name", "FirstName": "first name", "MidName": "middle name",
            "Sex": ("sex", {"M": "male", "F": "female"}),
            "BirthDate": "birth date",
            "HireDate": "most recent hire date",
            "TermDate": "termination date",
            "PRDept": "PR department (PRDP)",
            "InsCode": "workers' comp insurance code",
            "TaxState": "tax state",
            "Job": "default job",
            "Crew": "default crew",
            "EarnCode": "default earnings code (PREC)",
            "HrlyRate": "hourly rate",
            "SalaryAmt": "salary per pay period",
            "DirDeposit": ("direct deposit", {"N": "none", "P": "prenote", "A": "active"}),
            "ActiveYN": "active employee",
            "Email": "e-mail address",
        }),
        T("PRTH", "PR timecard header: one posted timecard entry (hours and earnings)", {
            "PostSeq": "posting sequence",
            "Type": ("timecard type", {"J": "job", "M": "mechanic (equipment)"}),
            "PostDate": "work date",
            "JCDept": "JC department",
            "PRDept": "PR department",
            "Crew": "crew",
            "EarnCode": "earnings code (PREC)",
            "Shift": "shift",
            "Hours": "hours worked",
            "Rate": "pay rate",
            "Amt": "earnings amount",
            "Cert": "certified payroll",
        }),
        T("PRDT", "PR detail: one earnings, deduction or liability amount of a paycheck", {
            "Hours": "hours", "Amount": "amount calculated",
            "SubjectAmt": "amount subject to the code", "EligibleAmt": "amount eligible",
            "UseOver": "override amount used", "OverAmt": "override amount",
        }),
        T("PREA", "PR employee accumulations: monthly totals per earnings/deduction/liability code", {
            "Hours": "hours in the month", "Amount": "amount in the month",
            "SubjectAmt": "subject amount", "EligibleAmt": "eligible amount",
        }),
        T("PRCO", "PR company parameters: one row per PR company", {
            "GLCo": "GL company payroll posts to",
            "CMCo": "CM company for paychecks",
            "APCo": "AP company for deduction/liability vendors",
            "JCCo": "JC company labor posts to",
            "EMCo": "EM company",
            "OfficeState": "office state",
        }),
        T("PRSQ", "PR pay sequence: one paycheck (employee, pay period, pay sequence) with its totals", {
            "PayMethod": ("payment method", {"C": "check", "E": "EFT"}),
            "CMRef": "check or EFT number",
            "ChkType": ("check type", {"C": "computer", "M": "manual"}),
            "PaidDate": "paid date", "PaidMth": "month paid",
            "Hours": "hours paid", "Earnings": "gross earnings",
            "Dedns": "total deductions (net pay = Earnings - Dedns)",
            "Processed": "pay has been processed",
        }),
        T("PRPC", "PR pay period control: one pay period of a payroll group", {
            "BeginDate": "first day of the pay period",
            "BeginMth": "month the period starts in",
            "EndMth": "month the period ends in",
            "Status": ("pay period status", {0: "open", 1: "closed"}),
            "DateClosed": "date closed",
        }),
        T("PRGR", "PR group: one payroll group (pay frequency, GL and bank accounts)", {
            "PRGroup": "payroll group number",
            "Description": "group name",
            "PayFreq": ("pay frequency", {"W": "weekly", "B": "biweekly", "S": "semi-monthly", "M": "monthly"}),
        }),
        T("PRDP", "PR department: one payroll department", {
            "PRDept": "PR department code",
            "Description": "department name",
        }),
        T("PREC", "PR earnings code: one earnings code (regular, overtime, ...)", {
            "EarnCode": "earnings code",
            "Description": "earnings code name",
            "Method": "calculation method",
            "Factor": "rate factor (1.5 for time and a half)",
            "TrueEarns": "true earnings (counted as hours worked)",
            "EarnType": "earnings type (HQET)",
            "JCCostType": "JC cost type labor posts to",
        }),
        T("PRDL", "PR deduction/liability code: one deduction or employer liability code", {
            "DLCode": "deduction/liability code",
            "Description": "code name",
            "DLType": ("deduction or liability", {"D": "deduction", "L": "liability"}),
            "Method": "calculation method",
            "RateAmt1": "rate or amount",
            "LimitAmt": "limit amount",
            "PreTax": "pre-tax deduction",
        }),
        T("PRED", "PR employee deduction/liability: one deduction or liability set up for an employee", {
            "DLCode": "deduction/liability code (PRDL)",
            "EmplBased": "based on the employee",
            "FileStatus": "tax filing status",
            "RegExempts": "regular exemptions",
            "RateAmt": "override rate or amount",
            "Limit": "override limit",
        }),
        T("PRAE", "PR auto earnings: one recurring earnings line added to an employee's pay", {
            "EarnCode": "earnings code (PREC)",
            "Seq": "sequence",
            "Hours": "hours",
            "RateAmt": "rate or amount",
            "Frequency": "frequency",
        }),
        T("PRCM", "PR craft master: one union craft", {
            "Craft": "craft code",
            "Description": "craft name",
            "EffectiveDate": "effective date of new rates",
        }),
        T("PRCC", "PR craft class: one class within a craft (journeyman, apprentice, ...)", {
            "Class": "class code",
            "Description": "class name",
            "EEOClass": "EEO class",
        }),
        T("PRCP", "PR craft class pay rate: hourly rate of a craft class for a shift", {
            "Shift": "shift",
            "OldRate": "rate before the craft's effective date",
            "NewRate": "rate from the craft's effective date",
        }),
        T("PRCR", "PR crew: one crew with its default job and phases", {
            "Crew": "crew code",
            "Description": "crew name",
            "Job": "default job",
        }),
        T("PRLV", "PR leave code: one leave type (vacation, sick, ...)", {
            "LeaveCode": "leave code",
            "Description": "leave name",
        }),
        T("PREL", "PR employee leave: one employee's balance for a leave code", {
            "LeaveCode": "leave code (PRLV)",
            "EligibleDate": "date the employee becomes eligible",
            "AvailBal": "available leave balance",
            "AvailBalDate": "date of the available balance",
        }),
        T("PRLH", "PR leave history: one leave accrual, usage or adjustment", {
            "Trans": "leave transaction number within company and month",
            "LeaveCode": "leave code (PRLV)",
            "ActDate": "date", "Type": "entry type (accrual, usage, ...)",
            "Amt": "hours accrued (+) or used (-)",
            "Description": "description",
        }),
        T("PRSI", "PR state information: one state a PR company withholds for", {
            "State": "state code",
            "TaxDedn": "state tax deduction code (PRDL)",
            "SUTALiab": "state unemployment liability code (PRDL)",
        }),
        T("PRLI", "PR local information: one local tax code", {
            "LocalCode": "local tax code",
            "Description": "local name",
            "State": "state",
            "TaxDedn": "local tax deduction code (PRDL)",
        }),
        T("PRIN", "PR insurance code: one workers' compensation code per state", {
            "State": "insurance state",
            "InsCode": "workers' comp code",
            "Description": "code description",
        }, key=["PRCo", "State", "InsCode"]),
    ],
    "relationships": [
        ("PRTH", "PREH", "PRCo Employee"),
        ("PRDT", "PREH", "PRCo Employee"),
        ("PREA", "PREH", "PRCo Employee"),
        ("PREH", "PRGR", "PRCo PRGroup"),
        ("PRDT", "PRSQ", "PRCo PRGroup PREndDate Employee PaySeq"),
        ("PRTH", "PRSQ", "PRCo PRGroup PREndDate Employee PaySeq", {"required": False, "desc": "the paycheck, once processed"}),
        ("PRDT", "PREC", "PRCo EDLCode=EarnCode", {"required": False, "desc": "when EDLType = 'E'"}),
        ("PRDT", "PRDL", "PRCo EDLCode=DLCode", {"required": False, "desc": "when EDLType is 'D' or 'L'"}),
        ("PREA", "PREC", "PRCo EDLCode=EarnCode", {"required": False, "desc": "when EDLType = 'E'"}),
        ("PREA", "PRDL", "PRCo EDLCode=DLCode", {"required": False, "desc": "when EDLType is 'D' or 'L'"}),
        ("PRTH", "PREC", "PRCo EarnCode"),
        ("PREH", "PREC", "PRCo EarnCode"),
        ("PRED", "PRDL", "PRCo DLCode"),
        ("PRAE", "PREC", "PRCo EarnCode"),
        ("PREL", "PRLV", "PRCo LeaveCode"),
        ("PRLH", "PRLV", "PRCo LeaveCode"),
        ("PRLH", "PREL", "PRCo Employee LeaveCode"),
        ("PREH", "PRCR", "PRCo Crew", {"required": False}),
        ("PRTH", "PRCR", "PRCo Crew", {"required": False}),
        ("PRLI", "PRSI", "PRCo State"),
        ("PREH", "PRSI", "PRCo TaxState=State", {"required": False}),
        ("PREH", "PRLI", "PRCo LocalCode", {"required": False}),
        ("PRTH", "PRLI", "PRCo LocalCode", {"required": False}),
        ("PREH", "PRIN", "PRCo InsState=State InsCode"),
        ("PRTH", "PRIN", "PRCo InsState=State InsCode", {"required": False}),
        ("PREC", "HQET", "EarnType"),
        ("PRSQ", "CMAC", "CMCo CMAcct"),
        ("PRGR", "CMAC", "CMCo CMAcct"),
    ],
}

PO = {
    "title": "Purchase Orders",
    "notes": """
        POHD is one purchase order with a vendor; POIT its items, each posted to a job, an
        inventory location, expense, equipment or work order (ItemType). Item amounts:
        OrigCost is the original order, CurCost the current order after change orders,
        RecvdCost what has been received, InvCost what the vendor has invoiced through AP,
        RemCost what is still open (committed, not invoiced), BOCost what is back-ordered.
        POHD.Status is 0 open, 1 complete, 2 closed, 3 pending. PORD holds receipts.
    """,
    "tables": [
        T("POHD", "PO header: one purchase order", {
            "Description": "PO description",
            "OrderDate": "order date",
            "OrderedBy": "who ordered",
            "ExpDate": "expected delivery date",
            "Status": ("PO status", STATUS_OCCP),
            "MthClosed": "month the PO was closed",
            "Approved": "approved",
        }),
        T("POIT", "PO item: one line of a purchase order", {
            "ItemType": ("what the item is posted to", ITEM_TYPE),
            "VendMatId": "vendor's material id",
            "Description": "item description",
            "RecvYN": "receiving is required before invoicing",
            "PostToCo": "company the item is posted to (JC, IN or EM company)",
            "JCCType": "JC cost type",
            "ReqDate": "required date",
            "OrigUnits": "original units", "OrigUnitCost": "original unit cost", "OrigCost": "original cost",
            "CurUnits": "current units", "CurUnitCost": "current unit cost", "CurCost": "current cost",
            "RecvdUnits": "units received", "RecvdCost": "cost received",
            "BOUnits": "units back-ordered", "BOCost": "cost back-ordered",
            "TotalCost": "total cost", "InvUnits": "units invoiced", "InvCost": "cost invoiced",
            "RemUnits": "units remaining", "RemCost": "cost remaining (open commitment)",
            "RequisitionNum": "requisition number",
        }),
        T("PORD", "PO receipt detail: one receipt of goods against a PO item", {
            "POTrans": "PO transaction number within company and month",
            "RecvdDate": "date received",
            "RecvdBy": "received by",
            "Description": "receipt description",
            "RecvdUnits": "units received",
            "RecvdCost": "cost received",
            "BOUnits": "units back-ordered",
            "BOCost": "cost back-ordered",
            "InvdFlag": "invoiced in AP",
            "APTrans": "AP transaction that invoiced the receipt",
            "APMth": "month of that AP transaction",
        }),
        T("POCD", "PO change detail: one change order posted to a PO item", {
            "POTrans": "PO transaction number",
            "ChangeOrder": "change order number",
            "Description": "change description",
            "ChangeCurUnits": "change in units",
            "CurUnitCost": "unit cost",
            "ChangeCurCost": "change in cost",
            "ChangeBOUnits": "change in back-ordered units",
            "ChangeBOCost": "change in back-ordered cost",
        }),
        T("POCT", "PO compliance tracking: one compliance requirement on a purchase order", {
            "CompCode": "compliance code (HQCP)",
            "Verify": "verify before paying",
            "ExpDate": "expiration date",
            "Complied": "complied",
        }),
        T("POCO", "PO company parameters: one row per PO company", {
            "CmtdDetailToJC": "post committed cost detail to JC",
            "ReceiptUpdate": "receipts update JC, EM and IN",
        }),
    ],
    "relationships": [
        ("POIT", "POHD", "POCo PO"),
        ("POHD", "APVM", "VendorGroup Vendor"),
        ("POIT", "JCJM", "JCCo Job", {"required": False}),
        ("POIT", "JCCH", "JCCo Job PhaseGroup Phase JCCType=CostType", {"required": False}),
        ("POCT", "HQCP", "CompCode"),
        ("PORD", "APTH", "POCo=APCo APMth=Mth APTrans", {"required": False, "desc": "AP invoice of a received line"}),
    ],
}

HQ = {
    "title": "Headquarters (shared masters)",
    "notes": """
        HQCO is the company master: one row per company number, with the groups its modules
        share (VendorGroup, CustGroup, PhaseGroup, MatlGroup, TaxGroup, EMGroup). Group-keyed
        masters (APVM, ARCM, JCCT, HQMT, HQTX) are shared by every company that uses the same
        group, so join them through the group column, not the company. HQMT is the material
        master, HQUM units of measure, HQTX tax codes and rates, HQPT payment terms, HQHC
        payment hold codes.
    """,
    "tables": [
        T("HQCO", "HQ company: one company with its shared groups", {
            "HQCo": "company number",
            "Name": "company name",
            "FedTaxId": "federal tax id",
            "VendorGroup": "vendor group used by the company",
            "MatlGroup": "material group",
            "PhaseGroup": "phase group",
            "CustGroup": "customer group",
            "TaxGroup": "tax group",
            "EMGroup": "EM group",
        }),
        T("HQMT", "HQ material: one material of a material group", {
            "Category": "material category (HQMC)",
            "Description": "material description",
            "StdUM": "standard unit of measure",
            "Cost": "standard cost",
            "Price": "standard price",
            "Stocked": "stocked in inventory",
            "Taxable": "taxable",
            "Type": "material type",
        }),
        T("HQUM", "HQ unit of measure: one unit (EA, LF, HR, ...)", {"UM": "unit of measure code"}),
        T("HQTX", "HQ tax code: one tax code of a tax group with its rate", {
            "Description": "tax code description",
            "MultiLevel": "combines several tax codes",
            "OldRate": "rate before the effective date",
            "NewRate": "rate from the effective date",
            "EffectiveDate": "date the new rate applies from",
        }),
        T("HQPT", "HQ payment terms: one payment terms code", {
            "DaysTillDisc": "days until the discount expires",
            "DaysTillDue": "days until due",
            "DiscRate": "discount rate",
        }),
        T("HQHC", "HQ hold code: one reason for holding payment", {}),
        T("HQGP", "HQ group: one group number (vendor, customer, phase, material, tax, EM group)", {
            "Grp": "group number",
            "Description": "group name",
        }),
        T("HQMC", "HQ material category: one material category of a material group", {
            "Category": "category code",
            "Description": "category name",
        }),
        T("HQCP", "HQ compliance code: one compliance requirement (insurance, license, lien waiver)", {
            "CompCode": "compliance code",
            "Description": "description",
            "CompType": ("how compliance is tracked", {"D": "by expiration date", "F": "by complied flag"}),
            "Verify": "verify before paying",
        }),
        T("HQST", "HQ state: one state or province", {"Name": "state name"}),
        T("HQRC", "HQ reason code: one reason code used on adjustments and changes", {
            "ReasonCode": "reason code",
        }),
        T("HQET", "HQ earnings type: one earnings type used by PR earnings codes", {
            "EarnType": "earnings type",
        }),
    ],
    "relationships": [
        ("HQMT", "HQMC", "MatlGroup Category"),
        ("HQCO", "HQGP", "VendorGroup=Grp", {"required": False}),
        ("HQCO", "HQGP", "CustGroup=Grp", {"required": False}),
        ("HQCO", "HQGP", "PhaseGroup=Grp", {"required": False}),
        ("HQCO", "HQGP", "MatlGroup=Grp", {"required": False}),
        ("HQCO", "HQGP", "TaxGroup=Grp", {"required": False}),
        ("HQCO", "HQGP", "EMGroup=Grp", {"required": False}),
        ("HQCO", "APVM", "VendorGroup Vendor", {"required": False}),
        ("HQCO", "ARCM", "CustGroup Customer", {"required": False}),
    ],
}

CM = {
    "title": "Cash Management",
    "notes": """
        CMAC is one bank account per CM company, tied to its GL cash account. CMDT holds every
        transaction posted to a bank account: CMTransType 0 adjustment, 1 check, 2 deposit,
        3 transfer, 4 EFT; checks and EFTs are negative amounts. A transaction is cleared when
        it appears on a bank statement: ClearDate and StmtDate are filled and ClearedAmt holds
        the cleared amount; Void = 'Y' marks voided checks. CMRef is the check, EFT or deposit
        number and matches APTD.CMRef for AP payments.
    """,
    "tables": [
        T("CMDT", "CM detail: one check, deposit, transfer, EFT or adjustment on a bank account", {
            "CMTrans": "CM transaction number within company and month",
            "StmtDate": "bank statement date it cleared on",
            "CMTransType": ("transaction type", {
                0: "adjustment", 1: "check", 2: "deposit", 3: "transfer", 4: "EFT"}),
            "Description": "description",
            "Amount": "amount (payments negative, deposits positive)",
            "ClearedAmt": "amount cleared by the bank",
            "CMRefSeq": "sequence for reused references",
            "Payee": "payee",
            "CMGLAcct": "GL cash account",
            "GLAcct": "offsetting GL account",
            "Void": "voided",
            "ClearDate": "date cleared",
        }),
        T("CMAC", "CM account: one bank account of a CM company", {
            "Description": "account name",
            "GLAcct": "GL cash account",
            "BankAcct": "bank account number",
            "BankName": "bank name",
        }),
        T("CMST", "CM statement: one bank statement of a bank account", {
            "StmtDate": "statement date",
            "BegBal": "beginning balance",
            "StmtBal": "statement ending balance",
            "WorkBal": "working (reconciled) balance",
            "Status": ("reconciliation status", {0: "open", 1: "closed"}),
        }),
        T("CMTT", "CM transfer: one transfer between two bank accounts", {
            "CMTransferTrans": "transfer transaction number",
            "FromCMCo": "CM company transferred from", "FromCMAcct": "account transferred from",
            "ToCMCo": "CM company transferred to", "ToCMAcct": "account transferred to",
            "Amount": "amount transferred",
            "ActDate": "transfer date",
        }),
        T("CMCO", "CM company parameters: one row per CM company", {
            "GLCo": "GL company CM posts to",
            "Jrnl": "GL journal",
        }),
    ],
    "relationships": [
        ("CMDT", "CMAC", "CMCo CMAcct"),
        ("CMDT", "CMST", "CMCo CMAcct StmtDate", {"required": False}),
        ("CMST", "CMAC", "CMCo CMAcct"),
        ("CMTT", "CMAC", "FromCMCo=CMCo FromCMAcct=CMAcct"),
        ("CMTT", "CMAC", "ToCMCo=CMCo ToCMAcct=CMAcct"),
        ("CMAC", "GLAC", "GLCo GLAcct"),
    ],
}

EM = {
    "title": "Equipment Management",
    "notes": """
        EMEM is the equipment master per EM company (Type E equipment or C component of
        another piece; Status A active, I inactive, D down). Equipment belongs to a category
        (EMCM) and department (EMDM). Revenue from using equipment on jobs is EMRD, keyed by
        revenue code (EMRC); costs (parts, fuel, repairs, depreciation) are EMCD by cost code
        (EMCC) and EM cost type. Current job and location are on EMEM (JCCo, Job, Location).
    """,
    "tables": [
        T("EMEM", "EM equipment: one piece of equipment or component", {
            "Location": "EM location (EMLM)",
            "Type": ("equipment or component", {"E": "equipment", "C": "component"}),
            "Category": "equipment category (EMCM)",
            "Manufacturer": "manufacturer", "Model": "model", "ModelYr": "model year",
            "VINNumber": "VIN / serial number",
            "Description": "equipment description",
            "Status": ("status", {"A": "active", "I": "inactive", "D": "down"}),
            "OdoReading": "odometer reading", "HourReading": "hour meter reading",
            "Job": "job the equipment is on",
            "Operator": "operator (PREH employee)",
            "InServiceDate": "date placed in service",
            "PurchasePrice": "purchase price", "PurchDate": "purchase date",
            "SoldDate": "date sold", "SalePrice": "sale price",
            "OwnershipStatus": "owned, leased, rented",
            "LastUsedDate": "date last used",
        }),
        T("EMCO", "EM company parameters: one row per EM company", {
            "GLCo": "GL company EM posts to", "JCCo": "JC company", "PRCo": "PR company",
        }),
        T("EMRD", "EM revenue detail: one equipment usage (revenue) posting", {
            "Trans": "EM transaction number within company and month",
            "RevCode": "revenue code (EMRC)",
            "Source": "posting source",
            "TransType": "what the usage was charged to (job, equipment, ...)",
            "PostDate": "posted date",
            "JCPhase": "job phase charged",
            "JCCostType": "JC cost type charged",
            "Employee": "operator",
            "RevGLAcct": "GL revenue account",
            "Memo": "memo",
            "Category": "equipment category",
            "WorkUnits": "work units", "TimeUnits": "time units (hours, days)",
            "Dollars": "revenue amount",
            "RevRate": "revenue rate",
        }),
        T("EMCD", "EM cost detail: one cost posted to a piece of equipment", {
            "EMTrans": "EM transaction number within company and month",
            "WorkOrder": "work order (EMWH)",
            "WOItem": "work order item",
            "CostCode": "EM cost code (EMCC)",
            "EMCostType": "EM cost type (EMCT)",
            "EMTransType": "transaction type (fuel, parts, depreciation, ...)",
            "Description": "description",
            "GLTransAcct": "GL account",
            "APVendor": "AP vendor",
            "APRef": "vendor invoice number",
            "Units": "units", "Dollars": "cost amount",
            "UnitPrice": "unit price",
            "TotalCost": "total cost",
            "CurrentHourMeter": "hour meter at posting",
            "CurrentOdometer": "odometer at posting",
        }),
        T("EMCM", "EM category: one equipment category of an EM company", {
            "Category": "category code",
            "Description": "category name",
        }),
        T("EMDM", "EM department: one equipment department", {
            "Department": "department code",
            "Description": "department name",
            "DepreciationAcct": "GL depreciation account",
        }),
        T("EMLM", "EM location: one equipment yard or location", {
            "EMLoc": "location code",
            "Description": "location name",
            "Active": ("active", YN),
        }),
        T("EMCC", "EM cost code: one equipment cost code of an EM group", {
            "CostCode": "cost code",
            "Description": "cost code name",
        }, company=None),
        T("EMCT", "EM cost type: one equipment cost type of an EM group (parts, labor, fuel, ...)", {
            "CostType": "EM cost type number",
            "Description": "cost type name",
            "Abbreviation": "short name",
        }, company=None),
        T("EMRC", "EM revenue code: one way equipment usage is charged (hourly, daily, ...)", {
            "RevCode": "revenue code",
            "Description": "revenue code name",
            "Basis": ("charge basis", {"H": "hours (time)", "U": "units (work)"}),
            "WorkUM": "work unit of measure",
            "TimeUM": "time unit of measure",
        }, company=None),
        T("EMRR", "EM revenue rate by category: the rate charged for a category and revenue code", {
            "Category": "equipment category (EMCM)",
            "RevCode": "revenue code (EMRC)",
            "Rate": "rate",
        }),
        T("EMWH", "EM work order header: one maintenance work order", {
            "WorkOrder": "work order number",
            "Description": "description",
            "Shop": "shop",
            "Mechanic": "mechanic (PREH employee)",
            "DateCreated": "date created", "DateDue": "date due", "DateSched": "date scheduled",
            "Complete": "work order complete",
        }),
        T("EMWI", "EM work order item: one repair line of a work order", {
            "WorkOrder": "work order (EMWH)",
            "WOItem": "work order item",
            "Description": "repair description",
            "InHseSubFlag": ("in-house or outside repair", {"I": "in-house", "O": "outside"}),
            "StatusCode": "item status code",
            "RepairType": "repair type",
            "Mechanic": "mechanic",
            "EstHrs": "estimated hours",
            "DateCreated": "date created", "DateDue": "date due", "DateCompl": "date completed",
        }),
        T("EMMR", "EM meter reading: one hour meter / odometer reading", {
            "EMTrans": "EM transaction number",
            "ReadingDate": "reading date",
            "CurrentHourMeter": "hour meter reading",
            "Hours": "hours since the previous reading",
            "CurrentOdometer": "odometer reading",
            "Miles": "miles since the previous reading",
        }),
        T("EMLH", "EM location history: one transfer of equipment to a job or location", {
            "Month": "batch month",
            "Trans": "transfer transaction number",
            "FromJob": "job moved from", "ToJob": "job moved to",
            "FromLocation": "location moved from", "ToLocation": "location moved to",
            "DateIn": "date in", "DateOut": "date out",
        }),
    ],
    "relationships": [
        ("EMEM", "EMLM", "EMCo Location=EMLoc", {"required": False}),
        ("EMEM", "PREH", "PRCo Operator=Employee", {"required": False}),
        ("EMRD", "JCCH", "JCCo Job PhaseGroup JCPhase=Phase JCCostType=CostType", {"required": False}),
        ("EMRD", "JCJP", "JCCo Job PhaseGroup JCPhase=Phase", {"required": False}),
        ("EMCD", "EMCT", "EMGroup EMCostType=CostType"),
        ("EMCD", "EMWH", "EMCo WorkOrder", {"required": False}),
        ("EMCD", "EMWI", "EMCo WorkOrder WOItem", {"required": False}),
        ("EMCD", "APVM", "VendorGrp=VendorGroup APVendor=Vendor", {"required": False}),
        ("EMWI", "EMWH", "EMCo WorkOrder"),
        ("EMRR", "EMRC", "EMGroup RevCode"),
        ("EMRD", "EMCM", "EMCo Category", {"required": False}),
        ("EMLH", "JCJM", "ToJCCo=JCCo ToJob=Job", {"required": False}),
        ("EMLH", "EMLM", "EMCo ToLocation=EMLoc", {"required": False}),
        ("EMWH", "PREH", "PRCo Mechanic=Employee", {"required": False}),
    ],
}

PM = {
    "title": "Project Management",
    "notes": """
        PM works on the same jobs as JC (PMCo = JCCo, Project = Job). Change orders start as
        pending change orders (PMOP header, one per PCOType and PCO) whose items (PMOI) become
        approved change order items (ACO, ACOItem) once approved; PMOH is the approved change
        order header and PMOL holds the phase/cost type estimate lines of each item.
        Approved change orders are sent to JC as JCOH/JCOI/JCOD. PMSL and PMMF are the
        subcontract and material detail planned in PM (RecordType O original, C change order),
        later interfaced to SL and PO. Firms and contacts (PMFM, PMPM) are shared by vendor
        group; RFIs (PMRI), submittals (PMSM), issues (PMIM), daily logs (PMDL) and other
        documents are per project. Document statuses are codes in PMSC.
    """,
    "tables": [
        T("PMCO", "PM company parameters: one row per PM company", {
            "APCo": "AP company", "SLCostType": "default subcontract cost type",
            "MtlCostType": "default material cost type",
        }, key=["PMCo"]),
        T("PMOP", "PM pending change order: one pending change order on a project", {
            "PCOType": "PCO document type (PMDT)",
            "PCO": "pending change order number",
            "Description": "change order description",
            "PendingStatus": "pending status",
            "ApprovalDate": "approval date",
            "IntExt": ("internal or external", {"I": "internal", "E": "external"}),
            "ROMAmount": "rough order of magnitude amount",
            "Status": "document status (PMSC)",
            "DateCreated": "date created",
        }),
        T("PMOI", "PM change order item: one item of a pending or approved change order", {
            "PCOType": "PCO document type", "PCO": "pending change order", "PCOItem": "PCO item",
            "ACO": "approved change order", "ACOItem": "approved change order item",
            "Description": "item description",
            "Status": "document status (PMSC)",
            "ApprovedDate": "date approved",
            "Units": "units", "UnitPrice": "unit price",
            "PendingAmount": "pending revenue amount",
            "ApprovedAmt": "approved revenue amount",
            "ContractItem": "contract item changed (JCCI)",
            "Approved": "approved",
        }),
        T("PMOL", "PM change order detail: one phase cost type estimate line of a change order item", {
            "PCOType": "PCO document type", "PCO": "pending change order", "PCOItem": "PCO item",
            "ACO": "approved change order", "ACOItem": "approved change order item",
            "EstUnits": "estimated units", "EstHours": "estimated hours",
            "UnitCost": "unit cost", "EstCost": "estimated cost",
            "Subcontract": "subcontract the change goes to",
            "PurchaseAmt": "purchase amount",
        }),
        T("PMOH", "PM approved change order header: one approved change order on a project", {
            "ACO": "approved change order number",
            "Description": "change order description",
            "ChangeDays": "days added",
            "NewCmplDate": "new completion date",
            "IntExt": ("internal or external", {"I": "internal", "E": "external"}),
            "ApprovalDate": "approval date",
            "ApprovedBy": "approved by",
            "ReadyForAcctg": "ready to be sent to accounting",
        }),
        T("PMSL", "PM subcontract detail: one planned subcontract line on a project", {
            "Seq": "sequence",
            "RecordType": ("original or change", {"O": "original", "C": "change order"}),
            "SLItemDescription": "subcontract item description",
            "SLItemType": ("subcontract item type", SL_ITEM_TYPE),
            "Units": "units", "UnitCost": "unit cost", "Amount": "amount",
            "InterfaceDate": "date sent to SL",
            "SendFlag": "send to SL",
        }),
        T("PMMF", "PM material detail: one planned material line (PO or MO) on a project", {
            "Seq": "sequence",
            "RecordType": ("original or change", {"O": "original", "C": "change order"}),
            "MaterialGroup": "material group", "MaterialCode": "material (HQMT)",
            "MtlDescription": "material description",
            "Units": "units", "UnitCost": "unit cost", "Amount": "amount",
            "InterfaceDate": "date sent to PO or IN",
            "SendFlag": "send to PO/IN",
        }),
        T("PMFM", "PM firm master: one firm (architect, owner, subcontractor, ...) of a vendor group", {
            "FirmNumber": "firm number",
            "FirmName": "firm name",
            "FirmType": "firm type",
            "Vendor": "AP vendor of the firm, if any",
            "ContactName": "main contact",
        }, company=None),
        T("PMPM", "PM contact: one person at a firm", {
            "FirmNumber": "firm (PMFM)",
            "ContactCode": "contact number",
            "LastName": "last name", "FirstName": "first name",
            "Title": "title",
            "EMail": "e-mail address",
        }, company=None, key=["VendorGroup", "FirmNumber", "ContactCode"]),
        T("PMPF", "PM project firm: one firm contact on a project team", {
            "Seq": "sequence",
            "FirmNumber": "firm (PMFM)",
            "ContactCode": "contact (PMPM)",
            "Description": "role on the project",
        }),
        T("PMRI", "PM RFI: one request for information on a project", {
            "RFIType": "RFI document type (PMDT)",
            "RFI": "RFI number",
            "Subject": "subject",
            "RFIDate": "date of the RFI",
            "Status": "document status (PMSC)",
            "ResponsibleFirm": "firm responsible for answering",
            "DateDue": "response due date",
            "DateRecd": "date the response was received",
            "ImpactCosts": "cost impact",
            "ImpactDays": "schedule impact in days",
        }, key=["PMCo", "Project", "RFIType", "RFI"]),
        T("PMSM", "PM submittal: one submittal revision on a project", {
            "Submittal": "submittal number",
            "SubmittalType": "submittal document type (PMDT)",
            "Rev": "revision",
            "Description": "description",
            "Status": "document status (PMSC)",
            "DateReqd": "date required",
            "DateRecd": "date received",
            "DateRetd": "date returned",
            "SpecNumber": "specification section",
        }),
        T("PMIM", "PM issue: one issue logged on a project", {
            "Issue": "issue number",
            "Description": "issue description",
            "DateInitiated": "date raised",
            "DateResolved": "date resolved",
            "Status": "issue status",
            "CostImpact": "cost impact",
            "DaysImpact": "schedule impact in days",
        }),
        T("PMDL", "PM daily log: one daily log of a project", {
            "LogDate": "log date",
            "DailyLog": "log number for the day",
            "Description": "summary",
            "Weather": "weather",
            "TempHigh": "high temperature", "TempLow": "low temperature",
        }),
        T("PMDT", "PM document type: one document type (PCO, RFI, submittal, ...)", {
            "DocType": "document type code",
            "DocCategory": "document category (e.g. PCO, RFI, SUBMIT)",
            "Description": "document type name",
        }, company=None),
        T("PMSC", "PM status code: one document status code", {
            "Status": "status code",
            "Description": "status name",
            "CodeType": "status kind",
        }, company=None),
    ],
    "relationships": [
        ("PMOI", "PMOP", "PMCo Project PCOType PCO", {"required": False}),
        ("PMOI", "PMOH", "PMCo Project ACO", {"required": False}),
        ("PMOL", "PMOI", "PMCo Project PCOType PCO PCOItem ACO ACOItem"),
        ("PMOL", "JCCH", "PMCo=JCCo Project=Job PhaseGroup Phase CostType", {"required": False}),
        ("PMOH", "JCOH", "PMCo=JCCo Project=Job ACO", {"required": False, "desc": "the change order once sent to JC"}),
        ("PMOI", "JCOI", "PMCo=JCCo Project=Job ACO ACOItem", {"required": False}),
        ("PMOI", "JCCI", "PMCo=JCCo Contract ContractItem=Item", {"required": False}),
        ("PMOP", "PMDT", "PCOType=DocType"),
        ("PMOI", "PMSC", "Status"),
        ("PMOP", "PMSC", "Status", {"required": False}),
        ("PMRI", "PMSC", "Status", {"required": False}),
        ("PMSM", "PMSC", "Status", {"required": False}),
        ("PMRI", "PMDT", "RFIType=DocType"),
        ("PMSM", "PMDT", "SubmittalType=DocType"),
        ("PMSL", "PMOI", "PMCo Project PCOType PCO PCOItem ACO ACOItem", {"required": False}),
        ("PMSL", "JCCH", "PMCo=JCCo Project=Job PhaseGroup Phase CostType", {"required": False}),
        ("PMMF", "HQMT", "MaterialGroup=MatlGroup MaterialCode=Material", {"required": False}),
        ("PMMF", "JCCH", "PMCo=JCCo Project=Job PhaseGroup Phase CostType", {"required": False}),
        ("PMPM", "PMFM", "VendorGroup FirmNumber"),
        ("PMPF", "PMFM", "VendorGroup FirmNumber"),
        ("PMPF", "PMPM", "VendorGroup FirmNumber ContactCode"),
        ("PMRI", "PMFM", "VendorGroup ResponsibleFirm=FirmNumber", {"required": False}),
        ("PMSM", "PMFM", "VendorGroup ResponsibleFirm=FirmNumber", {"required": False}),
        ("PMIM", "PMFM", "VendorGroup FirmNumber", {"required": False}),
        ("PMFM", "APVM", "VendorGroup Vendor", {"required": False}),
    ],
}

IN = {
    "title": "Inventory",
    "notes": """
        INLM lists the stocking locations of an IN company; INMT holds each material at a
        location with its quantities (OnHand, OnOrder, Alloc, RecvdNInvcd) and costs (AvgCost,
        LastCost, StdCost; ECM says the cost is per each, hundred or thousand), so inventory
        value is OnHand * AvgCost / ECM factor. INDT is every posted inventory movement
        (receipts, usage on jobs and equipment, sales, transfers, adjustments) with stock
        units and cost. Material orders (INMO header, INMI items) reserve stock for jobs.
        Materials themselves are defined once per material group in HQMT.
    """,
    "tables": [
        T("INLM", "IN location: one inventory location (warehouse, yard) of an IN company", {
            "Description": "location name",
            "Active": "active location",
            "LocGroup": "location group",
            "CostMethod": "costing method",
            "InvGLAcct": "GL inventory account",
        }),
        T("INMT", "IN material by location: one material stocked at a location with its quantities", {
            "LastVendor": "last vendor bought from",
            "LastCost": "last cost", "AvgCost": "average cost", "StdCost": "standard cost",
            "StdPrice": "standard price",
            "LowStock": "low-stock level", "ReOrder": "re-order quantity",
            "PhyLoc": "physical location (bin)",
            "LastCntDate": "last physical count date",
            "OnHand": "units on hand",
            "RecvdNInvcd": "units received, not invoiced",
            "Alloc": "units allocated",
            "OnOrder": "units on order",
            "Booked": "units booked",
        }),
        T("INDT", "IN detail: one posted inventory transaction", {
            "INTrans": "IN transaction number within company and month",
            "TransType": "transaction type (purchase, usage, sale, transfer, adjustment, ...)",
            "Source": "posting source",
            "Description": "description",
            "PostedUM": "unit of measure posted",
            "PostedUnits": "units posted",
            "PostedUnitCost": "unit cost posted",
            "PostedTotalCost": "total cost posted",
            "StkUM": "stocking unit of measure",
            "StkUnits": "units in stocking UM (+ in, - out)",
            "StkUnitCost": "stocking unit cost",
            "StkTotalCost": "total cost in stocking units",
            "UnitPrice": "unit price (sales)",
            "TotalPrice": "total price (sales)",
            "TrnsfrLoc": "transfer location",
        }),
        T("INMO", "IN material order header: one material order for a job", {
            "MO": "material order number",
            "Description": "description",
            "OrderDate": "order date",
            "OrderedBy": "ordered by",
            "Status": ("material order status", STATUS_OCCP),
            "MthClosed": "month closed",
        }),
        T("INMI", "IN material order item: one material line of a material order", {
            "MO": "material order (INMO)",
            "MOItem": "item number",
            "Description": "description",
            "ReqDate": "required date",
            "OrderedUnits": "units ordered",
            "UnitPrice": "unit price",
            "TotalPrice": "total price",
            "ConfirmedUnits": "units confirmed (issued)",
            "RemainUnits": "units remaining",
        }),
        T("INCO", "IN company parameters: one row per IN company", {
            "GLCo": "GL company IN posts to",
            "CostMethod": "default costing method",
        }),
    ],
    "relationships": [
        ("INMI", "INMO", "INCo MO"),
        ("INMI", "INMT", "INCo Loc MatlGroup Material"),
        ("INMI", "JCCH", "JCCo Job PhaseGroup Phase JCCType=CostType", {"required": False}),
        ("INDT", "INMO", "INCo MO", {"required": False}),
        ("INDT", "INMI", "INCo MO MOItem", {"required": False}),
    ],
}

JB = {
    "title": "Job Billing",
    "notes": """
        JB produces contract invoices: JBIN is one bill (BillMonth, BillNumber) for a contract
        and customer, with its totals (InvTotal, InvRetg, InvDue, previous amounts), and JBIT
        the billed amounts per contract item (AmtBilled, RetgBilled, WC work completed, SM
        stored materials). Time-and-materials bills have lines in JBIL built from JC cost
        transactions listed in JBIJ. Interfaced bills become AR invoices (JBIN.ARTrans) and
        update JCCI/JCID billed amounts.
    """,
    "tables": [
        T("JBIN", "JB bill header: one contract bill (progress or T&M invoice)", {
            "BillMonth": "bill month",
            "BillNumber": "bill number within company and month",
            "Invoice": "invoice number",
            "InvStatus": "bill status",
            "Application": "pay application number",
            "InvDate": "invoice date",
            "DueDate": "due date",
            "FromDate": "billing period start",
            "ToDate": "billing period end",
            "ARTrans": "AR transaction the bill created",
            "InvTotal": "invoice total",
            "InvRetg": "retainage held on this bill",
            "RetgRel": "retainage released",
            "InvTax": "tax",
            "InvDue": "amount due",
            "PrevAmt": "amount billed on previous bills",
            "CurrContract": "current contract amount",
            "WC": "work completed this bill",
            "SM": "stored materials this bill",
        }),
        T("JBIT", "JB bill item: one contract item's amounts on a bill", {
            "BillMonth": "bill month", "BillNumber": "bill number (JBIN)",
            "UnitsBilled": "units billed", "AmtBilled": "amount billed",
            "RetgBilled": "retainage held", "RetgRel": "retainage released",
            "TaxAmount": "tax", "AmountDue": "amount due",
            "PrevAmt": "billed on previous bills",
            "WC": "work completed this bill", "WCRetg": "retainage on work completed",
            "SM": "stored materials this bill",
        }),
        T("JBIL", "JB bill line: one time-and-materials line of a bill", {
            "BillMonth": "bill month", "BillNumber": "bill number (JBIN)",
            "Line": "line number",
            "Description": "line description",
            "Basis": "cost basis", "MarkupTotal": "markup", "Total": "line total",
            "Retainage": "retainage",
        }),
        T("JBIJ", "JB bill line JC detail: one JC cost transaction billed on a T&M line", {
            "BillMonth": "bill month", "BillNumber": "bill number (JBIN)",
            "Line": "bill line (JBIL)",
            "JCMonth": "JC month of the cost", "JCTrans": "JC cost transaction (JCCD.CostTrans)",
            "Hours": "hours", "Units": "units", "Amt": "amount billed",
        }),
        T("JBCO", "JB company parameters: one row per JB company", {}),
    ],
    "relationships": [
        ("JBIT", "JBIN", "JBCo BillMonth BillNumber"),
        ("JBIL", "JBIN", "JBCo BillMonth BillNumber"),
        ("JBIJ", "JBIN", "JBCo BillMonth BillNumber"),
        ("JBIJ", "JBIL", "JBCo BillMonth BillNumber Line", {"required": False}),
        ("JBIN", "JCCM", "JBCo=JCCo Contract", {"required": False}),
        ("JBIT", "JCCI", "JBCo=JCCo Contract Item", {"required": False}),
        ("JBIL", "JCCI", "JBCo=JCCo Contract Item", {"required": False}),
        ("JBIL", "JCJM", "JBCo=JCCo Job", {"required": False}),
    ],
}

MS = {
    "title": "Material Sales",
    "notes": """
        MS records material sold or hauled from a location, one ticket per MSTD row. SaleType
        says who bought it: C customer (CustGroup, Customer), J job (JCCo, Job), I inventory
        (another IN location). MatlTotal is the material sale amount, HaulTotal the haul
        charge, TaxTotal the tax; MatlUnits the quantity. Quotes (MSQH header, MSQD material
        lines) hold the prices agreed with a customer or job.
    """,
    "tables": [
        T("MSTD", "MS ticket detail: one material sale or haul ticket", {
            "MSTrans": "MS transaction number within company and month",
            "SaleDate": "sale date",
            "Ticket": "ticket number",
            "FromLoc": "location the material came from (INLM)",
            "SaleType": ("who bought it", {"C": "customer", "J": "job", "I": "inventory"}),
            "CustJob": "customer's job", "CustPO": "customer's PO",
            "Hold": "on hold",
            "MatlUnits": "units sold",
            "UnitPrice": "unit price",
            "MatlTotal": "material sale amount",
            "MatlCost": "material cost",
            "HaulerType": ("who hauled it", {"N": "no haul", "E": "company equipment", "H": "haul vendor"}),
            "HaulTotal": "haul charge",
            "TaxTotal": "sales tax",
            "Loads": "loads", "Miles": "miles", "Hours": "hours",
        }),
        T("MSQH", "MS quote header: one price quote to a customer, job or location", {
            "Quote": "quote number",
            "QuoteType": ("quote for", {"C": "customer", "J": "job", "I": "inventory"}),
            "Description": "description",
            "Active": "active quote",
            "QuoteDate": "quote date",
            "ExpDate": "expiration date",
        }),
        T("MSQD", "MS quote detail: one material price on a quote", {
            "Quote": "quote (MSQH)",
            "FromLoc": "location",
            "QuoteUnits": "units quoted",
            "UnitPrice": "quoted unit price",
            "OrderUnits": "units ordered",
            "SoldUnits": "units sold",
        }),
        T("MSCO", "MS company parameters: one row per MS company", {
            "GLCo": "GL company", "APCo": "AP company", "ARCo": "AR company",
        }),
    ],
    "relationships": [
        ("MSTD", "INLM", "MSCo=INCo FromLoc=Loc"),
        ("MSQD", "MSQH", "MSCo Quote"),
        ("MSQD", "INLM", "MSCo=INCo FromLoc=Loc"),
        ("MSTD", "JCJP", "JCCo Job PhaseGroup MatlPhase=Phase", {"required": False}),
    ],
}

MODULES = {
    "AP": AP, "AR": AR, "JC": JC, "SL": SL, "GL": GL, "PR": PR, "PO": PO, "PM": PM,
    "EM": EM, "HQ": HQ, "CM": CM, "IN": IN, "JB": JB, "MS": MS,
}
# -- the writer -----------------------------------------------------------------------------


def _scalar(v) -> str:
    """A YAML flow scalar, quoted whenever plain text could read as something else."""
    s = str(v)
    if s and all(ch.isalnum() or ch in "_" for ch in s) and not s[0].isdigit():
        if s.lower() not in {"y", "n", "yes", "no", "true", "false", "on", "off", "null", "none"}:
            return s
    return json.dumps(s, ensure_ascii=False)


def _flow(d: dict) -> str:
    parts = []
    for k, v in d.items():
        if isinstance(v, dict):
            inner = ", ".join(f"{_scalar(a)}: {_scalar(b)}" for a, b in v.items())
            parts.append(f"{k}: {{{inner}}}")
        elif isinstance(v, bool):
            parts.append(f"{k}: {'true' if v else 'false'}")
        elif isinstance(v, list):
            parts.append(f"{k}: [{', '.join(_scalar(x) for x in v)}]")
        elif v is None:
            parts.append(f"{k}: null")
        else:
            parts.append(f"{k}: {_scalar(v)}")
    return "{" + ", ".join(parts) + "}"


def _company(spec: T, cols: list[dict], key: list[str]) -> str | None:
    if spec.company is not ...:
        return spec.company
    names = {c["name"] for c in cols}
    own = spec.name[:2] + "Co"
    if own in names:
        return own
    first = next((c for c in cols if key and c["name"] == key[0]), None)
    if first and first["vista_type"] == "bCompany":
        return first["name"]
    return None


def build_table(spec: T, facts: dict) -> dict:
    base = facts["views"].get(spec.name)
    if base is None:
        raise SystemExit(f"{spec.name}: not a view in the facts")
    fact = facts["tables"][base]
    key = fact["key"] or spec.key
    if not key:
        raise SystemExit(f"{spec.name}: the facts have no key; give one")
    if fact["key"] and spec.key and spec.key != fact["key"]:
        raise SystemExit(f"{spec.name}: curated key differs from the facts")
    names = {c["name"] for c in fact["columns"]}
    unknown = set(spec.cols) - names
    if unknown:
        raise SystemExit(f"{spec.name}: curated columns not in the facts: {sorted(unknown)}")
    columns = []
    for c in fact["columns"]:
        col = {"name": c["name"], "type": c["type"]}
        if c["vista_type"]:
            col["udt"] = c["vista_type"]
        col["nullable"] = c["nullable"]
        if c["identity"]:
            col["identity"] = True
        cur = spec.cols.get(c["name"], GENERIC.get(c["name"]))
        desc, values = (cur if isinstance(cur, tuple) else (cur, None)) if cur else (None, None)
        if desc and desc.endswith(f" ({spec.name})"):  # "vendor number (APVM)" on APVM itself
            desc = desc[: -len(spec.name) - 3]
        values = values or UDT_VALUES.get(c["vista_type"] or "")
        if desc:
            col["description"] = desc
        if values:
            col["values"] = {str(k): str(v) for k, v in values.items()}
        columns.append(col)
    return {
        "name": spec.name,
        "base": base,
        "module": fact["module"],
        "description": spec.desc,
        "key": key,
        "company": _company(spec, fact["columns"], key),
        "columns": columns,
    }


def _rel(frm: str, to: str, join: dict, required: bool, desc: str | None = None) -> dict:
    r = {"from": frm, "to": to, "join": join}
    if desc:
        r["description"] = desc
    if not required:
        r["required"] = False
    return r


def _parse_join(spec: str) -> dict[str, str]:
    out = {}
    for part in spec.split():
        a, _, b = part.partition("=")
        out[a] = b or a
    return out


def build_relationships(tables: dict[str, dict], explicit: list[tuple]) -> list[dict]:
    """Curated relationships first, then the ones that follow from shared column patterns."""
    rels: list[dict] = []
    seen: set[tuple] = set()

    def add(frm, to, join, required=None, desc=None, self_ok=False):
        if frm not in tables or to not in tables or (frm == to and not self_ok):
            return
        fcols = {c["name"]: c for c in tables[frm]["columns"]}
        tcols = {c["name"] for c in tables[to]["columns"]}
        if not all(a in fcols for a in join) or not all(b in tcols for b in join.values()):
            return
        sig = (frm, to, tuple(sorted(join.items())))
        if sig in seen:
            return
        seen.add(sig)
        if required is None:
            required = not any(fcols[a]["nullable"] for a in join)
        rels.append(_rel(frm, to, join, required, desc))

    for item in explicit:
        frm, to, join = item[0], item[1], _parse_join(item[2])
        opts = item[3] if len(item) > 3 else {}
        fcols = {c["name"] for c in tables.get(frm, {"columns": []})["columns"]}
        tcols = {c["name"] for c in tables.get(to, {"columns": []})["columns"]}
        if frm not in tables or to not in tables:
            print(f"skipped {frm}->{to}: table not in the catalog yet", file=sys.stderr)
            continue
        if not set(join) <= fcols or not set(join.values()) <= tcols:
            raise SystemExit(f"relationship {frm}->{to}: unknown column in {join}")
        add(frm, to, join, opts.get("required"), opts.get("desc"), self_ok=True)
    for name, t in tables.items():
        co = t["company"]
        co_table = name[:2] + "CO"
        if co and co_table in tables and tables[co_table]["key"] == [co_table[:2] + "Co"]:
            # a company column in the key is always filled, even where the DDL allows null
            add(name, co_table, {co: co_table[:2] + "Co"}, True if co in t["key"] else None)
        if name.endswith("CO") and name != "HQCO" and co:
            add(name, "HQCO", {co: "HQCo"}, True)
    for cols, to in PATTERNS:
        join = _parse_join(cols)
        for name in tables:
            add(name, to, join)
    return rels


def write_module(code: str, mod: dict, tables: list[dict], rels: list[dict]) -> str:
    lines = [f"module: {code}", f"title: {_scalar(mod['title'])}"]
    lines.append("notes: " + json.dumps(" ".join(mod["notes"].split()), ensure_ascii=False))
    lines.append("tables:")
    for t in tables:
        lines.append(f"  - name: {t['name']}")
        lines.append(f"    base: {t['base']}")
        lines.append(f"    description: {json.dumps(t['description'], ensure_ascii=False)}")
        lines.append(f"    key: [{', '.join(t['key'])}]")
        lines.append(f"    company: {t['company'] or 'null'}")
        lines.append("    columns:")
        for c in t["columns"]:
            lines.append(f"      - {_flow(c)}")
        lines.append("")
    if rels:
        lines.append("relationships:")
        for r in rels:
            lines.append(f"  - {_flow(r)}")
    return "\n".join(lines).rstrip() + "\n"


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--facts", type=Path, default=FACTS)
    ap.add_argument("--out", type=Path, default=OUT, help="folder to write the module files to")
    args = ap.parse_args(argv)
    facts = json.loads(args.facts.read_text())
    tables: dict[str, dict] = {}
    owner: dict[str, str] = {}
    for code, mod in MODULES.items():
        for spec in mod["tables"]:
            if spec.name in tables:
                raise SystemExit(f"{spec.name} is listed twice")
            tables[spec.name] = build_table(spec, facts)
            owner[spec.name] = code
    explicit = [r for mod in MODULES.values() for r in mod.get("relationships", [])]
    rels = build_relationships(tables, explicit)
    texts = {}
    for code, mod in MODULES.items():
        mine = [t for t in tables.values() if owner[t["name"]] == code]
        for t in mine:
            t.pop("module")
        texts[code] = write_module(code, mod, mine, [r for r in rels if owner[r["from"]] == code])
    # validate the whole catalog with the package's own loader before touching any file:
    # teammates load the embedded catalog while this runs
    docs = [(yaml.safe_load(text), f"{code.lower()}.yaml") for code, text in texts.items()]
    build_catalog(docs, {}, "catalog_seed")
    for code, text in texts.items():
        write_text(args.out / f"{code.lower()}.yaml", text)
    print(f"{len(tables)} tables in {len(MODULES)} modules, {len(rels)} relationships")


if __name__ == "__main__":
    main()
