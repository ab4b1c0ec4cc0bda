"""Agents `oven_schedule` and `delivery_routes` and their CLI on the demo company (sales as quantities)."""

from __future__ import annotations

import json
from datetime import date
from functools import partial

import pytest
from typer.testing import CliRunner

import agents.operations.delivery_routes as routes_agent
import agents.operations.oven_schedule as ovens_agent
import tools.planning.day as day_mod
from agents.contracts import DateRange, Slots, TurnContext
from tools.errors import RequestError

CTX = TurnContext(role="owner", thread_id="t", today=date(2026, 11, 25))
DAY = DateRange(start=date(2026, 11, 26), end=date(2026, 11, 26), label="morgen")


@pytest.fixture(autouse=True)
def _sales_quantities(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fast, fixed quantities: the demo sales of a week earlier instead of fitting the forecast."""
    fast = partial(day_mod.demand_for_day, source="sales")
    monkeypatch.setattr(routes_agent, "demand_for_day", fast)
    monkeypatch.setattr(ovens_agent, "demand_for_day", fast)
    monkeypatch.setattr(day_mod, "demand_for_day", fast)


def test_delivery_routes_answer_is_german_and_grounded() -> None:
    reply = routes_agent.run(Slots(text="Lieferrouten für morgen", dates=DAY), CTX)
    data = reply.data
    assert reply.tools_called == ["delivery_routes"]
    assert data["total_km"] == pytest.approx(sum(r["km"] for r in data["routes"]), abs=0.2)
    assert f"{data['total_km']:.1f}".replace(".", ",") in reply.text
    served = {s["branch"] for r in data["routes"] for s in r["stops"]}
    assert served >= {"stendal_markt", "tangermuende", "havelberg"}
    assert "Lieferrouten für Donnerstag, 26.11.2026" in reply.text
    assert reply.artifacts and reply.artifacts[0].path.is_file()


def test_routes_bad_input_gets_german_message() -> None:
    """A past day or an unknown branch is a RequestError with German text (the graph's act node answers it)."""
    past = DateRange(start=date(2026, 11, 1), end=date(2026, 11, 1), label="1. November")
    with pytest.raises(RequestError, match="Vergangenheit"):
        routes_agent.run(Slots(text="touren 1.11.", dates=past), CTX)
    with pytest.raises(RequestError, match="„Magdeburg“ ist keine Filiale"):
        ovens_agent.run(Slots(text="ofenplan für magdeburg", unknown_branch="Magdeburg"), CTX)


def test_oven_schedule_for_one_branch() -> None:
    reply = ovens_agent.run(Slots(text="ofenplan havelberg morgen", dates=DAY, branches=["havelberg"]), CTX)
    data = reply.data
    assert data["status"] in {"optimal", "feasible", "infeasible"}
    assert data["jobs"] and {j["branch"] for j in data["jobs"]} == {"havelberg"}
    assert f"({data['makespan_min']} Min.)" in reply.text
    if data["total_late_min"]:
        assert "Ofenstunden" in reply.text
    else:
        assert "vor der Abfahrt" in reply.text
    assert reply.artifacts and reply.artifacts[0].path.suffix == ".png"


def test_cli_routes_json_shape() -> None:
    from app.cli import app

    result = CliRunner().invoke(
        app,
        [
            "plan",
            "routes",
            "--date",
            "2026-11-26",
            "--json",
            "--source",
            "sales",
            "--branch",
            "tangermuende",
            "--branch",
            "havelberg",
        ],
    )
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    assert set(out) == {"status", "total_km", "routes"}
    assert {s["branch"] for r in out["routes"] for s in r["stops"]} == {"tangermuende", "havelberg"}
    bad = CliRunner().invoke(app, ["plan", "ovens", "--date", "morgen", "--json"])
    assert bad.exit_code == 2


def test_oven_schedule_lists_the_batches_of_the_group_asked_for() -> None:
    """Browser trial 5: „Welcher Ofen backt morgen früh die Brote?“ listed Baumkuchen and Käsekuchen batches."""
    from tools.company.catalog import PRODUCT_BY_ID

    reply = ovens_agent.run(Slots(text="Welcher Ofen backt morgen früh die Brote?", dates=DAY, groups=["brot"]), CTX)
    line = next(x for x in reply.text.splitlines() if x.startswith("Die ersten Chargen"))
    assert line.startswith("Die ersten Chargen (Brot): ")
    breads = {
        PRODUCT_BY_ID[j["product"]].name for j in reply.data["jobs"] if PRODUCT_BY_ID[j["product"]].group == "brot"
    }
    others = {PRODUCT_BY_ID[j["product"]].name for j in reply.data["jobs"]} - breads
    assert breads and others  # the day bakes more than bread …
    assert any(b in line for b in breads) and not any(f" {o} (" in line for o in others)  # … the answer shows bread


def test_a_named_branch_gets_its_arrival_times_within_the_whole_days_tours() -> None:
    """„Wann kommt der Lieferwagen in Havelberg an?“: the day's real tours, Havelberg's arrivals first."""
    reply = routes_agent.run(
        Slots(text="Wann kommt der Lieferwagen in Havelberg an?", dates=DAY, branches=["havelberg"]), CTX
    )
    stops = [s for r in reply.data["routes"] for s in r["stops"]]
    served = {s["branch"] for s in stops}
    assert len(served) > 1  # not a tour planned for Havelberg alone
    first = reply.text.split("\n")[0]
    for s in (s for s in stops if s["branch"] == "havelberg"):
        assert f"um {s['arrival']} Uhr" in first
    assert first.startswith("Am ") and "Havelberg" in first


def test_the_fullest_oven_is_named_with_its_load() -> None:
    """„Welcher Ofen ist morgen am vollsten?“: the oven with the highest load leads, with the figure of the table."""
    reply = ovens_agent.run(Slots(text="Welcher Ofen ist morgen am vollsten?", dates=DAY), CTX)
    line = next(x for x in reply.text.split("\n") if x.startswith("Auslastung bis zur letzten Abfahrt: "))
    fullest = line.removeprefix("Auslastung bis zur letzten Abfahrt: ").split(", ")[0]  # sorted, highest first
    name, load = fullest.rsplit(" ", 2)[0], " ".join(fullest.rsplit(" ", 2)[1:])
    assert reply.text.startswith("Am vollsten ist am ") and f"der {name} mit {load} Auslastung" in reply.text


def test_a_branch_closed_that_day_is_named_closed_in_the_tours() -> None:
    """Trial 11: „warum fährt keiner nach Gardelegen?“ on a Sunday repeated the tours; Gardelegen is closed then."""
    sunday = DateRange(start=date(2026, 11, 29), end=date(2026, 11, 29), label="Sonntag")
    reply = routes_agent.run(
        Slots(text="warum fährt keiner nach Gardelegen?", branches=["gardelegen"], dates=sunday), CTX
    )
    served = {s["branch"] for r in reply.data["routes"] for s in r["stops"]}
    assert "gardelegen" not in served
    assert reply.text.startswith("Gardelegen Holzmarkt hat am Sonntag, 29.11. geschlossen")


def test_the_oven_plan_stored_ahead_is_the_one_the_answer_reads(monkeypatch: pytest.MonkeyPatch) -> None:
    """`synerki data generate` stores tomorrow's oven plan (tools/precompute.py): the answer then solves nothing."""
    import tools.planning.ovens.stored as stored

    ahead, _ = day_mod.plan_ovens_day(day_mod.demand_for_day(DAY.start))
    monkeypatch.setattr(stored, "solve_ovens", lambda *a, **k: pytest.fail("solved again"))
    reply = ovens_agent.run(Slots(text="Plane die Öfen für morgen", dates=DAY), CTX)
    assert f"letzte Charge fertig {ahead.last_end}" in reply.text


def test_the_rules_missed_delivery_is_counted_in_good_german(monkeypatch: pytest.MonkeyPatch) -> None:
    """Lead's browser check: „ließe aber 1 Belieferungen aus (Plan: 0)“ – one is singular, and a plan that serves
    every branch says so in words."""
    real = routes_agent.baseline
    monkeypatch.setattr(routes_agent, "baseline", lambda demand: (real(demand)[0] + 50.0, 1))
    reply = routes_agent.run(Slots(text="Lieferrouten für morgen", dates=DAY), CTX)
    assert "ließe aber 1 Belieferung aus (der Plan beliefert alle)." in reply.text
    assert "Belieferungen aus" not in reply.text and "Plan: 0" not in reply.text


def test_tours_beyond_the_plan_use_the_forecast_and_say_so(monkeypatch: pytest.MonkeyPatch) -> None:
    """Trial 30: „Touren für den 23.12.“ in November got „Bitte wählen Sie einen näheren Tag“ while the plan
    answered from the forecast; the tours now say that they use that forecast and its total."""
    from tools.format_de import integer

    monkeypatch.setattr(routes_agent, "demand_for_day", day_mod.demand_for_day)  # the real quantities
    day = day_mod.plan_reach() + date.resolution * 8
    reply = routes_agent.run(Slots(text="Touren für den Tag", dates=DateRange(start=day, end=day, label="x")), CTX)
    demand = day_mod.demand_for_day(day)
    assert reply.data["source"] == "forecast" and reply.data["routes"]
    assert "näheren Tag" not in reply.text
    assert "Absatzprognose – dieselbe, die der Backplan" in reply.text
    assert f"zusammen {integer(sum(i.quantity for i in demand.items))} Stück" in reply.text
