"""Questions about the readiness check itself ("Was kostet das?"), answered from the FAQ document in the
knowledge base so that the interview can answer them and go on at the same question."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from pydantic import BaseModel

from tools.readiness.mapper import normalize
from tools.settings import PROJECT_ROOT

FAQ_PATH = PROJECT_ROOT / "knowledge_base" / "ki_check" / "faq_ki_readiness_check.md"
_QUESTION_START = re.compile(
    r"^(?:und |aber |ok |okay |noch eine frage |eine frage )?(?:was|wie|wer|wo|wohin|woher|wann|"
    r"warum|wieso|weshalb|welche[rsnm]?|kann|koennen|muss|muessen|darf|duerfen|gibt es|ist das|"
    r"sind|bekommt|kostet|sieht)\b"
)
# a request for something else, not an answer ("Zeig mir den Liquiditätsplan" stored as the region: browser trial)
_REQUEST_START = re.compile(
    r"^(?:bitte )?(?:zeig|zeige|zeigen sie|erstell|erstelle|erstellen sie|berechne|berechnen sie|rechne|"
    r"plane|planen sie|gib mir|geben sie mir|mach mir|machen sie mir|prognostizier|exportier|schick mir)\b"
)
# "Was meinen Sie damit?": the user asks what the current question means (explained, nothing stored)
_ASKS_MEANING = re.compile(
    r"^(?:und |aber |ok |hm+ |aeh |sorry |entschuldigung )*(?:was (?:genau |denn |eigentlich |damit )*meinen sie( damit| mit| genau| denn)?|wie meinen sie das|"
    r"wie ist das gemeint|was ist (?:damit|da) gemeint|was (?:ist|wird|sind) (?:hier )?mit (?:\w+ ){1,3}gemeint|"
    r"was (?:genau |denn )*meinen sie (?:denn |genau )*mit (?:\w+ ?){1,3}$|was (?:heisst|bedeutet) (?:denn )?das|"
    r"was verstehen sie (?:genau |denn )*(?:darunter|unter (?:\w+ ?){1,3})$|was soll das (?:heissen|bedeuten)|"
    r"(?:das |die frage )?versteh\w* (?:ich |wir )?(?:die frage |das )?nicht|"
    r"(?:koennen|koennten) sie (?:das|die frage) (?:bitte )?(?:genauer |naeher )?erklaeren|erklaeren sie (?:das|mal)|"
    # "Zählen Aushilfen da mit?", "Gehören Minijobber dazu?": who or what the question counts
    r"(?:zaehlen|zaehlt|zaehle ich|rechne ich|rechnet man|gehoeren|gehoert|zaehlen sie)\b(?: \w+){0,4} (?:mit|dazu)$)"
)
# "Warum fragen Sie das?", "Wozu ist das wichtig?": the user asks why the current question is asked
_ASKS_WHY = re.compile(
    r"^(?:und |aber |ok |hm+ |aeh |sorry |entschuldigung |mal )*(?:warum|wieso|weshalb|wozu|wofuer)\b"
    r"(?: \w+){0,3} (?:fragen sie|wollen sie|moechten sie|muessen sie|brauchen sie|"
    r"ist (?:das|die frage|diese frage)(?: denn| eigentlich| so)* (?:wichtig|noetig|relevant|gut|interessant)|"
    r"soll (?:das|ich)|die frage|braucht ihr|fragst du|willst du)\b"
    r"|^(?:und |aber |ok )*(?:warum|wieso|weshalb|wozu|wofuer)(?: denn| eigentlich)*$"
)
_MEANING_MAX_WORDS = 8
_STEM = 5  # a keyword matches words sharing its first letters ("kostet" ~ "kosten")


class FaqEntry(BaseModel):
    """One answer of the FAQ: its question heading, the answer text and its key words."""

    question: str
    answer: str
    keywords: frozenset[str]


@lru_cache(maxsize=2)
def load_faq(path: Path = FAQ_PATH) -> tuple[FaqEntry, ...]:
    """The FAQ's sections (## heading, a 'Stichwörter:' line, the answer)."""
    entries = []
    for block in re.split(r"^## ", path.read_text(encoding="utf-8"), flags=re.MULTILINE)[1:]:
        heading, _, body = block.partition("\n")
        keywords = re.search(r"^Stichwörter:(.*)$", body, flags=re.MULTILINE)
        answer = re.sub(r"^Stichwörter:.*$", "", body, flags=re.MULTILINE).strip()
        answer = re.sub(r"`([^`]*)`", r"\1", answer)
        words = frozenset(normalize(keywords.group(1)).split()) if keywords else frozenset()
        entries.append(FaqEntry(question=heading.strip(), answer=" ".join(answer.split()), keywords=words))
    return tuple(entries)


