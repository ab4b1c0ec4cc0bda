"""Dialogue state: the last request's tool and slots, and follow-ups that name only some of them.

"Und am Sonntag?", "und für Tangermünde?", "Und bei 5 % Zinsen?" keep the last tool and its other slots and
replace what they name; "Warum so viele?" after a figure asks the drivers of that same figure. A new full
request starts fresh. The state lives in the thread memory (JSON only) under MEMORY_KEY.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

from pydantic import BaseModel

from agents.contracts import DateRange, Slots
from agents.finance.common import is_scenario, plain_amounts
from agents.finance.hire_answer import affords_one_more, asks_hire, names_hire_detail
from agents.finance.investment import asks_account, purchase_name
from agents.hr.contact_answer import asks_whom
from agents.hr.onboarding_qa import POINTS_BACK, asks_simpler, asks_source, continues_question
from agents.hr.staff_cost_answer import asks_cost, names_role
from agents.nlu.dates import parse_date_expression, shifted_week
from agents.nlu.normalize import fold, tokens
from agents.nlu.residual_words import residual
from agents.nlu.slots import asks_about_the_past, extract_slots
from agents.nlu.weather_words import only_weather, without_weather
from agents.operations.common import RETURNS_WORDS
from agents.operations.returns_overview import wants_returns_overview
from agents.registry import title
from agents.sales.review import wants_review
from tools.company.catalog import BRANCH_BY_ID
from tools.company.sales import is_closed
from tools.format_de import date_range

MEMORY_KEY = "last_request"
# tools whose answer is a figure for slots (product, branch, date, amounts): a follow-up re-runs them
SLOT_TOOLS = frozenset(
    {
        "forecast",
        "demand_drivers",
        "price_change",
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
        "quality_check",
    }
)
# tools reporting what happened (the photo-check log): a follow-up's day or month is the one gone by
PAST_TOOLS = frozenset({"quality_check"})
# tools whose slots a request for a neighbouring tool carries on ("Wie verteilen wir das auf die Öfen?" after
# the plan for Saturday: Saturday's oven plan); the overview links to every family but the investment
FAMILIES = (
    frozenset(
        {"forecast", "demand_drivers", "price_change", "offers", "production_plan", "oven_schedule", "delivery_routes"}
    ),
    frozenset({"staffing", "recruiting_campaign"}),
    frozenset({"budget_forecast", "liquidity"}),
    frozenset({"investment"}),
)
# the last slot request before a handbook question ("und am Samstag?" after it goes back to the figures)
EARLIER_KEY = "slot_request_before_text"
# the thread's last request about goods (forecast, plan, ovens, tours …): „und nochmal für Havelberg“ after a
# money answer goes back to it
GOODS_KEY = "goods_request"
BY_TOOL_KEY = "request_by_tool"  # the last request of each slot tool in the thread: „zurück zur Prognose“
# tools that know no branch or goods: a follow-up naming only those means the goods talked about before
PLACELESS_TOOLS = frozenset({"budget_forecast", "liquidity", "investment"})
# tools that answer a question text: a short follow-up is read together with the previous question
TEXT_TOOLS = frozenset({"onboarding_qa"})
# turns that neither start nor end the thread of a request ("Danke!", a question back)
NEUTRAL_TOOLS = frozenset({"help", "smalltalk", "out_of_scope"})
# "warum" after a figure: which tool explains it
WHY_TOOL = {"forecast": "demand_drivers", "production_plan": "demand_drivers"}
MAX_WORDS = 10  # a longer message is a request of its own

_WHY = re.compile(
    r"^(?:und |aber |ok |okay )?(?:warum|wieso|weshalb|woran liegt|wie kommt|woher kommt|wodurch|"
    r"was steckt dahinter|was ist der grund|grund dafuer|wie kommen sie|wie kommst du|erklaer|begruend)"
)
_OPENER = re.compile(
    r"^(?:und|un|aber|auch|dann|sowie|was ist mit|wie ist es mit|wie sieht es|wie siehts|gilt das auch|"
    r"das gleiche|dasselbe|das selbe|genauso|ebenso|jetzt|nun)\b"
)
# „werden die auch ausgezahlt?“, „gibt es das auch schriftlich?“: a verb, a word pointing back and a particle
_POINTER = re.compile(
    r"^\w+ (?:es )?(?:die|das|sie|es|der|den|dem|diese|dieser|dieses) (?:auch|denn|dann|noch|trotzdem)\b"
)
_CONDITION = re.compile(r"^(?:und|aber|un|was ist|und was ist) (?:wenn|falls|wenns|bei)\b")
HANDBOOK_FOLLOW_WORDS = 8  # „und wo steht das für die Kunden?“ still continues the rule just quoted
# a bare question fragment ("ab wann?", "wie lange denn?", "bis wann genau?"): it asks about the rule just quoted
_FRAGMENT = re.compile(
    r"(?:und |aber |ok |okay )?(?:ab|bis|seit|fuer|von|wie|um) ?(?:wann|wie ?viel|wie ?lange|wie ?oft|wie ?hoch|wen|wem|was)?"
    r"(?: (?:denn|genau|ungefaehr|eigentlich|dann|da|das|so))*"
    r"|(?:und |aber )?(?:wann|wo|wer|wie ?viel|wie ?lange|wie ?oft|wie ?hoch|warum|wieso)(?: (?:denn|genau|dann|da|das))*"
)
# a correction of the last request ("nein, ich meinte Brötchen", "sorry, meinte Roggenbrot"): a follow-up
_CORRECTION = re.compile(
    r"^(?:nein|nee|ne|noe|noee|sorry|oh|ach|aeh|ehm|halt|doch|stopp)\b|\b(?:ich )?meinte\b|\bgemeint\b"
    r"|\b(?:an)?statt\b|\bnicht\b.+\bsondern\b"  # „Havelberg statt Osterburg“, „nicht Osterburg, sondern …“
)
_CORRECTION_WORDS = {"nein", "nee", "ne", "noe", "noee", "sorry", "oh", "ach", "aeh", "ehm", "halt", "doch", "stopp"}
_CORRECTION_WORDS |= {"ich", "meinte", "meine", "gemeint", "eigentlich", "lieber", "stattdessen", "statt", "sondern"}
_CORRECTION_WORDS |= {"anstatt", "nicht"}
# words a question about the last figure may use besides the why word ("Wie kommt die Zahl zustande?")
_WHY_WORDS = {"zahl", "zahlen", "zustande", "menge", "mengen", "wert", "darauf", "drauf", "kommen", "kommst", "du"}
_WHY_WORDS |= {"erklaer", "erklaere", "erklaeren", "begruenden", "begruendung", "prognose", "vorhersage", "diese"}
# a message that points back to what was just shown ("Wie verteilen wir das auf die Öfen?", "… dafür")
# („wie sieht der Ofen aus an dem Tag?“: the day just talked about)
# „das“ before a noun is an article („reicht das Personal im Advent?“), not the thing just shown: it points back only
# at the end or before a word that is no noun („reicht das?“, „gilt das auch“, „was kostet das im Monat“)
_NO_NOUN = (
    r"auch|denn|dann|noch|schon|so|nicht|ja|eigentlich|wirklich|genau|ueberhaupt|trotzdem|jetzt|heute|morgen|"
    r"am|im|in|an|auf|aus|bei|bis|ab|fuer|mit|nach|von|vom|zu|zum|zur|ueber|unter|vor|pro|je|wenn|weil|dass|ob|"
    r"oder|und|aber|bitte|mal|gleich|immer|wieder|alles|eher|etwa|ungefaehr|wohl|doch|nur|wie|was|wo|wann|ist|"
    r"sind|war|waere|wird|gibt|geht|kostet|reicht|bringt|heisst|hier|da|dort|nochmal|viel|viele|wenig|gut|"
    r"richtig|sicher|normal|teuer|billig|ok|okay|insgesamt|zusammen|selbst|selber|alleine|allein|einfacher|genauer|"
    r"irgendwo|irgendwie|irgendwann|sofort|vorher|nachher|morgens|abends|jeden|jede|jeder"
)
_BACKREF = re.compile(
    rf"\bdas(?=\s*$|\s*[?!.,;:]|\s+(?:{_NO_NOUN})\b)"
    r"|\b(?:dafuer|damit|dagegen|davon|dazu|dabei|darauf|dann|dort|deshalb|daher|fuers"
    r"|(?:dem|diesem|demselben|selben|gleichen) tag)\b"
)
# „wann is der in Havelberg?“, „wo ist die jetzt?“: a pronoun as the subject, the thing just shown
_PRONOUN_SUBJECT = re.compile(
    r"^(?:und |aber )?(?:wann|wo|wie ?\w*|um wie ?viel uhr) (?:ist|is|sind|kommt|kommen|faehrt|fahren|war|waere) "
    r"(?:der|die|das|er|sie|es)\b"
)
# „wo soll ich die schalten?“, „wann muss ich den bestellen?“: a pronoun as the object of the closing verb
_PRONOUN_VERB = re.compile(r"\b(?:die|den|das|sie|es|ihn)\s+\w+(?:en|ern|eln)\s*[?!.]*$")
_ALL_BRANCHES = re.compile(
    r"\b(?:alle[n]? (?:filialen|laeden|standorte|geschaefte)|ueberall|alle zusammen|"
    r"(?:fuer )?(?:das ganze|den ganzen) (?:unternehmen|betrieb)|insgesamt|gesamt)\b"
)
_SAME_BRANCH = re.compile(
    r"\b(?:dieselbe|derselben|die gleiche|der gleichen|gleiche[n]?|selbe[n]?) "
    r"(?:filiale|laden|standort)\b|\bdort\b"
)
# „und im Vergleich zum Vorjahr?“: last year's figures beside the last answer (tools in YEAR_BEFORE_TOOLS)
_YEAR_BEFORE = re.compile(
    r"\bvorjahr\w*|\b(?:letzte[snm]?|vergangene[snm]?|vorige[snm]?) jahr\w*|\bjahr (?:davor|zuvor|vorher)\b"
    r"|\bvor einem jahr\b|\bein jahr (?:davor|zuvor|vorher|frueher)\b"
)
_COMPARING = {"vergleich", "verglichen", "vergleichen", "vergleiche", "gegenueber", "vs", "war", "waren", "verkauft"}
YEAR_BEFORE_TOOLS = frozenset({"forecast"})
# „und wenn er 38.000 kostet?“, „der Preis ist 30.000“: the amount is the purchase price, not the yearly saving
_PRICE_NAMED = re.compile(r"\b(?:kost\w*|\w*preis\w*|teurer|billiger|guenstiger|bezahl\w*|anschaff\w*)\b")
_SAVING = re.compile(r"\b(?:spart|sparen|ersparnis|bringt|mehrertrag|jaehrlich|im jahr|pro jahr|jahr)\b")


# the figures an answer gives („Wie kommen Sie auf die Zahl?“, „Wie kommt der Plan zustande?“)
_FIGURE = r"(?:zahl|zahlen|wert|werte|plan|prognose|vorhersage|ergebnis|menge|mengen|summe|betrag|stand)"
# „Wie sicher ist das?“, „Stimmt das?“, „Kann ich mich darauf verlassen?“ after figures: the same request again
# (the answer then shows how it was computed right after its decision)
_CERTAINTY = re.compile(
    r"^(?:und |aber |ok |okay |also |na )?(?:wie (?:sicher|genau|zuverlaessig|verlaesslich|belastbar|treffsicher)\b"
    r"|stimmt (?:das|die|der|es)\b|kann (?:ich|man) (?:mich |sich )?(?:da ?rauf|darauf|drauf) verlassen"
    r"|ist (?:das|die|der|es) (?:sicher|verlaesslich|realistisch|zuverlaessig|belastbar)\b"
    r"|wie (?:hast du|haben sie|rechnest du|rechnen sie) (?:das|die|den|darauf|drauf)\b"
    r"|worauf (?:beruht|basiert|stuetzt)|woher (?:hast du|haben sie|weisst du|wissen sie|stamm)"
    r"|woher (?:kommt|kommen) (?:die|diese|der|dieser|das|dieses|deine|ihre|eure)\b"
    r"|(?:raetst|ratet|raten) (?:du|sie|ihr)\b|(?:ist|sind) (?:das|die|der|es|diese) (?:\w+ )?(?:nur )?"
    r"(?:geraten|ausgedacht|erfunden|geschaetzt)\b|(?:hast du|haben sie) (?:dir |sich )?(?:das|die|den|diese)"
    r"(?: \w+)? (?:ausgedacht|erfunden|geraten)\b"
    r"|auf welcher (?:grundlage|basis)|welche daten (?:stecken|liegen|stehen) (?:da ?hinter|dahinter)"
    r"|was ist (?:die|ihre|deine) (?:grundlage|datengrundlage|basis)\b)"
)
# other wordings of how a figure was made or how far it was off („Wie kommen Sie auf die Zahl?“, „Woraus haben Sie
# das berechnet?“, „wie oft lagen Sie damit daneben?“); after a forecast or plan „wie kommt …“ asks its drivers
_METHOD = re.compile(
    r"^(?:und |aber |ok |okay |also |na )?(?:"
    r"wie (?:kommen sie|kommst du) (?:da ?rauf|drauf|(?:auf|zu) (?:die|diese|der|dieser|den|diesen) "
    rf"{_FIGURE})\b"
    r"|(?:wie|woraus|womit|worauf|wodurch|auf welcher (?:grundlage|basis)) (?:(?:haben|hast|habt|wurde|wurden|"
    rf"wird|werden|ist|sind|kommt|kommen|sie|du|ihr|denn|eigentlich|genau) ){{0,3}}(?:(?:das|es|die|der|diese|"
    rf"dieser|dieses|den|diesen)(?: {_FIGURE})? )(?:berechnet|gerechnet|ermittelt|kalkuliert|errechnet|"
    r"zustande)\b"
    r"|wie (?:oft|weit|viel|stark) (?:\w+ ){0,3}daneben\b)"
)
# a question of its own about how far the figures were off („Wie gut lag die Vorhersage letzte Woche?“)
_ACCURACY = re.compile(
    r"\bwie (?:gut|genau|sicher|zuverlaessig|verlaesslich|treffsicher) (?:lag|lagen|war|waren|ist|sind|stimmt|"
    r"stimmen|trifft|treffen)\b|\btreffsicherheit\b|\b(?:prognose|vorhersage)fehler\b|\bgenauigkeit\b"
    r"|\bwie (?:oft|weit|viel|stark) (?:\w+ ){0,4}daneben\b"
)
# „mach das mal für nächste Woche“, „rechne das nochmal für Gardelegen“: the last request with the new day or
# place, whatever the router makes of the words alone (they name no topic of their own)
_REDO = re.compile(
    r"^(?:und |dann |jetzt |ok |okay |bitte )?(?:mach|mache|machen sie|rechne|rechnen sie|zeig|zeige|zeigen sie|"
    r"plan|plane|planen sie|gib|geben sie|das gleiche|dasselbe|das ganze|nochmal|noch mal|bitte)\b"
)
_REDO_WORDS = {"mach", "mache", "machen", "rechne", "rechnen", "zeig", "zeige", "zeigen", "plan", "plane", "planen"}
_REDO_WORDS |= {"gib", "geben", "ganze", "gleiche", "dasselbe", "nochmal", "noch", "mal", "einmal", "mir", "uns"}
# „sag mir das bitte nochmal, Kuchen Samstag Markt“: the same figures asked again, the words of asking anywhere
_AGAIN = re.compile(r"\b(?:nochmal|noch mal|noch einmal|nochmals|wiederhol\w*)\b")
_AGAIN_WORDS = {"sag", "sage", "sagen", "nenn", "nenne", "nennen", "das", "bitte", "nochmals", "wiederhol"}
_AGAIN_WORDS |= {"wiederhole", "wiederholen", "sie", "gern", "gerne", "die", "zahl", "zahlen"}


def asks_how(text: str) -> bool:
    """True for a short question how sure, where from or why the last figures are („Warum so viel?“)."""
    t = fold(without_courtesy(text)).strip()
    return asks_certainty(text) or (len(tokens(text)) <= MAX_WORDS and _WHY.search(t) is not None)


def asks_certainty(text: str) -> bool:
    """True for a short question how sure or where from the last figures are („Wie sicher ist das?“)."""
    folded = _folded(text)
    return len(tokens(text)) <= MAX_WORDS and (_CERTAINTY.search(folded) or _METHOD.search(folded)) is not None


def _folded(text: str) -> str:
    return fold(without_courtesy(text)).strip()


# „kürzer bitte“, „in Zahlen bitte“, „ausführlicher“: the last answer again in another form (asks nothing new)
_RESTYLE = re.compile(
    r"^(?:und |bitte |ok |okay |noch |jetzt |das )*(?:(?:etwas |ein bisschen |bisschen |noch |viel )*"
    r"(?:kuerzer|knapper|kurz|ausfuehrlich(?:er)?|genauer)|(?:in|als|mit|nur (?:die|in)) zahlen|nur (?:die )?zahl)"
    r"(?: (?:bitte|gefasst|und knapp|fassen|machen|sagen|erklaeren))*$"
)
_SHORTER = re.compile(r"\b(?:kuerzer|knapper|kurz)\b")


def restyles(text: str) -> bool:
    """True for a wish about the form of the last answer („kürzer bitte“, „in Zahlen bitte“)."""
    return _RESTYLE.search(fold(without_courtesy(text)).strip(" ?!.")) is not None


def asks_shorter(text: str) -> bool:
    """True for „kürzer bitte“, „knapper“: the last answer cut to its decision."""
    return restyles(text) and _SHORTER.search(fold(text)) is not None


def asks_accuracy(text: str) -> bool:
    """True for a question how sure figures are or how far they were off, also one that names its own
    goods, place and days („Wie gut lag die Vorhersage letzte Woche in Osterburg?“)."""
    return asks_certainty(text) or _ACCURACY.search(fold(text)) is not None


class LastRequest(BaseModel):
    """The tool and slots of the thread's last request; `slots.text` is the request's own wording."""

    tool: str
    slots: Slots


def recall(memory: dict[str, Any]) -> LastRequest | None:
    """The thread's last request, if any."""
    raw = memory.get(MEMORY_KEY)
    return LastRequest.model_validate(raw) if raw else None


