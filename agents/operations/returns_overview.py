"""Answers „Welche Filiale hat die meisten Retouren?“ / „Was kostet uns die Retoure pro Monat?“ from the data.

The production agent's plan looks ahead; this looks back at what was really baked and left over, ranked by the
money it cost, and points to the plan's backtest for how much of it could have been saved.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from agents.contracts import AgentReply, Slots, TurnContext
from agents.names import branch_name, group_name, product_name
from agents.nlu.normalize import fold
from agents.operations.common import RETURNS_WORDS as _RETURNS
from agents.operations.common import products_asked
from agents.plain import plain_answer
from tools.format_de import and_list, date_range, eur, integer, month_label, period_opening, share
from tools.production.returns_report import By, ReturnsReport, ReturnsRow, returns_report

TOOL = "production_plan"
_RANKING = re.compile(
    r"\b(welche[rsn]?|wo|wer|was)\b.*\b(meisten|höchsten|hoechsten|größten|groessten|wenigsten|schlimmsten)\b"
    r"|\bam (meisten|wenigsten)\b|\brangliste|\branking|\b(pro|je|nach|für jede[nr]?) (filiale|laden|standort|"
    r"produkt|artikel|sorte|monat)",
    re.I,
)
_MONTH = re.compile(r"\b(pro|je|im|jeden|nach) monat|monatlich|\bverlauf|entwickl|\bim jahr\b|pro jahr", re.I)
_PRODUCT = re.compile(r"produkt|artikel|sorte|\bware\b|welches", re.I)
_SAVINGS = re.compile(r"gespart|sparen|\bspart\b|einspar|hätten|haetten|mit dem plan|ohne plan|gegen die regel", re.I)
_AHEAD = re.compile(r"erwart|morgen|nächst|naechst|kommend|\bwerden\b|\bwird\b|planen|backen", re.I)
MONTHS_BACK = 6


def wants_returns_overview(slots: Slots, today: date) -> bool:
    """A question about returns that happened (a ranking, a monthly cost or the present level), not about the
    plan's expected returns of a coming day and not the „what would the plan have saved“ backtest."""
    text = slots.text or ""
    if not _RETURNS.search(text) or _SAVINGS.search(text) or _AHEAD.search(text):
        return False
    if slots.dates is not None and slots.dates.end >= today:
        return False
    # one day gone by („… übrig geblieben?“ after last Friday's sales): that day's returns; the plan's back-test
    # would widen it to a week
    one_past_day = slots.dates is not None and slots.dates.start == slots.dates.end
    return slots.dates is None or one_past_day or bool(_RANKING.search(text) or _MONTH.search(text))


def _by(text: str) -> By:
    if _MONTH.search(text):
        return "month"
    return (
        "product"
        if _PRODUCT.search(text) and not re.search(r"filiale|laden|standort|\bwo\b", text, re.I)
        else ("branch")
    )


def _period(slots: Slots, today: date, by: By, last_data: date) -> tuple[date, date, str]:
    end = min(today - timedelta(days=1), last_data)
    if slots.dates is not None:
        return slots.dates.start, min(slots.dates.end, end), ""
    if by == "month":  # the last full months: a month cut short would read as a cheap month
        last = end if (end + timedelta(days=1)).day == 1 else end.replace(day=1) - timedelta(days=1)
        first = last.replace(day=1)
        for _ in range(MONTHS_BACK - 1):
            first = (first - timedelta(days=1)).replace(day=1)
        return first, last, f"Ohne genannten Zeitraum zeige ich die letzten {MONTHS_BACK} vollen Monate. "
    return end - timedelta(days=27), end, "Ohne genannten Zeitraum rechne ich die letzten vier Wochen durch. "


def _name(by: By, key: str) -> str:
    if by == "branch":
        return branch_name(key)
    if by == "product":
        return product_name(key)
    return month_label(date.fromisoformat(key + "-01"))


# „Welche Filiale hat die meisten Retouren?“, „Wo …“: a ranking is asked (else the total leads)
_ASKS_RANKING = re.compile(r"\b(?:welche\w*|wo|meisten|meiste|hoechsten|am \w+sten|ranking|rangliste|vergleich\w*)\b")


def _goods(slots: Slots) -> str:
    """„ Brötchen“, „ Roggenbrot und Kuchen“ (with a leading space), empty when no goods were named."""
    named = [product_name(p) for p in slots.products] + [group_name(g) for g in slots.groups]
    return f" {and_list(named)}" if named else ""


