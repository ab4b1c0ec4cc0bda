"""Typer groups shared by several command modules (e.g. `synerki plan production|ovens|routes`)."""

from __future__ import annotations

import typer

plan_app = typer.Typer(help="Produktion, Öfen und Touren planen", no_args_is_help=True)
GROUPS: dict[str, typer.Typer] = {"plan": plan_app}
