"""The handbook is the employee's default: a question not clearly for another tool goes to onboarding_qa."""

from __future__ import annotations

import re
from collections.abc import Callable, Collection

from agents.contracts import Role, Slots
from agents.nlu.normalize import fold
from agents.nlu.router import RouteDecision
from tools.rag.qa import Confidence

HANDBOOK_TOOL = "onboarding_qa"
# an employee's request belongs to one of the other tools only when the router is at least this sure
CLEAR_CONFIDENCE = 0.6
# a closed tool the router is this sure of is the request itself („Wie viel Geld haben wir gerade auf dem Konto?“):
# refused, even when a handbook passage shares its words (pay day); „Wann kommt die Kohle aufs Konto?“ is less sure
REFUSE_CONFIDENCE = 0.9
_CHAT = {"help", "smalltalk"}  # greetings and "Hilfe" stay where they are unless the router is unsure

HandbookCheck = Callable[[str], Confidence]


def handbook_confidence(text: str) -> Confidence:
    """How well the handbook answers `text` (the same decision onboarding_qa quotes by)."""
    from agents.hr.onboarding_qa import answer_confidence

    return answer_confidence(text)


# „Wie lang kommen die Schrippen in den Ofen?“, „Wie lange backt der Käsekuchen?“: the handbook's bake-time table,
# not the day's oven plan
_DURATION = re.compile(r"\b(?:wie ?lang\w*|wie ?viele? minuten|wie ?viel zeit|backzeit\w*)\b")
_BAKING = re.compile(r"\b(?:in den ofen|im ofen|back\w*|gebacken)\b")


def asks_bake_time(text: str, slots: Slots | None) -> bool:
    """The message asks how long goods bake („Backzeit“, or a duration of named goods in the oven)."""
    t = fold(text)
    if "backzeit" in t:
        return True
    goods = slots is not None and bool(slots.products or slots.groups)
    counted = re.search(r"\d", t) is not None  # „Wie lange brauchen wir für 500 Schrippen im Ofen?“: the oven plan
    return goods and not counted and _DURATION.search(t) is not None and _BAKING.search(t) is not None


def names_a_case(slots: Slots | None) -> bool:
    """The message names a day, product or branch: a request for a tool's figures, not for a rule in the handbook."""
    return slots is not None and bool(slots.dates or slots.products or slots.groups or slots.branches)


_COUNT = re.compile(r"\b(?:wie ?viele?\w*|anzahl|menge\w*|stueck\w*|umsatz\w*|\d+)\b")


def goods_only(slots: Slots | None) -> bool:
    """The message names goods but no day, branch or count („Wie viele Brötchen verkaufen wir?“ asks figures)."""
    if slots is None or not (slots.products or slots.groups) or slots.dates or slots.branches:
        return False
    return _COUNT.search(fold(slots.text)) is None


# right after a handbook answer, a question the router only weakly reads as small talk asks about the rule
CHAT_AFTER_RULE = 0.5


def same_chapter(text: str, shown: list[str]) -> bool:
    """The handbook's nearest passage for `text` lies in the chapter of the passage quoted just before (not
    „wie gehts dir?“, whose nearest passage is the safety chapter's „Ihre Gesundheit geht vor“)."""
    from agents.hr.onboarding_qa import search_handbook  # the handbook agent's search, loaded on first use

    found = search_handbook(text)
    near = [h.heading for h in [*found.passages, *found.candidates[:1]]]
    chapters = {h.split(">")[0].strip() for h in shown}
    return bool(near) and near[0].split(">")[0].strip() in chapters


