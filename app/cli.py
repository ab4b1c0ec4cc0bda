"""`synerki` command line: routing, one-shot questions, chat, server and the domain commands."""

from __future__ import annotations

import typer

from app.commands import register_all
from app.logs import quiet_libraries

quiet_libraries()  # before the command modules import Prophet & co.
app = typer.Typer(help="synerKI Assistent – Kommandozeile", no_args_is_help=True, add_completion=False)
register_all(app)


def main() -> None:
    """Console-script entry point."""
    quiet_libraries()
    app()


if __name__ == "__main__":
    main()
