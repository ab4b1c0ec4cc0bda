"""`synerki` command line: routing, one-shot questions, chat, server and the domain commands."""

from __future__ import annotations

from app.cli_locale import german_help_options, install_german

install_german()  # click and Typer bind their texts on import: German before the first `import typer`

import typer  # noqa: E402

from app.cli_errors import install_german_errors  # noqa: E402
from app.commands import register_all  # noqa: E402
from app.logs import quiet_libraries  # noqa: E402

quiet_libraries()  # before the command modules import Prophet & co.
install_german_errors()  # Typer's own click copy formats its usage errors in English
app = typer.Typer(help="synerKI Assistent – Kommandozeile", no_args_is_help=True, add_completion=False)
register_all(app)


def main() -> None:
    """Console-script entry point (the command tree with German help options)."""
    quiet_libraries()
    german_help_options(typer.main.get_command(app))()


if __name__ == "__main__":
    main()