def remember(memory: dict[str, Any], tool: str, slots: Slots) -> dict[str, Any]:
    """Memory after a routed turn: a slot or text tool becomes the last request, a neutral turn keeps it,
    any other tool (the interview, a photo check) ends the thread of requests."""
    if tool in NEUTRAL_TOOLS:
        return memory
    rest = {k: v for k, v in memory.items() if k not in (MEMORY_KEY, EARLIER_KEY)}
    if tool in TEXT_TOOLS:  # the figures asked before the handbook question stay reachable for "und am Samstag?"
        last = recall(memory)
        earlier = memory.get(EARLIER_KEY) if last is None or last.tool in TEXT_TOOLS else memory.get(MEMORY_KEY)
        if earlier:
            rest[EARLIER_KEY] = earlier
    if tool in SLOT_TOOLS or tool in TEXT_TOOLS:
        kept = slots.model_copy(
            update={"how_sure": False, "after_plan": False}
        )  # „und in Salzwedel?“ afterwards asks the figures
        request = LastRequest(tool=tool, slots=kept).model_dump(mode="json")
        if tool in SLOT_TOOLS:
            rest[BY_TOOL_KEY] = {**(memory.get(BY_TOOL_KEY) or {}), tool: request}
        return {**rest, MEMORY_KEY: request, **({GOODS_KEY: request} if tool in FAMILIES[0] else {})}
    return rest


