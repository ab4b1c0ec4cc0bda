"""„Wer muss am Samstag in Stendal arbeiten?“: who of the staff is at work that day (roster: vacation, sick
notes), per site. There is no shift plan with times; the answer says so instead of inventing shifts."""

from __future__ import annotations

import re
from datetime import timedelta

from agents.contracts import AgentReply, Slots, TurnContext
from agents.nlu.normalize import fold
from agents.plain import plain_answer
from tools.company.catalog import BAKERY, BRANCHES
from tools.format_de import day_long
from tools.staffing.presence import SitePresence, presence
from tools.staffing.staffing import site_name

_WHO = re.compile(r"\bwer\b.*\b(arbeit\w*|dienst|\w*schicht|da\b|im laden|eingeteilt|frei|urlaub|krank)")


def asks_who(text: str) -> bool:
    """True for a question about which people work (or are off) on a day."""
    return bool(_WHO.search(fold(text or "")))


def _line(sp: SitePresence) -> str:
    name = site_name(sp.site)
    if not sp.open:
        return f"- {name}: geschlossen"
    here = ", ".join(f"{p.name} ({p.role})" for p in sp.present()) or "niemand"
    off = [p for p in sp.people if p.status != "da"]
    away = "; abwesend: " + ", ".join(f"{p.name} ({p.status})" for p in off) if off else ""
    return f"- {name}: {here}{away}"


def presence_reply(slots: Slots, ctx: TurnContext, sites: list[str] | None) -> AgentReply:
    """People at work per site on the asked day (default tomorrow; the first day of a period)."""
    day = slots.dates.start if slots.dates else ctx.today + timedelta(days=1)
    note = "" if slots.dates else "Sie haben keinen Tag genannt – ich zeige morgen. "
    if slots.dates and slots.dates.end != slots.dates.start:
        note = f"Ich zeige den ersten Tag des Zeitraums ({day_long(day)}). "
    asked = sites or [b.id for b in BRANCHES] + [BAKERY.id]
    result = presence(day, asked, ctx.today)
    open_sites = [sp for sp in result if sp.open]
    count = sum(len(sp.present()) for sp in open_sites)
    if len(asked) == 1:
        where = f"in der {site_name(asked[0])}" if asked[0] == BAKERY.id else f"in {site_name(asked[0])}"
    else:
        where = f"an {len(open_sites)} geöffneten Standorten"
    decision = (
        f"Am {day_long(day)} sind {where} {count} {'Person' if count == 1 else 'Personen'} einsatzbereit "
        "(nicht im Urlaub, nicht krank gemeldet)."
        if open_sites
        else f"Am {day_long(day)} ist {'dieser Standort' if len(asked) == 1 else 'keiner der Standorte'} geöffnet."
    )
    figures = [f"{note}Einsatzbereit am {day_long(day)}:", *(_line(sp) for sp in result)]
    method = [
        "Stand aus der Personalliste (Standort, Urlaub, Krankmeldungen). Einen Schichtplan mit Uhrzeiten führe "
        "ich nicht – wer welche Schicht übernimmt, legen Sie im Dienstplan fest."
    ]
    return AgentReply(
        text=plain_answer(decision, figures, method),
        tools_called=["staffing"],
        data={"day": day.isoformat(), "sites": [sp.model_dump(mode="json") for sp in result]},
    )