def is_request(text: str) -> bool:
    """A request for something else ("Zeig mir den Liquiditätsplan"), never an answer to a check question."""
    return _REQUEST_START.search(normalize(text)) is not None


def asks_meaning(text: str) -> bool:
    """A short question about the current interview question itself ("Was meinen Sie damit?", "Versteh ich nicht")."""
    t = normalize(text)
    return len(t.split()) <= _MEANING_MAX_WORDS and _ASKS_MEANING.search(t) is not None


def asks_why(text: str) -> bool:
    """A short question why the current interview question is asked ("Warum fragen Sie das?", "Wozu?")."""
    t = normalize(text)
    return len(t.split()) <= _MEANING_MAX_WORDS and _ASKS_WHY.search(t) is not None


# "unsere Daten sind ok, oder?": a statement with a tag question asks for a nod – it is an answer
_TAG_QUESTION = re.compile(r"[,\s](?:oder|oder nicht|ne|nee|nich|nicht wahr|gell|gelle|stimmts|stimmt s|woll)\?\s*$")


def is_question(text: str) -> bool:
    """A message asking something rather than answering ("Was kostet das?", "Zeig mir den Liquiditätsplan")."""
    starts = _QUESTION_START.search(normalize(text)) is not None
    if _TAG_QUESTION.search(text.strip().lower()) and not starts:
        return is_request(text)
    return text.strip().endswith("?") or starts or is_request(text)


STEM_WEIGHT = 0.75  # a word matching a keyword only by its stem counts less than the keyword itself


def _matches(word: str, keywords: frozenset[str]) -> float:
    """1 for a keyword, `STEM_WEIGHT` for a word sharing a keyword's first letters ("kostet" ~ "kosten"), else 0:
    „Bevor ich anfange: was passiert mit meinen Angaben …?“ is about „angaben“, not the stem of „anfangen“ (trial 28)."""
    if word in keywords:
        return 1.0
    stem = len(word) >= _STEM and any(k[:_STEM] == word[:_STEM] for k in keywords if len(k) >= _STEM)
    return STEM_WEIGHT if stem else 0.0


