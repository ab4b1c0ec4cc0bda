"""Tool `delivery_routes`: tours from the Backstube to the branches (OR-Tools routing) with a map chart."""

from __future__ import annotations

from datetime import date

from agents.contracts import AgentReply, Artifact, Slots, TurnContext
from agents.names import branch_name
from agents.nlu.normalize import fold
from agents.operations.common import forecast_quantities_note, nothing_planned, resolve_day
from agents.operations.extra_stops import unknown_extra_stops, unknown_stops_note
from agents.operations.fuel_rate import apply_rate, rate_source
from agents.operations.tour_cost_answer import asks_tour_cost, cost_decision, cost_lines
from agents.plain import plain_answer
from tools.company.catalog import BRANCH_BY_ID
from tools.company.parameters import load_parameters
from tools.company.sales import opening_window
from tools.format_de import WEEKDAYS, count, day_long, num
from tools.planning.day import DayDemand, demand_for_day, plan_routes_day, stops_for
from tools.planning.geo import DETOUR_FACTOR
from tools.planning.routes import nearest_neighbour_routes
from tools.planning.tour_cost import tour_cost
from tools.planning.tours import RoutePlan
from tools.settings import get_settings


def demand_note(demand: DayDemand) -> str:
    """German sentence on where the quantities come from and closed branches."""
    text = f"Grundlage: {demand.source_text}."
    if demand.closed:
        text += " Geschlossen: " + ", ".join(BRANCH_BY_ID[b].name for b in demand.closed) + "."
    return text


def route_lines(plan: RoutePlan) -> list[str]:
    """One German line per tour."""
    lines = []
    for r in plan.routes:
        stops = " → ".join(
            f"{BRANCH_BY_ID[s.branch].name} {s.arrival} (öffnet/fällig {s.deadline}, {s.crates} Kisten)"
            for s in r.stops
        )
        lines.append(
            f"- {r.wave} {r.vehicle_name}: Abfahrt {r.departure}, {num(r.km, 1)} km, "
            f"{r.crates}/{r.capacity} Kisten, zurück {r.back_at_bakery}: {stops}"
        )
    return lines


def baseline(demand: DayDemand) -> tuple[float, int]:
    """Total km and unserved branches of the nearest-neighbour rule for both waves (for comparison)."""
    from tools.company.catalog import BAKERY
    from tools.company.data import load_vehicles
    from tools.planning.day import WAVES

    vehicles = load_vehicles()
    plans = [
        nearest_neighbour_routes((BAKERY.lat, BAKERY.lon), stops_for(demand, w), vehicles) for w in range(len(WAVES))
    ]
    return sum(p.total_km for p in plans), sum(len(p.unserved) for p in plans)


def unserved_names(plan: RoutePlan) -> str:
    """'Salzwedel Neuperver Straße (Frühtour), …' from the plan's 'id (wave)' entries."""
    names = []
    for entry in plan.unserved:
        bid, _, wave = entry.partition(" (")
        name = branch_name(bid)
        names.append(f"{name} ({wave}" if wave else name)
    return ", ".join(names)


def branch_arrivals(plan: RoutePlan, branches: list[str], when: str, day: date | None = None) -> str | None:
    """„Wann kommt der Lieferwagen in Havelberg an?“: the arrival of every tour at the named branches; a named
    branch closed that day („warum fährt keiner nach Gardelegen?“ on a Sunday) is said to be closed."""
    parts, closed = [], []
    for b in branches:
        stops = [(r, st) for r in plan.routes for st in r.stops if st.branch == b]
        if not stops and day is not None and b in BRANCH_BY_ID and opening_window(BRANCH_BY_ID[b], day) is None:
            closed.append(BRANCH_BY_ID[b].name)
        if not stops:
            continue
        times = " und ".join(
            f"um {st.arrival} Uhr mit der {r.wave or 'Tour'} ({r.vehicle_name.split(' (')[0]}, fällig {st.deadline} Uhr)"
            for r, st in stops
        )
        parts.append(f"in {BRANCH_BY_ID[b].name} {times}")
    shut = (
        f"{' und '.join(closed)} {'hat' if len(closed) == 1 else 'haben'} {when} geschlossen – dorthin fährt an "
        "diesem Tag keine Tour."
        if closed
        else ""
    )
    if not parts:
        return shut or None
    arrivals = f"{when[0].upper()}{when[1:]} kommt die Ware " + "; ".join(parts) + "."
    return f"{shut} {arrivals}" if shut else arrivals