def forget_refused(memory: dict[str, Any], tool: str) -> dict[str, Any]:
    """Memory after `tool` was refused: a refused goods request is no thread to go back to („na gut. wann hat
    Marktplatz am Sonntag offen?“ after refused sales questions)."""
    if GOODS_KEY not in memory or tool not in FAMILIES[0]:
        return memory
    return {k: v for k, v in memory.items() if k != GOODS_KEY}


def names_something(new: Slots, t: str) -> bool:
    """The slots read from folded text `t` name a day, goods, a place, an amount or a count (or all branches)."""
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


# „Gardelegen statt Osterburg“, „nicht Osterburg, sondern Gardelegen“: the part naming what is replaced
_INSTEAD = re.compile(r"\b(?:an)?statt\b(?P<after>.*)|\bnicht\b(?P<between>.*?)\bsondern\b")


def _swapped(before: list[str], named: list[str], text: str, today: date) -> list[str]:
    """The branches after a follow-up names some: those it says replace others („Gardelegen statt Osterburg“ in a
    comparison of Tangermünde and Osterburg → Tangermünde and Gardelegen), else only those it names."""
    m = _INSTEAD.search(fold(text))
    if m is None:
        return named
    replaced = extract_slots(m.group("after") or m.group("between") or "", today).branches
    instead = [b for b in named if b not in replaced]
    if not replaced or not instead:
        return named
    return _replace(before, replaced, instead)


