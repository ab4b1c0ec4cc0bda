"""`synerki train router [--force]`: fit and store the fitted artefacts (nothing is trained at app start)."""

from __future__ import annotations

import time

import typer

train_app = typer.Typer(help="Modelle trainieren und unter dem Datenordner speichern", no_args_is_help=True)


def train_router(force: bool = False) -> str:
    """Fit the router when its examples changed (or with `force`); a German one-line summary."""
    from agents.nlu.router import ROUTER_ARTEFACT, router_inputs
    from agents.nlu.router import train_router as fit_router

    inputs = router_inputs()
    fresh = force or not ROUTER_ARTEFACT.stored(inputs)
    started = time.perf_counter()
    model = fit_router(force=force)
    what = "neu trainiert" if fresh else "aktuell, nicht neu trainiert"
    return (
        f"Router {what}: {len(model.tools)} Werkzeuge, {time.perf_counter() - started:.1f} s – "
        f"{ROUTER_ARTEFACT.path(inputs)}"
    )


@train_app.command("router")
def router_cmd(
    force: bool = typer.Option(False, "--force", help="auch neu trainieren, wenn nichts geändert ist"),
) -> None:
    """Router (Anfrage → Werkzeug) aus den Beispielsätzen trainieren, falls sie sich geändert haben."""
    typer.echo(train_router(force))


def register(app: typer.Typer) -> None:
    """Add `synerki train …`."""
    app.add_typer(train_app, name="train")
