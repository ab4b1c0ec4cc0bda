"""The company's own parameters (trial 27): the tour cost's fuel rate is seeded with the cost model's default,
the owner sets or imports their own, and the tour cost computes with it."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

import tools.company.parameters as parameters
from tools.company.money import FUEL_EUR_PER_KM
from tools.errors import InputError
from tools.planning.tour_cost import tour_cost
from tools.planning.tours import Route, RoutePlan

DAY = date(2026, 11, 25)


@pytest.fixture(autouse=True)
def _own_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parameters, "_path", lambda: tmp_path / "parameters.json")


def _plan(km: float) -> RoutePlan:
    route = Route(vehicle="van1", vehicle_name="Sprinter 1", departure="04:30", back_at_bakery="07:00", km=km,
                  crates=10, capacity=80, stops=[])  # fmt: skip
    return RoutePlan(status="feasible", total_km=km, routes=[route])


def test_without_an_own_rate_the_cost_models_default_applies() -> None:
    params = parameters.load_parameters()
    assert params.fuel_eur_per_km == FUEL_EUR_PER_KM and params.fuel_set_on is None
    cost = tour_cost(_plan(100.0))
    assert cost is not None and cost.fuel_eur == pytest.approx(100.0 * FUEL_EUR_PER_KM) and not cost.fuel_own


def test_the_owners_rate_is_stored_and_used_by_the_tour_cost() -> None:
    parameters.set_fuel_rate(0.31, DAY)
    assert parameters.load_parameters().fuel_set_on == DAY
    cost = tour_cost(_plan(100.0))
    assert cost is not None and cost.fuel_eur == pytest.approx(31.0) and cost.fuel_own
    asked = tour_cost(_plan(100.0), 0.18)  # a rate named in the question wins for that answer
    assert asked is not None and asked.fuel_eur == pytest.approx(18.0)


def test_an_implausible_rate_is_refused_in_german() -> None:
    with pytest.raises(InputError, match="unplausibel"):
        parameters.set_fuel_rate(25.0, DAY)  # 25 € per km: ct meant
    assert parameters.load_parameters().fuel_set_on is None


def test_the_rate_is_imported_from_a_file(tmp_path: Path) -> None:
    source = tmp_path / "werte.json"
    source.write_text(json.dumps({"fuel_eur_per_km": 0.27}), encoding="utf-8")
    assert parameters.import_parameters(source, DAY).fuel_eur_per_km == pytest.approx(0.27)
    source.write_text("{}", encoding="utf-8")
    with pytest.raises(InputError, match="fuel_eur_per_km"):
        parameters.import_parameters(source, DAY)
