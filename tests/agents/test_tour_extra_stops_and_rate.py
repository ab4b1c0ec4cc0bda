"""Trial 27: a tour request naming a stop that is not in the data says so (never dropped silently); the owner's
own fuel rate is used for the answer, stored when asked to keep it, and the answer says where the rate comes from."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from langgraph.checkpoint.memory import InMemorySaver

import tools.company.parameters as parameters
from agents.contracts import AgentReply, DateRange, Slots, TurnContext
from agents.graph import build_graph, run_turn
from agents.operations import delivery_routes
from agents.operations.extra_stops import named_extra_stops, unknown_extra_stops
from agents.operations.fuel_rate import named_fuel_rate
from tools.settings import get_settings

DAY = date(2026, 11, 26)


@pytest.fixture(autouse=True)
def _own_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parameters, "_path", lambda: tmp_path / "parameters.json")


def _run(text: str, view: str = "full") -> AgentReply:
    ctx = TurnContext(role="owner", view=view, thread_id="t27", today=get_settings().today())  # type: ignore[arg-type]
    return delivery_routes.run(Slots(text=text, dates=DateRange(start=DAY, end=DAY, label="")), ctx)


@pytest.mark.parametrize(
    ("text", "stops"),
    [
        ("Touren für morgen, wir beliefern auch den Weihnachtsmarkt", ["Weihnachtsmarkt"]),
        ("wir fahren auch noch den weihnachtsmarkt in tangermünde an", ["Weihnachtsmarkt in Tangermünde"]),
        ("Touren, zusätzlich zum Wochenmarkt in Stendal", ["Wochenmarkt in Stendal"]),
        ("Touren morgen, wir beliefern auch die Backstube", []),
        ("Touren morgen und auch die Kosten", []),
    ],
)
def test_unknown_extra_stops_are_found(text: str, stops: list[str]) -> None:
    assert unknown_extra_stops(text) == stops


def test_a_known_branch_named_as_extra_stop_is_no_unknown_one() -> None:
    assert named_extra_stops("wir beliefern auch die Stadtinsel") == ["Stadtinsel"]
    assert unknown_extra_stops("wir beliefern auch die Stadtinsel") == []


def test_the_tour_answer_names_the_stop_it_could_not_plan_in_its_first_paragraph() -> None:
    reply = _run("Touren für morgen, wir beliefern auch den Weihnachtsmarkt in Tangermünde")
    first = reply.text.split("\n", 1)[0]
    assert "„Weihnachtsmarkt in Tangermünde“" in first and "nicht eingeplant" in first and "Lieferstelle" in first
    assert reply.data["unknown_stops"] == ["Weihnachtsmarkt in Tangermünde"]
    assert "Tangermünde Altstadt um" not in first  # the town of the market is no question for the branch's arrival


@pytest.mark.parametrize(
    ("text", "rate"),
    [
        ("was kostet das mit 0,22 € Sprit pro Kilometer?", 0.22),
        ("Kraftstoffsatz 24 Cent je km hinterlegen", 0.24),
        ("rechne mit 0,25 €/km", 0.25),
        ("wir fahren 600 km", None),
    ],
)
def test_a_fuel_rate_is_read(text: str, rate: float | None) -> None:
    assert named_fuel_rate(text) == (pytest.approx(rate) if rate is not None else None)


def test_the_default_rate_is_said_to_be_the_cost_models() -> None:
    reply = _run("was kostet mich das?")
    assert "Standardwert" in reply.text and "hinterlegen" in reply.text


def test_a_rate_in_the_question_is_used_once_and_not_stored() -> None:
    reply = _run("was kostet das mit 0,22 € Sprit pro Kilometer?")
    assert reply.data["cost"]["fuel_eur_km"] == pytest.approx(0.22)
    assert "Ihr Satz aus dieser Frage" in reply.text and "nur für diese Antwort" in reply.text
    assert parameters.load_parameters().fuel_set_on is None


def test_a_rate_to_keep_is_stored_and_used_by_the_next_answer() -> None:
    first = _run("Kraftstoffsatz 24 Cent je km hinterlegen")
    assert "als Firmenwert hinterlegt" in first.text.split("\n", 1)[0]
    later = _run("was kosten die Touren?")
    assert later.data["cost"]["fuel_eur_km"] == pytest.approx(0.24) and "hinterlegter Firmenwert" in later.text


def test_a_view_without_money_does_not_store_a_rate() -> None:
    _run("Kraftstoffsatz 24 Cent je km hinterlegen", view="quantities")
    assert parameters.load_parameters().fuel_set_on is None


def test_a_rate_to_keep_routes_to_the_tours() -> None:
    g = build_graph(checkpointer=InMemorySaver(), runner=lambda tool, slots, ctx: AgentReply(text=f"({tool})"))
    assert run_turn(g, "Kraftstoffsatz 24 Cent je km hinterlegen", role="owner", thread_id="r1").tool == (
        "delivery_routes"
    )
