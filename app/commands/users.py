"""`synerki users add|remove|list`: manage web-app users."""

from __future__ import annotations

import typer

from agents.contracts import Role

users_app = typer.Typer(help="Benutzer der Web-App verwalten", no_args_is_help=True)


@users_app.command("add")
def add(
    name: str,
    role: Role = typer.Option(..., "--role"),
    password: str = typer.Option(..., "--password", prompt=True, hide_input=True, confirmation_prompt=True),
) -> None:
    """Legt einen Benutzer an (oder setzt Rolle und Passwort neu)."""
    from app.users import add_user

    try:
        add_user(name, role, password)
    except ValueError as exc:
        typer.echo(str(exc), err=True)
        raise typer.Exit(2) from None
    typer.echo(f"Benutzer „{name}“ mit Rolle {role} gespeichert.")


@users_app.command("remove")
def remove(name: str) -> None:
    """Löscht einen Benutzer."""
    from app.users import remove_user

    if not remove_user(name):
        typer.echo(f"Benutzer „{name}“ gibt es nicht.", err=True)
        raise typer.Exit(1)
    typer.echo(f"Benutzer „{name}“ gelöscht.")


@users_app.command("list")
def list_() -> None:
    """Zeigt alle Benutzer mit Rolle."""
    from app.users import ensure_demo_users, list_users

    ensure_demo_users()
    for name, role in list_users():
        typer.echo(f"{name}\t{role}")


def register(app: typer.Typer) -> None:
    app.add_typer(users_app, name="users")
