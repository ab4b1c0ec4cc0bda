"""Dialogue state: the last request's tool and slots, and follow-ups that name only some of them.

"Und am Sonntag?", "und für Tangermünde?", "Und bei 5 % Zinsen?" keep the last tool and its other slots and
replace what they name; "Warum so viele?" after a figure asks the drivers of that same figure. A new full
request starts fresh. The state lives in the thread memory (JSON only) under MEMORY_KEY.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from pydantic import BaseModel

from agents.contracts import Slots
from agents.nlu.dates import MONTHS, NUMBER_WORDS, WEEKDAYS, parse_date_expression
from agents.nlu.normalize import fold, tokens
from agents.nlu.slots import GROUP_WORDS, asks_about_the_past, extract_slots
from tools.company.catalog import BRANCHES, GROUP_NAMES, PRODUCTS

MEMORY_KEY = "last_request"
# tools whose answer is a figure for slots (product, branch, date, amounts): a follow-up re-runs them
SLOT_TOOLS = frozenset(
    {
        "forecast",
        "demand_drivers",
        "offers",
        "production_plan",
        "oven_schedule",
        "delivery_routes",
        "staffing",
        "recruiting_campaign",
        "budget_forecast",
        "liquidity",
        "investment",
        "overview",
    }
)
# tools that answer a question text: a short follow-up is read together with the previous question
TEXT_TOOLS = frozenset({"onboarding_qa"})
# turns that neither start nor end the thread of a request ("Danke!", a question back)
NEUTRAL_TOOLS = frozenset({"help", "smalltalk", "out_of_scope"})
# "warum" after a figure: which tool explains it
WHY_TOOL = {"forecast": "demand_drivers", "production_plan": "demand_drivers"}
MAX_WORDS = 10  # a longer message is a request of its own

_WHY = re.compile(
    r"^(?:und |aber |ok |okay )?(?:warum|wieso|weshalb|woran liegt|wie kommt|woher kommt|wodurch|"
    r"was steckt dahinter|was ist der grund|grund dafuer)"
)
_OPENER = re.compile(
    r"^(?:und|aber|auch|dann|sowie|was ist mit|wie ist es mit|wie sieht es|wie siehts|gilt das auch|"
    r"das gleiche|dasselbe|das selbe|genauso|ebenso|jetzt|nun)\b"
)
_ALL_BRANCHES = re.compile(
    r"\b(?:alle[n]? (?:filialen|laeden|standorte|geschaefte)|ueberall|alle zusammen|"
    r"(?:fuer )?(?:das ganze|den ganzen) (?:unternehmen|betrieb)|insgesamt|gesamt)\b"
)
_SAME_BRANCH = re.compile(
    r"\b(?:dieselbe|derselben|die gleiche|der gleichen|gleiche[n]?|selbe[n]?) "
    r"(?:filiale|laden|standort)\b|\bdort\b"
)
_SAVING = re.compile(r"\b(?:spart|sparen|ersparnis|bringt|mehrertrag|jaehrlich|im jahr|pro jahr|jahr)\b")
_FILLER = {
    "und",
    "oder",
    "aber",
    "auch",
    "dann",
    "sowie",
    "was",
    "ist",
    "mit",
    "wie",
    "sieht",
    "siehts",
    "es",
    "aus",
    "denn",
    "noch",
    "mal",
    "bitte",
    "so",
    "da",
    "dort",
    "wenn",
    "nur",
    "jetzt",
    "nun",
    "ok",
    "okay",
    "gilt",
    "das",
    "fuer",
    "in",
    "bei",
    "am",
    "im",
    "an",
    "um",
    "zu",
    "zum",
    "zur",
    "den",
    "die",
    "der",
    "dem",
    "des",
    "vom",
    "von",
    "ueber",
    "ab",
    "bis",
    "ganze",
    "ganzen",
    "zusammen",
    "insgesamt",
    "gesamt",
    "viele",
    "viel",
    "wieviele",
    "wieviel",
    "wenig",
    "wenige",
    "mehr",
    "weniger",
    "hoch",
    "niedrig",
    "er",
    "sie",
    "kostet",
    "kosten",
    "spart",
    "sparen",
    "bringt",
    "jaehrlich",
    "pro",
    "filiale",
    "filialen",
    "laden",
    "laeden",
    "standort",
    "standorte",
    "alle",
    "allen",
    "ueberall",
    "dieselbe",
    "derselben",
    "gleiche",
    "gleichen",
    "selbe",
    "selben",
    "dasselbe",
    "genauso",
    "ebenso",
    "zinsen",
    "zins",
    "zinssatz",
    "prozent",
    "euro",
    "eur",
    "tsd",
    "tausend",
    "mio",
    "millionen",
    "k",
    "warum",
    "wieso",
    "weshalb",
    "woran",
    "liegt",
    "kommt",
    "woher",
    "wodurch",
    "steckt",
    "dahinter",
    "grund",
    "dafuer",
    "unternehmen",
    "betrieb",
    "stueck",
    "man",
    "wir",
    "uns",
    "teuer",
    "knapp",
    "stark",
    "schwach",
    "gut",
    "schlecht",
    "gross",
    "klein",
    "hohe",
    "hoher",
}
_DATE_WORDS = {
    "morgen",
    "uebermorgen",
    "heute",
    "gestern",
    "vorgestern",
    "woche",
    "wochen",
    "wochenende",
    "tag",
    "tage",
    "tagen",
    "monat",
    "monate",
    "monaten",
    "jahr",
    "jahre",
    "jahren",
    "naechste",
    "naechsten",
    "naechstes",
    "naechster",
    "kommende",
    "kommenden",
    "uebernaechste",
    "uebernaechsten",
    "diese",
    "dieser",
    "diesen",
    "letzte",
    "letzten",
    "advent",
    "adventswochenende",
    "adventswochenenden",
    "adventszeit",
    "einer",
    "ende",
    "anfang",
    "mitte",
    "danach",
    "darauf",
    "spaeter",
    "zwischen",
    "heiligabend",
    "silvester",
    "neujahr",
    "ostern",
    "pfingsten",
    "pfingstsonntag",
    "pfingstmontag",
    "himmelfahrt",
    "vatertag",
    "muttertag",
    "valentinstag",
    "nikolaus",
    "martinstag",
    "halloween",
    "weiberfastnacht",
    "rosenmontag",
    "fasching",
    "faschingszeit",
    "karneval",
    "aschermittwoch",
    "reformationstag",
    "brueckentag",
    "weihnachten",
    "feiertage",
    "karfreitag",
    "ostermontag",
    "erste",
    "ersten",
    "zweite",
    "zweiten",
    "dritte",
    "dritten",
    "vierte",
    "vierten",
    "frueh",
    "abend",
    "mittag",
    "vormittag",
    "nachmittag",
    "mitarbeiter",
    "leute",
    "mitarbeitern",
}


class LastRequest(BaseModel):
    """The tool and slots of the thread's last request; `slots.text` is the request's own wording."""

    tool: str
    slots: Slots


# „Welche Filiale läuft am schlechtesten?“ looks at the sales so far: its follow-ups' months lie in the past
_RANKING_NOW = re.compile(r"am (besten|schlechtesten|schwaechsten|meisten|wenigsten)|\blaeuft\b|\blaufen\b|retour")
_AHEAD = re.compile(r"morgen|naechst|kommend|prognos|erwart|\bwird\b|\bwerden\b|backen|planen")


def _vocabulary() -> set[str]:
    words = set(_FILLER) | _DATE_WORDS | set(WEEKDAYS) | {w + "s" for w in WEEKDAYS} | set(MONTHS) | set(NUMBER_WORDS)
    for p in PRODUCTS:
        for name in {p.name, p.id, *p.synonyms}:
            words |= set(tokens(name))
    for b in BRANCHES:
        words |= set(tokens(b.name)) | set(tokens(b.town)) | set(tokens(b.id.replace("_", " ")))
    for group_words in GROUP_WORDS.values():
        for w in group_words:
            words |= set(tokens(w))
    for name in GROUP_NAMES.values():
        words |= set(tokens(name))
    return words | {"torte", "torten", "tortenstuecke", "marktplatz", "bahnhof", "markt", "altstadt"}


_VOCAB = _vocabulary()


def _known(word: str) -> bool:
    """A filler, a date or number word, or (an inflection of) a product, group or branch name."""
    if word.isdigit() or word in _VOCAB:
        return True
    return any(word[:-k] in _VOCAB for k in (1, 2) if len(word) - k >= 4)


def residual(text: str) -> list[str]:
    """The words of `text` that are neither slots nor fillers: what makes a message a request of its own."""
    return [w for w in tokens(text) if not _known(w)]


def recall(memory: dict[str, Any]) -> LastRequest | None:
    """The thread's last request, if any."""
    raw = memory.get(MEMORY_KEY)
    return LastRequest.model_validate(raw) if raw else None


