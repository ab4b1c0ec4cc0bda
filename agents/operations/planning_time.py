"""„Wie viel Zeit spare ich bei der Planung?“: what the planning covers in the firm's own data and, with the
owner's own minutes, the hours a year that go into it today – the saving is never assumed, only her time is
counted up."""

from __future__ import annotations

import re
from typing import Any

from agents.contracts import AgentReply, Slots, TurnContext
from agents.nlu.normalize import fold
from tools.format_de import date_range, integer, num
from tools.production.planning_load import PlanningLoad

TOOL = "production_plan"
MEMORY_KEY = "planning_time"  # set while her planning minutes are asked for: the next message may give them

# the time the planning work takes, not staff hours in a plan („Stunden sparen im Januar“ is staffing)
_TIME = r"(?:zeit|aufwand|planungszeit)"  # „Arbeit“ is also the bakehouse hours the savings table shows
_HOURS = r"(?:stunden?|std|minuten)"
_SAVE = r"(?:spar\w*|gespart|erspar\w*|frei ?wird|schneller|entlast\w*)"
_PLAN = r"(?:plan\w*|backplan\w*|dienstplan\w*|tourenplan\w*|ofenplan\w*|disposition)"
_PLANNING = r"(?:planung\w*|planen|planerei|disposition)"  # the activity itself
_ASKS = re.compile(rf"\b{_TIME}\b.*\b{_SAVE}|\b{_SAVE}.*\b{_TIME}\b|\bzeitersparnis\b|\bzeitgewinn\b")
_ASKS_HOURS = re.compile(rf"\b{_HOURS}\b.*\b{_SAVE}|\b{_SAVE}.*\b{_HOURS}\b")
_GIVES = re.compile(r"\d|\b(?:eine?|ne|halbe|anderthalb|zwei|drei|vier|fuenf|zehn|zwanzig|dreissig)\b")


def asks_planning_time(text: str) -> bool:
    """True for a question about the time planning takes or saves („Wie viel Zeit spare ich beim Backplan?“)."""
    t = fold(text or "")
    if _ASKS.search(t) and re.search(rf"\b{_PLAN}", t):
        return True
    return bool(_ASKS_HOURS.search(t) and re.search(rf"\b{_PLANNING}", t))


def gives_minutes(memory: dict[str, Any], text: str) -> bool:
    """True for „so 45 Minuten am Tag“ right after her planning minutes were asked for."""
    from tools.readiness.process_parse import parse_hours

    if not (memory.get(MEMORY_KEY) or {}).get("asked"):
        return False
    return len(text) < 200 and _GIVES.search(fold(text)) is not None and parse_hours(text)[0] is not None


def _facts(load: PlanningLoad, cpu_per_day: float | None) -> str:
    lines = [
        f"Was die tägliche Planung in Ihren Daten umfasst ({date_range(load.first, load.last)}): "
        f"{integer(load.selling_days)} Verkaufstage ({num(load.days_per_week, 1)} pro Woche) in "
        f"{integer(load.branches)} Filialen, an jedem Tag rund {integer(load.amounts_per_day)} Backmengen "
        "(Filiale × Artikel, Mittel der letzten vier Wochen)."
    ]
    if cpu_per_day is not None:
        lines.append(
            f"Der Rechner braucht dafür rund {num(cpu_per_day, 1)} CPU-Sekunden je Tag – gemessen bei der Nachrechnung "
            "des letzten Jahres mit dem Plan."
        )
    return " ".join(lines)


def planning_time_reply(slots: Slots, ctx: TurnContext) -> AgentReply:
    """Her planning hours a year from her own minutes and the selling days in the data; else ask for the minutes."""
    from tools.company.data import load_sales
    from tools.production.planning_load import planning_load
    from tools.production.yearly import stored_year
    from tools.readiness.process_parse import parse_hours

    sales = load_sales()
    load = planning_load(sales)
    year = stored_year(sales)
    cpu_per_day = year.cpu_seconds / year.days if year is not None and year.days else None
    facts = _facts(load, cpu_per_day)
    per_week, phrase = parse_hours(slots.text, load.days_per_week)
    data: dict[str, Any] = {"load": load.model_dump(mode="json"), "cpu_seconds_per_day": cpu_per_day}
    if per_week is None:
        ctx.memory[MEMORY_KEY] = {"asked": True}
        text = (
            "Wie viel Zeit Sie sparen, hängt an Ihrer heutigen Planungszeit – die steht nicht in Ihren Verkaufsdaten, "
            "deshalb nenne ich keine Zahl, die nur gut klingt. Sagen Sie mir, wie lange Sie heute brauchen, z. B. "
            "„Backplan 45 Minuten am Tag“, dann rechne ich es auf Ihr Jahr hoch.\n\n"
            f"{facts}\n\nFür alle Abläufe (Dienstplan, Bestellungen, Touren) erfasst die Prozesslandkarte die Stunden "
            "und zeigt, wo KI Zeit spart: „Prozesslandkarte starten“."
        )
        return AgentReply(text=text, tools_called=[TOOL], data=data | {"planning_time": "asked"})
    ctx.memory.pop(MEMORY_KEY, None)
    per_day = per_week / load.days_per_week if load.days_per_week else 0.0
    per_year = per_day * load.selling_days
    daily = parse_hours(slots.text, 1.0)[0] != parse_hours(slots.text, 7.0)[0]  # named per day, not per week
    basis = (
        f"{num(per_day * 60, 0)} Minuten × {integer(load.selling_days)} Verkaufstage im letzten Jahr"
        if daily
        else f"{num(per_week, 1)} Std. pro Woche × {num(load.selling_days / load.days_per_week, 1)} Verkaufswochen"
    )
    text = (
        f"Mit Ihrer Angabe „{phrase}“ stecken heute rund {integer(per_year)} Stunden im Jahr in dieser Planung "
        f"({basis}). Das ist die Zeit, die der Plan Ihnen abnehmen kann; davon bleibt die Zeit, in der Sie den "
        "Vorschlag prüfen und anpassen – messen Sie sie zwei Wochen lang, dann steht die Ersparnis auf Ihren "
        f"eigenen Zahlen.\n\n{facts}"
    )
    data |= {"planning_time": "counted", "hours_per_week": per_week, "hours_per_year": round(per_year, 1)}
    return AgentReply(text=text, tools_called=[TOOL], data=data)
