"""„Wie viel Gewinn haben wir im Oktober gemacht?“: the booked result of whole months gone by (revenue minus
the booked cost categories of the monthly accounts), or an honest note why it cannot be given."""

from __future__ import annotations

import calendar
import re
from datetime import date

from agents.nlu.normalize import fold
from tools.finance.models import COST_CATEGORIES, COST_NAMES
from tools.format_de import MONTHS, eur, period_opening, share

# folded text: the result (not only the revenue) is asked for
_RESULT = re.compile(
    r"\b(?:gewinn\w*|ergebnis\w*|verdien\w*|verlust\w*|ueberschuss\w*|rendite|marge|uebrig|kosten|ausgaben)\b"
)


def asks_result(text: str) -> bool:
    """True when `text` asks for profit, result or costs rather than revenue alone."""
    return _RESULT.search(fold(text)) is not None


def past_result(start: date, end: date, branches: list[str]) -> tuple[str, dict[str, float] | None]:
    """The lead on the booked result of [start, end] and its figures; None figures when it cannot be given
    (costs are booked per whole month and for the whole company)."""
    from tools.company.data import load_finance_monthly

    if branches:
        return (
            "Einen Gewinn je Filiale kann ich nicht nennen: Die Kosten sind nur für den ganzen Betrieb gebucht.",
            None,
        )
    fin = load_finance_monthly()
    last_booked = fin["month"].max().date()
    whole = start.day == 1 and end.day == calendar.monthrange(end.year, end.month)[1]
    rows = fin[(fin["month"].dt.date >= start) & (fin["month"].dt.date <= end)]
    months = (end.year - start.year) * 12 + end.month - start.month + 1
    if not whole or len(rows) != months:
        return (
            "Den Gewinn kann ich nur für ganze, schon gebuchte Monate nennen (zuletzt "
            f"{MONTHS[last_booked.month - 1]} {last_booked.year}) – fragen Sie z. B. „Wie viel Gewinn haben wir im "
            f"{MONTHS[last_booked.month - 1]} gemacht?“",
            None,
        )
    revenue = float(rows["revenue"].sum())
    costs = {c: float(rows[c].sum()) for c in COST_CATEGORIES}
    total = sum(costs.values())
    result = revenue - total
    biggest = max(costs, key=lambda c: costs[c])
    text = (
        f"{period_opening(start, end)} blieb Ihnen laut Buchhaltung ein {'Gewinn' if result >= 0 else 'Verlust'} "
        f"von {eur(abs(result))}: {eur(revenue)} Umsatz, {eur(total)} Kosten (Umsatzrendite "
        f"{share(result / revenue)}). Größter Kostenblock: {COST_NAMES[biggest]} mit {eur(costs[biggest])}."
    )
    return text, {"revenue": revenue, "costs": total, "result": result}