def remember(memory: dict[str, Any], tool: str, slots: Slots) -> dict[str, Any]:
    """Memory after a routed turn: a slot or text tool becomes the last request, a neutral turn keeps it,
    any other tool (the interview, a photo check) ends the thread of requests."""
    if tool in NEUTRAL_TOOLS:
        return memory
    rest = {k: v for k, v in memory.items() if k != MEMORY_KEY}
    if tool in SLOT_TOOLS or tool in TEXT_TOOLS:
        return {**rest, MEMORY_KEY: LastRequest(tool=tool, slots=slots).model_dump(mode="json")}
    return rest


def _names_something(new: Slots, t: str) -> bool:
    return bool(
        new.dates
        or new.products
        or new.groups
        or new.branches
        or new.unknown_branch
        or new.amounts_eur
        or new.percent is not None
        or new.headcount is not None
        or new.months is not None
        or new.years is not None
        or _ALL_BRANCHES.search(t)
        or _SAME_BRANCH.search(t)
    )


def _amounts(last: list[float], new: list[float], t: str) -> list[float]:
    """New euro amounts replace the old ones; a single new one replaces the price or (when it is about
    savings per year) the yearly amount."""
    if not new:
        return last
    if len(new) >= len(last) or not last:
        return new
    out = list(last)
    out[-1 if _SAVING.search(t) else 0] = new[0]
    return out


