"""The running cost of a day's tours: driver hours × the drivers' wages (with the employer's share) and km × fuel."""

from __future__ import annotations

import pytest

from tools.company.data import load_staff
from tools.company.money import FUEL_EUR_PER_KM
from tools.company.resources import EMPLOYER_COST
from tools.planning.tour_cost import tour_cost
from tools.planning.tours import Route, RoutePlan


def _plan() -> RoutePlan:
    def route(dep: str, back: str, km: float) -> Route:
        return Route(vehicle="van1", vehicle_name="Sprinter 1", departure=dep, back_at_bakery=back, km=km, crates=10,
                     capacity=80, stops=[])  # fmt: skip

    return RoutePlan(
        status="feasible", total_km=150.0, routes=[route("04:30", "07:00", 100.0), route("07:15", "08:45", 50.0)]
    )


def test_tour_cost_is_driver_hours_times_wage_plus_km_times_fuel() -> None:
    cost = tour_cost(_plan())
    assert cost is not None
    wages = [e.hourly_wage_eur for e in load_staff() if e.role == "Fahrer"]
    assert cost.driver_hours == pytest.approx(4.0) and cost.drivers == len(wages) > 0
    assert cost.wage_eur == pytest.approx(4.0 * sum(wages) / len(wages) * EMPLOYER_COST, abs=0.01)
    assert cost.fuel_eur == pytest.approx(150.0 * FUEL_EUR_PER_KM, abs=0.01)
    assert cost.total_eur == pytest.approx(cost.wage_eur + cost.fuel_eur, abs=0.01)
    assert any("Fahrzeug" in name for name, _ in cost.fixed_monthly)


def test_without_drivers_in_the_staff_data_there_is_no_cost(monkeypatch: pytest.MonkeyPatch) -> None:
    import tools.planning.tour_cost as module

    monkeypatch.setattr(module, "load_staff", lambda: [e for e in load_staff() if e.role != "Fahrer"])
    assert tour_cost(_plan()) is None
