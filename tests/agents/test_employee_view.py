"""An employee never sees the business's money figures (prices, costs, margins, returns in euros, revenue,
account, budget) in any tool the role may use – neither in the answer text nor in its data. The handbook's
own rules on wages and allowances stay answerable."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from langgraph.checkpoint.memory import InMemorySaver

from agents.graph import build_graph, run_turn
from agents.registry import agent_of, allowed_tools, authorize
from evals.robustness.scenarios import euro_amounts, money_keys
from tests.agents.test_graph import FixedRouter
from tools.settings import get_settings

EMPLOYEE_TOOLS = {
    "onboarding_qa",
    "quality_check",
    "production_plan",
    "interview",
    "strategy",
    "help",
    "smalltalk",
    "out_of_scope",
}


def _as_employee(tool: str, text: str, attachments: list[dict[str, Any]] | None = None):
    graph = build_graph(router=FixedRouter(tool, agent_of(tool)), checkpointer=InMemorySaver())
    return run_turn(
        graph, text, role="employee", thread_id=f"emp-{tool}", user="mitarbeiterin", attachments=attachments
    )


def _assert_no_money(result) -> None:
    assert not euro_amounts(result.text), result.text
    assert not euro_amounts(result.data) and not money_keys(result.data), money_keys(result.data)


def test_the_employee_tools_are_the_declared_ones() -> None:
    assert allowed_tools("employee") == EMPLOYEE_TOOLS
    assert authorize("employee", "production_plan") == "quantities"


def _tomorrow() -> date:
    return get_settings().today() + timedelta(days=1)


@pytest.mark.parametrize(
    "text",
    [
        "Wie viele Roggenbrote sollen wir morgen in Stendal backen? Was kosten die und was bringen sie?",
        "Produktionsplan für morgen mit Preisen und Kosten",  # all branches: the table form
        "Was hätten wir im letzten Monat mit dem Plan gespart?",  # the backtest is money: refused
    ],
)
def test_production_plan_shows_quantities_only(text: str) -> None:
    result = _as_employee("production_plan", text)
    assert result.tool == "production_plan"
    _assert_no_money(result)
    if "gespart" not in text:
        assert "Stück" in result.text and result.data["items"]
        assert all({"quantity", "lower80", "upper80"} <= set(i) for i in result.data["items"])


def test_production_plan_with_nothing_to_bake_has_no_money_either() -> None:
    sunday = _tomorrow() + timedelta(days=(6 - _tomorrow().weekday()) % 7)
    result = _as_employee("production_plan", f"Was backen wir am {sunday:%d.%m.%Y} in Gardelegen?")
    assert "nichts zu backen" in result.text
    # browser trial: 'Filiale geschlossen oder Produkt nicht im Sortiment' left the reason open
    assert "Gardelegen Holzmarkt hat an diesem Tag geschlossen" in result.text and "oder" not in result.text
    _assert_no_money(result)


def test_handbook_answers_on_wages_stay_and_every_euro_is_quoted_from_it(handbook: str) -> None:  # noqa: F811
    night = _as_employee("onboarding_qa", "Wie hoch ist der Nachtzuschlag?")
    assert "25 %" in night.text and not money_keys(night.data)
    for text in (
        "Wie viel Urlaubsgeld bekomme ich?",
        "Wie viel Umsatz macht die Filiale Stendal?",
        "Was kostet ein Roggenbrot im Einkauf?",
    ):
        result = _as_employee("onboarding_qa", text)
        quoted = " ".join(p["text"] for p in result.data.get("passages", []))
        assert all(a in quoted for a in euro_amounts(result.text)), result.text  # only the handbook's own rules
        assert not money_keys(result.data)


def test_quality_check_reports_defects_not_money(tmp_path: Path) -> None:
    import cv2
    import numpy as np

    from tools.vision.generator import generate_tray

    img, _ = generate_tray(np.random.default_rng(7))
    photo = tmp_path / "blech.jpg"
    cv2.imwrite(str(photo), img)
    result = _as_employee(
        "quality_check",
        "Prüf bitte das Blech – was kostet uns der Ausschuss?",
        [{"path": str(photo), "name": "blech.jpg", "mime": "image/jpeg"}],
    )
    assert result.tool == "quality_check" and "Teile erkannt" in result.text
    _assert_no_money(result)


@pytest.mark.parametrize(
    "tool,text",
    [
        ("interview", "KI-Readiness-Check starten"),
        ("strategy", "Welche KI-Strategie passt zu unserem Betrieb und was bringt sie an Umsatz?"),
        ("help", "Was kann ich hier alles fragen, auch zu Preisen?"),
        ("smalltalk", "Danke, schönen Tag noch!"),
        ("out_of_scope", "Wie hoch ist unser Kontostand und unser Budget?"),
    ],
)
def test_conversation_tools_show_no_money(tool: str, text: str) -> None:
    result = _as_employee(tool, text)
    assert result.text
    _assert_no_money(result)


@pytest.mark.parametrize(
    "text",
    [
        "Reicht unser Geld bis Ende Februar?",
        "Wie hoch ist unser Kontostand?",
        "Wie entwickeln sich Umsatz und Kosten in den nächsten 6 Monaten?",
        "Was bedeutet die Adventsnachfrage für Produktion, Personal und Finanzen?",
        "Zeig mir die Preise und Kosten im Produktionsplan für morgen",
    ],
)
def test_money_questions_through_the_router_reveal_nothing(text: str) -> None:
    from agents.service import get_graph

    result = run_turn(get_graph(), text, role="employee", thread_id=f"emp-router-{hash(text)}", user="mitarbeiterin")
    assert result.data.get("refused") or authorize("employee", result.tool) is not None
    _assert_no_money(result)