def merge(last: Slots, text: str, today: date) -> Slots:
    """The last request's slots with what `text` names replaced (dates, products, branches, amounts …)."""
    t = fold(text)
    new = extract_slots(text, today)
    # a thread about days gone by („Was haben wir im Oktober verkauft?“ → „Und im September?“) stays in the past
    before = fold(last.text or "")
    looked_back = (last.dates is not None and last.dates.end < today) or (
        asks_about_the_past(before) or (_RANKING_NOW.search(before) is not None and not _AHEAD.search(before))
    )
    after = last.dates.end if last.dates else None
    dates = parse_date_expression(text, today, after=after, past=looked_back or asks_about_the_past(t)) or last.dates
    products, groups = (new.products, new.groups) if (new.products or new.groups) else (last.products, last.groups)
    branches, unknown = last.branches, last.unknown_branch
    if _ALL_BRANCHES.search(t):
        branches, unknown = [], None
    elif new.branches or new.unknown_branch:
        branches, unknown = new.branches, new.unknown_branch
    amounts = _amounts(last.amounts_eur, new.amounts_eur, t)
    return last.model_copy(
        update={
            "dates": dates,
            "products": products,
            "groups": groups,
            "branches": branches,
            "unknown_branch": unknown,
            "amounts_eur": amounts,
            "amount_eur": amounts[0] if amounts else None,
            "percent": new.percent if new.percent is not None else last.percent,
            "headcount": new.headcount if new.headcount is not None else last.headcount,
            "months": new.months if new.months is not None else last.months,
            "years": new.years if new.years is not None else last.years,
        }
    )


def _from_first_question(text: str) -> str:
    """The request from its first question on: "Hallo, ich bin neu hier. Wie viele Urlaubstage habe ich?" →
    "Wie viele Urlaubstage habe ich?" (a greeting or remark before it only blurs the search of a follow-up)."""
    sentences = re.split(r"(?<=[.!?])\s+", text.strip())
    first = next((i for i, s in enumerate(sentences) if s.endswith("?")), 0)
    return " ".join(sentences[first:])


def _answers_yearly_amount(last: LastRequest, new: Slots, t: str, elsewhere: bool) -> bool:
    """The investment asked back for the yearly saving (only a price was named) and the message names one
    amount and nothing else ("so etwa 8000 Euro im Jahr an Energie"): that amount is the answer."""
    return (
        last.tool == "investment"
        and len(last.slots.amounts_eur) == 1
        and len(new.amounts_eur) == 1
        and not (new.products or new.groups or new.branches or new.dates)
        and (not elsewhere or bool(_SAVING.search(t)))
    )


def follow_up(
    memory: dict[str, Any], text: str, today: date, routed_tool: str | None, router_unsure: bool
) -> LastRequest | None:
    """The tool and merged slots when `text` continues the last request, else None (a request of its own).

    `routed_tool`/`router_unsure`: what the router made of `text` alone; a message with words beyond slots
    and fillers is a follow-up only when it opens like one ("und …") and the router does not point to another
    tool (help or small talk for "Und bei 6 Stunden?" is no other tool; None: a tool the role may not use).
    """
    last = recall(memory)
    words = tokens(text)
    elsewhere = (
        routed_tool is not None
        and routed_tool != (last.tool if last else "")
        and routed_tool not in NEUTRAL_TOOLS
        and not router_unsure
    )
    if last is None or not words or len(words) > MAX_WORDS:
        return None
    t = fold(text)
    rest = residual(text)
    if last.tool in TEXT_TOOLS:
        if _OPENER.search(t) and len(words) <= 6 and (not elsewhere or not rest):
            return LastRequest(
                tool=last.tool, slots=extract_slots(f"{_from_first_question(last.slots.text)} {text}", today)
            )
        return None
    if last.tool not in SLOT_TOOLS:
        return None
    if _WHY.search(t) and not rest:
        return LastRequest(tool=WHY_TOOL.get(last.tool, last.tool), slots=merge(last.slots, text, today))
    new = extract_slots(text, today)
    if _answers_yearly_amount(last, new, t, elsewhere):
        amounts = [*last.slots.amounts_eur, *new.amounts_eur]
        merged = merge(last.slots, text, today)
        return LastRequest(
            tool=last.tool, slots=merged.model_copy(update={"amounts_eur": amounts, "amount_eur": amounts[0]})
        )
    if not _names_something(new, t):
        return None
    if rest and not (_OPENER.search(t) and not elsewhere):
        return None
    return LastRequest(tool=last.tool, slots=merge(last.slots, text, today))