def goes_to_handbook(
    role: Role,
    decision: RouteDecision,
    allowed: Collection[str],
    text: str,
    check: HandbookCheck,
    slots: Slots | None = None,
    after_rule: list[str] | None = None,
) -> bool:
    """True when an employee's message is a handbook question: the router's (even unsure) pick, or not clearly one
    of the other tools they may use and the handbook has a strong passage (instead of refusing an owner tool: any).
    An employee tool the router picks first (not unsure) for a message naming a day, product or branch stays: a
    handbook passage sharing words ("heute backen wir …" in the welcome text) is no reason to leave it."""
    if role != "employee" or HANDBOOK_TOOL not in allowed:
        return False
    if decision.tool not in allowed and asks_money_figure(text):
        return False  # „Was verdient die Firma im Jahr?“: the closed figure tool's (refused), not the pay passage
    if decision.tool == HANDBOOK_TOOL:  # the default is the router's pick: answered there, never asked back
        return decision.unsure
    clear = decision.confidence >= CLEAR_CONFIDENCE
    if after_rule and decision.tool in _CHAT and decision.confidence < CHAT_AFTER_RULE and text.strip().endswith("?"):
        return same_chapter(text, after_rule)  # „reicht ne whatsapp?“ right after the sick call: on the rule
    if decision.tool in _CHAT and greeting_then_question(text):
        return True  # „Hallo, gibts bei uns ne Weihnachtsfeier?“: the question after the greeting is answered
    if decision.tool in _CHAT and asks_rule_in_chat_words(text) and check(text) == "sicher":
        return True  # „geht nagellack klar?“, „kartengerät geht nich, was mach ich“: a rule the handbook has
    if decision.unsure and only_handbook_offered(decision, allowed) and asks_rule_in_chat_words(text):
        # „gibts dieses jahr ne weihnachtsfeier?“: asking back „Meinen Sie Fragen zum Mitarbeiterhandbuch?“ offers
        # nothing else – the handbook answers, or says that it has nothing on it
        return True
    if decision.tool in allowed and (clear or (decision.tool in _CHAT and not decision.unsure)):
        return False
    if decision.tool in allowed and decision.tool not in _CHAT and not decision.unsure and names_a_case(slots):
        return False  # "Was backen wir heute?": the day's plan, not the handbook's welcome text
    if decision.tool not in allowed and clear and not decision.unsure and names_a_case(slots):
        # goods named without a day or branch („was machen wir mit den Brötchen, die übrig bleiben?“) may ask a
        # rule: the handbook answers when it is sure, else the closed tool is refused
        return goods_only(slots) and decision.confidence < REFUSE_CONFIDENCE and check(text) == "sicher"
    if decision.tool not in allowed and decision.confidence >= REFUSE_CONFIDENCE:
        return False  # "Haben wir genug Personal über Weihnachten?": refused, not a passage about Weihnachtsgeld
    found = check(text)
    if decision.tool not in allowed:  # an owner tool: refused only when the handbook has nothing on it
        return found == "sicher" or (found == "unsicher" and not clear)
    # „beim Kassenabschluss 12 Euro zu wenig, was nu“: the router unsure, the handbook near – its closest rule,
    # said to be unsure, helps more than asking back which tool is meant; a named day's goods or branch stay
    return found == "sicher" or (found == "unsicher" and decision.unsure and not names_goods_or_place(slots))


_GREETING_FIRST = re.compile(r"^(?:hallo|hi|hey|moin|servus|huhu|guten (?:morgen|tag|abend))\b[\s,!.:-]+(?P<rest>.+)$")
_CHAT_QUESTION = re.compile(
    r"\b(?:wie geht|wie gehts|wer bist|wer sind sie|was kannst|was koennen sie|bist du|sind sie (?:ein|eine|echt))\b"
    r"|\bwas (?:kann|darf|soll) (?:ich|man) (?:\w+ ){0,3}fragen\b"
)


def greeting_then_question(text: str) -> bool:
    """A greeting followed by a question of its own („Hallo, gibts bei uns eigentlich ne Weihnachtsfeier?“), not a
    question to the assistant itself („Hallo, wer bist du?“, „Moin, wie gehts?“)."""
    m = _GREETING_FIRST.match(fold(text).strip())
    if m is None or not m.group("rest").rstrip().endswith("?"):
        return False
    rest = m.group("rest")
    return len(rest.split()) >= 3 and _CHAT_QUESTION.search(rest) is None


