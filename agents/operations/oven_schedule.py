"""Tool `oven_schedule`: which oven bakes what when (CP-SAT; the answer says it in plain words), with a Gantt chart."""

from __future__ import annotations

import re

from agents.contracts import AgentReply, Artifact, Slots, TurnContext
from agents.names import branch_name
from agents.operations.common import forecast_quantities_note, nothing_planned, resolve_day
from agents.operations.delivery_routes import demand_note
from agents.plain import plain_answer
from tools.company.catalog import GROUP_NAMES, PRODUCT_BY_ID
from tools.company.data import load_ovens
from tools.company.models import Oven
from tools.format_de import WEEKDAYS, day_long, num, percent, share
from tools.planning.common import hhmm_to_min, min_to_hhmm
from tools.planning.day import LOADING_MIN, demand_for_day, oven_deadlines, plan_routes_day
from tools.planning.ovens import OvenPlan, build_batches, product_order_rule, slots_of
from tools.planning.ovens.stored import stored_solve


def explain_missing(plan: OvenPlan) -> str:
    """German explanation of what does not fit (oven hours, late products)."""
    late = sorted((j for j in plan.jobs if j.late_min), key=lambda j: -j.late_min)
    worst = late[0] if late else None
    parts = [
        f"Es passt nicht alles vor die Abfahrten: Es fehlen rund {num(plan.missing_oven_hours, 1)} Ofenstunden "
        f"(Deck- bzw. Stikkenstunden vor den Abfahrten)."
    ]
    if plan.max_late_min and not plan.unbakeable:
        parts.append(
            f"Mit diesem Plan müssten die Öfen {plan.max_late_min} Min. früher starten "
            f"(um {min_to_hhmm(hhmm_to_min(plan.first_start) - plan.max_late_min)} statt {plan.first_start}), "
            "damit alles rechtzeitig fertig ist."
        )
    if plan.late_products:
        parts.append(
            "Zu spät fertig: "
            + ", ".join(plan.late_products[:8])
            + (f" und {len(plan.late_products) - 8} weitere" if len(plan.late_products) > 8 else "")
            + "."
        )
    if worst:
        branch = branch_name(worst.branch)
        parts.append(
            f"Am knappsten: {worst.name} für {branch} – fertig {worst.end}, nötig bis "
            f"{worst.branch_deadline} ({worst.late_min} Min. zu spät)."
        )
    if plan.unbakeable:
        parts.append("Kein Ofen erreicht die Temperatur für: " + ", ".join(plan.unbakeable) + ".")
    parts.append("Abhilfe: früher anheizen, Kuchen am Vortag backen oder eine spätere Tour einplanen.")
    return " ".join(parts)


def slot_name(slot: str, ovens: list[Oven]) -> str:
    """A slot code ('E1-D3') as the bakers say it: 'Etagenofen 1, Etage 3' / 'Stikkenofen, Wagen 2'."""
    for oven in ovens:
        if slot in oven.slots:
            place = "Etage" if oven.kind == "etagenofen" else "Wagen"
            return f"{oven.name.split(' (')[0]}, {place} {oven.slots.index(slot) + 1}"
    return "Ofen"


FULLEST = re.compile(r"voll|auslast|ausgelast|am meisten zu tun|engpass|welche[rs]? ofen", re.I)


