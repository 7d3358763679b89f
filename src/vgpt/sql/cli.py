"""``vgpt sql``: check T-SQL against the catalog and the house rules."""

import typer

app = typer.Typer(help="Check T-SQL: names, NOLOCK, company filter, read-only guard.", no_args_is_help=True)
