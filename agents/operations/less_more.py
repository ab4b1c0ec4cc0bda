"""„Was sollen wir im Januar weniger produzieren?“: per goods group the forecast per selling day of the period
against the sales per selling day now (trial 33: the plan's stand-in showed 31 days × 6 groups and no comparison)."""

from __future__ import annotations

import re
from datetime import timedelta

from agents.contracts import AgentReply, Slots, TurnContext
from agents.nlu.normalize import fold, latest_question
from agents.plain import plain_answer
from tools.forecast.period_change import RECENT_DAYS, GroupChange, group_changes
from tools.format_de import date_range, integer, num

TOOL = "production_plan"
_LESS_MORE = re.compile(
    r"\b(weniger|mehr)\b.{0,40}\b(produz|back|herstell)|\b(produz|back|herstell)\w*\b.{0,40}\b(weniger|mehr)\b"
)


def asks_less_more(slots: Slots) -> bool:
    """True for „wovon weniger/mehr backen“ over a period of several days."""
    span = slots.dates
    several = span is not None and span.end > span.start
    return several and _LESS_MORE.search(fold(latest_question(slots.text or ""))) is not None


def _signed(change: float) -> str:
    return f"{'+' if change >= 0 else '−'}{num(abs(change) * 100, 1)} %"


def _lead(changes: list[GroupChange], label: str) -> str:
    less = [c for c in changes if c.change < 0]
    more = [c for c in changes if c.change >= 0]
    if less:
        items = ", ".join(
            f"{c.name} ({integer(c.ahead_per_day)} statt {integer(c.recent_per_day)} Stück, {_signed(c.change)})"
            for c in less
        )
        text = f"Weniger als jetzt backen Sie {label} je Verkaufstag bei: {items}."
    else:
        text = f"{label[0].upper()}{label[1:]} brauchen Sie laut Prognose bei keiner Warengruppe weniger als jetzt."
    if more:
        text += " Mehr als jetzt: " + ", ".join(f"{c.name} {_signed(c.change)}" for c in reversed(more)) + "."
    return text


def less_more_reply(slots: Slots, ctx: TurnContext) -> AgentReply:
    """The groups to bake less (and more) of in the period asked, against the last four weeks of sales."""
    assert slots.dates is not None  # asks_less_more checked it
    start, end = max(slots.dates.start, ctx.today), slots.dates.end
    changes, last = group_changes(start, end)
    label = slots.dates.label or f"vom {date_range(start, end)}"
    recent = date_range(last - timedelta(days=RECENT_DAYS - 1), last)
    figures = [
        f"| Warengruppe | jetzt je Verkaufstag ({recent}) | {date_range(start, end)} je Verkaufstag | Veränderung |",
        "|---|---:|---:|---:|",
        *(
            f"| {c.name} | {integer(c.recent_per_day)} | {integer(c.ahead_per_day)} | {_signed(c.change)} |"
            for c in changes
        ),
        "Die Mengen je Tag zeigt Ihnen der Backplan, z. B. „Backplan für Montag, den 4. Januar“.",
    ]
    method = [
        f"Jetzt = Nachfrage aller Filialen je Verkaufstag in den letzten vier Wochen der Verkaufsdaten ({recent}; "
        "verkaufte Stück, an ausverkauften Tagen auf die Nachfrage hochgerechnet – wie die Prognose rechnet); "
        "Zeitraum = Absatzprognose je Warengruppe für alle Filialen zusammen, je Tag mit Verkauf (geschlossene Tage "
        "zählen nicht)."
    ]
    data = {"changes": [c.model_dump() for c in changes], "start": start.isoformat(), "end": end.isoformat()}
    return AgentReply(text=plain_answer(_lead(changes, label), figures, method), tools_called=[TOOL], data=data)
