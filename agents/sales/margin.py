"""„Wie hoch ist unsere Marge beim Stollen?“: margin per piece from the catalogue, per month from the sales data."""

from __future__ import annotations

import re
from datetime import timedelta

from agents.contracts import AgentReply, Slots, TurnContext
from agents.names import product_name
from agents.nlu.normalize import fold
from agents.operations.common import products_asked
from agents.plain import plain_answer
from tools.company.catalog import PRODUCT_BY_ID, PRODUCTS
from tools.company.sales_review import sales_review
from tools.format_de import date_range, eur, integer, percent

TOOL = "forecast"
WEEKS = 4  # the sales looked at: the last four weeks
DAYS_PER_MONTH = 365 / 12
TOP = 8  # rows shown when no goods are named
_MARGIN = re.compile(r"\b(?:marge\w*|gewinnspanne\w*|deckungsbeitr\w*|rohertrag\w*|handelsspanne\w*)")
_EARN_ON = re.compile(r"\b(?:verdien\w*|bleibt|uebrig)\b.*\b(?:an|am|bei|beim|pro|je|mit)\b")


def asks_margin(text: str, products: list[str] | None = None) -> bool:
    """The message asks for the margin („Marge“, „Deckungsbeitrag“), or what is earned on named goods
    („Was verdienen wir am Stollen?“)."""
    t = fold(text)
    return _MARGIN.search(t) is not None or (bool(products) and _EARN_ON.search(t) is not None)


def _seasonal(pid: str) -> bool:
    return bool(PRODUCT_BY_ID[pid].seasonal)


def margin_reply(slots: Slots, ctx: TurnContext) -> AgentReply:
    """Price, production cost and margin per piece (catalogue) and the margin of the last four weeks' sales."""
    if ctx.view != "full":
        return AgentReply(text="Margen und Herstellkosten sieht nur die Geschäftsführung.", tools_called=[TOOL])
    asked = [p for p in products_asked(slots) or [] if p in PRODUCT_BY_ID] or [p.id for p in PRODUCTS]
    end = ctx.today - timedelta(days=1)
    start = end - timedelta(days=7 * WEEKS - 1)
    rep = sales_review(start, end, "product", list(slots.branches) or None, asked)
    sold = {r.key: r.sold for r in rep.rows}
    days = (rep.end - rep.start).days + 1
    rows = []
    for pid in asked:
        p = PRODUCT_BY_ID[pid]
        per_piece = p.price_eur - p.cost_eur
        month = per_piece * sold.get(pid, 0.0) * DAYS_PER_MONTH / days
        rows.append((month, pid, p.price_eur, p.cost_eur, per_piece, sold.get(pid, 0.0)))
    rows.sort(reverse=True)
    figures = [
        "| Artikel | Preis | Herstellkosten | Marge je Stück | Anteil am Preis | verkauft | Marge im Monat |",
        "|---|---|---|---|---|---|---|",
    ]
    for month, pid, price, cost, per_piece, n in rows[: len(asked) if slots.products or slots.groups else TOP]:
        figures.append(
            f"| {product_name(pid)} | {eur(price, cents=True)} | {eur(cost, cents=True)} | {eur(per_piece, cents=True)} "
            f"| {percent(100 * per_piece / price, 0)} | {integer(n)} | {eur(month)} |"
        )
    month, pid, price, cost, per_piece, n = rows[0]
    lead = (
        f"{product_name(pid)}: Marge {eur(per_piece, cents=True)} je Stück ({percent(100 * per_piece / price, 0)} "
        f"des Preises {eur(price, cents=True)}); bei {integer(n)} verkauften Stück {date_range(rep.start, rep.end)} "
        f"sind das rund {eur(month)} im Monat."
        + (" Das ist Saisonware: der Monatswert gilt für die Saison, nicht fürs ganze Jahr." if _seasonal(pid) else "")
        if len(rows) == 1
        else f"Die meiste Marge im Monat bringt {product_name(pid)}: rund {eur(month)} "
        f"({eur(per_piece, cents=True)} je Stück, {integer(n)} Stück {date_range(rep.start, rep.end)})."
    )
    method = [
        "Marge je Stück = Verkaufspreis − Herstellkosten je Stück (Material, Energie, Lohn) laut Artikelstamm; "
        f"Marge im Monat = Marge je Stück × verkaufte Stück der letzten {WEEKS} Wochen (Ist-Zahlen), "
        "auf einen Monat umgerechnet. Retouren, Miete und Verwaltung sind nicht abgezogen."
    ]
    return AgentReply(
        text=plain_answer(lead, figures, method),
        tools_called=[TOOL],
        data={
            "start": rep.start.isoformat(),
            "end": rep.end.isoformat(),
            "rows": [
                {
                    "product": r[1],
                    "price_eur": r[2],
                    "cost_eur": r[3],
                    "margin_eur": r[4],
                    "sold": r[5],
                    "month_eur": r[0],
                }
                for r in rows
            ],
        },
    )