def run(slots: Slots, ctx: TurnContext) -> AgentReply:
    """Plan the delivery tours of one day and answer in German with a map-like chart."""
    day, note = resolve_day(slots, ctx)
    # a named branch is served within the day's real tours: plan them all, answer for that branch
    demand = demand_for_day(day)
    if not demand.items:
        return nothing_planned("delivery_routes", day, "gibt es nichts auszuliefern", demand_note(demand))
    note += forecast_quantities_note(demand)
    plan = plan_routes_day(demand)
    rule_km, rule_missing = baseline(demand)
    text = [
        f"{note}Lieferrouten für {day_long(day)}: insgesamt {num(plan.total_km, 1)} km in {len(plan.routes)} Touren."
    ]
    text += route_lines(plan)
    if rule_km > 0 and rule_missing <= len(plan.unserved) and rule_km >= plan.total_km:
        text.append(
            f"Die einfache Regel „immer zur nächsten Filiale“ käme auf {num(rule_km, 1)} km; "
            f"der Plan spart {num(rule_km - plan.total_km, 1)} km."
        )
    elif rule_km > 0 and rule_missing == 0 and not plan.unserved:  # both serve all, the rule drives less
        text.append(
            f"Die einfache Regel „immer zur nächsten Filiale“ käme an diesem Tag auf {num(rule_km, 1)} km, also "
            f"{num(plan.total_km - rule_km, 1)} km weniger: Die Routenplanung hat in ihrer kurzen Rechenzeit keine "
            "kürzere Reihenfolge gefunden; die Regel beliefert hier ebenfalls alle Filialen rechtzeitig."
        )
    elif rule_km > 0 and rule_missing <= len(plan.unserved):
        text.append(
            f"Die einfache Regel „immer zur nächsten Filiale“ käme auf {num(rule_km, 1)} km mit "
            f"{count(rule_missing, 'ausgelassenen Belieferung', 'ausgelassenen Belieferungen')} – hier kürzer, weil "
            "andere Filialen ausfallen."
        )
    elif rule_km > 0:
        text.append(
            f"Die einfache Regel „immer zur nächsten Filiale“ käme auf {num(rule_km, 1)} km, ließe aber "
            f"{count(rule_missing, 'Belieferung', 'Belieferungen')} aus "
            + ("(der Plan beliefert alle)." if not plan.unserved else f"(der Plan: {len(plan.unserved)}).")
        )
    if plan.unserved:
        text.append(
            "Achtung: nicht rechtzeitig belieferbar (zu wenig Kisten-Platz oder Zeit): "
            + unserved_names(plan)
            + ". Ein zusätzlicher Wagen oder eine frühere Abfahrt wäre nötig."
        )
    method = [
        f"Die Touren berechnet ein Verfahren zur Routenplanung (Programmbibliothek OR-Tools), das die gefahrenen "
        f"Kilometer klein hält und jede Filiale vor ihrer Öffnung beliefert (Rechenzeit {num(plan.solve_time_s, 1)} s).",
        f"{demand_note(demand)} Entfernungen: Luftlinie × {num(DETOUR_FACTOR, 2, trim=True)} "
        "(geschätzter Umwegfaktor für Landstraßen).",
    ]
    when = f"am {WEEKDAYS[day.weekday()]}, {day:%d.%m.}"
    tours = f"{len(plan.routes)} {'Tour' if len(plan.routes) == 1 else 'Touren'}"
    if plan.unserved:
        decision = (
            f"Schicken Sie {when} {tours} mit zusammen {num(plan.total_km, 1)} km los – aber "
            f"{unserved_names(plan)} {'ist' if len(plan.unserved) == 1 else 'sind'} damit nicht rechtzeitig "
            "belieferbar; dafür bräuchten Sie einen zusätzlichen Wagen oder eine frühere Abfahrt."
        )
    else:
        decision = (
            f"Schicken Sie {when} {tours} mit zusammen {num(plan.total_km, 1)} km los – damit sind alle "
            "Filialen rechtzeitig beliefert."
        )
    unknown = unknown_extra_stops(slots.text or "")
    # „den Weihnachtsmarkt in Tangermünde“ names the town of the unknown stop, not the branch's arrival
    named = [b for b in slots.branches if not any(fold(BRANCH_BY_ID[b].town) in fold(s) for s in unknown)]
    asked = branch_arrivals(plan, named, when, day)
    if asked:
        decision = asked
    cost = None
    own = apply_rate(slots.text or "", ctx.view == "full", get_settings().today())  # „mit 0,25 € je km“
    if asks_tour_cost(slots.text or "") or own.rate is not None:  # „was kostet mich das?“: the running cost first
        cost = tour_cost(plan, own.rate)
        decision = " ".join(p for p in (own.note, cost_decision(cost, plan.total_km)) if p)
        from_question = own.rate is not None and not own.stored
        text += cost_lines(cost, rate_source(load_parameters(), asked=from_question))
    if unknown:  # „wir beliefern auch den Weihnachtsmarkt“: a stop not in the data is said, never dropped silently
        decision += " " + unknown_stops_note(unknown)
    from tools.planning.charts import tour_map

    chart = tour_map(plan, f"Lieferrouten {day:%d.%m.%Y} – {num(plan.total_km, 1)} km")
    data = plan.model_dump() | {
        "day": day.isoformat(),
        "baseline_km": round(rule_km, 1),
        "baseline_unserved": rule_missing,
        "source": demand.source,
    }
    if cost is not None:
        data["cost"] = cost.model_dump()
    if unknown:
        data["unknown_stops"] = unknown
    return AgentReply(
        text=plain_answer(decision, text, method),
        tools_called=["delivery_routes"],
        data=data,
        artifacts=[Artifact(kind="image", path=chart, name="Lieferrouten")] if chart else [],
    )
