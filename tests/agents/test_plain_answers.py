"""Plain German first: every answer opens with the decision in everyday words; ids, engine terms, English
status words and file suffixes stay out of that first paragraph, the method sits in "So habe ich gerechnet"."""

from __future__ import annotations

import re
from datetime import date, timedelta
from functools import partial

import pandas as pd
import pytest

import agents.operations.delivery_routes as routes_agent
import agents.operations.oven_schedule as ovens_agent
import tools.planning.day as day_mod
from agents.contracts import AgentReply, DateRange, Slots, TurnContext
from agents.finance import budget_forecast
from agents.operations import production_plan
from agents.plain import METHOD_HEADING
from agents.registry import authorize
from agents.sales import demand_drivers, forecast
from agents.supervisor import overview
from tools.company.catalog import BRANCH_BY_ID, DOUGH_NAMES, GROUP_NAMES, PRODUCT_BY_ID
from tools.format_de import integer

TODAY = date(2026, 11, 25)
TOMORROW = DateRange(start=TODAY + timedelta(days=1), end=TODAY + timedelta(days=1), label="morgen")
IDS = sorted({*BRANCH_BY_ID, *PRODUCT_BY_ID, *DOUGH_NAMES, *GROUP_NAMES})
JARGON = ("Newsvendor", "Prophet", "CP-SAT", "feasible", "optimal", "Quantil", "Log-Skala", ".md")


def ctx(tool: str, role: str = "owner") -> TurnContext:
    return TurnContext(role=role, view=authorize(role, tool), thread_id="t-plain", today=TODAY)


def first_paragraph(reply: AgentReply) -> str:
    return reply.text.split("\n\n", 1)[0]


def assert_plain(reply: AgentReply, method_named: bool = True) -> None:
    """The first paragraph is plain German; the method (when named) comes at the end under its heading."""
    head = first_paragraph(reply)
    assert head.strip() and "\n" not in head.strip(), head  # one decision sentence, not a list
    ids = [i for i in IDS if re.search(rf"\b{re.escape(i)}\b", head)]
    assert not ids, f"ids in the first paragraph: {ids}: {head}"
    words = [w for w in JARGON if w.lower() in head.lower()]
    assert not words, f"jargon in the first paragraph: {words}: {head}"
    if method_named:
        assert METHOD_HEADING in reply.text
        before, after = reply.text.split(METHOD_HEADING, 1)
        assert not [w for w in JARGON[:4] if w in before], before  # engine terms only in the method section
        assert any(
            w in after
            for w in (
                "Newsvendor",
                "Prophet",
                "CP-SAT",
                "OR-Tools",
                "Planungsprogramm",
                "Zeitreihenmodell",
                "lohnt",
                "Prognose der Nachfrage",
            )
        ), after