def _replace(before: list[str], replaced: list[str], instead: list[str]) -> list[str]:
    """`before` with the `replaced` entries swapped for `instead`, in place; what is new and not swapped appended."""
    out: list[str] = []
    queue = list(instead)
    for b in before:
        if b in replaced:
            if queue:
                out.append(queue.pop(0))
        else:
            out.append(b)
    return list(dict.fromkeys([*out, *queue]))


def _near(dates: DateRange | None) -> date | None:
    """The day a bare weekday of a follow-up is read near: the middle of a range of at most a week talked about
    before, so the weekday lies in that week („nächste Woche“ → „und nur am Montag?“: its Monday); after a month or
    a year „und am Samstag?“ stays the coming Saturday."""
    if dates is None or (dates.end - dates.start).days > 6:
        return None
    return dates.start + (dates.end - dates.start) // 2


def merge(last: Slots, text: str, today: date, past: bool = False) -> Slots:
    """The last request's slots with what `text` names replaced (dates, products, branches, amounts …);
    `past`: a day or month named is the one gone by (a question about a log)."""
    t = fold(text)
    new = extract_slots(text, today)
    # a thread about days gone by („Was haben wir im Oktober verkauft?“ → „Und im September?“) stays in the past
    looked_back = (
        past
        or wants_review(last, today)  # a past period, or „Welche Filiale läuft am schlechtesten?“
        or wants_returns_overview(last, today)
        or asks_about_the_past(fold(last.text or ""))
    )
    after = None if past or not last.dates else last.dates.end
    week = shifted_week(text, last.dates) if last.dates and not past else None
    dates = week or parse_date_expression(
        text, today, after=after, past=looked_back or asks_about_the_past(t), near=_near(last.dates)
    )
    dates = dates or last.dates
    products, groups = (new.products, new.groups) if (new.products or new.groups) else (last.products, last.groups)
    branches, unknown = last.branches, last.unknown_branch
    if _ALL_BRANCHES.search(t):
        branches, unknown = [], None
    elif new.branches or new.unknown_branch:
        branches, unknown = _swapped(last.branches, new.branches, text, today), new.unknown_branch
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
            "unknown_product": new.unknown_product if (new.products or new.groups) else last.unknown_product,
        }
    )


def _from_first_question(text: str) -> str:
    """The request from its first question on: "Hallo, ich bin neu hier. Wie viele Urlaubstage habe ich?" →
    "Wie viele Urlaubstage habe ich?" (a greeting or remark before it only blurs the search of a follow-up)."""
    sentences = re.split(r"(?<=[.!?])\s+", text.strip())
    first = next((i for i, s in enumerate(sentences) if s.endswith("?")), 0)
    return " ".join(sentences[first:])


LONG_WORDS = 40  # a message this long is read from its last question on (a pasted story ending in the request)


def focus(text: str) -> str:
    """The part of a long message that asks: "… Naja, lange Rede kurzer Sinn: wie viele Stollen am Samstag?"
    → its last question (with the sentence before it when that one is short); a short message unchanged."""
    if len(tokens(text)) <= LONG_WORDS:
        return text
    sentences = [s for s in re.split(r"(?<=[.!?])\s+", text.strip()) if s]
    asks = [i for i, s in enumerate(sentences) if s.endswith("?")]
    if not asks:
        return text
    last = sentences[asks[-1]]
    return re.split(r"[:;]\s+", last)[-1] if len(tokens(last)) > 4 else last


def _answers_yearly_amount(last: LastRequest, new: Slots, t: str, elsewhere: bool) -> bool:
    """The investment asked back for the yearly saving (only a price was named) and the message names one
    amount and nothing else ("so etwa 8000 Euro im Jahr an Energie"): that amount is the answer."""
    return (
        last.tool == "investment"
        and len(last.slots.amounts_eur) == 1
        and len(new.amounts_eur) == 1
        and not (new.products or new.groups or new.branches or new.dates)
        and (not elsewhere or bool(_SAVING.search(t)))
        and not (_PRICE_NAMED.search(t) and not _SAVING.search(t))  # „und wenn er 38.000 kostet?“: a new price
    )


def _purchase_amounts(last: LastRequest, text: str, today: date) -> LastRequest | None:
    """In a purchase's thread a bare amount is its price or its yearly saving: „und wenn er 38.000 kostet?“
    replaces the price, „so 6000 im Jahr“ (or any amount after only a price was named) is the saving."""
    if last.tool != "investment" or len(tokens(text)) > MAX_WORDS:
        return None
    new = extract_slots(text, today)
    plain = new.amounts_eur or plain_amounts(text)
    if not plain or new.products or new.groups or new.branches or new.dates or _names_other_purchase(last, text):
        return None
    t, old = fold(text), list(last.slots.amounts_eur)
    price_named = _PRICE_NAMED.search(t) is not None and not _SAVING.search(t)
    if old and not price_named and (_SAVING.search(t) or len(old) == 1):
        amounts = [old[0], plain[0]]
    elif price_named or not old:
        amounts = [plain[0], *old[1:2]]
    else:
        return None
    merged = merge(last.slots, text, today).model_copy(update={"amounts_eur": amounts, "amount_eur": amounts[0]})
    return LastRequest(tool=last.tool, slots=merged)


def _names_other_purchase(last: LastRequest, text: str) -> bool:
    """„lohnt sich ein neuer Lieferwagen?“ after the oven: another purchase is a request of its own."""
    named = purchase_name(text)
    return named is not None and named != purchase_name(last.slots.text)