def _decision(rep: ReturnsReport, goods: str = "", ranking: bool = True) -> str:
    """The lead: the total (or, for a ranking question, the branch or product that cost most)."""
    t, span = rep.total, date_range(rep.start, rep.end)
    if rep.by == "month":
        per_month = t.value_eur / ((rep.end - rep.start).days + 1) * 30.44  # calendar days: partial months count
        return (
            f"Die Retouren kosteten Sie {span} im Schnitt {eur(per_month)} im Monat "
            f"(Herstellkosten minus Restwert) – {share(t.rate)} der Backmenge blieb übrig."
        )
    top, most = rep.rows[0], max(rep.rows, key=lambda r: r.returned)
    where = "in" if rep.by == "branch" else "bei"
    if not ranking or len(rep.rows) == 1:  # „Wie viele Brötchen werfen wir weg?“: the total first
        out = (
            f"{period_opening(rep.start, rep.end)} blieben {integer(t.returned)} Stück{goods} übrig – "
            f"{share(t.rate)} der Backmenge, {eur(t.value_eur)} Warenwert."
        )
        if len(rep.rows) == 1:
            return out
        return out + (
            f" Am meisten kosteten die Retouren {where} {_name(rep.by, top.key)}: {eur(top.value_eur)} "
            f"({integer(top.returned)} Stück, {share(top.rate)} der Backmenge)."
        )
    out = (
        f"{period_opening(rep.start, rep.end)} kosteten die Retouren {where} {_name(rep.by, top.key)} am meisten: "
        f"{eur(top.value_eur)} Warenwert ({integer(top.returned)} Stück, {share(top.rate)} der Backmenge)."
    )
    if most.key != top.key:
        out += f" Die meisten Stück blieben bei {_name(rep.by, most.key)} übrig: {integer(most.returned)}."
    return out


def _table(rep: ReturnsReport, money: bool) -> list[str]:
    head = {"branch": "Filiale", "product": "Produkt", "month": "Monat"}[rep.by]
    cols = ["gebacken (Stück)", "Retouren (Stück)", "Retourenquote"] + (["Wert"] if money else [])
    rows = [f"| {head} | " + " | ".join(cols) + " |", "|---|" + "---:|" * len(cols)]

    def line(name: str, r: ReturnsRow) -> str:
        cells = [integer(r.baked), integer(r.returned), share(r.rate)] + ([eur(r.value_eur)] if money else [])
        return f"| {name} | " + " | ".join(cells) + " |"

    rows += [line(_name(rep.by, r.key), r) for r in rep.rows[:12]]
    return [*rows, line("**gesamt**", rep.total)]


def returns_overview_reply(slots: Slots, ctx: TurnContext) -> AgentReply:
    """Actual returns ranked by branch or product, or per month, in the asked (or a default) past period."""
    from tools.company.data import load_sales

    by = _by(slots.text or "")
    last_data = load_sales()["date"].max().date()
    start, end, note = _period(slots, ctx.today, by, last_data)
    rep = returns_report(start, end, by, slots.branches or None, products_asked(slots))
    if not rep.rows:
        return AgentReply(
            text=f"{note}Für {date_range(start, end)} gibt es keine Backmengen in den Daten.", tools_called=[TOOL]
        )
    more = len(rep.rows) - 12
    figures = [f"{note}Retouren {date_range(rep.start, rep.end)} (gebacken minus verkauft):", *_table(rep, True)]
    if more > 0:
        figures.append(f"… und {more} weitere.")
    figures.append(
        "Wie viel davon der Produktionsplan gespart hätte, zeigt Ihnen z. B. „Was hätten wir im letzten Monat mit "
        "dem Plan gespart?“"
    )
    method = [
        "Retouren = gebackene minus verkaufte Stück je Tag, Filiale und Produkt aus Ihren Verkaufsdaten; "
        "Wert = Retouren × (Herstellkosten − Restwert) des Produkts; sortiert nach diesem Wert."
        if rep.by != "month"
        else "Retouren = gebackene minus verkaufte Stück je Tag, Filiale und Produkt aus Ihren Verkaufsdaten; "
        "Wert = Retouren × (Herstellkosten − Restwert) des Produkts, je Kalendermonat summiert."
    ]
    return AgentReply(
        text=plain_answer(
            _decision(rep, _goods(slots), _ASKS_RANKING.search(fold(slots.text or "")) is not None), figures, method
        ),
        tools_called=[TOOL],
        data=rep.model_dump(mode="json"),
    )
