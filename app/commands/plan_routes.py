"""`synerki plan routes`: delivery tours of one day (JSON shape of issue 4)."""

from __future__ import annotations

import json
from datetime import date, timedelta
from typing import TYPE_CHECKING, Annotated

import typer

from app.commands._groups import plan_app

if TYPE_CHECKING:
    from tools.planning.day import DayDemand

# the options every one-day planning command takes (`plan routes`, `plan ovens`)
DayOption = Annotated[str | None, typer.Option("--date", help="Tag JJJJ-MM-TT (Standard: morgen)")]
BranchOption = Annotated[list[str], typer.Option("--branch", help="Filial-ID (mehrfach möglich; Standard: alle)")]
JsonOption = Annotated[bool, typer.Option("--json", help="Ausgabe als JSON")]
SourceOption = Annotated[str, typer.Option("--source", help="auto | plan | sales: Herkunft der Mengen")]


def parse_day(text: str | None) -> date:
    """ISO or German date; default tomorrow. Exits with a German message on bad input."""
    from tools.settings import get_settings

    if not text:
        return get_settings().today() + timedelta(days=1)
    for parse in (date.fromisoformat, lambda t: date(int(t.split(".")[2]), int(t.split(".")[1]), int(t.split(".")[0]))):
        try:
            return parse(text.strip())
        except (ValueError, IndexError):
            continue
    typer.echo(f"„{text}“ ist kein Datum (JJJJ-MM-TT oder TT.MM.JJJJ).", err=True)
    raise typer.Exit(2)


def check_branches(branch: list[str]) -> list[str] | None:
    """Known branch ids or exit with a German message."""
    from tools.company.catalog import BRANCH_BY_ID

    bad = [b for b in branch if b not in BRANCH_BY_ID]
    if bad:
        typer.echo(f"Unbekannte Filiale: {', '.join(bad)}. Bekannt: {', '.join(BRANCH_BY_ID)}.", err=True)
        raise typer.Exit(2)
    return branch or None


def day_demand(day: str | None, branch: list[str], source: str) -> tuple[date, DayDemand]:
    """The checked day and the quantities to plan for it (German message and exit 2 on bad input)."""
    from tools.planning.day import demand_for_day
    from tools.settings import get_settings

    d = parse_day(day)
    if (
        d < get_settings().today()
    ):  # as in the chat: a day gone by has no demand to plan (it read as „nichts zu backen“)
        typer.echo(
            f"Der {d:%d.%m.%Y} liegt in der Vergangenheit – ich plane nur für heute oder kommende Tage.", err=True
        )
        raise typer.Exit(2)
    from tools.errors import UserFacingError

    try:
        return d, demand_for_day(d, branches=check_branches(branch), source=source)  # type: ignore[arg-type]
    except UserFacingError as exc:  # a day beyond the plan's reach: the chat's sentence, no traceback
        typer.echo(str(exc), err=True)
        raise typer.Exit(2) from exc


@plan_app.command("routes")
def routes(
    day: DayOption = None,
    branch: BranchOption = [],  # noqa: B006 - Typer reads the default, never mutates it
    as_json: JsonOption = False,
    source: SourceOption = "auto",
) -> None:
    """Lieferrouten zu den Filialen (OR-Tools), Ankunft vor Öffnung, minimale Kilometer."""
    from tools.planning.day import plan_routes_day

    d, demand = day_demand(day, branch, source)
    plan = plan_routes_day(demand)
    if as_json:
        print(json.dumps(plan.cli_dict(), ensure_ascii=False))
        return
    from agents.operations.delivery_routes import demand_note, route_lines, unserved_names
    from agents.operations.plan_status import route_status_text
    from tools.format_de import day_long, num

    typer.echo(f"Lieferrouten für {day_long(d)}: {num(plan.total_km, 1)} km, {route_status_text(plan.status)}")
    for line in route_lines(plan):
        typer.echo(line)
    if plan.unserved:
        typer.echo("Nicht rechtzeitig belieferbar: " + unserved_names(plan))
    typer.echo(demand_note(demand))


def register(app: typer.Typer) -> None:
    """The command hangs on the shared `plan` group; nothing else to add."""