# "Sind Sie eine KI?", "Bin ich hier mit nem Menschen am Schreiben?", "Rede ich mit einem Programm?": a question
# about who answers (the assistant itself), not about what KI means
_ABOUT_ASSISTANT = re.compile(
    r"\b(?:sind sie|bist du|ist das hier|antwortet (?:hier|mir))\b(?: \w+){0,3} (?:ki|mensch|menschen|programm|computer"
    r"|roboter|bot|chatbot|maschine|echt|echte|echter|person|ki system)\b"
    r"|\b(?:bin ich|rede ich|spreche ich|schreibe ich|chatte ich)\b(?: \w+){0,3} (?:mit|bei)\b"
    r"(?: \w+){0,2} (?:ki|mensch|menschen|programm|computer|roboter|bot|chatbot|maschine|person)\b"
)
_ASSISTANT_ENTRY = "Spreche ich mit einem Menschen?"
# „Was ist das hier eigentlich?“, „Was kann ich hier machen?“: what this assistant offers a visitor (trial 34: a
# first message with the business and this question got the handbook refusal)
_WHAT_IS_THIS = re.compile(
    r"^(?:und |hallo |also |aeh |ok |okay )*(?:was (?:ist|soll) (?:das|dies) (?:hier|denn hier|fuer ein \w+)"
    r"|was (?:kann|koennen|mache|machen|soll|sollen) (?:ich|man|wir) (?:hier|damit)"
    r"|was (?:kann|macht|koennen|machen) (?:das hier|das programm|der assistent|sie hier|sie)"
    r"|wozu (?:ist|dient) (?:das hier|das|dieser assistent))"
    r"(?: (?:eigentlich|denn|so|alles|genau|hier|ueberhaupt|fuer mich|fuer uns|machen|tun))*$"
)
_WHAT_IS_THIS_ENTRY = "Was ist das hier?"
# „hat das jetzt ein Mensch ausgewertet?“, „wer hat das erstellt, ein Mensch?“ after the result (trial 31: small talk)
_MADE_BY = re.compile(
    r"\b(?:hat|haben|hatte)\b(?: \w+){0,3} (?:ein mensch|ein echter mensch|jemand|eine person|ein mitarbeiter)\b"
    r"|\bwer hat (?:das|den bericht|die strategie|das ergebnis|die auswertung)\b(?: \w+){0,2}"
    r" (?:erstellt|gemacht|geschrieben|ausgewertet|berechnet|erzeugt)\b"
)
# „kann ich das ausdrucken / mitnehmen / per Mail bekommen?“: the report entry, whatever else the words share
# (trial 31: „per Mail“ got „Wer sieht mein Ergebnis?“ for its „Ergebnis“)
_TAKE_AWAY = re.compile(
    r"\b(?:e ?mail\w*|e-mail\w*|mail|mails|mailen|per mail|pdf|ausdrucken|ausdruck|drucken|mitnehmen|herunterladen"
    r"|runterladen|download\w*)\b"
)
_TAKE_AWAY_ENTRY = "Bekomme ich das Ergebnis als PDF?"
# „bringt mir das überhaupt was?“, „lohnt sich das für uns?“, „was hab ich davon?“: the visitor doubts the check's use
_DOUBTS = re.compile(
    r"\b(?:bringt|bringen|nuetzt|nutzt|hilft)\b(?: \w+){0,4} (?:ueberhaupt|wirklich|eigentlich)?\s?(?:was|etwas|ueberhaupt)\b"
    r"|\blohnt (?:sich )?(?:das|so ?was|sowas|der check)\b|\bwas (?:hab|habe|haben) (?:ich|wir) (?:\w+ )?davon\b"
)
_DOUBTS_ENTRY = "Bringt mir das überhaupt etwas?"
# „ich hab keine Zeit für sowas“ before the check: how long it takes (trial 31: the process map was offered)
_NO_TIME = re.compile(r"\bkeine zeit (?:fuer (?:so ?was|sowas|das|so etwas|den check|so einen check)|dafuer)\b")
_DURATION_ENTRY = "Wie lange dauert der Check?"


# words that name no topic but share a stem with one: "wie geht es jetzt weiter" is no question about data being
# "weitergegeben" (trial 26: the end of the check got the data FAQ)
_NO_TOPIC = frozenset({"weiter", "weitere", "weiteren", "weiterhin", "jetzt", "damit"})


def _without_request_verb(t: str) -> str:
    """The words of a request after its verb ("zeigen sie mir das handbuch" → "mir das handbuch"): the verb alone
    ("zeigen", "geben") never makes it a question about the check's result."""
    m = _REQUEST_START.search(t)
    return t[m.end() :] if m else t


def _entry(question: str) -> FaqEntry:
    return next(e for e in load_faq() if e.question == question)


