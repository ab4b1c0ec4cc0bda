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
