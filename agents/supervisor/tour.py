"""Tool `lab_tour`: the show-case lab's guided tour "Was kann KI in einer Bäckerei?" (issue 20.3).

One station per turn ("weiter" or the Weiter button continues), each a real demonstrator run on the
separate copy of the fictional demo company (the registry declares `demo_data`, so `ToolSpec.run` runs
this module inside that copy's settings). The position lives in the thread memory under `lab_tour`,
so "weiter" after a reconnect continues where the visitor stopped.
"""

from __future__ import annotations

import re
from typing import Any

from agents.contracts import AgentReply, Slots, TurnContext
from agents.nlu.normalize import fold
from agents.supervisor.tour_steps import BAKERY, FICTIONAL, STATIONS, Station, firm_phrase

__all__ = ["MEMORY_KEY", "addressed", "is_active", "run"]

MEMORY_KEY = "lab_tour"
CHECK_REQUEST = "KI-Readiness-Check starten"  # what the "Check starten" button says
NEXT_REQUEST = "weiter"  # what the "Weiter" button says
_CONTINUE = re.compile(
    r"^(ja[, ]*)?(bitte )?(und |mach |mach(e)? bitte |gerne )?"
    r"(weiter|weiter gehts?|weiter geht'?s|naechste[rs]? (station|schritt)|zur naechsten station|"
    r"(den )?rundgang (fortsetzen|weiter)|tour (fortsetzen|weiter)|weiter mit dem rundgang|fortsetzen)"
    r"( bitte)?[.!]*$"
)
# the starter button's words and the tour's own name always start it (free wording goes through the router)
_START = re.compile(
    r"^(was kann (die )?ki (in|fuer) (einer|eine|die|unsere|meine) baeckerei( alles)?( leisten| tun)?"
    r"|(den |einen )?(show-?case-?)?rundgang( starten| beginnen| zeigen)?|(show-?case-?)?(lab|labor)[- ]?tour( starten)?)"
    r"[.!? ]*$"
)
_STOP = re.compile(r"^(den |die )?(rundgang|tour) (beenden|abbrechen|stoppen)[.!]*$|^(stopp?|abbrechen|beenden)[.!]*$")
# "Ist das echt oder ausgedacht?", "Sind das echte Zahlen?" during the tour: answered, the tour waits
_REAL = re.compile(r"\b(echt|echte[nrs]?|erfunden|ausgedacht|fiktiv|fiktive[nrs]?|wirklich|real|reale[nr]?)\b")
_REAL_MAX_WORDS = 12
_CHECK = re.compile(
    r"^(ja[, ]*)?(bitte )?(den |meinen |mein )?(eigenen? )?(ki[- ]?(readiness[- ]?)?)?check starten[.!]*$"
)


def _state(memory: dict[str, Any]) -> dict[str, Any]:
    found: dict[str, Any] = memory.get(MEMORY_KEY) or {}
    return found


def is_active(memory: dict[str, Any]) -> bool:
    """True while a tour waits for its next station."""
    return bool(_state(memory).get("active"))


def addressed(memory: dict[str, Any], text: str) -> str | None:
    """The tool a message goes to because of the tour: its start words, or "weiter"/"Rundgang beenden" while a
    tour runs → the tour,
    "Check starten" after its last station → the readiness interview; None otherwise."""
    t = fold(text).strip()
    if _START.match(t) or (is_active(memory) and (_CONTINUE.match(t) or _STOP.match(t) or _asks_if_real(t))):
        return "lab_tour"
    if _state(memory).get("offered_check") and _CHECK.match(t):
        return "interview"
    return None


def _asks_if_real(t: str) -> bool:
    """A short question whether the tour's company and figures are real (folded text `t`)."""
    return len(t.split()) <= _REAL_MAX_WORDS and _REAL.search(t) is not None and not _CONTINUE.match(t)


