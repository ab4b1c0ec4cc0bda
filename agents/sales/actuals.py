"""A forecast request for days gone by ("Wie viele Brezeln haben wir am 3.11. verkauft?"): the till's figures."""

from __future__ import annotations

from datetime import date

import pandas as pd

from agents.contracts import AgentReply, Slots
from agents.sales._common import branch_label, selection
from tools.company.catalog import GROUP_NAMES, PRODUCT_BY_ID
from tools.format_de import WEEKDAYS, date_range, integer

MAX_LINES = 12


def _rows(sales: pd.DataFrame, branch: str, item: str, start: date, end: date) -> pd.DataFrame:
    """The sales rows of one branch ('alle' = all) and item (product, 'gruppe:<id>', 'alle') in [start, end]."""
    d = sales[(sales["date"] >= pd.Timestamp(start)) & (sales["date"] <= pd.Timestamp(end))]
    if branch != "alle":
        d = d[d["branch"] == branch]
    if item.startswith("gruppe:"):
        group = item.split(":", 1)[1]
        d = d[d["product"].map(lambda p: getattr(PRODUCT_BY_ID.get(p), "group", None) == group)]
    elif item != "alle":
        d = d[d["product"] == item]
    return d


def _item_label(item: str) -> str:
    if item.startswith("gruppe:"):
        return GROUP_NAMES.get(item.split(":", 1)[1], "Artikel")
    product = PRODUCT_BY_ID.get(item)
    return product.name if product else "alle Artikel"


def _when(start: date, end: date) -> str:
    return (
        f"am {WEEKDAYS[start.weekday()]}, {start:%d.%m.%Y}" if start == end else f"im Zeitraum {date_range(start, end)}"
    )


def past_sales(slots: Slots, start: date, end: date) -> AgentReply:
    """What the till recorded for a period before today: sold and baked pieces per branch and item."""
    from tools.company.data import load_sales

    branches, items, _ = selection(slots, ["alle"])
    sales = load_sales()
    found: list[dict[str, object]] = []
    lines: list[str] = []
    for b in branches:
        for item in items:
            rows = _rows(sales, b, item, start, end)
            if rows.empty:
                continue
            sold, baked = float(rows["sold"].sum()), float(rows["baked"].sum())
            where = "in allen Filialen zusammen" if b == "alle" else f"in {branch_label(b)}"
            found.append({"branch": b, "item": item, "sold": sold, "baked": baked, "left": baked - sold})
            if len(lines) < MAX_LINES:
                lines.append(
                    f"- {_item_label(item)} {where}: **{integer(sold)} Stück verkauft** "
                    f"(gebacken {integer(baked)}, übrig {integer(max(baked - sold, 0.0))})"
                )
    when = _when(start, end)
    if not found:
        text = (
            f"Für {when} sind für diese Auswahl keine Verkäufe gespeichert (die Filiale war geschlossen "
            "oder der Artikel wurde nicht angeboten). Eine Prognose rechne ich für heute und die kommenden Tage."
        )
        return AgentReply(text=text, tools_called=["forecast"], data={"error": "past_date", "actuals": []})
    when = when[0].upper() + when[1:]
    if len(found) == 1:
        one = found[0]
        where = "in allen Filialen zusammen" if one["branch"] == "alle" else f"in {branch_label(str(one['branch']))}"
        head = (
            f"{when} haben Sie {integer(float(str(one['sold'])))} Stück {_item_label(str(one['item']))} {where} "
            "verkauft – das sind die Zahlen aus der Kasse, keine Prognose."
        )
    else:
        head = f"{when} – die Verkäufe laut Kasse (keine Prognose):"
    body = "\n".join(lines)
    text = f"{head}\n\n{body}\n\nEine Prognose rechne ich für heute und die kommenden Tage."
    return AgentReply(
        text=text,
        tools_called=["forecast"],
        data={"error": "past_date", "start": start.isoformat(), "end": end.isoformat(), "actuals": found},
    )
