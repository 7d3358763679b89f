"""The ``vgpt`` command: one sub-command group per package."""

from __future__ import annotations

import sys

import typer

from vgpt import __version__
from vgpt.console import err_console
from vgpt.errors import VgptError

app = typer.Typer(
    name="vgpt",
    help="Viewpoint Vista text-to-SQL: schema, checker, sandbox, data, training, evaluation, serving.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)


_registered = False


def _register() -> None:
    global _registered
    if _registered:
        return
    _registered = True
    # Sub-apps import only light modules at import time; heavy ones (torch) load inside commands.
    from vgpt.schema.cli import app as schema_app
    from vgpt.serve.cli import register_schema_commands, register_top_commands
    from vgpt.sql.cli import app as sql_app

    register_schema_commands(schema_app)
    register_top_commands(app)
    app.add_typer(schema_app, name="schema")
    app.add_typer(sql_app, name="sql")
    for mod, name in (("vgpt.sandbox.cli", "sandbox"), ("vgpt.data.cli", "data"),
                      ("vgpt.train.cli", "train"), ("vgpt.eval.cli", "eval")):
        try:
            module = __import__(mod, fromlist=["app"])
        except ModuleNotFoundError as err:
            if err.name and err.name.startswith("vgpt"):
                continue  # package not built yet
            raise
        app.add_typer(module.app, name=name)
    try:
        from vgpt.run import register as register_run
    except ModuleNotFoundError as err:
        if not (err.name and err.name.startswith("vgpt")):
            raise
    else:
        register_run(app)


@app.callback(invoke_without_command=True)
def _root(version: bool = typer.Option(False, "--version", help="Print the version and exit.")) -> None:
    if version:
        typer.echo(__version__)
        raise typer.Exit()


def main() -> None:
    _register()
    try:
        app()  # standalone: click reports usage errors and exits with its own codes
    except VgptError as err:
        err_console.print(f"[bold red]error:[/] {err}", highlight=False, soft_wrap=True)
        sys.exit(2)
    except KeyboardInterrupt:
        err_console.print("interrupted")
        sys.exit(130)


if __name__ == "__main__":
    main()
