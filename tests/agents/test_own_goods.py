"""Her own export's goods named in a request: „Brötchen“ is her product of that name, not the demo group whose
products her data does not have (trial 18: „und nur Brötchen?“ → „keine Verkaufsdaten“, „Wie viel verkaufe ich
nächste Woche?“ → „Zu wenig Verlauf“)."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from agents.nlu.slots import extract_slots
from agents.operations.common import products_asked
from agents.own_goods import own_products, own_products_named
from agents.sales._common import selection
from tools.company.data import user_sales_path

TODAY = date(2026, 11, 25)


def _own_export() -> None:
    rows = [
        f"{TODAY - timedelta(days=i)},Holtenau,{p},{100 + i % 7}"
        for i in range(1, 41)
        for p in ("Brot", "Brötchen", "Kuchen")
    ]
    path = user_sales_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("date,branch,product,sold\n" + "\n".join(rows) + "\n", encoding="utf-8")


def test_her_goods_are_her_products(fresh_var: Path) -> None:
    _own_export()
    assert own_products() == ["Brot", "Brötchen", "Kuchen"]
    slots = extract_slots("und nur Brötchen?", TODAY)
    assert own_products_named(slots) == ["Brötchen"] and products_asked(slots) == ["Brötchen"]
    assert selection(slots, ["gruppe:brot"])[1] == ["Brötchen"]
    both = extract_slots("Wie viele Brötchen und Kuchen am Samstag?", TODAY)
    assert own_products_named(both) == ["Brötchen", "Kuchen"]
    assert own_products_named(extract_slots("Wie viel verkaufe ich nächste Woche?", TODAY)) == []


def test_the_demo_company_is_unchanged(fresh_var: Path) -> None:
    slots = extract_slots("und nur Brötchen?", TODAY)
    assert own_products() == [] and own_products_named(slots) == []
    assert selection(slots, ["alle"])[1] == ["gruppe:broetchen"]


def _own_goods_export(goods: tuple[str, ...]) -> None:
    rows = [f"{TODAY - timedelta(days=i)},Stendal Marktplatz,{p},{100 + i % 7}" for i in range(1, 41) for p in goods]
    path = user_sales_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("date,branch,product,sold\n" + "\n".join(rows) + "\n", encoding="utf-8")


def test_her_own_goods_unknown_to_the_catalogue_are_forecast_and_planned_not_refused(fresh_var: Path) -> None:
    """Hostile test 25: after her import of „Käsebrötchen“ the forecast said „führen wir bei Korn & Kruste nicht im
    Sortiment“ and listed the demo company's range."""
    from agents.contracts import TurnContext
    from agents.operations.production_plan import run as plan
    from agents.sales.forecast import run as forecast

    _own_goods_export(("Käsebrötchen", "Mohnzopf"))
    ctx = TurnContext(role="owner", view="full", thread_id="t", user="u", today=TODAY)
    slots = extract_slots("Wie viele Käsebrötchen verkaufen wir morgen in Stendal?", TODAY)
    assert slots.unknown_product == "Käsebrötchen"  # the catalogue does not know it: her export does
    reply = forecast(slots, ctx)
    assert "nicht im Sortiment" not in reply.text and "Käsebrötchen" in reply.text and "Stück" in reply.text
    assert {s["item"] for s in reply.data["series"]} == {"Käsebrötchen"}
    planned = plan(extract_slots("Backplan für Käsebrötchen morgen in Stendal", TODAY), ctx)
    assert "nicht im Sortiment" not in planned.text and "Käsebrötchen" in planned.text


def test_goods_neither_she_nor_the_catalogue_has_are_named_with_her_goods(fresh_var: Path) -> None:
    from agents.contracts import TurnContext
    from agents.sales.forecast import run as forecast

    _own_goods_export(("Käsebrötchen", "Mohnzopf"))
    ctx = TurnContext(role="owner", view="full", thread_id="t", user="u", today=TODAY)
    reply = forecast(extract_slots("Wie viele Donuts verkaufen wir morgen?", TODAY), ctx)
    assert reply.data["error"] == "unknown_product"
    assert (
        "„Donuts“ in Ihren Verkaufsdaten gibt es nicht" in reply.text
        and "Ihre Artikel: Käsebrötchen, Mohnzopf" in reply.text
    )
    assert "Roggenbrot" not in reply.text  # not the demo company's range
