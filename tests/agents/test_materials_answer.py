"""„Haben wir genug Mehl für morgen?“: the production agent answers with the raw materials, shortage first."""

from __future__ import annotations

from datetime import timedelta

import pytest

import tools.production.plan as plan_mod
from agents.contracts import DateRange, Slots, TurnContext
from agents.operations.materials_answer import wants_materials
from agents.operations.production_plan import run
from agents.registry import authorize
from tools.format_de import num
from tools.settings import get_settings


def ctx(role: str = "owner") -> TurnContext:
    return TurnContext(
        role=role, view=authorize(role, "production_plan"), thread_id="t-mat", today=get_settings().today()
    )


def test_material_questions_are_recognised() -> None:
    assert wants_materials("Haben wir genug Mehl für morgen?")
    assert wants_materials("Reicht die Butter bis Freitag?")
    assert not wants_materials("Wie viele Brötchen sollen wir morgen backen?")
    # products named after an ingredient are products (the parallel-turns test caught „Buttercroissants“)
    assert not wants_materials("Wie viele Buttercroissants sollen wir morgen in Havelberg backen?")
    assert not wants_materials("Käsesahnetorte für Samstag")


def test_enough_flour_for_tomorrow_shows_only_the_flours() -> None:
    reply = run(Slots(text="Haben wir genug Mehl für morgen?"), ctx())
    names = [m["name"] for m in reply.data["materials"]]
    table = [line for line in reply.text.split("\n") if line.startswith("| ") and "Rohstoff" not in line]
    assert table and all("mehl" in line.lower() for line in table) and any("Butter" == n for n in names)
    assert reply.text.startswith(("Für", "Das reicht", "Nein"))


def test_until_friday_counts_every_day_and_a_shortage_leads(monkeypatch: pytest.MonkeyPatch) -> None:
    today = get_settings().today()
    friday = today + timedelta(days=(4 - today.weekday()) % 7 or 7)
    monkeypatch.setattr(plan_mod, "load_stock", lambda: {"Butter": 1.0})
    slots = Slots(text="Reicht die Butter bis Freitag?", dates=DateRange(start=friday, end=friday, label="Freitag"))
    reply = run(slots, ctx("employee"))  # quantities only: employees may see the materials
    assert reply.data["start"] == (today + timedelta(days=1)).isoformat() and reply.data["end"] == friday.isoformat()
    butter = next(m for m in reply.data["materials"] if m["name"] == "Butter")
    assert reply.text.startswith("Nein") and num(butter["shortage_kg"]) in reply.text.split("\n")[0]


def test_until_a_holiday_range_means_every_day_up_to_its_first_day() -> None:
    """„Reicht das Mehl bis Weihnachten?“ (24.–26.12.): from tomorrow to the 24th, cut at two weeks."""
    today = get_settings().today()
    xmas = DateRange(start=today + timedelta(days=5), end=today + timedelta(days=7), label="Weihnachten")
    reply = run(Slots(text="Reicht das Mehl bis Weihnachten?", dates=xmas), ctx())
    assert reply.data["start"] == (today + timedelta(days=1)).isoformat()
    assert reply.data["end"] == xmas.start.isoformat()
