"""„Kann ich die Urlaubsanträge genehmigen?“, „Welche Urlaubsanträge liegen vor?“, „Wie planen wir den Urlaub 2027?“
from the owner: the data holds the leave already entered per person (the roster), no list of open requests. The
answer says so, shows the entered leave of the period and whether the staff still covers the demand there."""

from __future__ import annotations

import re
from collections import defaultdict
from datetime import date, timedelta

from pydantic import BaseModel

from agents.contracts import AgentReply, Slots, TurnContext
from agents.nlu.normalize import fold, latest_question
from agents.plain import plain_answer
from tools.chain.links import period_staffing
from tools.format_de import MONTHS, date_range, integer, num
from tools.staffing.staffing import StaffingResult, load_staff, site_name

TOOL = "staffing"
DEFAULT_WEEKS = 8
MAX_STAFFING_WEEKS = 26
NAMES_LIMIT = 15  # more entries than this are summed per month
_LEAVE = re.compile(
    r"urlaubs?(antr|wunsch|wuensch|plan|sperr)|"
    r"\burlaub\w*\b.{0,50}\b(genehmig|beantragt|eingereicht|eingegangen|vorlieg|liegen|plan|verteil|freigeb)|"
    r"\b(genehmig|freigeb|verteil|plan)\w*\b.{0,40}\burlaub"
)

_HOW_TO_APPLY = re.compile(r"\bwie (beantrag|stell)\w* (ich|man)\b|\bwer (genehmig|entscheid)")


class LeaveEntry(BaseModel):
    """One period of leave entered in the roster, cut to the period asked."""

    name: str
    role: str
    site: str
    start: date
    end: date


def asks_leave(text: str) -> bool:
    """True for the owner's question about leave requests or the holiday planning (not how to apply for leave)."""
    question = fold(latest_question(text or ""))
    return bool(_LEAVE.search(question)) and not _HOW_TO_APPLY.search(question)


_YEAR = re.compile(r"\b(?P<y>20\d\d)\b|\b(?P<next>naechste[snm]?|kommende[snm]?) jahr")


def leave_period(slots: Slots, today: date) -> tuple[date, date, str]:
    """The period asked (from today on), a year named („Urlaub 2027“, „nächstes Jahr“), or the next DEFAULT_WEEKS
    weeks, with a German note on the default."""
    if slots.dates is not None and slots.dates.end >= today:
        return max(slots.dates.start, today), slots.dates.end, ""
    m = _YEAR.search(fold(latest_question(slots.text or "")))
    year = (int(m.group("y")) if m.group("y") else today.year + 1) if m else 0
    if year >= today.year:
        return max(date(year, 1, 1), today), date(year, 12, 31), ""
    end = today - timedelta(days=today.weekday()) + timedelta(weeks=DEFAULT_WEEKS, days=-1)
    return today, end, f"Kein Zeitraum genannt – ich zeige die nächsten {DEFAULT_WEEKS} Wochen. "


def entered_leave(start: date, end: date, sites: list[str] | None, today: date) -> list[LeaveEntry]:
    """Leave entered in the roster that overlaps [start, end] (at the named sites), in order of its start."""
    out = [
        LeaveEntry(name=e.name, role=e.role, site=e.site, start=max(a, start), end=min(b, end))
        for e in load_staff(today)
        for a, b in e.vacation
        if a <= end and b >= start and (not sites or e.site in sites)
    ]
    return sorted(out, key=lambda x: (x.start, x.name))


def _months(start: date, end: date) -> list[tuple[int, int]]:
    """(year, month) of every month touched by [start, end]."""
    out, day = [], start.replace(day=1)
    while day <= end:
        out.append((day.year, day.month))
        day = (day + timedelta(days=32)).replace(day=1)
    return out