def run(slots: Slots, ctx: TurnContext) -> AgentReply:
    """Start the tour, show its next station, answer whether it is real, or end it ("Rundgang beenden")."""
    t = fold(slots.text).strip()
    state = _state(ctx.memory)
    if state.get("active") and _asks_if_real(t):
        return AgentReply(
            text=f"Die {BAKERY} ist frei erfunden – ihre Filialen liegen in echten Orten der Altmark, aber alle "
            "Verkaufs-, Personal- und Finanzzahlen sind Demodaten. Die Werkzeuge rechnen trotzdem wirklich: "
            "dieselben Modelle liefen mit den Daten Ihres Betriebs. Mit „weiter“ geht der Rundgang weiter.",
            data={"tour": {"fictional": True, "next": state.get("next", 0)}},
        )
    if state.get("active") and _STOP.match(t):
        ctx.memory[MEMORY_KEY] = {"active": False, "next": state.get("next", 0), "offered_check": True}
        return AgentReply(
            text=f"Der Rundgang ist beendet. Die {BAKERY} ist frei erfunden. Mit „Was kann KI in einer Bäckerei?“ "
            "beginnt der Rundgang neu, mit „Check starten“ prüfen Sie Ihren eigenen Betrieb.",
            data={"tour": {"ended": True, "fictional": True, "check_offer": True}},
        )
    index = int(state.get("next", 0)) if state.get("active") and _CONTINUE.match(t) else 0
    index = min(index, len(STATIONS) - 1)
    reply = show(index, ctx)
    last = index == len(STATIONS) - 1
    ctx.memory[MEMORY_KEY] = {"active": not last, "next": index + 1, "offered_check": last}
    return reply


def show(index: int, ctx: TurnContext) -> AgentReply:
    """Run station `index` and answer with its result, the three sentences and what comes next."""
    station = STATIONS[index]
    replies = station.compute(ctx)
    number = f"Station {index + 1} von {len(STATIONS)}"
    parts = [f"**{number}: {station.title}** · _{FICTIONAL} – keine echten Firmendaten_"]
    if index == 0:
        parts.insert(
            0,
            f"Willkommen zum Rundgang „Was kann KI in einer Bäckerei?“. Ich zeige Ihnen an der fiktiven {BAKERY}, was "
            "die Werkzeuge dieses Assistenten können – jedes rechnet wirklich, auf einer getrennten Kopie der "
            "erfundenen Demodaten. Echte Firmendaten sehen oder ändern Sie hier nicht.",
        )
    parts += [r.text for r in replies]
    parts.append(_sentences(station, ctx.memory))
    parts.append(_next(index))
    return AgentReply(
        text="\n\n".join(parts),
        tools_called=list(dict.fromkeys([*station.tools, *(t for r in replies for t in r.tools_called)])),
        artifacts=[a for r in replies for a in r.artifacts],
        data={
            "tour": {
                "station": station.id,
                "index": index,
                "count": len(STATIONS),
                "tools": list(station.tools),
                "next": index + 1 < len(STATIONS),
                "check_offer": index + 1 == len(STATIONS),
                "fictional": True,
            },
            "results": [r.data for r in replies],
        },
    )


def _sentences(station: Station, memory: dict[str, Any]) -> str:
    brings = station.brings.format(firm=firm_phrase(memory))
    return (
        f"**Was ich getan habe:** {station.did}\n"
        f"**Welche Daten das braucht:** {station.needs}\n"
        f"**Was es bringt:** {brings}"
    )


def _next(index: int) -> str:
    if index + 1 < len(STATIONS):
        return f"➡️ Nächste Station: {STATIONS[index + 1].title}. Schreiben Sie „weiter“ oder klicken Sie auf „Weiter“."
    return (
        f"Das war der Rundgang – die {BAKERY} ist frei erfunden, ihre Zahlen stammen aus einer getrennten Kopie der "
        "Demodaten. Möchten Sie wissen, wo KI in Ihrem eigenen Betrieb ansetzen kann? Starten Sie Ihren "
        "KI-Readiness-Check: schreiben Sie „Check starten“ oder klicken Sie auf den Knopf."
    )