def _closed_everywhere(slots: Slots) -> bool:
    """True when every branch asked about is closed on every day asked about (nothing sold, nothing to explain)."""
    if slots.dates is None or not slots.branches or (slots.dates.end - slots.dates.start).days > 31:
        return False
    days = [slots.dates.start + timedelta(days=i) for i in range((slots.dates.end - slots.dates.start).days + 1)]
    return all(is_closed(BRANCH_BY_ID[b], d) for b in slots.branches if b in BRANCH_BY_ID for d in days)


def asks_year_before(text: str) -> bool:
    """True when a request asks for last year's figures beside the answer („im Vergleich zum Vorjahr“)."""
    return _YEAR_BEFORE.search(fold(text)) is not None


def _both_wordings(slots: Slots, before: str, text: str) -> Slots:
    """`slots` read with both wordings, the earlier first: a tool that reads its details from the text (the step
    of a price, the weather, the year before) takes the latest words last."""
    return slots.model_copy(update={"text": f"{before} {text}"})


def _year_before(last: LastRequest, text: str) -> LastRequest | None:
    """„Und im Vergleich zum Vorjahr?“ after a forecast: the same request, now with last year beside it
    (the words are kept in the slots' text, where the tool reads them); None when the message asks more."""
    t = fold(text)
    if last.tool not in YEAR_BEFORE_TOOLS or not asks_year_before(t):
        return None
    if [w for w in residual(_YEAR_BEFORE.sub(" ", t)) if w not in _COMPARING]:
        return None
    return LastRequest(tool=last.tool, slots=_both_wordings(last.slots, last.slots.text, text))


# „und nächstes Jahr?“ / „und letztes Jahr?“ after a look back: the same period a year later or earlier
_OTHER_YEAR = re.compile(
    r"\b(?:(?P<next>naechste[snm]?|kommende[snm]?) jahr\w*|(?:im )?jahr (?P<after>danach|darauf|spaeter)|"
    r"(?P<prev>letzte[snm]?|vergangene[snm]?|vorige[snm]?) jahr\w*|(?:im )?jahr (?P<before>davor|zuvor|vorher)|"
    r"(?P<vj>vorjahr))\b"
)
OTHER_YEAR_TOOLS = frozenset({"forecast", "production_plan"})


def _other_year(last: LastRequest, text: str, today: date) -> LastRequest | None:
    """„und nächstes Jahr?“ after a look back („Wie lief der November?“): that period next year, the first time it
    lies ahead (the forecast);
    „und letztes Jahr?“ after a look back: the same look back a year earlier. None for other messages, or a year
    back after a forecast (that one asks last year beside it: `_year_before`)."""
    t = fold(text)
    m = _OTHER_YEAR.search(t)
    span = last.slots.dates
    if m is None or span is None or last.tool not in OTHER_YEAR_TOOLS or (span.end - span.start).days > 366:
        return None
    if [w for w in residual(_OTHER_YEAR.sub(" ", t)) if w not in _COMPARING]:
        return None
    forward = bool(m.group("next") or m.group("after"))
    if span.end >= today or (forward and last.tool != "forecast"):
        return None  # a year back after a forecast compares; a plan's period is no year to move
    start, end = _shift_year(span, today, 1 if forward else -1)
    if forward and start < today:  # „nächstes Jahr“ after last year's November (asked after this one): the coming one
        start, end = _shift_year(span, today, 2)
    label = f"{date_range(start, end)}"
    moved = DateRange(start=start, end=end, label=label)
    named = merge(last.slots, text, today)  # „und nächstes Jahr in Stendal?“: the branch named, too
    return LastRequest(
        tool="forecast" if forward else last.tool, slots=named.model_copy(update={"dates": moved, "text": text})
    )


def _shift_year(span: DateRange, today: date, step: int) -> tuple[date, date]:
    """The span moved by `step` years; a month cut at yesterday („der November“ asked on the 25th) whole again."""
    import calendar

    def moved(d: date) -> date:
        last_day = calendar.monthrange(d.year + step, d.month)[1]
        return d.replace(year=d.year + step, day=min(d.day, last_day))

    start, end = moved(span.start), moved(span.end)
    if span.start.day == 1 and span.end == today - timedelta(days=1) and span.end.month == span.start.month:
        end = end.replace(day=calendar.monthrange(end.year, end.month)[1])
    return start, end


def _weather_what_if(last: LastRequest, text: str, today: date) -> LastRequest | None:
    """„Und wenn es am Sonntag regnet?“ after a forecast (or the plan): the same request as a forecast (with the day
    named) under that weather, which replaces the weather of the question before; None when the message asks more."""
    if last.tool not in ("forecast", "production_plan") or not only_weather(text, residual(text)):
        return None
    merged = merge(last.slots, text, today)  # after the plan: the weather moves the sales, not the plan
    return LastRequest(tool="forecast", slots=_both_wordings(merged, without_weather(last.slots.text), text))


# „und um 10 Cent?“, „oder 3 %?“, „und beim Roggenbrot?“ after a price what-if
_PRICE_STEP = re.compile(
    r"\d+(?:[.,]\d+)?\s*(?:cent|ct|%|prozent|€|eur|euro)(?![a-z])|\b(?:teurer|billiger|guenstiger)\b"
)
_PRICE_WORDS = {
    "cent",
    "ct",
    "prozent",
    "euro",
    "eur",
    "teurer",
    "billiger",
    "guenstiger",
    "senken",
    "erhoehen",
    "rauf",
    "runter",
    "machen",
    "stattdessen",
    "nur",
    "wir",
    "preis",
    "preise",
    "beim",
    "oder",
}


def _other_price(last: LastRequest, text: str, today: date) -> LastRequest | None:
    """Another step or other goods after a price what-if: the same question, read with both wordings (the tool
    takes the last step named); None when the message asks more."""
    if last.tool != "price_change":
        return None
    t, new = fold(text), extract_slots(text, today)
    if not (_PRICE_STEP.search(t) or new.products or new.groups):
        return None
    corrects = _CORRECTION.search(t) is not None  # „nein, ich meinte 10 Prozent“
    short_answer = _PRICE_STEP.search(t) is not None and len(tokens(text)) <= 5  # „sagen wir 10 %“ to the ask back
    rest = [w for w in residual(text) if w not in _PRICE_WORDS | _CORRECTION_WORDS]
    if rest and not (_OPENER.search(t) or corrects or short_answer):
        return None
    return LastRequest(tool=last.tool, slots=_both_wordings(merge(last.slots, text, today), last.slots.text, text))


def _other_role_cost(last: LastRequest, text: str, today: date) -> LastRequest | None:
    """„Und ein Fahrer?“ after what a role costs: the same question for that role (read from the latest words)."""
    if last.tool != "staffing" or not asks_cost(last.slots.text) or not names_role(text) or len(tokens(text)) > 6:
        return None
    return LastRequest(tool=last.tool, slots=_both_wordings(merge(last.slots, text, today), last.slots.text, text))


