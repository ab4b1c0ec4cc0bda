"""Answers about sales that happened: „Zeig mir die Verkaufszahlen von letzter Woche“, „Welche Filiale läuft am
schlechtesten?“. The forecast tool looks ahead; for days gone by the actual figures are the answer."""

from __future__ import annotations

import re
from datetime import date, timedelta

from agents.contracts import AgentReply, Slots, TurnContext
from agents.finance.past_result import asks_result
from agents.names import branch_name, group_name, product_name
from agents.operations.common import products_asked
from agents.plain import plain_answer
from tools.company.catalog import BRANCH_BY_ID
from tools.company.sales_review import ReviewBy, ReviewRow, SalesReview, sales_review
from tools.format_de import date_range, eur, integer, month_long, percent, period_opening

TOOL = "forecast"
_RANKING = re.compile(
    r"am (besten|schlechtesten|schwächsten|schwaechsten|meisten|wenigsten|stärksten|staerksten)"
    r"|\b(beste[nrs]?|schlechteste[nrs]?|schwächste[nrs]?|stärkste[nrs]?|rangliste|ranking|top ?\d*)\b"
    r"|\bläuft\b|\blaeuft\b|\blaufen\b",
    re.I,
)
_WORST = re.compile(r"schlecht|schwäch|schwaech|wenigsten|hinken|schwach", re.I)
_AHEAD = re.compile(r"\b(morgen|nächste|naechste|kommende|übermorgen|wird|werden|prognose|erwart)", re.I)
_BRANCH = re.compile(r"filiale|laden|läden|laeden|standort|\bwo\b", re.I)
_PRODUCT = re.compile(r"produkt|artikel|sorte|welche[sr]?\s+(brot|brötchen|kuchen|torte|gebäck)", re.I)
_MONTH = re.compile(r"\bmonate?\b|\bmonats\b|pro monat|je monat|monatlich", re.I)
_THIS_YEAR = re.compile(r"dieses jahr|diesem jahr|jahresbeginn|jahresanfang|bisher|heuer", re.I)
_PAST = re.compile(r"\b(war|waren|lief|liefen|hatten|hat|gab|gemacht|verkauft)\b", re.I)
TOP = 12


def wants_review(slots: Slots, today: date) -> bool:
    """A past period, or a ranking question without a date that does not look ahead."""
    text = slots.text or ""
    ranking = bool(_RANKING.search(text)) and not _AHEAD.search(text)
    if slots.dates is not None:  # „Was war unser bester Monat dieses Jahr?“: the part of the year gone by
        return slots.dates.end < today or (slots.dates.start < today and ranking and bool(_PAST.search(text)))
    return ranking


def asks_branch_profit(text: str) -> bool:
    """„Welche Filiale bringt am wenigsten Gewinn?“: a branch ranking by profit (answered with the revenue ranking
    and the note that costs are booked for the whole company only)."""
    return bool(
        asks_result(_without_leftovers(text))
        and _RANKING.search(text)
        and _BRANCH.search(text)
        and not _AHEAD.search(text)
    )


# „übrig bleiben“ of goods is what is left at closing (returns) unless money is named („unterm Strich“, „Gewinn“)
_LEFTOVER = re.compile(r"\b(?:übrig|uebrig|ubrig)\b", re.I)
_MONEY_LEFT = re.compile(r"gewinn|verdien|ergebnis|unterm strich|euro|€|geld|marge|\bnetto\b", re.I)


def _without_leftovers(text: str) -> str:
    """`text` without „übrig“ when it speaks of goods left over (no money word): no profit question then."""
    return text if _MONEY_LEFT.search(text) else _LEFTOVER.sub(" ", text)


def _by(slots: Slots) -> ReviewBy:
    text = slots.text or ""
    if _MONTH.search(text):
        return "month"
    if _BRANCH.search(text) and not slots.branches:
        return "branch"
    if _PRODUCT.search(text) or slots.groups or slots.products or slots.branches:
        return "product"
    return "group"


def _name(by: ReviewBy, key: str) -> str:
    if by == "branch":
        return branch_name(key)
    if by == "product":
        return product_name(key)
    if by == "month":
        return month_long(date.fromisoformat(f"{key}-01"))
    return group_name(key)


def _change(now: float, before: float | None) -> str:
    return "–" if not before else percent((now / before - 1) * 100, signed=True)


def _where(rep: SalesReview, branches: list[str]) -> str:
    names = [BRANCH_BY_ID[b].name for b in branches if b in BRANCH_BY_ID]
    return f" in {' und '.join(names)}" if names and rep.by != "branch" else ""


