"""vgpt.sql: T-SQL analysis on sqlglot — names, NOLOCK, company filter, read-only guard."""
