"""Statement corpora: legitimate Vista SELECTs and hostile statements.

The guard tests (tests/sql) assert every HOSTILE statement is rejected and every LEGIT one is
accepted; `vgpt sql bench` checks them and token-level mutations of them. Every name in LEGIT is
a real Vista table or column (checked against vista_facts.json).
"""

LEGIT = [
    "SELECT APCo, Mth, APTrans, Vendor, InvTotal FROM APTH WITH (NOLOCK) WHERE APCo = @APCo",
    "SELECT TOP 10 h.APRef, h.InvTotal FROM APTH h WITH (NOLOCK) WHERE h.APCo = 1 ORDER BY h.InvTotal DESC",
    "SELECT h.Vendor, v.Name, SUM(h.InvTotal) AS Total FROM APTH h WITH (NOLOCK) JOIN APVM v WITH (NOLOCK) "
    "ON v.VendorGroup = h.VendorGroup AND v.Vendor = h.Vendor WHERE h.APCo = @APCo GROUP BY h.Vendor, v.Name "
    "ORDER BY Total DESC",
    "SELECT d.APTrans, d.Amount, d.PaidDate FROM APTD d WITH (NOLOCK) WHERE d.APCo = @APCo AND d.Status = 3",
    "SELECT l.Job, SUM(l.GrossAmt) AS Gross FROM APTL l WITH (NOLOCK) WHERE l.APCo = 1 GROUP BY l.Job",
    "SELECT h.APRef, d.Amount FROM APTH h WITH (NOLOCK) INNER JOIN APTD d WITH (NOLOCK) ON d.APCo = h.APCo "
    "AND d.Mth = h.Mth AND d.APTrans = h.APTrans WHERE h.APCo = @APCo AND d.Status = 1",
    "WITH Open AS (SELECT APCo, Mth, APTrans, SUM(Amount) AS Due FROM APTD WITH (NOLOCK) WHERE APCo = @APCo "
    "AND Status = 1 GROUP BY APCo, Mth, APTrans) SELECT h.APRef, o.Due FROM Open o JOIN APTH h WITH (NOLOCK) "
    "ON h.APCo = o.APCo AND h.Mth = o.Mth AND h.APTrans = o.APTrans",
    "SELECT Vendor, InvTotal, ROW_NUMBER() OVER (PARTITION BY Vendor ORDER BY InvDate DESC) AS rn "
    "FROM APTH WITH (NOLOCK) WHERE APCo = @APCo",
    "SELECT h.Vendor, x.LastPaid FROM APTH h WITH (NOLOCK) CROSS APPLY (SELECT MAX(d.PaidDate) AS LastPaid "
    "FROM APTD d WITH (NOLOCK) WHERE d.APCo = h.APCo AND d.Mth = h.Mth AND d.APTrans = h.APTrans) x "
    "WHERE h.APCo = 1",
    "SELECT h.APRef FROM APTH h WITH (NOLOCK) WHERE h.APCo = @APCo AND EXISTS (SELECT 1 FROM APTD d WITH (NOLOCK) "
    "WHERE d.APCo = h.APCo AND d.Mth = h.Mth AND d.APTrans = h.APTrans AND d.Status = 1)",
    "SELECT h.APRef FROM APTH h WITH (NOLOCK) WHERE h.APCo = @APCo AND NOT EXISTS (SELECT 1 FROM APTL l WITH "
    "(NOLOCK) WHERE l.APCo = h.APCo AND l.Mth = h.Mth AND l.APTrans = h.APTrans)",
    "SELECT APCo, COUNT(*) AS n FROM APTH WITH (NOLOCK) WHERE APCo = 1 GROUP BY APCo "
    "UNION ALL SELECT ARCo, COUNT(*) FROM ARTH WITH (NOLOCK) WHERE ARCo = 1 GROUP BY ARCo",
    "SELECT APRef, DATEDIFF(day, InvDate, DueDate) AS Terms FROM APTH WITH (NOLOCK) WHERE APCo = @APCo",
    "SELECT APRef FROM APTH WITH (NOLOCK) WHERE APCo = @APCo AND InvDate >= DATEADD(month, -3, GETDATE())",
    "SELECT APRef FROM APTH WITH (NOLOCK) WHERE APCo = @APCo AND Mth = DATEFROMPARTS(2024, 6, 1)",
    "SELECT APRef, EOMONTH(InvDate) AS MonthEnd FROM APTH WITH (NOLOCK) WHERE APCo = @APCo",
    "SELECT v.Name + ' (' + CAST(v.Vendor AS varchar(10)) + ')' AS Label FROM APVM v WITH (NOLOCK) "
    "WHERE v.VendorGroup = 1",
    "SELECT ISNULL(v.Phone, 'n/a') AS Phone, COALESCE(v.City, v.State, '') AS Place FROM APVM v WITH (NOLOCK)",
    "SELECT APRef, CASE WHEN DueDate < GETDATE() THEN 'late' ELSE 'current' END AS Age FROM APTH WITH (NOLOCK) "
    "WHERE APCo = @APCo",
    "SELECT TOP (@n) APRef FROM APTH WITH (NOLOCK) WHERE APCo = @APCo ORDER BY InvDate DESC",
    "SELECT j.Job, j.Description FROM JCJM j WITH (NOLOCK) WHERE j.JCCo = @JCCo AND j.JobStatus = 1",
    "SELECT j.Job, SUM(cd.ActualCost) AS Cost FROM JCJM j WITH (NOLOCK) JOIN JCCD cd WITH (NOLOCK) "
    "ON cd.JCCo = j.JCCo AND cd.Job = j.Job WHERE j.JCCo = @JCCo GROUP BY j.Job",
    "SELECT cp.Job, cp.Phase, SUM(cp.ActualCost) AS Actual, SUM(cp.CurrEstCost) AS Estimate FROM JCCP cp "
    "WITH (NOLOCK) WHERE cp.JCCo = @JCCo GROUP BY cp.Job, cp.Phase HAVING SUM(cp.ActualCost) > SUM(cp.CurrEstCost)",
    "SELECT ch.Job, ch.Phase, ch.CostType, ch.OrigCost FROM JCCH ch WITH (NOLOCK) WHERE ch.JCCo = 1 "
    "AND ch.ActiveYN = 'Y'",
    "SELECT cm.Contract, cm.ContractAmt - cm.BilledAmt AS Unbilled FROM JCCM cm WITH (NOLOCK) WHERE cm.JCCo = @JCCo",
    "SELECT ci.Contract, ci.Item, ci.BilledAmt FROM JCCI ci WITH (NOLOCK) WHERE ci.JCCo = @JCCo AND ci.BilledAmt > 0",
    "SELECT jp.Job, jp.Phase, jp.Description FROM JCJP jp WITH (NOLOCK) WHERE jp.JCCo = @JCCo AND jp.ActiveYN = 'Y'",
    "SELECT ct.CostType, ct.Description FROM JCCT ct WITH (NOLOCK) WHERE ct.PhaseGroup = 1",
    "SELECT s.SL, s.Description, s.Vendor FROM SLHD s WITH (NOLOCK) WHERE s.SLCo = @SLCo AND s.Status = 0",
    "SELECT i.SL, SUM(i.CurCost) AS Committed, SUM(i.InvCost) AS Invoiced FROM SLIT i WITH (NOLOCK) "
    "WHERE i.SLCo = @SLCo GROUP BY i.SL",
    "SELECT s.SL, i.SLItem, i.CurCost - i.InvCost AS Remaining FROM SLHD s WITH (NOLOCK) JOIN SLIT i WITH (NOLOCK) "
    "ON i.SLCo = s.SLCo AND i.SL = s.SL WHERE s.SLCo = @SLCo",
    "SELECT t.Invoice, t.AmountDue FROM ARTH t WITH (NOLOCK) WHERE t.ARCo = @ARCo AND t.AmountDue > 0",
    "SELECT c.Name, SUM(t.AmountDue) AS Due FROM ARTH t WITH (NOLOCK) JOIN ARCM c WITH (NOLOCK) "
    "ON c.CustGroup = t.CustGroup AND c.Customer = t.Customer WHERE t.ARCo = @ARCo GROUP BY c.Name",
    "SELECT l.ARTrans, l.Amount FROM ARTL l WITH (NOLOCK) WHERE l.ARCo = 1 AND l.Mth >= '2024-01-01'",
    "SELECT c.Customer, c.Name, c.CreditLimit FROM ARCM c WITH (NOLOCK) WHERE c.CustGroup = 1 AND c.Status = 'A'",
    "SELECT g.GLAcct, SUM(g.Amount) AS Net FROM GLDT g WITH (NOLOCK) WHERE g.GLCo = @GLCo AND g.Mth BETWEEN "
    "'2024-01-01' AND '2024-12-01' GROUP BY g.GLAcct",
    "SELECT a.GLAcct, a.Description FROM GLAC a WITH (NOLOCK) WHERE a.GLCo = @GLCo AND a.Active = 'Y'",
    "SELECT b.GLAcct, b.Mth, b.NetActivity FROM GLBL b WITH (NOLOCK) WHERE b.GLCo = @GLCo AND b.Mth = @Mth",
    "SELECT a.GLAcct, a.Description, SUM(b.NetActivity) AS Balance FROM GLAC a WITH (NOLOCK) JOIN GLBL b "
    "WITH (NOLOCK) ON b.GLCo = a.GLCo AND b.GLAcct = a.GLAcct WHERE a.GLCo = @GLCo GROUP BY a.GLAcct, a.Description",
    "SELECT e.Employee, e.LastName + ', ' + e.FirstName AS FullName FROM PREH e WITH (NOLOCK) WHERE e.PRCo = @PRCo "
    "AND e.ActiveYN = 'Y'",
    "SELECT t.Employee, SUM(t.Hours) AS Hrs, SUM(t.Amt) AS Pay FROM PRTH t WITH (NOLOCK) WHERE t.PRCo = @PRCo "
    "AND t.PREndDate = @EndDate GROUP BY t.Employee",
    "SELECT e.LastName, t.Job, SUM(t.Hours) AS Hrs FROM PRTH t WITH (NOLOCK) JOIN PREH e WITH (NOLOCK) "
    "ON e.PRCo = t.PRCo AND e.Employee = t.Employee WHERE t.PRCo = @PRCo GROUP BY e.LastName, t.Job",
    "SELECT co.HQCo, co.Name FROM HQCO co WITH (NOLOCK) WHERE co.HQCo = @Co",
    "SELECT p.PO, p.Description, p.Vendor FROM POHD p WITH (NOLOCK) WHERE p.POCo = @POCo AND p.Status = 0",
    "SELECT i.PO, i.POItem, i.CurCost, i.InvCost FROM POIT i WITH (NOLOCK) WHERE i.POCo = @POCo",
    "SELECT YEAR(InvDate) AS Yr, MONTH(InvDate) AS Mo, SUM(InvTotal) AS Total FROM APTH WITH (NOLOCK) "
    "WHERE APCo = @APCo GROUP BY YEAR(InvDate), MONTH(InvDate) ORDER BY Yr, Mo",
    "SELECT Vendor, SUM(InvTotal) OVER (PARTITION BY Vendor) AS VendorTotal FROM APTH WITH (NOLOCK) WHERE APCo = 1",
    "SELECT Vendor, LAG(InvTotal) OVER (ORDER BY InvDate) AS Prev FROM APTH WITH (NOLOCK) WHERE APCo = 1",
    "SELECT Vendor, RANK() OVER (ORDER BY SUM(InvTotal) DESC) AS rk FROM APTH WITH (NOLOCK) WHERE APCo = 1 "
    "GROUP BY Vendor",
    "WITH a AS (SELECT JCCo, Job, SUM(ActualCost) AS Cost FROM JCCD WITH (NOLOCK) WHERE JCCo = @JCCo "
    "GROUP BY JCCo, Job), b AS (SELECT JCCo, Job, Description FROM JCJM WITH (NOLOCK) WHERE JCCo = @JCCo) "
    "SELECT b.Job, b.Description, a.Cost FROM b LEFT JOIN a ON a.JCCo = b.JCCo AND a.Job = b.Job",
    "SELECT x.Job, x.Cost FROM (SELECT Job, SUM(ActualCost) AS Cost FROM JCCD WITH (NOLOCK) WHERE JCCo = 1 "
    "GROUP BY Job) x WHERE x.Cost > 10000 ORDER BY x.Cost DESC",
    "SELECT j.Job, (SELECT SUM(cd.ActualCost) FROM JCCD cd WITH (NOLOCK) WHERE cd.JCCo = j.JCCo AND cd.Job = j.Job) "
    "AS Cost FROM JCJM j WITH (NOLOCK) WHERE j.JCCo = @JCCo",
    "SELECT j.Job FROM JCJM j WITH (NOLOCK) WHERE j.JCCo = @JCCo AND j.Job IN (SELECT cd.Job FROM JCCD cd "
    "WITH (NOLOCK) WHERE cd.JCCo = @JCCo AND cd.ActualCost > 0)",
    "SELECT DISTINCT cd.Job FROM JCCD cd WITH (NOLOCK) WHERE cd.JCCo IN (1, 2) AND cd.Source = 'AP Entry'",
    "SELECT cd.Job, cd.Phase, cd.ActualHours FROM JCCD cd WITH (NOLOCK) WHERE cd.JCCo = 1 AND cd.ActualDate >= "
    "DATEADD(day, -30, CAST(GETDATE() AS date))",
    "SELECT h.APRef, h.InvTotal FROM APTH h WITH (NOLOCK) WHERE h.APCo = @APCo AND h.InvTotal BETWEEN 100 AND 5000",
    "SELECT h.APRef FROM APTH h WITH (NOLOCK) WHERE h.APCo = @APCo AND h.APRef LIKE 'INV%'",
    "SELECT h.APRef, h.InvTotal FROM APTH h WITH (NOLOCK) WHERE h.APCo = @APCo AND h.HoldCode IS NULL",
    "SELECT h.Vendor, COUNT(DISTINCT h.APTrans) AS Invoices FROM APTH h WITH (NOLOCK) WHERE h.APCo = @APCo "
    "GROUP BY h.Vendor HAVING COUNT(DISTINCT h.APTrans) > 5",
    "SELECT h.APRef, h.InvTotal FROM APTH h WITH (READUNCOMMITTED) WHERE h.APCo = @APCo",
    "SELECT h.APRef FROM dbo.APTH h WITH (NOLOCK) WHERE h.APCo = @APCo",
    "SELECT h.APRef FROM [APTH] AS [h] WITH (NOLOCK) WHERE [h].[APCo] = @APCo",
    "select h.apref, h.invtotal from apth h with (nolock) where h.apco = @APCo",
    "SELECT h.APRef, FORMAT(h.InvDate, 'yyyy-MM') AS Period FROM APTH h WITH (NOLOCK) WHERE h.APCo = @APCo",
    "SELECT h.APRef, CONVERT(varchar(10), h.InvDate, 101) AS Shown FROM APTH h WITH (NOLOCK) WHERE h.APCo = @APCo",
    "SELECT h.APRef, IIF(h.InvTotal > 1000, 'big', 'small') AS Size FROM APTH h WITH (NOLOCK) WHERE h.APCo = @APCo",
    "SELECT h.APRef, LEFT(h.APRef, 3) AS Prefix, LEN(h.APRef) AS L FROM APTH h WITH (NOLOCK) WHERE h.APCo = @APCo",
    "SELECT h.Vendor, h.InvTotal FROM APTH h WITH (NOLOCK) WHERE h.APCo = @APCo ORDER BY h.InvTotal DESC "
    "OFFSET 0 ROWS FETCH NEXT 20 ROWS ONLY",
    "SELECT h.APRef, h.InvTotal FROM APTH h WITH (NOLOCK) WHERE h.APCo = @APCo AND h.InvTotal > (SELECT AVG(h2.InvTotal) "
    "FROM APTH h2 WITH (NOLOCK) WHERE h2.APCo = @APCo)",
    "SELECT v.Name, t.Cnt FROM APVM v WITH (NOLOCK) OUTER APPLY (SELECT COUNT(*) AS Cnt FROM APTH h WITH (NOLOCK) "
    "WHERE h.APCo = @APCo AND h.VendorGroup = v.VendorGroup AND h.Vendor = v.Vendor) t WHERE v.VendorGroup = 1",
    "SELECT Job FROM JCJM WITH (NOLOCK) WHERE JCCo = 1 INTERSECT SELECT Job FROM JCCD WITH (NOLOCK) WHERE JCCo = 1",
    "SELECT Job FROM JCJM WITH (NOLOCK) WHERE JCCo = 1 EXCEPT SELECT Job FROM JCCD WITH (NOLOCK) WHERE JCCo = 1",
    "SELECT TOP 5 WITH TIES Vendor, InvTotal FROM APTH WITH (NOLOCK) WHERE APCo = @APCo ORDER BY InvTotal DESC",
]

