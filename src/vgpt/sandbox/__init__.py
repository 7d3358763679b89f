"""vgpt.sandbox: a synthetic, relationally consistent Vista database in DuckDB; T-SQL execution; result comparison."""

import datetime as _dt

# The sandbox's fixed "today": GETDATE() returns it, and the generated data ends here, so
# date arithmetic in queries is reproducible and lands inside the data.
TODAY = _dt.datetime(2026, 3, 15, 10, 30, 0)
# 24 months of history: April 2024 through March 2026.
FIRST_MONTH = _dt.date(2024, 4, 1)
LAST_MONTH = _dt.date(2026, 3, 1)