@pytest.fixture()
def sales_quantities(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fast, fixed quantities for ovens and tours (as in test_operations_planning.py)."""
    fast = partial(day_mod.demand_for_day, source="sales")
    monkeypatch.setattr(routes_agent, "demand_for_day", fast)
    monkeypatch.setattr(ovens_agent, "demand_for_day", fast)
    monkeypatch.setattr(day_mod, "demand_for_day", fast)


@pytest.mark.parametrize("role", ["owner", "employee"])
def test_production_plan_opens_with_what_to_bake(role: str) -> None:
    slots = Slots(
        text="Wie viele Roggenbrote brauchen wir morgen in Gardelegen?",
        dates=TOMORROW,
        products=["roggenbrot"],
        branches=["gardelegen"],
    )
    reply = production_plan.run(slots, ctx("production_plan", role))
    item = reply.data["items"][0]
    head = first_paragraph(reply)
    assert head.startswith("Backen Sie am Donnerstag, 26.11. in Gardelegen")
    assert f"{item['quantity']} Stück" in head and "Ladenschluss" in head
    assert_plain(reply)


def test_production_plan_for_several_products_and_the_savings() -> None:
    plan = production_plan.run(
        Slots(text="Backplan morgen Stendal", dates=TOMORROW, branches=["stendal_markt"]), ctx("production_plan")
    )
    assert first_paragraph(plan).startswith("Backen Sie am Donnerstag, 26.11. insgesamt")
    assert_plain(plan)
    saved = production_plan.run(
        Slots(
            text="Was hätten wir mit dem Plan beim Landbrot in Stendal gespart?",
            dates=DateRange(start=date(2026, 10, 5), end=date(2026, 10, 18), label="im Oktober"),
            products=["landbrot"],
            branches=["stendal_markt"],
        ),
        ctx("production_plan"),
    )
    assert first_paragraph(saved).startswith("Mit dem Plan hätten Sie")
    assert_plain(saved)


def test_forecast_and_drivers_open_with_the_expected_sales() -> None:
    slots = Slots(text="Schrippen Stendal übermorgen", products=["schrippe"], branches=["stendal_markt"])
    day = TODAY + timedelta(days=2)
    slots.dates = DateRange(start=day, end=day, label="übermorgen")
    reply = forecast.run(slots, ctx("forecast"))
    d0 = reply.data["series"][0]["days"][0]
    head = first_paragraph(reply)
    assert "Stendal Marktplatz" in head and f"{round(d0['forecast'])} Stück" in head
    assert_plain(reply)
    drivers = demand_drivers.run(slots, ctx("demand_drivers"))
    assert first_paragraph(drivers).startswith("Bei ") and "am meisten" in first_paragraph(drivers)
    assert_plain(drivers)
    # browser trial 5: „gemessen aus 1184 Verkaufstagen“ – counts carry the thousands dot
    assert f"gemessen aus {integer(drivers.data['drivers']['n_days'])} Verkaufstagen" in drivers.text
    assert drivers.data["drivers"]["n_days"] >= 1000


def test_forecast_of_several_series_names_no_series() -> None:
    """Browser trial (lab tour): '… 1.350 Stück in den 2 gezeigten Reihen' – 'Reihen' is statistics jargon."""
    slots = Slots(text="Brötchen Stendal morgen", products=["schrippe"], branches=["stendal_markt", "stendal_bahnhof"])
    day = TODAY + timedelta(days=1)
    slots.dates = DateRange(start=day, end=day, label="morgen")
    reply = forecast.run(slots, ctx("forecast"))
    assert len(reply.data["series"]) == 2
    answer = reply.text.split("So habe ich gerechnet")[0]  # the method section may name its terms
    assert "Reihe" not in answer and "Artikel und Filialen" in first_paragraph(reply)


def test_ovens_and_tours_open_with_the_decision(sales_quantities: None) -> None:
    ovens = ovens_agent.run(
        Slots(text="ofenplan havelberg", dates=TOMORROW, branches=["havelberg"]), ctx("oven_schedule")
    )
    assert ovens.data["last_end"] in first_paragraph(ovens)
    assert_plain(ovens)
    before_method = ovens.text.split(METHOD_HEADING)[0]
    assert not re.search(r"\b[A-Z]\d-[A-Z]\d\b", before_method), before_method  # no slot codes like 'E1-D3'
    assert "Etage" in before_method or "Wagen" in before_method  # the slot as the bakers name it
    tours = routes_agent.run(Slots(text="Lieferrouten für morgen", dates=TOMORROW), ctx("delivery_routes"))
    assert first_paragraph(tours).startswith("Schicken Sie am Donnerstag, 26.11.")
    assert f"{tours.data['total_km']:.1f}".replace(".", ",") in first_paragraph(tours)
    assert_plain(tours)


def test_budget_opens_with_revenue_and_result(monkeypatch: pytest.MonkeyPatch) -> None:
    import tools.finance.budget as budget_mod

    monkeypatch.setattr(budget_mod, "_bottom_up", lambda *args, **kwargs: None)
    reply = budget_forecast.run(Slots(text="Budget für die nächsten 3 Monate", months=3), ctx("budget_forecast"))
    assert first_paragraph(reply).startswith("Von ") and "Umsatz" in first_paragraph(reply)
    assert_plain(reply, method_named=False)
    assert METHOD_HEADING in reply.text and "Wareneinsatz" in reply.text.split(METHOD_HEADING)[1]


def test_overview_opens_with_how_much_to_bake() -> None:
    week = DateRange(start=date(2026, 11, 30), end=date(2026, 12, 6), label="nächste Woche")
    slots = Slots(text="Gesamtüberblick", dates=week, products=["schrippe"], branches=["stendal_markt", "gardelegen"])
    reply = overview.run(slots, ctx("overview"))
    head = first_paragraph(reply)
    assert head.startswith("Nächste Woche") and "Backen Sie insgesamt" in head
    assert "Stendal Marktplatz" in reply.text and "stendal_markt" not in reply.text.split(METHOD_HEADING)[0]
    assert_plain(reply)


def test_text_below_a_table_is_no_table_row() -> None:
    """Browser trial: 'Teig je Sorte …', 'Alle Rohstoffe …' were rendered as extra rows of the plan table."""
    from markdown_it import MarkdownIt

    from agents.plain import plain_answer

    text = plain_answer(
        "Backen Sie 5 Stück.", ["| Produkt | Stück |", "|---|---:|", "| Brot | 5 |", "Teig je Sorte: 1 kg."]
    )
    html = MarkdownIt("commonmark").enable("table").render(text)
    table = html[html.index("<table>") : html.index("</table>")]
    assert "Brot" in table and "Teig je Sorte" not in table and "<p>Teig je Sorte: 1 kg.</p>" in html


def test_text_below_a_list_is_no_part_of_its_last_item() -> None:
    """Browser trial 5: the tours' last line ran on into „… 10 Kisten) Die einfache Regel … käme auf 655,1 km“."""
    from markdown_it import MarkdownIt

    from agents.plain import plain_answer

    text = plain_answer(
        "Schicken Sie 2 Touren los.",
        ["Lieferrouten:", "- Tour 1: Stendal", "- Tour 2: Gardelegen", "Die einfache Regel käme auf 9 km."],
    )
    html = MarkdownIt("commonmark").render(text)
    assert "<li>Tour 2: Gardelegen</li>" in html and "<p>Die einfache Regel käme auf 9 km.</p>" in html


def test_the_upload_question_stands_below_the_names() -> None:
    from markdown_it import MarkdownIt

    from agents.supervisor import data_import

    frame = pd.DataFrame(
        {"date": pd.to_datetime(["2026-11-01"]), "branch": ["Magdeburg"], "product": ["Brötchen"], "sold": [3]}
    )
    html = MarkdownIt("commonmark").render(data_import._question(frame, "x.csv") or "")
    assert "<p>Soll ich die Daten so übernehmen?" in html


def test_method_after_decision_opens_the_method_below_the_decision() -> None:
    """„Wie sicher ist das?“: how the figure was computed comes right after the decision, not folded away."""
    from agents.plain import METHOD_HEADING, method_after_decision, plain_answer

    text = plain_answer("Backen Sie 80 Stück.", ["| a | b |", "|---|---|", "| 1 | 2 |"], ["Spanne = 80-%-Intervall."])
    moved = method_after_decision(text)
    first, second, *rest = moved.split("\n\n")
    assert first == "Backen Sie 80 Stück." and second == "So habe ich gerechnet: Spanne = 80-%-Intervall."
    assert METHOD_HEADING not in moved and "| 1 | 2 |" in rest[0]
    assert method_after_decision("Nur ein Satz.") == "Nur ein Satz."
