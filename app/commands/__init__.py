"""Each module here adds its sub-commands to the `synerki` Typer app.

A module defines `register(app: typer.Typer) -> None`. A module that fails to import is
skipped with a warning on stderr so that one broken domain never takes the CLI down.
"""

from __future__ import annotations

import importlib
import pkgutil
import sys

import typer


def register_all(app: typer.Typer) -> None:
    from app.commands._groups import GROUPS

    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        if info.name.startswith("_"):
            continue
        try:
            module = importlib.import_module(f"{__name__}.{info.name}")
        except Exception as exc:  # noqa: BLE001 - one broken command module must not take the CLI down; shown on stderr
            print(f"Warnung: Befehlsmodul {info.name} nicht geladen: {exc}", file=sys.stderr)
            continue
        register = getattr(module, "register", None)
        if register is not None:
            register(app)
    for name, group in GROUPS.items():
        app.add_typer(group, name=name)
