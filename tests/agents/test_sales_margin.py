"""„Wie hoch ist unsere Marge beim Stollen?“: price − production cost per piece, times the pieces sold (trial 9)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from agents.contracts import Slots, TurnContext
from agents.nlu.slots import extract_slots
from agents.registry import authorize
from agents.sales import forecast
from agents.sales.margin import asks_margin
from tools.company.catalog import PRODUCT_BY_ID
from tools.company.sales_review import sales_review
from tools.format_de import eur
from tools.settings import get_settings


@pytest.fixture
def ctx() -> TurnContext:
    return TurnContext(
        role="owner", view=authorize("owner", "forecast"), thread_id="t-margin", today=get_settings().today()
    )


def test_which_questions_ask_for_the_margin() -> None:
    today = get_settings().today()
    assert asks_margin("Wie hoch ist unsere Marge beim Stollen?")
    assert asks_margin("Was ist der Deckungsbeitrag der Laugenbrezel?")
    text = "Was verdienen wir an einer Laugenbrezel?"
    assert asks_margin(text, extract_slots(text, today).products)
    assert not asks_margin("Was haben wir letzte Woche verdient?")
    assert not asks_margin("Wie viele Stollen verkaufen wir am Samstag?", ["stollen"])


def test_the_stollen_margin_comes_from_the_catalogue_and_the_sales_of_four_weeks(ctx: TurnContext) -> None:
    text = "Wie hoch ist unsere Marge beim Stollen?"
    reply = forecast.run(extract_slots(text, ctx.today), ctx)
    p = PRODUCT_BY_ID["stollen"]
    row = reply.data["rows"][0]
    end = ctx.today - timedelta(days=1)
    sold = sales_review(end - timedelta(days=27), end, "product", None, ["stollen"]).rows[0].sold
    assert (
        row["product"] == "stollen"
        and row["sold"] == sold
        and row["margin_eur"] == pytest.approx(p.price_eur - p.cost_eur)
    )
    assert row["month_eur"] == pytest.approx((p.price_eur - p.cost_eur) * sold * 365 / 12 / 28)
    lead = reply.text.split("\n\n")[0]
    assert eur(p.price_eur - p.cost_eur, cents=True) in lead and eur(row["month_eur"]) in lead and "Saisonware" in lead


def test_without_goods_the_margins_are_ranked_and_a_read_only_view_gets_none(ctx: TurnContext) -> None:
    reply = forecast.run(Slots(text="Wie hoch ist unsere Marge?"), ctx)
    months = [r["month_eur"] for r in reply.data["rows"]]
    assert months == sorted(months, reverse=True) and len(months) == len(PRODUCT_BY_ID)
    closed = ctx.model_copy(update={"view": "quantities"})
    assert "Geschäftsführung" in forecast.run(Slots(text="Wie hoch ist unsere Marge?"), closed).text
