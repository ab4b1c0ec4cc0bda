"""„Wann machen wir die Inventur?“: no stocktaking date is in the company's data, so none is named; what the data
can say instead: the quietest selling days around the last turn of the year and the raw-material stock on hand."""

from __future__ import annotations

import re
from datetime import date

import pandas as pd

from agents.contracts import AgentReply, Slots, TurnContext
from agents.nlu.normalize import fold
from tools.company.data import load_sales, load_stock
from tools.format_de import and_list, count, day, integer

TOOL = "production_plan"
_STOCKTAKING = re.compile(r"\binventur\w*|\bbestandsaufnahme\w*|\bstichtagsinventur\b")
QUIETEST = 3  # days named as candidates


def asks_stocktaking(text: str) -> bool:
    """True for a question about the stocktaking (Inventur)."""
    return bool(_STOCKTAKING.search(fold(text or "")))


def _turn_of_year(today: date) -> tuple[date, date]:
    """27.12. to 6.1. of the last turn of the year whose sales are all in the data (the one before `today`)."""
    year = today.year if today >= date(today.year, 1, 7) else today.year - 1
    return date(year - 1, 12, 27), date(year, 1, 6)


def _daily_totals(sales: pd.DataFrame, start: date, end: date) -> pd.Series:
    """Pieces sold per day over all branches and goods, days without sales (closed) left out."""
    days = sales[(sales["date"] >= pd.Timestamp(start)) & (sales["date"] <= pd.Timestamp(end))]
    totals = days.groupby(days["date"].dt.date)["sold"].sum()
    return totals[totals > 0]


def stocktaking_reply(slots: Slots, ctx: TurnContext, tool: str = TOOL) -> AgentReply:
    """No date is invented: say that none is stored, then the quietest days of the last turn of the year."""
    start, end = _turn_of_year(ctx.today)
    totals = _daily_totals(load_sales(), start, end)
    lines = [
        "Einen Inventurtermin finde ich in Ihren Daten nicht – weder im Mitarbeiterhandbuch noch in den Firmendaten "
        "ist einer hinterlegt. Ein Datum nenne ich Ihnen deshalb nicht; den Stichtag legen Sie (mit Ihrem "
        "Steuerbüro) fest."
    ]
    if not totals.empty:
        quiet = totals.sort_values().head(QUIETEST)
        named = and_list([f"{day(d)} ({integer(v)} Stück)" for d, v in quiet.items()])
        mean = integer(float(totals.mean()))
        lines += [
            "",
            f"Was ich dafür beitragen kann – die ruhigsten Verkaufstage zwischen den Jahren, aus Ihren Verkäufen vom "
            f"{day(start)} bis {day(end)} (alle Filialen, {count(len(totals), 'Verkaufstag', 'Verkaufstage')}, "
            f"im Schnitt {mean} Stück je Tag): {named}. An solchen Tagen stört eine Zählung den Verkauf am wenigsten.",
        ]
    else:
        lines += ["", f"Für die Tage vom {day(start)} bis {day(end)} habe ich keine Verkaufszahlen."]
    stock = load_stock()
    lines += [
        "",
        f"Ihren aktuellen Rohstoffbestand ({count(len(stock), 'Rohstoff', 'Rohstoffe')}) zeige ich Ihnen mit "
        "„Welche Rohstoffe haben wir auf Lager?“ – Bedarf und Bestand je Rohstoff. Für die Tage zwischen den Jahren "
        "rechne ich Ihnen auf Wunsch die Absatzprognose („Was verkaufen wir zwischen den Jahren?“).",
    ]
    data = {
        "stocktaking_date": None,
        "window": [str(start), str(end)],
        "quietest": {str(d): int(v) for d, v in totals.sort_values().head(QUIETEST).items()},
    }
    return AgentReply(text="\n".join(lines), tools_called=[tool], data=data)