# „am Ende“, „unterm Strich“ say „in the end“: the result entry („Was kommt am Ende heraus?“) only when nothing else
# is asked (trial 31/34: „was kostet mich das am Ende?“ tied with the cost entry and got the result answer)
_IN_THE_END = re.compile(r"\b(?:am ende|zum schluss|am schluss|unterm strich|unter dem strich|letztendlich)\b")
IDIOM_WEIGHT = STEM_WEIGHT  # enough for „Was passiert am Ende?“ alone, less than any keyword said next to it


_MAIL = re.compile(r"\b(?:e ?mail\w*|e-mail\w*|mail|mails|mailen)\b")


def _mail_first(entry: FaqEntry) -> FaqEntry:
    """The report answer for „Schicken Sie mir das per Mail?“: the no to e-mail first, not after a „Ja.“ meant
    for the PDF (trial 31: „Ja. …“ read as a yes to the e-mail)."""
    head, sep, mail = entry.answer.partition("Per E-Mail")
    if not sep:
        return entry
    return entry.model_copy(update={"answer": f"{sep}{mail} {head.removeprefix('Ja. ').strip()}"})


# „was kostet mich die Umsetzung?“, „… wenn ich das einführe?“: the cost of a KI solution, not of the check, comes first
_IMPLEMENTING = re.compile(
    r"\b(?:umsetz\w*|umsetzung|einfuehr\w*|einsetz\w*|loesung\w*|anschaff\w*|hinterher|danach|die ki|so ?eine ki)\b"
)
_COST_ENTRY = "Was kostet der Check?"
_SOLUTION_COST = "Was eine KI-Lösung"


def _solution_first(entry: FaqEntry) -> FaqEntry:
    """The cost answer for „was kostet mich die Umsetzung?“: what is known about a solution's cost (and that no price
    is named) before the sentence about the free check (trial 34: the check's price led)."""
    head, sep, tail = entry.answer.partition(_SOLUTION_COST)
    if not sep:
        return entry
    return entry.model_copy(update={"answer": f"{sep}{tail} {head.strip()}"})


def doubts_answer(text: str) -> FaqEntry | None:
    """The answer to a visitor's doubt about the check, asked or said („bringt mir das überhaupt was?“, „ich hab
    keine Zeit für sowas“): what it gives, or how long it takes; None otherwise."""
    t = normalize(text)
    if _DOUBTS.search(t):
        return _entry(_DOUBTS_ENTRY)
    return _entry(_DURATION_ENTRY) if _NO_TIME.search(t) else None


def asks_take_away(text: str) -> bool:
    """A message naming printing, a PDF, a download or e-mail („kann ich das per Mail bekommen?“)."""
    return _TAKE_AWAY.search(normalize(text)) is not None


def answer_for(text: str) -> FaqEntry | None:
    """The FAQ answer to a question about the check, or None when `text` is no such question."""
    if not is_question(text):
        return None
    t = normalize(text)
    if _ABOUT_ASSISTANT.search(t) or _MADE_BY.search(t):
        return _entry(_ASSISTANT_ENTRY)
    if _WHAT_IS_THIS.search(t):
        return _entry(_WHAT_IS_THIS_ENTRY)
    if _TAKE_AWAY.search(t):
        entry = _entry(_TAKE_AWAY_ENTRY)
        return _mail_first(entry) if _MAIL.search(t) else entry
    if (doubt := doubts_answer(text)) is not None:
        return doubt
    rest = _without_request_verb(t)
    idiom = _IN_THE_END.search(rest) is not None  # „was kostet mich das am Ende?“: „am Ende“ is no topic of its own
    words = [w for w in _IN_THE_END.sub(" ", rest).split() if w not in _NO_TOPIC]
    scored = [
        (sum(_matches(w, e.keywords) for w in words) + (IDIOM_WEIGHT if idiom and "ende" in e.keywords else 0.0), i)
        for i, e in enumerate(load_faq())
    ]
    best, index = max(scored)
    if best < STEM_WEIGHT:
        return None
    entry = load_faq()[index]
    return _solution_first(entry) if entry.question == _COST_ENTRY and _IMPLEMENTING.search(t) else entry