def _decision(rep: SalesReview, money: bool, worst_first: bool, branches: list[str]) -> str:
    t = rep.total
    when = period_opening(rep.start, rep.end)
    key = (lambda r: r.revenue_eur) if money else (lambda r: r.sold)
    head = f"{when} haben Sie{_where(rep, branches)} {integer(t.sold)} Stück verkauft" + (
        f" ({eur(t.revenue_eur)} Umsatz)" if money else ""
    )
    before = t.prev_revenue_eur if money else t.prev_sold
    head += f", {_change(key(t), before)} gegenüber den gleichen Wochentagen im Vorjahr." if before else "."
    if len(rep.rows) < 2:
        return head
    ranked = sorted(rep.rows, key=key, reverse=True)

    def named(r: ReviewRow) -> str:
        value = eur(r.revenue_eur) if money else f"{integer(r.sold)} Stück"
        name = _name(rep.by, r.key)
        return f"{name.split(' (')[0] if rep.by == 'product' else name} ({value})"  # „Schrippe (Stück)“ → „Schrippe“

    best, worst = named(ranked[0]), named(ranked[-1])
    if worst_first:
        return f"{head} Am schwächsten lief {worst}, am besten {best}."
    return f"{head} Am besten lief {best}, am schwächsten {worst}."


def _table(rep: SalesReview, money: bool) -> list[str]:
    head = {"branch": "Filiale", "product": "Produkt", "group": "Warengruppe", "month": "Monat"}[rep.by]
    cols = ["verkauft (Stück)"] + (
        ["Umsatz", "Vorjahr", "Veränderung"] if money else ["Vorjahr (Stück)", "Veränderung"]
    )

    def line(name: str, r: ReviewRow) -> str:
        if money:
            prev = eur(r.prev_revenue_eur) if r.prev_revenue_eur else "–"
            cells = [integer(r.sold), eur(r.revenue_eur), prev, _change(r.revenue_eur, r.prev_revenue_eur)]
        else:
            prev = integer(r.prev_sold) if r.prev_sold else "–"
            cells = [integer(r.sold), prev, _change(r.sold, r.prev_sold)]
        return f"| {name} | " + " | ".join(cells) + " |"

    ranked = sorted(rep.rows, key=(lambda r: -r.revenue_eur) if money else (lambda r: -r.sold))
    rows = [f"| {head} | " + " | ".join(cols) + " |", "|---|" + "---:|" * len(cols)]
    rows += [line(_name(rep.by, r.key), r) for r in ranked[:TOP]]
    return [*rows, line("**gesamt**", rep.total)]


def review_reply(slots: Slots, ctx: TurnContext) -> AgentReply:
    """Actual sales of the asked past period (or the last four weeks) ranked by revenue, against last year."""
    money = ctx.view == "full"
    yesterday = ctx.today - timedelta(days=1)
    note = ""
    by = _by(slots)
    if slots.dates is not None:
        start, end = slots.dates.start, min(slots.dates.end, yesterday)
    elif by == "month":  # months are compared over this year so far, or the last twelve months
        this_year = _THIS_YEAR.search(slots.text or "") is not None
        start = date(yesterday.year, 1, 1) if this_year else (yesterday - timedelta(days=365)).replace(day=1)
        end = yesterday
        note = "" if this_year else "Ohne genannten Zeitraum vergleiche ich die letzten zwölf Monate. "
    else:
        start, end = yesterday - timedelta(days=27), yesterday
        note = "Ohne genannten Zeitraum zeige ich die letzten vier Wochen. "
    if by == "month" and (end + timedelta(days=1)).day != 1 and end.replace(day=1) > start:
        note += f"Der laufende Monat zählt noch nicht mit (erst bis {end:%d.%m.} vorhanden). "
        end = end.replace(day=1) - timedelta(days=1)  # a month cut short would read as a weak month
    rep = sales_review(start, end, by, list(slots.branches) or None, products_asked(slots))
    if rep.end < end:
        note += f"Verkaufsdaten gibt es bis {rep.data_until:%d.%m.%Y}. "
    figures = [f"{note}Verkäufe {date_range(rep.start, rep.end)} (Ist-Zahlen):", *_table(rep, money)]
    if len(rep.rows) > TOP:
        figures.append(f"… und {len(rep.rows) - TOP} weitere.")
    method = [
        "Ist-Zahlen aus Ihren Verkaufsdaten"
        + (" (Umsatz = verkaufte Stück × Verkaufspreis)" if money else "")
        + "; Vorjahr = dieselben Wochentage 52 Wochen vorher. Eine Prognose für kommende Tage erhalten Sie z. B. "
        "mit „Wie viele Brötchen verkaufen wir nächste Woche?“"
    ]
    worst = bool(_WORST.search(slots.text or ""))
    data = rep.model_dump(mode="json")
    if not money:
        for r in [*data["rows"], data["total"]]:
            r.pop("revenue_eur"), r.pop("prev_revenue_eur")
    lead = _decision(rep, money, worst, list(slots.branches))
    if money and asks_result(slots.text or ""):  # „Was haben wir letzte Woche verdient?“: no costs per week
        lead += (
            " Das ist der Umsatz, nicht der Gewinn: Kosten sind nur je ganzen Monat und für den ganzen Betrieb "
            "gebucht – fragen Sie z. B. „Wie viel Gewinn haben wir im Oktober gemacht?“"
        )
    return AgentReply(
        text=plain_answer(lead, figures, method),
        tools_called=[TOOL],
        data=data,
    )
