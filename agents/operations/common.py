"""Shared by the day-planning tools (production plan, delivery routes, oven schedule): which day to plan."""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import TYPE_CHECKING, NamedTuple

from agents.contracts import AgentReply, Slots, TurnContext
from agents.own_goods import own_products_named
from agents.replies import unknown_branch_text
from tools.company.catalog import PRODUCTS
from tools.errors import RequestError

if TYPE_CHECKING:
    from tools.planning.day import DayDemand

# words for goods left over at closing („Retouren“, „Abschriften“, „was wir wegwerfen“, „weggeschmissen“): one list
# for the plan's look-back, the returns overview and the offers against returns
RETURNS_WORDS = re.compile(
    r"retour|übrig|uebrig|reste\b|weggeworfen|wegwerf|\bwerf\w*\b.*\bweg\b|weggeschmissen|wegschmei|"
    r"\bschmei\w*\b.*\bweg\b|rückläufer|rueckläufer|ruecklaeufer|zurückgekommen|zurueckgekommen|abschrift|"
    r"überprodu|ueberprodu|zu viel gebacken|in die tonne|in den müll|in den muell",
    re.I,
)
ANOTHER_DAY = "Nennen Sie mir bitte einen anderen Tag."


class PlanDay(NamedTuple):
    """The day to plan and a German note when a default was used ('' otherwise)."""

    day: date
    note: str


def resolve_day(slots: Slots, ctx: TurnContext, past_hint: str = ANOTHER_DAY) -> PlanDay:
    """The day to plan: tomorrow when none is named, the first day of a period. An unknown branch or a past
    day (the message ends with `past_hint`) raise a RequestError with the German reason."""
    if slots.unknown_branch:
        raise RequestError(unknown_branch_text(slots.unknown_branch))
    if slots.dates is None:
        return PlanDay(ctx.today + timedelta(days=1), "Sie haben keinen Tag genannt, ich plane für morgen. ")
    day = slots.dates.start
    if day < ctx.today:
        raise RequestError(
            f"Der {day:%d.%m.%Y} liegt in der Vergangenheit – ich plane nur für heute oder kommende Tage. {past_hint}"
        )
    if slots.dates.end != slots.dates.start:
        return PlanDay(day, f"Ich plane den ersten Tag des Zeitraums ({day:%d.%m.%Y}). ")
    return PlanDay(day, "")


def nothing_planned(tool: str, day: date, what: str, note: str) -> AgentReply:
    """The answer for a day without demand (closed branches, nothing in the selection): `what` says what is idle."""
    from tools.format_de import day_long

    return AgentReply(
        text=f"Für {day_long(day)} {what}. {note}",
        tools_called=[tool],
        data={"day": day.isoformat(), "status": "empty"},
    )


def products_asked(slots: Slots) -> list[str] | None:
    """The products a request names, a named group ("nein, ich meinte Brötchen") as its products; None = all."""
    own = own_products_named(slots)  # her „Brötchen“ on her own export is her product, not the demo group
    if own:
        return own
    if slots.products:
        return slots.products
    return [p.id for p in PRODUCTS if p.group in slots.groups] or None


# „Was muss die Backstube übermorgen machen?“: the bakehouse's work of a day is what to bake (the plan); the ovens,
# the staff or a time schedule named turn it into their own question
_BAKEHOUSE = re.compile(  # the Backstube as the one who works („muss die Backstube“), not a place („ich in der …“)
    r"\b(?:muss|muessen|müssen|soll|sollte|hat|kann|wird|macht|backt|produziert|tut)\s+(?:die|unsere|meine)\s+"
    r"backstube\b",
    re.I,
)
_BAKEHOUSE_WORK = re.compile(
    r"\b(?:mach\w*|tun|tut|erledig\w*|schaff\w*|back(?!stube)\w*|produzier\w*|herstell\w*|fertig\w*)\b", re.I
)
_NOT_PLAN = re.compile(
    r"\b(?:ofen|oefen|öfen|personal|leute|mitarbeiter\w*|besetz\w*|stunde\w*|schicht\w*|zeitplan|gantt|wann|"
    r"kost\w*|geld|strom)\b",
    re.I,
)


# „Was steht für die Backstube am Samstag an?“: what is due there (a sentence ending in „an“)
_BAKEHOUSE_DUE = re.compile(r"\b(?:fuer|für|in) (?:die|der|unsere|unserer) backstube\b", re.I)
_DUE = re.compile(r"\b(?:ansteh\w*|steht\b[^.?!]*\ban\s*[?.!]*$)", re.I)


def asks_bakehouse_work(text: str) -> bool:
    """The message asks what the Backstube has to make on a day (the production plan), not its ovens or staff."""
    works = _BAKEHOUSE.search(text) and _BAKEHOUSE_WORK.search(text)
    due = _BAKEHOUSE_DUE.search(text) and _DUE.search(text.strip())
    return bool((works or due) and not _NOT_PLAN.search(text))


# „was backen wir heiligabend in Osterburg?“, „was solln wir Freitag backen“, „was wird am 31.12. gebacken?“:
# what to bake on a day is the production plan (the router read a holiday name as a sales or oven question)
_WHAT_TO_BAKE = re.compile(
    r"^\W*(?:\w+,?\s+)?was\s+(?:(?:sollen|solln|soll|muessen|müssen|muss|wollen)\s+)?(?:wir|ich)\b[^?!]*\bbacken\b"
    r"|^\W*(?:\w+,?\s+)?was\s+backen\s+(?:wir|ich)\b"
    r"|^\W*(?:\w+,?\s+)?was\s+wird\b[^?!]*\bgebacken\b",
    re.I,
)
_ORDER = re.compile(r"\b(?:zuerst|erst|zuletzt|reihenfolge|danach|als erstes|als naechstes|als nächstes)\b", re.I)


def asks_what_to_bake(text: str) -> bool:
    """The message asks what to bake (on a day): the production plan, not the ovens' order or the staff."""
    return bool(_WHAT_TO_BAKE.search(text.strip()) and not _NOT_PLAN.search(text) and not _ORDER.search(text))


def forecast_quantities_note(demand: DayDemand) -> str:
    """For a day beyond the production plan (23.12. in November): where the tours' and ovens' quantities come from,
    so the owner sees they are the forecast the plan's answer shows for that day ('' for a planned day)."""
    if demand.source != "forecast":
        return ""
    from tools.format_de import integer
    from tools.planning.day import plan_reach

    total = sum(i.quantity for i in demand.items)
    return (
        f"Einen Backplan rechne ich nur bis zum {plan_reach():%d.%m.%Y}; für diesen Tag nehme ich deshalb die "
        f"Absatzprognose – dieselbe, die der Backplan für diesen Tag als Anhaltspunkt zeigt (zusammen "
        f"{integer(total)} Stück). "
    )