def only_handbook_offered(decision: RouteDecision, allowed: Collection[str]) -> bool:
    """Of the router's picks the role may use, apart from help and small talk, the handbook is the only one."""
    picks = [t for t, _ in [(decision.tool, 1.0), *decision.alternatives] if t in allowed and t not in _CHAT]
    return picks[:2] == [HANDBOOK_TOOL]


_ASKS = re.compile(r"\?|\b(?:was|wie|wann|wo|wer|wen|wem|warum|darf|muss|kann|soll)\b")


def asks_rule_in_chat_words(text: str) -> bool:
    """A question in chat words the router took for small talk or help („geht nagellack klar?“) – not one to the
    assistant itself („wer bist du?“, „wie gehts?“), not thanks, a goodbye or a bare „ok“."""
    from agents.supervisor.smalltalk import chat_phrase  # the small-talk agent's own patterns

    t = fold(text).strip()
    return _ASKS.search(t) is not None and _CHAT_QUESTION.search(t) is None and not chat_phrase(t)


def names_goods_or_place(slots: Slots | None) -> bool:
    """The message names goods or a branch (a tool's figures), not only a day („heute Abend“)."""
    return slots is not None and bool(slots.products or slots.groups or slots.branches)


# a money figure of the firm or a branch („Wie viel Gewinn macht die Filiale Tangermünde?“, „Umsatz von Stendal“,
# „Kontostand“); compounds of pay and rules („Umsatzbeteiligung“, „Gehalt“, „Trinkgeld“, „Kassendifferenz“) are not
_MONEY_FIGURE = re.compile(
    r"\b(?:gewinn(?:e|s|en)?|umsa?etz(?:e|es|en)?|umsatz(?:es)?|margen?|ertrag|ertraege|ertrags|einnahmen|"
    r"erloese?s?|rendite|kontostand\w*|firmenkonto\w*|geschaeftskonto\w*)\b"
    r"|\bverdien\w*\b(?:\s+\w+){0,3}\s+(?:die\s+)?(?:firma|filiale|baeckerei|betrieb|laden)\b"
)
# the firm's account in words („wie viel Geld hat die Firma auf dem Konto?“, „was liegt bei uns auf der Bank?“);
# a question with pay words („wann kommt unser Lohn aufs Konto?“) is the pay rule's
_FIRM_ACCOUNT = re.compile(
    r"\b(?:firma|betrieb|baeckerei|wir|uns|unser\w*)\b.{0,40}\b(?:konto|aufs konto|bank)\b"
    r"|\b(?:konto|bank)\b.{0,25}\b(?:der firma|des betriebs|der baeckerei|vom betrieb|von der firma)\b"
)
_AMOUNT = re.compile(r"\b(?:wie ?viel\w*|geld|kohle|stand|liegt|drauf|flussig|fluessig|reserve\w*|ruecklage\w*)\b")
_PAY = re.compile(
    r"\b(?:wann|lohn\w*|gehalt\w*|verdienst|urlaubsgeld|weihnachtsgeld|auszahl\w*|ueberwie\w*|abrechnung\w*)\b"
)
_ACCOUNT = re.compile(r"\b(?:kontostand\w*|firmenkonto\w*|geschaeftskonto\w*)\b")


def asks_money_figure(text: str) -> bool:
    """The message asks a money figure of the firm or a branch (profit, revenue, margin, balance), never a pay rule."""
    t = fold(text)
    return _MONEY_FIGURE.search(t) is not None or asks_firm_account(t)


def asks_firm_account(folded: str) -> bool:
    """Folded text asks what the firm has on its account, not when pay arrives on the asker's."""
    return _FIRM_ACCOUNT.search(folded) is not None and _AMOUNT.search(folded) is not None and not _PAY.search(folded)