HOSTILE = [
    "INSERT INTO APTH (APCo) VALUES (1)",
    "INSERT INTO APVM SELECT * FROM APVM",
    "UPDATE APTH SET InvTotal = 0 WHERE APCo = 1",
    "UPDATE h SET h.InvTotal = 0 FROM APTH h",
    "DELETE FROM APTD WHERE APCo = 1",
    "DELETE APTD",
    "MERGE INTO APTH t USING APTD s ON t.APCo = s.APCo WHEN MATCHED THEN DELETE;",
    "TRUNCATE TABLE APTD",
    "CREATE TABLE x (a int)",
    "CREATE VIEW v AS SELECT * FROM APTH",
    "CREATE PROCEDURE p AS SELECT 1",
    "CREATE INDEX ix ON APTH (APCo)",
    "ALTER TABLE APTH ADD x int",
    "ALTER VIEW v AS SELECT 1",
    "DROP TABLE APTH",
    "DROP VIEW APTH",
    "DROP DATABASE Viewpoint",
    "GRANT SELECT ON APTH TO public",
    "REVOKE SELECT ON APTH FROM public",
    "DENY SELECT ON APTH TO public",
    "SELECT * INTO APTH_copy FROM APTH",
    "SELECT APCo INTO #t FROM APTH",
    "EXEC sp_who",
    "EXECUTE xp_cmdshell 'dir'",
    "EXEC('DROP TABLE APTH')",
    "EXEC sp_executesql N'SELECT 1'",
    "exec master..xp_cmdshell 'whoami'",
    "SELECT * FROM OPENROWSET('SQLNCLI', 'Server=x;Trusted_Connection=yes', 'SELECT 1') AS o",
    "SELECT * FROM OPENQUERY(srv, 'SELECT 1') AS q",
    "SELECT * FROM OPENDATASOURCE('SQLNCLI', 'Data Source=x').db.dbo.APTH",
    "SELECT * FROM OPENXML(@h, '/root') AS x",
    "SELECT * FROM otherdb.dbo.APTH",
    "SELECT * FROM srv.Viewpoint.dbo.APTH",
    "SELECT * FROM otherdb..APTH",
    "SELECT * FROM master..sysobjects",
    "SELECT * FROM msdb.dbo.backupset",
    "SELECT name FROM sys.tables",
    "SELECT * FROM sys.sql_logins",
    "SELECT * FROM INFORMATION_SCHEMA.COLUMNS",
    "SELECT * FROM sysobjects",
    "WAITFOR DELAY '00:00:10'",
    "SHUTDOWN",
    "SHUTDOWN WITH NOWAIT",
    "DBCC CHECKDB",
    "DBCC DROPCLEANBUFFERS",
    "KILL 52",
    "USE master",
    "SET NOCOUNT ON",
    "SET TRANSACTION ISOLATION LEVEL SERIALIZABLE",
    "DECLARE @x int",
    "BEGIN TRAN",
    "BEGIN TRANSACTION; DELETE FROM APTD; COMMIT",
    "COMMIT",
    "ROLLBACK",
    "EXECUTE AS USER = 'sa'",
    "REVERT",
    "BULK INSERT APTH FROM 'c:\\x.csv'",
    "BACKUP DATABASE Viewpoint TO DISK = 'c:\\x.bak'",
    "RESTORE DATABASE Viewpoint FROM DISK = 'c:\\x.bak'",
    "SELECT * FROM APTH WITH (TABLOCKX)",
    "SELECT * FROM APTH WITH (HOLDLOCK)",
    "SELECT * FROM APTH WITH (NOLOCK, UPDLOCK)",
    "SELECT * FROM APTH WITH (XLOCK)",
    "SELECT * FROM APTH WITH (PAGLOCK)",
    "SELECT * FROM APTH WITH (ROWLOCK)",
    "SELECT * FROM APTH WITH (SERIALIZABLE)",
    "SELECT * FROM APTH WITH (TABLOCK)",
    "SELECT * FROM APTH; SELECT * FROM APTD",
    "SELECT * FROM APTH; DROP TABLE APTD",
    "SELECT * FROM APTH\nGO\nSELECT * FROM APTD",
    "SELECT 1 -- comment\n; DELETE FROM APTD",
    "SELECT 1 /* hidden */; UPDATE APTH SET InvTotal = 0",
    "SELECT XP_CMDSHELL('dir')",
    "SELECT dbo.fn_get_sql(1)",
    "SELECT * FROM APTH WHERE APCo = (SELECT COUNT(*) FROM OPENROWSET('a', 'b', 'c') AS o)",
    "SELECT @@VERSION",
    "SELECT * FROM #temp",
    "SELECT * FROM APTH a CROSS APPLY dbo.vfSomething(a.APCo) f",
    "garbage that is not sql",
    "SELECT FROM WHERE",
    "WITH x AS (SELECT 1 AS a) DELETE FROM APTH",
]