def _other_hire(last: LastRequest, text: str, today: date) -> LastRequest | None:
    """„Und zwei Bäcker mit 40 Stunden?“ / „Und ab März?“ after whether one more person is affordable: the same
    question with the new role, number, hours or start (the latest words decide); „Und können wir uns noch einen
    leisten?“ after what a role costs: whether one more of that role is affordable."""
    if last.tool == "staffing" and asks_cost(last.slots.text) and affords_one_more(text):  # after a role's cost
        return LastRequest(tool="liquidity", slots=_both_wordings(last.slots, last.slots.text, text))
    if last.tool != "liquidity" or not asks_hire(last.slots.text) or len(tokens(text)) > 8:
        return None
    if not names_hire_detail(text) or asks_hire(text):  # a whole new question starts afresh
        return None
    return LastRequest(tool=last.tool, slots=_both_wordings(merge(last.slots, text, today), last.slots.text, text))


def _why(last: LastRequest, text: str, today: date) -> LastRequest:
    """ "Warum so viel?" after a figure: its drivers; after a closed day the same answer again (it says why);
    after returns that happened the same look-back (its method says how the bakery bakes)."""
    merged = merge(last.slots, text, today)
    if last.tool in WHY_TOOL and _closed_everywhere(merged):
        return LastRequest(tool=last.tool, slots=merged)
    if last.tool == "production_plan" and RETURNS_WORDS.search(last.slots.text or ""):
        return LastRequest(tool=last.tool, slots=last.slots)
    if last.tool == "production_plan":  # the drivers explain the demand; the plan's amount is said first
        merged = merged.model_copy(update={"after_plan": True})
    return LastRequest(tool=WHY_TOOL.get(last.tool, last.tool), slots=merged)


def _back_to_figures(memory: dict[str, Any], text: str, today: date, elsewhere: bool) -> LastRequest | None:
    """ "und am Samstag?" after a handbook detour: the figures asked before it, with the new day or product."""
    raw = memory.get(EARLIER_KEY)
    new = extract_slots(text, today)
    if not raw or elsewhere or residual(text) or not (new.dates or new.products or new.groups):
        return None
    earlier = LastRequest.model_validate(raw)
    return LastRequest(tool=earlier.tool, slots=merge(earlier.slots, text, today, earlier.tool in PAST_TOOLS))


def carry(memory: dict[str, Any], text: str, tool: str, slots: Slots, today: date | None = None) -> Slots:
    """A request for a neighbouring tool that points back ("Wie verteilen wir das auf die Öfen?", "dann mach
    eine Stellenanzeige dafür", "was heißt das fürs Personal?") keeps the day, branch and goods it names not;
    days gone by (a look back at last week's returns) are not carried into a plan from `today` on."""
    last = recall(memory)
    if last is not None and (months := _scenario_months(last, text, tool, slots, today)) is not None:
        return slots.model_copy(update={"dates": months})
    if last is None or len(tokens(text)) > MAX_WORDS + 2 or not _related(last.tool, tool):
        return slots
    t = fold(text)
    # "welcher Ofen ist am vollsten?" after the ovens: a question to the same tool that names nothing of its own
    named = slots.dates or slots.products or slots.groups or slots.branches or slots.amounts_eur
    asks_same = tool == last.tool and text.strip().endswith("?") and not named
    if tool == last.tool == "investment" and _names_other_purchase(last, text):
        return slots
    # „Wann ist der Wagen in Havelberg?“ after Saturday's tours: a question about a place of the same answer keeps
    # its day (a day gone by is not carried into a plan)
    same_day = tool == last.tool and text.strip().endswith("?") and slots.dates is None and last.slots.dates
    if same_day and not (slots.products or slots.groups) and tool not in PAST_TOOLS and today is not None:
        if last.slots.dates is not None and last.slots.dates.end >= today and slots.branches:
            return slots.model_copy(update={"dates": last.slots.dates})
    if not (_refers_back(t) or asks_same):
        return slots
    if tool == last.tool and today is not None:  # "ab wann hat sich das bezahlt gemacht?": the same request,
        merged = merge(last.slots, text, today)  # read with both wordings ("… gespart?" + "… im Jahr?")
        return _both_wordings(merged, last.slots.text, text)
    update: dict[str, Any] = {}
    gone = today is not None and last.slots.dates is not None and last.slots.dates.end < today
    looks_back = asks_about_the_past(t)  # „und wie viel is übrig geblieben?“ after last Friday's sales: that Friday
    if slots.dates is None and last.slots.dates is not None and tool not in PAST_TOOLS and (looks_back or not gone):
        update["dates"] = last.slots.dates
    if not slots.branches and not slots.unknown_branch and not _ALL_BRANCHES.search(t):
        update["branches"] = last.slots.branches
    if not (slots.products or slots.groups) and tool in FAMILIES[0]:
        update.update(products=last.slots.products, groups=last.slots.groups)
    return slots.model_copy(update=update)


def _cash_scenario(last: LastRequest, text: str, today: date) -> LastRequest | None:
    """„und wenn die Umsätze um 20 % zurückgehen?“ after a cash plan: the sales scenario over that plan's months;
    after a budget: the same budget with the scenario. Merged into the request as it was, the percent would be
    lost or read as a budget target (its first wording has no what-if)."""
    if last.tool not in {"liquidity", "budget_forecast"}:
        return None
    new = extract_slots(text, today)
    if not is_scenario(new):
        return None
    if last.tool == "budget_forecast":
        return LastRequest(tool=last.tool, slots=_both_wordings(merge(last.slots, text, today), last.slots.text, text))
    months = _scenario_months(last, text, "investment", new, today)
    return LastRequest(tool="investment", slots=new if months is None else new.model_copy(update={"dates": months}))


def _scenario_months(last: LastRequest, text: str, tool: str, slots: Slots, today: date | None) -> DateRange | None:
    """„Und wenn der Umsatz um 10 % einbricht?“ right after a cash or budget plan: the sales scenario over the
    months that plan showed, not over every forecast month (its lowest balance would not be the plan's)."""
    dates = last.slots.dates
    if tool != "investment" or last.tool not in {"liquidity", "budget_forecast"} or dates is None:
        return None
    if slots.dates is not None or today is None or dates.end < today or not is_scenario(slots):
        return None
    if not _refers_back(fold(text)):
        return None
    # the cash plan runs from today to the day named („bis Ende Februar“: February's range): the scenario too
    return DateRange(start=min(today, dates.start), end=dates.end, label=f"bis {dates.end:%d.%m.%Y}")


