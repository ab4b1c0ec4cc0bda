"""`python -m evals.planning [--quick]`: gap to brute-force optima, improvement over simple rules, solve times."""

from __future__ import annotations

import argparse
import os
import time
from datetime import date, timedelta

from evals.planning.instances import (
    busiest_advent_saturday,
    small_oven_batches,
    small_ovens,
    small_route_instance,
    synthetic_50,
)
from tools.company.catalog import BAKERY
from tools.planning.exact import exact_ovens, exact_routes
from tools.planning.ovens import product_order_rule, solve_ovens
from tools.planning.routes import nearest_neighbour_routes, solve_routes

DEPOT = (BAKERY.lat, BAKERY.lon)
WEEKDAYS = ["Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag"]


def pct(a: float, b: float) -> str:
    """(a - b) / a in percent, '-' when a is 0."""
    return f"{(a - b) / a * 100:6.1f} %" if a else "     - "


def small_instances(n: int) -> None:
    print("\n## Kleine Instanzen gegen Brute-Force-Optimum")
    print(f"{'Instanz':<12}{'Optimum':>16}{'Solver':>16}{'Lücke':>10}{'Zeit Solver':>13}{'Zeit BF':>10}")
    for k in range(n):
        batches = small_oven_batches(k)
        best = exact_ovens(batches, small_ovens())
        got = solve_ovens(batches, small_ovens(), deterministic_limit=5)
        print(
            f"{'Ofen ' + str(k):<12}{best.objective:>16}{got.objective:>16}{pct(best.objective, got.objective):>10}"
            f"{got.solve_time_s:>11.2f} s{best.solve_time_s:>8.1f} s  ({got.status})"
        )
    for k in range(n):
        stops, vans = small_route_instance(k)
        best = exact_routes(DEPOT, stops, vans)
        got = solve_routes(DEPOT, stops, vans, exact_fallback=False)
        if best.status != "feasible":
            print(f"{'Tour ' + str(k):<12}  Brute Force: keine zulässige Lösung; Solver: {got.status}")
            continue
        miss = f"  ({len(got.unserved)} Filiale(n) ausgelassen)" if got.unserved else ""
        print(
            f"{'Tour ' + str(k):<12}{best.total_km:>13.1f} km{got.total_km:>13.1f} km"
            f"{pct(best.total_km, got.total_km):>10}{got.solve_time_s:>11.2f} s{best.solve_time_s:>8.1f} s{miss}"
        )