def _entry_lines(entries: list[LeaveEntry], start: date, end: date) -> list[str]:
    """One line per entry, or one line per month of the period when there are many (a month without leave, too)."""
    if len(entries) <= NAMES_LIMIT:
        return [f"- {x.name} ({x.role}, {site_name(x.site)}): {date_range(x.start, x.end)}" for x in entries]
    per_month: dict[tuple[int, int], set[str]] = defaultdict(set)
    for x in entries:
        day = x.start
        while day <= x.end:
            per_month[(day.year, day.month)].add(x.name)
            day = (day.replace(day=1) + timedelta(days=32)).replace(day=1)
    return [
        f"- {MONTHS[m - 1]} {y}: {integer(len(per_month.get((y, m), set())))} Personen mit eingetragenem Urlaub"
        for y, m in _months(start, end)
    ]


def _staffing_lines(result: StaffingResult) -> list[str]:
    """The weeks where hours are missing after the entered leave, largest first (at most five)."""
    short = sorted((w for w in result.weeks if w.shortage_hours > 0), key=lambda w: -w.shortage_hours)[:5]
    if not short:
        return ["Nach Abzug des eingetragenen Urlaubs decken die Stunden laut Dienstplan in jeder Woche den Bedarf."]
    items = "; ".join(f"{w.role} in {w.week_label}: {num(w.shortage_hours, 1)} h" for w in short)
    return [f"Hier fehlen schon jetzt Stunden (nach Abzug des eingetragenen Urlaubs): {items}."]


def leave_reply(slots: Slots, ctx: TurnContext, sites: list[str] | None) -> AgentReply:
    """What the data holds about leave in the period, and whether the staff still covers the demand there."""
    from agents.hr.staffing import verdict

    start, end, note = leave_period(slots, ctx.today)
    entries = entered_leave(start, end, sites, ctx.today)
    until = min(end, start + timedelta(weeks=MAX_STAFFING_WEEKS))
    result = period_staffing(start, until, sites, ctx.today)
    people = len({x.name for x in entries})
    decision = (
        "Eine Liste offener Urlaubsanträge gibt es in Ihren Daten nicht – hinterlegt ist nur der Urlaub, der schon "
        f"im Dienstplan eingetragen ist: vom {start:%d.%m.%Y} bis {end:%d.%m.%Y} {integer(len(entries))} "
        f"{'Zeitraum' if len(entries) == 1 else 'Zeiträume'} von {integer(people)} "
        f"{'Person' if people == 1 else 'Personen'}. {verdict(result, start, until)}"
    )
    figures = [f"{note}**Eingetragener Urlaub {date_range(start, end)}**"]
    figures += _entry_lines(entries, start, end) or ["- keiner"]
    figures += _staffing_lines(result)
    if until < end:
        figures.append(
            f"Den Personalbedarf rechne ich höchstens {MAX_STAFFING_WEEKS} Wochen weit (bis {until:%d.%m.%Y})."
        )
    figures.append(
        "Ob Sie einen weiteren Urlaub genehmigen können, sehen Sie am Personalbedarf für genau diese Tage: fragen Sie "
        "z. B. „Reicht das Personal vom 28. bis 30.12.?“. Wer Urlaub genehmigt und welche Fristen gelten, steht im "
        "Mitarbeiterhandbuch („Wer genehmigt Urlaub?“)."
    )
    method = [
        "Urlaub aus der Personalliste (eingetragene Zeiträume je Person); offene, noch nicht eingetragene Anträge "
        f"führt sie nicht. Fehlende Stunden: Bedarf aus {result.demand_source} gegen die Stunden laut Dienstplan nach "
        "Urlaub, Feiertagen und erwartetem Krankenstand."
    ]
    data = {
        "leave": [x.model_dump(mode="json") for x in entries],
        "start": start.isoformat(),
        "end": end.isoformat(),
        "staffing": result.model_dump(mode="json", exclude={"daily", "site_weeks"}),
    }
    return AgentReply(text=plain_answer(decision, figures, method), tools_called=[TOOL], data=data)