def points_back(memory: dict[str, Any], text: str, tool: str) -> bool:
    """True when `text` refers back to the last figures ("was können wir dagegen tun?") and `tool` is one of
    their neighbours: a weak pick of help or small talk is then no reason to leave the figures."""
    last = recall(memory)
    t = fold(text)
    return last is not None and len(tokens(text)) <= MAX_WORDS and _related(last.tool, tool) and _refers_back(t)


def _refers_back(t: str) -> bool:
    """Folded text `t` points at what was just shown: "das", "dafür", "und …", "warum …"."""
    return any(p.search(t) is not None for p in (_BACKREF, _OPENER, _WHY, _PRONOUN_VERB, _PRONOUN_SUBJECT))


def _related(last_tool: str, tool: str) -> bool:
    """Both tools answer about the same goods, people or money, or they are neighbours in the chain
    (goods – people – money, as in the overview; "Brauchen wir Samstag mehr Fahrer?" → "und die Touren?")."""
    if last_tool not in SLOT_TOOLS or tool not in SLOT_TOOLS or PAST_TOOLS & {last_tool, tool}:
        return False
    if "overview" in (last_tool, tool):
        return "investment" not in (last_tool, tool)
    goods, people, money, _ = FAMILIES
    pair = {last_tool, tool}
    chain = any(pair & a and pair & b and len(pair) == 2 for a, b in ((goods, people), (people, money)))
    return chain or any(last_tool in f and tool in f for f in FAMILIES)


# thanks or a nod before the actual follow-up ("Danke! Und für den 31.12.?", "Super, und in Havelberg?")
_COURTESY = re.compile(
    r"^\s*(?:(?:vielen |besten )?dank(?:e|e sch(?:ö|oe)n|e sehr)?|super|prima|toll|klasse|gut|sehr gut|okay|ok|"
    r"alles klar|aha|ah|achso|ach so|moin|hallo|perfekt|top)\s*[!.,;:]+\s*",
    re.IGNORECASE,
)


def _handbook_follow_slots(last: LastRequest, text: str, today: date) -> Slots:
    """A handbook follow-up is read with the question before it; goods it names replace the earlier ones
    („Und der Käsekuchen?“ after the Schrippen's bake time looks for the Käsekuchen's row)."""
    before = _from_first_question(last.slots.text).rstrip()
    # „was mach ich jetzt“ + „muss ich das eintragen?“: two questions, so the follow-up's own words can lead
    before = before if before[-1:] in ".!?" else f"{before}?"
    slots = extract_slots(f"{before} {text}", today)
    new = extract_slots(text, today)
    if new.products or new.groups:
        slots = slots.model_copy(update={"products": new.products, "groups": new.groups})
    return slots


def without_courtesy(text: str) -> str:
    """`text` without thanks or a nod in front of a question (unchanged when nothing else follows)."""
    rest = _COURTESY.sub("", text, count=1)
    return rest if rest.strip() else text


# „zurück zur Prognose“, „wieder zum Ofenplan“, „nochmal zur Liquidität“: a tool asked earlier in the thread
_BACK_TO = re.compile(r"\b(?:zurueck|wieder|nochmal|noch mal|noch einmal)\s+(?:zu[rm]?|auf|in|bei)\b")


# „wie viele Brötchen brauchen wir Freitag?“ may be answered by the plan or by the forecast: going back to one of
# them continues the other's request when only that one was asked
_TWINS = {"forecast": "production_plan", "production_plan": "forecast"}
# a tool whose figures explain another's: „wie sicher ist das?“ after it asks how sure that other one is
_CERTAINTY_OF = {"demand_drivers": "forecast"}


def _names_title(text: str, tool: str) -> bool:
    """A word of the message is part of the tool's German name („Prognose“ in „Absatzprognose“): named, however
    unsure the router is of the rest („zurück zur Prognose, Tangermünde bitte“)."""
    name = fold(title(tool))
    return any(len(w) >= 6 and w in name for w in re.findall(r"\w+", fold(text)))


def _back_to_tool(
    memory: dict[str, Any], text: str, today: date, routed: str | None, unsure: bool
) -> LastRequest | None:
    """„zurück zur Prognose, diesmal Havelberg“ after the tours: the forecast asked earlier in the thread, with
    its goods and day and what the message names anew – not a fresh forecast that has forgotten them."""
    if _BACK_TO.search(fold(text)) is None or routed is None:
        return None
    asked = memory.get(BY_TOOL_KEY) or {}
    raw = asked.get(routed) or asked.get(_TWINS.get(routed, ""))
    if not raw or (unsure and not _names_title(text, routed)):
        return None
    earlier = LastRequest.model_validate(raw)
    return LastRequest(tool=routed, slots=merge(earlier.slots, text, today, routed in PAST_TOOLS))


def _back_to_goods(
    memory: dict[str, Any], last: LastRequest, new: Slots, text: str, today: date, routed: str | None, unsure: bool
) -> LastRequest | None:
    """„und nochmal für Havelberg“ after a money answer: the money tools know no branch or goods, so a short
    message naming only those continues the thread's last goods request (forecast, plan, tours …); a goods tool
    its words surely name („zurück zur Prognose für Bismark“) answers it with that request's goods and days."""
    raw = memory.get(GOODS_KEY)
    named = routed if routed in FAMILIES[0] and not unsure else None
    elsewhere = routed is not None and routed != last.tool and routed not in NEUTRAL_TOOLS and not unsure
    if not raw or last.tool not in PLACELESS_TOOLS or (elsewhere and not named and not _OPENER.search(fold(text))):
        return None
    if not (new.branches or new.unknown_branch or new.products or new.groups):
        return None
    if new.amounts_eur or new.headcount is not None or new.months is not None or new.percent is not None:
        return None
    goods = LastRequest.model_validate(raw)
    return LastRequest(tool=named or goods.tool, slots=merge(goods.slots, text, today))


def _new_goods_request(last: LastRequest, new: Slots, routed: str | None, unsure: bool) -> bool:
    """„Brötchen für nächste Woche in Stendal?“ after the cash plan, with no goods asked before: the money tools
    know no goods, so goods the router surely sends to a goods tool start a request of their own (leitung 8)."""
    if last.tool not in PLACELESS_TOOLS or not (new.products or new.groups) or unsure:
        return False
    if new.amounts_eur or new.percent is not None or new.months is not None:
        return False  # „und wenn die Brötchen 10 % weniger bringen?“ stays a scenario of the money answer
    return routed in FAMILIES[0]