def demo_days(days: list[tuple[date, str]], det_limit: float) -> None:
    from tools.company.data import load_ovens, load_vehicles
    from tools.planning.day import WAVES, demand_for_day, oven_deadlines, plan_routes_day, stops_for
    from tools.planning.ovens import build_batches, slots_of

    print("\n## Demo-Tage: Ofenplan (CP-SAT) gegen Regel „Produkte der Reihe nach“")
    print(
        f"{'Tag':<24}{'Chargen':>8}{'max. Verspät. Regel/CP':>24}{'Verspät.-Summe':>18}{'Ende (Min.)':>14}"
        f"{'Umstellen':>12}{'Ende ≥':>8}{'Lücke':>8}{'Zeit':>8}"
    )
    ovens = load_ovens()
    route_rows = []
    for day, source in days:
        demand = demand_for_day(day, source=source)  # type: ignore[arg-type]
        routes = plan_routes_day(demand)
        batches = build_batches(demand.items, oven_deadlines(routes, demand), slots_of(ovens))
        rule = product_order_rule(batches, ovens)
        plan = solve_ovens(batches, ovens, deterministic_limit=det_limit)
        label = f"{WEEKDAYS[day.weekday()][:2]} {day:%d.%m.%Y}" + (" *" if source == "same_day" else "")
        print(
            f"{label:<24}{len(batches):>8}{rule.max_late_min:>12}/{plan.max_late_min:<11}"
            f"{rule.total_late_min:>8}/{plan.total_late_min:<9}{rule.makespan_min:>7}/{plan.makespan_min:<6}"
            f"{rule.changeover_min:>6}/{plan.changeover_min:<5}{plan.makespan_bound_min:>8}"
            f"{plan.gap * 100:>6.2f} %{plan.solve_time_s:>6.1f} s"
            f"  {plan.status}"
        )
        vehicles = load_vehicles()
        nn = sum(nearest_neighbour_routes(DEPOT, stops_for(demand, w), vehicles).total_km for w in range(len(WAVES)))
        nn_miss = sum(
            len(nearest_neighbour_routes(DEPOT, stops_for(demand, w), vehicles).unserved) for w in range(len(WAVES))
        )
        first = stops_for(demand, 0)
        exact = exact_routes(DEPOT, first, vehicles)
        solver_first = solve_routes(DEPOT, first, vehicles, exact_fallback=False)
        route_rows.append((label, routes, nn, nn_miss, exact, solver_first))
    print("\n## Demo-Tage: Touren (OR-Tools) gegen Regel „nächste Filiale“ und Brute Force (Frühtour)")
    print(
        f"{'Tag':<24}{'km Regel':>10}{'fehlt':>7}{'km Solver':>11}{'fehlt':>7}{'Verbess.':>10}"
        f"{'Frühtour BF':>13}{'Solver':>9}{'Lücke':>9}{'Zeit':>8}"
    )
    for label, routes, nn, nn_miss, exact, first in route_rows:
        bf = f"{exact.total_km:>10.1f} km" if exact.status == "feasible" else f"{'unzulässig':>13}"
        gap = pct(exact.total_km, first.total_km) if exact.status == "feasible" else "     - "
        print(
            f"{label:<24}{nn:>10.1f}{nn_miss:>7}{routes.total_km:>11.1f}{len(routes.unserved):>7}"
            f"{pct(nn, routes.total_km):>10}{bf}{first.total_km:>9.1f}{gap:>9}{routes.solve_time_s:>6.1f} s"
            + (f"  Solver-Frühtour lässt {len(first.unserved)} aus" if first.unserved else "")
        )
    print(
        "(* = Mengen des Tages selbst; sonst gebackene Mengen desselben Wochentags eine Woche vorher.\n"
        " Ofen: 'Ende ≥' = von CP-SAT bewiesene untere Schranke der Minuten bis zur letzten Charge; 'Lücke' =\n"
        " (Zielwert - bewiesene Schranke) / Zielwert des gewichteten Ziels Verspätung > Ende > Umstellminuten.\n"
        " Verspätung in Minuten nach der Abfahrt der Tour; 'fehlt' = Filialen ohne rechtzeitige Tour.)"
    )


def synthetic(limit_s: float) -> None:
    print("\n## 50 Filialen (synthetisch, 8 Wagen)")
    stops, vans = synthetic_50()
    started = time.perf_counter()
    plan = solve_routes(DEPOT, stops, vans, time_limit_s=limit_s)
    wall = time.perf_counter() - started
    nn = nearest_neighbour_routes(DEPOT, stops, vans)
    print(
        f"Solver: {plan.total_km:.1f} km, {len(plan.routes)} Touren, {len(plan.unserved)} nicht belieferbar, "
        f"{wall:.1f} s (Limit {limit_s:.0f} s)"
    )
    print(
        f"Regel „nächste Filiale“: {nn.total_km:.1f} km, {len(nn.unserved)} nicht belieferbar; "
        f"Verbesserung {pct(nn.total_km, plan.total_km).strip()} (bei gleich vielen belieferten Filialen "
        f"nur vergleichbar, wenn beide 0 auslassen)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="kleinere Auswertung")
    args = parser.parse_args()
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    from tools.settings import get_settings

    today = get_settings().today()
    print("# Auswertung Planung (Ofen CP-SAT, Touren OR-Tools)")
    small_instances(2 if args.quick else 5)
    tomorrow = today + timedelta(days=1)
    saturday = today + timedelta(days=(5 - today.weekday()) % 7 or 7)
    days = [(tomorrow, "sales")] if args.quick else [(tomorrow, "sales"), (saturday, "sales")]
    advent = busiest_advent_saturday()
    if advent is not None:
        days.append((advent, "same_day"))
    demo_days(days, det_limit=3.0)
    synthetic(20.0 if args.quick else 45.0)


if __name__ == "__main__":
    main()