def run(slots: Slots, ctx: TurnContext) -> AgentReply:
    """Schedule the day's batches on decks and racks and answer in German with a Gantt chart."""
    from agents.operations.oven_cost import asks_oven_hour_cost, oven_hour_cost_reply

    if asks_oven_hour_cost(slots.text or ""):  # „Was kostet mich eine Stunde Ofen?“: no such figure in the data
        return oven_hour_cost_reply()
    day, note = resolve_day(slots, ctx)
    demand = demand_for_day(day, branches=slots.branches or None, products=slots.products or None)
    if not demand.items:
        return nothing_planned("oven_schedule", day, "ist nichts zu backen", demand_note(demand))
    note += forecast_quantities_note(demand)
    routes = plan_routes_day(demand)
    ovens = load_ovens()
    batches = build_batches(demand.items, oven_deadlines(routes, demand), slots_of(ovens))
    plan = stored_solve(batches, ovens)
    rule = product_order_rule(batches, ovens)
    n_slots = sum(len(o.slots) for o in ovens)
    text = [
        f"{note}Ofenplan für {day_long(day)}: {len(plan.jobs)} Chargen auf {n_slots} Etagen/Stikkenplätzen, "
        f"Start {plan.first_start}, letzte Charge fertig {plan.last_end} ({plan.makespan_min} Min.), "
        f"{plan.changeovers} Temperaturwechsel mit {plan.changeover_min} Min. Umstellzeit."
    ]
    how = (
        "Ich verteile alle Chargen des Tages (Stückzahl ÷ Stück je Blech) so auf die Öfen und Etagen, dass jede "
        "Charge vor der Abfahrt ihrer Tour fertig ist, möglichst selten die Temperatur gewechselt wird und die "
        "letzte Charge möglichst früh fertig ist; ein Planungsprogramm probiert die Reihenfolgen systematisch durch."
    )
    if plan.status == "optimal":
        method = [f"{how} Es hat nachgewiesen, dass es keinen besseren Plan gibt."]
    else:
        method = [
            f"{how} Nach {num(plan.solve_time_s, 1)} s habe ich den besten gefundenen Plan genommen; ein besserer ist "
            f"höchstens um {share(plan.gap, 2)} kürzer (letzte Charge frühestens nach {plan.makespan_bound_min} Min.)."
        ]
    if plan.total_late_min:
        text.append(explain_missing(plan))
    else:
        text.append("Alle Chargen sind vor der Abfahrt ihrer Tour fertig.")
    text.append(
        f"Zum Vergleich die Regel „Produkte der Reihe nach backen“: größte Verspätung {rule.max_late_min} Min. "
        f"(Plan: {plan.max_late_min} Min.), letzte Charge {rule.last_end} (Plan: {plan.last_end}), "
        f"{rule.changeover_min} Min. Umstellzeit (Plan: {plan.changeover_min} Min.)."
    )
    # "Welcher Ofen backt morgen die Brote?": the named group's batches, not the first batches of the day
    asked = [j for j in plan.jobs if PRODUCT_BY_ID[j.product].group in slots.groups] if slots.groups else []
    first = (asked or plan.jobs)[:6]
    named = " und ".join(GROUP_NAMES[g] for g in slots.groups if g in GROUP_NAMES)
    if first:
        text.append(
            (f"Die ersten Chargen ({named}): " if asked else "Die ersten Chargen: ")
            + "; ".join(
                f"{j.start}–{j.end} {j.name} ({j.trays} {'Blech' if j.trays == 1 else 'Bleche'}, {j.temperature_c} °C) "
                f"im {slot_name(j.slot, ovens)}"
                for j in first
            )
            + "."
        )
    from tools.chain.links import oven_loads

    loads, total_load = oven_loads(plan, ovens)
    if loads:
        text.append(
            "Auslastung bis zur letzten Abfahrt: "
            + ", ".join(f"{name} {percent(v)}" for name, v in sorted(loads.items(), key=lambda kv: -kv[1]))
            + f"; alle Öfen zusammen {percent(total_load)}."
        )
    method.append(demand_note(demand) + f" Fertig-Termine = Abfahrt der Tour minus {LOADING_MIN} Min. Verladen.")
    when = f"am {WEEKDAYS[day.weekday()]}, {day:%d.%m.}"
    if plan.total_late_min:
        decision = (
            f"Die Öfen schaffen {when} nicht alles rechtzeitig: Es fehlen rund {num(plan.missing_oven_hours, 1)} "
            "Ofenstunden vor den Abfahrten – heizen Sie früher an oder backen Sie Kuchen am Vortag."
        )
    else:
        decision = (
            f"Starten Sie die Öfen {when} um {plan.first_start} Uhr – dann ist um {plan.last_end} Uhr alles "
            "gebacken und jede Tour fährt pünktlich ab."
        )
    if loads and FULLEST.search(slots.text or "") and not plan.total_late_min:
        busiest = max(loads, key=lambda k: loads[k])
        decision = (
            f"Am vollsten ist {when} der {busiest} mit {percent(loads[busiest])} Auslastung bis zur letzten "
            f"Abfahrt (alle Öfen zusammen {percent(total_load)}); um {plan.last_end} Uhr ist alles gebacken."
        )
    from tools.planning.charts import oven_gantt

    chart = oven_gantt(plan, f"Ofenbelegung {day:%d.%m.%Y}")
    data = plan.model_dump() | {
        "day": day.isoformat(),
        "source": demand.source,
        "rule": {
            "makespan_min": rule.makespan_min,
            "total_late_min": rule.total_late_min,
            "changeover_min": rule.changeover_min,
        },
    }
    return AgentReply(
        text=plain_answer(decision, text, method),
        tools_called=["oven_schedule"],
        data=data,
        artifacts=[Artifact(kind="image", path=chart, name="Ofenbelegung")] if chart else [],
    )
