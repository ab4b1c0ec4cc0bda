"""Short and closed days in answers about days ahead (trial 30): the 24th and 31st December close at noon in the
company's opening hours, which the figures already reflect and the owner should read; hours the owner states in
the chat („am 24. nur bis 12 Uhr“, „zwischen den Jahren ist Gardelegen zu“) are compared with them, and what
cannot be stored or computed (no sales per hour) is said instead of pretending a full day."""

from __future__ import annotations

import re
from datetime import date, time

from agents.contracts import AgentReply, Slots
from agents.names import branch_name
from agents.nlu.normalize import fold, latest_question
from tools.company.catalog import BRANCH_BY_ID, BRANCHES, Branch
from tools.company.sales import opening_window
from tools.format_de import and_list, day

NOTED_TOOLS = frozenset({"forecast", "production_plan", "staffing"})
_UNTIL = re.compile(r"\b(?:nur\s+)?bis\s+(\d{1,2})(?:[:.](\d{2}))?\s*uhr\b|\bbis\s+(mittag)s?\b")
_HALF = re.compile(r"\bhalbe[nr]?\s+(?:tag|tage|oeffnungstag\w*)\b|\bnur\s+vormittags?\b")
_CLOSED = re.compile(
    r"\b(?:ist|sind|bleibt|bleiben|hat|haben|machen|macht)\b[^.?!]{0,50}?\b(?:zu|geschlossen|dicht|zumachen)\b"
    r"(?=\s*(?:[.?!,;]|$|und\b|aber\b))|\b(?:schliessen|schliesst)\b[^.?!]{0,40}?\b(?:ganz|komplett|den ganzen)\b"
)
_PIECES = {
    "staffing": "Der Personalbedarf rechnet mit diesen kürzeren Öffnungszeiten.",
    "default": "Die Zahlen beruhen auf den Verkäufen der Vorjahre an diesen kurzen Tagen, nicht auf vollen Tagen.",
}


def _regular(branch: Branch, d: date) -> tuple[time, time] | None:
    o = branch.opening
    return o.weekday if d.weekday() < 5 else o.saturday if d.weekday() == 5 else o.sunday


def _clock(t: time) -> str:
    return f"{t.hour}:{t.minute:02d} Uhr"


def _these(days: list[date]) -> str:
    return "an diesem Tag" if len(days) == 1 else "an diesen Tagen"


def _who(branches: list[str]) -> str:
    if len(branches) == len(BRANCHES):
        return "alle Filialen"
    return and_list([branch_name(b) for b in branches])


def short_days(branches: list[str], days: list[date]) -> list[tuple[date, time, list[str]]]:
    """Days on which the branches close earlier than on a regular day of that weekday, with the closing time."""
    out: dict[tuple[date, time], list[str]] = {}
    for d in days:
        for b in branches:
            win, reg = opening_window(BRANCH_BY_ID[b], d), _regular(BRANCH_BY_ID[b], d)
            if win is not None and reg is not None and win[1] < reg[1]:
                out.setdefault((d, win[1]), []).append(b)
    return [(d, t, bs) for (d, t), bs in sorted(out.items())]


def _stated(text: str) -> tuple[str, time | None] | None:
    """What the owner says about the hours: ('until', time), ('half', None) or ('closed', None)."""
    t = fold(text)
    if m := _UNTIL.search(t):
        hour, minute = (12, 0) if m.group(3) else (int(m.group(1)), int(m.group(2) or 0))
        return ("until", time(hour, minute)) if 0 <= hour <= 23 and 0 <= minute <= 59 else None
    if _HALF.search(t):
        return "half", None
    return ("closed", None) if _CLOSED.search(t) else None


def _stated_note(stated: tuple[str, time | None], branches: list[str], days: list[date]) -> str:
    kind, until = stated
    windows = [(d, b, opening_window(BRANCH_BY_ID[b], d)) for d in days for b in branches]
    open_days = [(d, b) for d, b, w in windows if w is not None]
    if kind == "closed":
        if not open_days:
            return "Das passt zu Ihren Öffnungszeiten: An diesen Tagen ist dort ohnehin geschlossen."
        shown = sorted({d for d, _ in open_days})
        return (
            f"Einen zusätzlichen Schließtag kann ich im Chat noch nicht hinterlegen: Laut Ihren Öffnungszeiten ist "
            f"{_who(sorted({b for _, b in open_days}))} am {and_list([day(d) for d in shown])} geöffnet, und die "
            "Zahlen oben gelten für geöffnete Tage. Für einen Tag, an dem Sie schließen, planen Sie dort nichts ein."
        )
    closing = {w[1] for _, _, w in windows if w is not None}
    if kind == "until" and until is not None and closing == {until}:
        return f"Das passt zu Ihren hinterlegten Öffnungszeiten: {_these(days)} bis {_clock(until)}."
    asked = f"„bis {_clock(until)}“" if until is not None else "„halbe Tage“"
    hours = and_list(sorted({_clock(c) for c in closing})) or "–"
    return (
        f"Ihre Angabe {asked} kann ich im Chat noch nicht hinterlegen: Die Zahlen oben rechnen mit den "
        f"Öffnungszeiten aus Ihren Stammdaten ({_these(days)} bis {hours}). Verkäufe je Stunde gibt es in Ihren "
        "Daten nicht – wie sich andere Öffnungszeiten auf die Mengen auswirken, kann ich deshalb nicht "
        "herausrechnen."
    )


def opening_lines(tool: str, slots: Slots, today: date, asked: str | None = None) -> list[str]:
    """German lines about short days among the days asked and about hours the owner stated in the message."""
    if tool not in NOTED_TOOLS or slots.dates is None or slots.dates.end < today:
        return []
    branches = [b for b in slots.branches if b in BRANCH_BY_ID] or [b.id for b in BRANCHES]
    days = [d for d in slots.dates.days() if d >= today][:62]
    lines = []
    short = short_days(branches, days)
    if short:
        said = "; ".join(
            f"am {day(d)} {'schließt' if len(bs) == 1 else 'schließen'} {_who(bs)} um {_clock(t)}" for d, t, bs in short
        )
        lines.append(f"Kurze Öffnungstage: {said}. {_PIECES.get(tool, _PIECES['default'])}")
    stated = _stated(asked if asked is not None else latest_question(slots.text))
    if stated is not None:
        lines.append(_stated_note(stated, branches, days))
    return lines


def with_opening_note(tool: str, slots: Slots, reply: AgentReply, today: date, asked: str | None = None) -> AgentReply:
    """The reply with the short-day lines after its lead sentences; `asked` is the message itself (hours the owner
    states are read from it, not from an earlier question a follow-up's slots carry)."""
    if reply.data.get("stub") or reply.data.get("refused") or not reply.text:
        return reply
    lines = opening_lines(tool, slots, today, asked)
    if not lines:
        return reply
    paragraphs = reply.text.split("\n\n")
    # after the lead sentences (a stand-in's reason and its decision), before the first heading or table
    at = next((i for i, p in enumerate(paragraphs) if i and p.lstrip().startswith(("*", "|", "- "))), 1)
    return reply.model_copy(update={"text": "\n\n".join([*paragraphs[:at], "\n".join(lines), *paragraphs[at:]])})
