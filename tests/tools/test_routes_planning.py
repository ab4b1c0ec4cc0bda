"""Delivery tours: OR-Tools against brute force, capacity, opening times, unreachable branches."""

from __future__ import annotations

import math

import pytest

from tools.company.models import Vehicle
from tools.planning.exact import exact_routes
from tools.planning.geo import DETOUR_FACTOR, distance_km, great_circle_km
from tools.planning.routes import SERVICE_MIN, Stop, nearest_neighbour_routes, solve_routes

DEPOT = (52.5937, 11.8751)


def _stops() -> list[Stop]:
    pts = [
        (52.6048, 11.8591, 360, 20),
        (52.5418, 11.9695, 390, 15),
        (52.5262, 11.3948, 390, 12),
        (52.7874, 11.7552, 390, 14),
        (52.8248, 12.0741, 420, 10),
        (52.6617, 11.5563, 390, 9),
    ]
    return [Stop(id=f"b{i}", lat=a, lon=b, opening_min=o, crates=c) for i, (a, b, o, c) in enumerate(pts)]


def _vans() -> list[Vehicle]:
    return [
        Vehicle(id="v1", name="V1", crates=45, avg_speed_kmh=55, departure_earliest="04:30"),
        Vehicle(id="v2", name="V2", crates=45, avg_speed_kmh=55, departure_earliest="04:30"),
    ]


def _minutes(hhmm: str) -> int:
    return int(hhmm[:2]) * 60 + int(hhmm[3:])


def test_distance_is_great_circle_times_detour() -> None:
    berlin, hamburg = (52.5200, 13.4050), (53.5511, 9.9937)
    assert great_circle_km(*berlin, *hamburg) == pytest.approx(255, abs=3)
    assert distance_km(berlin, hamburg) == pytest.approx(great_circle_km(*berlin, *hamburg) * DETOUR_FACTOR)


def test_ortools_matches_brute_force_optimum() -> None:
    plan = solve_routes(DEPOT, _stops(), _vans(), time_limit_s=5)
    best = exact_routes(DEPOT, _stops(), _vans())
    assert plan.status == "feasible" and best.status == "feasible"
    assert plan.total_km == pytest.approx(best.total_km, abs=0.15)
    rule = nearest_neighbour_routes(DEPOT, _stops(), _vans())
    assert rule.unserved or rule.total_km >= best.total_km - 0.1  # greedy: longer or misses a branch


def test_every_branch_once_within_capacity_and_before_opening() -> None:
    stops = {s.id: s for s in _stops()}
    plan = solve_routes(DEPOT, list(stops.values()), _vans(), time_limit_s=5)
    visited = [s.branch for r in plan.routes for s in r.stops]
    assert sorted(visited) == sorted(stops)
    for route in plan.routes:
        assert route.crates == sum(stops[s.branch].crates for s in route.stops) <= route.capacity
        assert _minutes(route.departure) >= 270
        for s in route.stops:
            assert _minutes(s.arrival) + SERVICE_MIN <= stops[s.branch].opening_min
            assert s.deadline == f"{stops[s.branch].opening_min // 60:02d}:{stops[s.branch].opening_min % 60:02d}"
    assert plan.total_km == pytest.approx(sum(r.km for r in plan.routes), abs=0.05)
    assert set(plan.cli_dict()) == {"status", "total_km", "routes"}
    assert set(plan.cli_dict()["routes"][0]) == {"vehicle", "km", "stops"}
    assert set(plan.cli_dict()["routes"][0]["stops"][0]) == {"branch", "arrival", "deadline"}


def test_unreachable_branch_is_reported_not_crashing() -> None:
    far = Stop(id="far", lat=52.85, lon=11.15, opening_min=290, crates=5)  # 70 km, opens 04:50
    plan = solve_routes(DEPOT, _stops()[:2] + [far], _vans(), time_limit_s=3)
    assert plan.status == "infeasible"
    assert plan.unserved == ["far"]
    assert {s.branch for r in plan.routes for s in r.stops} == {"b0", "b1"}


def test_capacity_forces_second_vehicle() -> None:
    stops = [s.model_copy(update={"crates": 30}) for s in _stops()[:3]]
    plan = solve_routes(DEPOT, stops, _vans(), time_limit_s=3)
    assert plan.status == "infeasible"  # 90 crates, 2 x 45 capacity: one branch cannot fit
    assert len(plan.unserved) == 1
    assert all(r.crates <= 45 for r in plan.routes) and len(plan.routes) == 2
    assert math.isclose(plan.total_km, exact_routes(DEPOT, stops[:2], _vans()).total_km, abs_tol=60)


def test_tight_instance_solved_completely_and_deterministically() -> None:
    from evals.planning.instances import small_route_instance

    stops, vans = small_route_instance(1)  # 58 + 60 crates of 2 x 60: local search alone leaves one out
    plan = solve_routes(DEPOT, stops, vans)
    assert plan.status == "feasible" and not plan.unserved
    assert plan.total_km == pytest.approx(exact_routes(DEPOT, stops, vans).total_km, abs=0.05)
    again = solve_routes(DEPOT, _stops(), _vans())
    assert again.cli_dict() == solve_routes(DEPOT, _stops(), _vans()).cli_dict()
