"""`synerki plan ovens`: oven schedule of one day (JSON shape of issue 4)."""

from __future__ import annotations

import json

import typer

from app.commands._groups import plan_app
from app.commands.plan_routes import BranchOption, DayOption, JsonOption, SourceOption, day_demand


@plan_app.command("ovens")
def ovens(
    day: DayOption = None,
    branch: BranchOption = [],  # noqa: B006 - Typer reads the default, never mutates it
    as_json: JsonOption = False,
    source: SourceOption = "auto",
) -> None:
    """Ofenbelegung (CP-SAT): welche Etage/welcher Stikkenwagen backt was wann."""
    from tools.planning.day import plan_ovens_day

    d, demand = day_demand(day, branch, source)
    plan, _ = plan_ovens_day(demand)
    if as_json:
        print(json.dumps(plan.cli_dict(), ensure_ascii=False))
        return
    from agents.operations.delivery_routes import demand_note
    from agents.operations.oven_schedule import explain_missing
    from agents.operations.plan_status import oven_status_text
    from tools.format_de import day_long

    typer.echo(
        f"Ofenplan für {day_long(d)}: {oven_status_text(plan.status)}, {plan.first_start}–{plan.last_end} "
        f"({plan.makespan_min} Min.), {plan.changeovers} Temperaturwechsel"
    )
    for j in plan.jobs:
        late = f"  ({j.late_min} Min. zu spät)" if j.late_min else ""
        trays = f"{j.trays} Blech" if j.trays == 1 else f"{j.trays} Bleche"
        typer.echo(
            f"  {j.start}–{j.end} {j.slot:6s} {j.name} · {trays} · {j.temperature_c} °C · "
            f"fertig bis {j.branch_deadline}{late}"
        )
    if plan.total_late_min:
        typer.echo(explain_missing(plan))
    typer.echo(demand_note(demand))


def register(app: typer.Typer) -> None:
    """The command hangs on the shared `plan` group; nothing else to add."""
