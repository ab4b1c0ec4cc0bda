"""The forecast against last year: „und im Vergleich zum Vorjahr?“ compares each forecast series with what was
really sold on the same weekdays 364 days earlier (same products, branches and number of days)."""

from __future__ import annotations

from datetime import date
from typing import Any

from agents.nlu.followup import asks_year_before
from agents.sales._common import branch_label
from tools.company.catalog import PRODUCT_BY_ID
from tools.company.sales_review import YEAR, sales_review
from tools.errors import RequestError
from tools.format_de import date_range, day, integer, percent

__all__ = ["actual_year_before", "asks_year_before", "compare"]


def _filters(branch: str, item: str) -> tuple[list[str] | None, list[str] | None]:
    """(branches, products) of a forecast series 'branch/item' for the sales data; None = no filter."""
    branches = None if branch == "alle" else [branch]
    if item.startswith("gruppe:"):
        group = item.split(":", 1)[1]
        return branches, [p for p, spec in PRODUCT_BY_ID.items() if spec.group == group]
    return branches, None if item == "alle" else [item]


def actual_year_before(series: dict[str, Any], start: date, end: date) -> float | None:
    """Pieces really sold for one forecast series on the same weekdays a year before; None without data."""
    branches, products = _filters(str(series["branch"]), str(series["item"]))
    try:
        rep = sales_review(start - YEAR, end - YEAR, "product", branches=branches, products=products)
    except RequestError:  # no sales recorded for this selection then
        return None
    if rep.end != end - YEAR:  # the data stop inside the period: no fair comparison
        return None
    return rep.total.sold


def _versus(forecast: float, before: float | None) -> str:
    if before is None:
        return "keine Verkaufsdaten im Vorjahr"
    change = "" if before <= 0 else f", Prognose {percent((forecast / before - 1) * 100, signed=True)}"
    return f"{integer(before)} Stück verkauft{change}"


def compare(series: list[dict[str, Any]], start: date, end: date) -> tuple[str, list[str]]:
    """(lead sentence, lines) comparing the forecast series with last year's actual sales; each series dict gets
    'prev_year_sold'. The lead names the chain total when shown, else the sum of the series."""
    when = day(start - YEAR) if start == end else date_range(start - YEAR, end - YEAR)
    same = "am gleichen Wochentag" if start == end else "an den gleichen Wochentagen"
    lines = [f"\n**Vergleich mit dem Vorjahr** ({same}, {when}, tatsächlich verkauft):"]
    for s in series:
        s["prev_year_sold"] = actual_year_before(s, start, end)
        lines.append(f"- {s['label']} – {branch_label(s['branch'])}: {_versus(float(s['total']), s['prev_year_sold'])}")
    chain = [s for s in series if s["branch"] == "alle"]
    shown = chain if chain and len(chain) < len(series) else series
    known = [s for s in shown if s["prev_year_sold"] is not None]
    if not known:
        return "Für den gleichen Zeitraum im Vorjahr gibt es keine Verkaufsdaten.", lines
    now = sum(float(s["total"]) for s in known)
    before = sum(float(s["prev_year_sold"]) for s in known)
    change = "" if before <= 0 else f" ({percent((now / before - 1) * 100, signed=True)})"
    lead = (
        f"Im Vorjahr wurden {same} ({when}) {integer(before)} Stück verkauft – "
        f"die Prognose liegt bei {integer(now)} Stück{change}."
    )
    return lead, lines