# the owner's plans for the firm („was hat die Chefin nächstes Jahr vor?“, „kommt ne neue Filiale?“, „wollen wir
# investieren?“); „ich fange in der neuen Filiale an“ and „Wann hängt der Plan aus?“ are no such question
_OWNER = r"(?:chef\w*|inhaber\w*|geschaeftsfuehr\w*|firma|betrieb|knusprig)"
_NEW_THING = r"neue[nrs]? (?:filiale\w*|laden|standort\w*|backstube|ofen|oefen|maschine\w*|lieferwagen|fahrzeug\w*)"
_FIRM_PLAN = re.compile(
    rf"\b(?:investier\w*|investition\w*|expandier\w*|expansion)\b"
    rf"|\b(?:kommt|kommen|gibt|plan\w*|eroeffn\w*|bau\w*|kauf\w*|will|wollen|soll|sollen)\b.{{0,30}}\b{_NEW_THING}\b"
    rf"|\b{_NEW_THING}\b.{{0,20}}\b(?:kommen|geben|eroeffnen|bauen|kaufen|geplant)\b"
    rf"|\b{_OWNER}\b.{{0,40}}\b(?:plan\w*|plaen\w*|vorhab\w*|vor|zukunft)\b\s*[?!.,]"
    rf"|\b(?:plan\w*|plaen\w*|vorhab\w*|zukunft)\b.{{0,30}}\b{_OWNER}\b"
)


def asks_firm_plan(text: str) -> bool:
    """The message asks what the owner plans for the firm (new branches, investments, the coming years)."""
    return _FIRM_PLAN.search(fold(text)) is not None


def closed_money_tool(decision: RouteDecision, text: str, allowed: Collection[str]) -> str | None:
    """The closed finance tool a money-figure or firm-plan question belongs to when the router read it as an allowed tool or was
    unsure: an employee's „Wie viel Gewinn macht die Filiale Tangermünde?“ is refused, never answered from the
    handbook passage that shares the branch's name (its opening hours). None when the question is no such one."""
    plan = asks_firm_plan(text) and not asks_money_figure(text)
    folded = fold(text)
    account = _ACCOUNT.search(folded) is not None or asks_firm_account(folded)
    tool = "investment" if plan else "liquidity" if account else "budget_forecast"
    if tool in allowed or not (plan or asks_money_figure(text)):
        return None
    if decision.tool not in allowed and decision.confidence >= CLEAR_CONFIDENCE and not decision.unsure:
        return None  # the router's own clear pick of a closed tool („Umsatz letzte Woche“: Ist-Verkaufszahlen) stays
    return tool


# an employee's own pay, extras and time off („Wieviel gibts an Weihnachten extra?“, „krieg ich Weihnachtsgeld?“,
# „wann hab ich frei?“): the handbook's rules, not the day's production plan of the date the words name
_OWN_MONEY = re.compile(
    r"\b(?:(?:stunden|monats)?lohn(?:s|es|zahlung|abrechnung|zettel|fortzahlung|erhoehung|gruppen?)?|loehne|gehalt\w*|gehaelter|zuschlag\w*|zuschlaeg\w*|weihnachtsgeld|urlaubsgeld|"
    r"bonus\w*|praemie\w*|sonderzahlung\w*|gratifikation|trinkgeld\w*|mitarbeiterrabatt|personalrabatt|"
    r"lohnabrechnung|abrechnung)\b"
    r"|\b(?:gibt|gibts|krieg\w*|bekomm\w*|bekommt)\b.{0,40}\bextra\b|\bextra\s*(?:geld|kohle|bezahlt)\b"
)
_OWN_TIME_OFF = re.compile(
    r"\b(?:(?:rest|jahres|sonder)?urlaub\w*|ueberstunde\w*|plusstunde\w*|freie[nr]? tag\w*|frei\s*(?:nehmen|kriegen|bekommen|beantragen))\b"
)
_FIRST_PERSON = re.compile(r"\b(?:ich|mir|mich|mein\w*|meim|wir)\b")


def asks_own_terms(text: str, slots: Slots | None) -> bool:
    """An employee's question about their own pay, extras, surcharges or time off, naming no goods or branch (whose
    figures another tool has): the handbook answers it, or says plainly that it says nothing about it."""
    t = fold(text)
    if names_goods_or_place(slots) or asks_money_figure(text) or asks_firm_plan(text):
        return False
    own_time = _OWN_TIME_OFF.search(t) is not None and _FIRST_PERSON.search(t) is not None
    return _OWN_MONEY.search(t) is not None or own_time