def follow_up(
    memory: dict[str, Any],
    text: str,
    today: date,
    routed_tool: str | None,
    router_unsure: bool,
    closed_pick: bool = False,
) -> LastRequest | None:
    """The tool and merged slots when `text` continues the last request, else None (a request of its own).

    `routed_tool`/`router_unsure`: what the router made of `text` alone; a message with words beyond slots
    and fillers is a follow-up only when it opens like one ("und …") or corrects the last one ("nein, ich
    meinte …") and the router does not point to another tool (help or small talk for "Und bei 6 Stunden?" is
    no other tool; None: a tool the role may not use). `closed_pick`: the router read the words alone as a tool
    the role may not use and they ask no money figure – a longer „und …“ after a rule then still continues it.
    """
    last = recall(memory)
    text = without_courtesy(text)  # "Danke! Und für den 31.12.?" continues like "Und für den 31.12.?"
    words = tokens(text)
    elsewhere = (
        routed_tool is not None
        and routed_tool != (last.tool if last else "")
        and routed_tool not in NEUTRAL_TOOLS
        and not router_unsure
    )
    if last is None or not words or len(words) > MAX_WORDS:
        return None
    if (returned := _back_to_tool(memory, text, today, routed_tool, router_unsure)) is not None:
        return returned
    t = fold(text)
    rest = residual(text)
    corrects = _CORRECTION.search(t) is not None
    if corrects:
        rest = [w for w in rest if w not in _CORRECTION_WORDS]
    if last.tool in TEXT_TOOLS:
        back = _back_to_figures(memory, text, today, elsewhere)
        if back is not None:
            return back
        # „wo steht das?“: the same rule, its source; „versteh ich nicht, einfacher bitte“: the same rule, its core
        if (asks_source(text) and len(words) <= HANDBOOK_FOLLOW_WORDS) or asks_simpler(text):
            return LastRequest(
                tool=last.tool,
                slots=last.slots.model_copy(update={"text": f"{last.slots.text.rstrip(' ?!.')}? {text}"}),
            )
        fragment = _FRAGMENT.fullmatch(t.strip(" ?!.")) is not None  # "ab wann?", "und wie viel?" after a rule
        opens = _OPENER.search(t) is not None or _POINTER.search(t) is not None
        # a longer one („und wo steht das für die Kunden?“) only when it points back at the rule („das“, „davon“)
        # („und wie viele stunden die woche maximal?“ after the minors' rule: staff planning is closed to the asker)
        # „und wenn ich in der Backstube bin?“: a condition on the rule just quoted is one whatever its length
        limit = HANDBOOK_FOLLOW_WORDS if _BACKREF.search(t) or closed_pick or _CONDITION.search(t) else 6
        if (fragment or opens) and len(words) <= limit and (not elsewhere or not rest or fragment):
            return LastRequest(tool=last.tool, slots=_handbook_follow_slots(last, text, today))
        # „wen frag ich da?“, „bei wem meld ich mich dann?“ right after a rule: whom to ask about that rule
        if not elsewhere and len(words) <= HANDBOOK_FOLLOW_WORDS and asks_whom(text) and POINTS_BACK.search(t):
            return LastRequest(tool=last.tool, slots=_handbook_follow_slots(last, text, today))
        # „muss ich das irgendwo eintragen?“ after the first aid for a cut: no opener, but nothing on its own and a
        # sure passage with its words when read after the question before
        if (
            not elsewhere
            and len(words) <= HANDBOOK_FOLLOW_WORDS
            and continues_question(last.slots.text, text, POINTS_BACK.search(t) is not None)
        ):
            return LastRequest(tool=last.tool, slots=_handbook_follow_slots(last, text, today))
        return None
    if last.tool not in SLOT_TOOLS:
        return None
    if restyles(text):  # „kürzer bitte“, „in Zahlen bitte“: the same request, the answer in another form
        return LastRequest(tool=last.tool, slots=last.slots)
    if (scenario := _cash_scenario(last, text, today)) is not None:
        return scenario
    why = _WHY.search(t) is not None and not [w for w in rest if w not in _WHY_WORDS]
    # „Wie sicher ist das?“, „Woher kommt die Zahl?“: the same figures, how computed; „Wie kommt die Zahl
    # zustande?“ after a forecast or plan asks its drivers
    folded = _folded(text)  # the length is checked above
    if _CERTAINTY.search(folded) or (_METHOD.search(folded) and not (why and last.tool in WHY_TOOL)):
        # the drivers explain a forecast: how sure is the forecast's backtest, not the drivers again (trial 24)
        sure_tool = _CERTAINTY_OF.get(last.tool, last.tool) if _CERTAINTY.search(folded) else last.tool
        return LastRequest(tool=sure_tool, slots=last.slots.model_copy(update={"how_sure": True}))
    if why:
        return _why(last, text, today)
    if last.tool == "investment" and asks_account(text) and _refers_back(t):  # „… was macht das mit dem Konto?“
        return LastRequest(tool=last.tool, slots=_both_wordings(last.slots, last.slots.text, text))
    if (moved := _other_year(last, text, today)) is not None:
        return moved
    if (compared := _year_before(last, text)) is not None:
        return compared
    if (weathered := _weather_what_if(last, text, today)) is not None:
        return weathered
    if (priced := _other_price(last, text, today)) is not None:
        return priced
    if (role := _other_role_cost(last, text, today)) is not None:
        return role
    # „Wie viele Brötchen verkaufen wir morgen?“ is a question of its own; „Und zwei Bäcker?“ continues the hire
    if (not elsewhere or _OPENER.search(t)) and (hired := _other_hire(last, text, today)) is not None:
        return hired
    new = extract_slots(text, today)
    if new.dates is None and last.slots.dates is not None:  # "die Woche davor": a day named from the last one
        week = shifted_week(text, last.slots.dates)
        named = parse_date_expression(text, today, after=last.slots.dates.end, near=_near(last.slots.dates))
        new = new.model_copy(update={"dates": week or named})
    if (bought := _purchase_amounts(last, text, today)) is not None:
        return bought
    if _answers_yearly_amount(last, new, t, elsewhere):
        amounts = [*last.slots.amounts_eur, *new.amounts_eur]
        merged = merge(last.slots, text, today)
        return LastRequest(
            tool=last.tool, slots=merged.model_copy(update={"amounts_eur": amounts, "amount_eur": amounts[0]})
        )
    if (back := _back_to_goods(memory, last, new, text, today, routed_tool, router_unsure)) is not None:
        return back
    if _new_goods_request(last, new, routed_tool, router_unsure):
        return None
    if not names_something(new, t):
        return None
    redo = _REDO.search(t) is not None and not [w for w in rest if w not in _REDO_WORDS]
    redo = redo or (_AGAIN.search(t) is not None and not [w for w in rest if w not in _REDO_WORDS | _AGAIN_WORDS])
    if rest and not redo and not ((_OPENER.search(t) or corrects) and not elsewhere):
        return None
    past = last.tool in PAST_TOOLS
    merged = merge(last.slots, text, today, past)
    if past:  # the log is read from the new question's own words ("Und am Samstag?")
        merged = merged.model_copy(update={"text": text})
    return LastRequest(tool=last.tool, slots=merged)
