"""The interview as a pure state machine: `start()` and `advance(state, text)` return the new state and German prompt.

The whole state is one JSON-able pydantic model, so a chat thread can persist it and resume days later.
Positions are keys: "p:<profile id>", "q:<question id>", "f:<dimension id>" (follow-up of a dimension).
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from typing import Literal

from pydantic import BaseModel, Field

from tools.format_de import num
from tools.number_words import NUMBER_WORDS
from tools.readiness.bank import Bank, Question, load_bank
from tools.readiness.mapper import ACCEPT, Mapped, comes_back, map_answer, normalize
from tools.readiness.profile import (
    TRADES,
    Profile,
    employees_listed,
    employees_mentioned,
    looks_like_place,
    looks_like_trade,
    names_trade,
    parse_employees,
    parse_trade,
    place_shown,
    region_class,
    region_listed,
    region_mentioned,
    region_named,
    size_class,
    trade_scores,
)

Phase = Literal["running", "done", "aborted"]
Event = Literal["question", "askback", "followup", "paused", "resumed", "aborted", "done", "info"]
CONFLICT_SPREAD = 3.0  # an answer this far above one it builds on (`Question.presupposes`) is asked back
MIN_ANSWERED = 2  # fewer answered items in a dimension trigger a follow-up


class ItemAnswer(BaseModel):
    """The recorded answer to one maturity question."""

    qid: str
    text: str
    value: float | None = None
    status: Literal["answered", "skipped", "dontknow", "unclear"] = "answered"
    confidence: float = 0.0
    turns: int = 1
    corrected_from: float | None = None


class FollowUp(BaseModel):
    """A follow-up asked for one dimension: a contradiction to resolve or an unclear dimension to rate."""

    dim: str
    kind: Literal["conflict", "unclear"]
    qid: str | None = None
    other: str | None = None  # the earlier answer `qid` contradicts (a conflict only)
    value: float | None = None
    text: str = ""
    turns: int = 0


class InterviewState(BaseModel):
    """Everything the interview needs to continue; stored in ctx.memory['readiness']."""

    version: int = 1
    phase: Phase = "running"
    paused: bool = False
    profile: Profile = Field(default_factory=Profile)
    current: str = ""
    done_stack: list[str] = Field(default_factory=list)
    answers: dict[str, ItemAnswer] = Field(default_factory=dict)
    followups: dict[str, FollowUp] = Field(default_factory=dict)
    pending_followup: FollowUp | None = None
    asked_back: bool = False
    pending_turns: int = 0
    turns: int = 0
    last_prompt: str = ""

    def dimension_of(self, key: str) -> str:
        """'profile' or the dimension id a position belongs to."""
        if key.startswith("p:"):
            return "profile"
        if key.startswith("f:"):
            return key[2:]
        return load_bank().question(key[2:]).dimension


class Turn(BaseModel):
    """The result of one step: new state, German text for the user, what happened."""

    state: InterviewState
    text: str
    event: Event


# ---------------------------------------------------------------- flow


def _followup_needed(state: InterviewState, bank: Bank, dim: str) -> FollowUp | None:
    d = bank.dimension(dim)
    answered = [state.answers[q.id] for q in d.questions if state.answers[q.id].value is not None]
    if len(answered) < MIN_ANSWERED:
        return FollowUp(dim=dim, kind="unclear")
    conflict = _contradiction(state, d.questions)
    if conflict is not None:
        later, earlier = conflict
        return FollowUp(dim=dim, kind="conflict", qid=later, other=earlier)
    return None


def _contradiction(state: InterviewState, questions: list[Question]) -> tuple[str, str] | None:
    """The first answer far above one it builds on ("regelmäßig ausgewertet" but "alles auf Papier"): answers that
    merely differ within a dimension ("Ziele: nein", "Team: offen") contradict nothing and are not asked back
    (trial 26: the statistical outlier rule asked back on those and the next answers landed one question off)."""
    for q in questions:
        a = state.answers.get(q.id)
        for base in q.presupposes:
            b = state.answers.get(base)
            if a is None or b is None or a.value is None or b.value is None:
                continue
            if a.value - b.value >= CONFLICT_SPREAD:
                return q.id, base
    return None


def _next_position(state: InterviewState, bank: Bank) -> str | None:
    for p in bank.profile:
        if f"p:{p.id}" not in state.done_stack:
            return f"p:{p.id}"
    for d in bank.dimensions:
        for q in d.questions:
            if q.id not in state.answers:
                return f"q:{q.id}"
        if d.id not in state.followups:
            fu = _followup_needed(state, bank, d.id)
            if fu is not None:
                state.pending_followup = fu
                return f"f:{d.id}"
    return None


def _progress(state: InterviewState, bank: Bank, key: str) -> str:
    if key.startswith("p:"):
        return "Profil"
    dim = bank.dimension(state.dimension_of(key))
    if key.startswith("f:"):
        return f"Nachfrage · {dim.name}"
    ids = bank.item_ids()
    return f"Frage {ids.index(key[2:]) + 1} von {len(ids)} · {dim.name}"


def _levels_text(levels: dict[int, str]) -> str:
    return "\n".join(f"{k} – {v}" for k, v in sorted(levels.items()))


def _quote(text: str, n: int = 60) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


def _prompt(state: InterviewState, bank: Bank, key: str) -> str:
    if key.startswith("p:"):
        return next(p.text for p in bank.profile if p.id == key[2:])
    if key.startswith("q:"):
        q = bank.question(key[2:])
        return (
            f"({_progress(state, bank, key)})\n{q.text}\n"
            "Antworten Sie frei (z. B. „eher nicht“, „teilweise“) oder mit einer Zahl von 1 (gar nicht) bis 5 (voll)."
        )
    fu = state.pending_followup
    assert fu is not None
    dim = bank.dimension(fu.dim)
    if fu.kind == "conflict" and fu.qid:
        q = bank.question(fu.qid)
        others = [
            state.answers[x.id] for x in dim.questions if x.id != fu.qid and state.answers[x.id].value is not None
        ]
        own = state.answers[fu.qid].value or 0
        other = (
            state.answers[fu.other]
            if fu.other in state.answers
            else max(others, key=lambda a: abs((a.value or 0) - own))
        )
        return (
            f"({_progress(state, bank, key)})\nIhre Antworten passen hier nicht ganz zusammen: "
            f"Bei „{_quote(bank.question(other.qid).text)}“ sagten Sie „{_quote(other.text)}“, "
            f"bei „{_quote(q.text)}“ aber „{_quote(state.answers[fu.qid].text)}“.\n"
            f"Wie ist es bei dieser zweiten Frage wirklich? Welche Beschreibung passt?\n{_levels_text(q.levels)}\n"
            "Wenn beides so stimmt, sagen Sie einfach „stimmt so“."
        )
    return (
        f"({_progress(state, bank, key)})\nZu „{dim.name}“ konnten wir noch wenig klären. "
        f"Welche Beschreibung passt insgesamt am ehesten zu Ihrem Unternehmen?\n{_levels_text(dim.levels)}\n"
        "Eine Zahl genügt."
    )


def _ask(state: InterviewState, bank: Bank, prefix: str = "", event: Event = "question") -> Turn:
    key = _next_position(state, bank) if not state.current else state.current
    if key is None:
        state.phase = "done"
        state.current = ""
        return Turn(state=state, text=(prefix + "Vielen Dank, das Interview ist abgeschlossen.").strip(), event="done")
    state.current = key
    if key.startswith("f:") and state.pending_followup is None:
        fu = _followup_needed(state, bank, key[2:])
        state.pending_followup = fu or FollowUp(dim=key[2:], kind="unclear")
    prompt = _prompt(state, bank, key)
    state.last_prompt = prompt
    return Turn(
        state=state,
        text=(prefix + prompt).strip(),
        event="followup" if key.startswith("f:") and event == "question" else event,
    )


def _complete(state: InterviewState, bank: Bank, ack: str) -> Turn:
    """Mark the current position done and ask the next one."""
    state.done_stack.append(state.current)
    state.current = ""
    state.asked_back = False
    state.pending_turns = 0
    state.pending_followup = None
    return _ask(state, bank, prefix=f"{ack}\n\n" if ack else "")


# ---------------------------------------------------------------- public API


def start(bank: Bank | None = None, opening: str = "", trade: str | None = None, employees: int | None = None) -> Turn:
    """A fresh interview with its intro and first question; a trade named in the `opening` message ("Ich habe
    eine kleine Tischlerei …") is taken as the first profile answer instead of being asked again, else a `trade`
    already known in the thread (its process map) is, with the head count said there (`employees`)."""
    bank = bank or load_bank()
    state = InterviewState()
    n = len(bank.item_ids())
    intro = (
        "Gern führe ich Sie durch den KI-Readiness-Check: erst ein kurzes Profil, dann "
        f"{n} Fragen zu sechs Bereichen, je eine nach der anderen. Sie können jederzeit „zurück“, "
        "„überspringen“, „Pause“ oder „abbrechen“ sagen. Am Ende werden nur Branche, Größenklasse und "
        "Ergebniswerte anonym für Vergleiche gespeichert.\n\n"
    )
    if opening and names_trade(opening):
        state.current = "p:trade"
        turn = _answer_profile(state, bank, "p:trade", opening)
        return Turn(state=turn.state, text=f"{intro}Aus Ihrer Nachricht übernommen – {turn.text}", event=turn.event)
    if trade in TRADES:
        state.profile.trade, state.profile.trade_label = trade, TRADES[trade].label
        state.done_stack.append("p:trade")
        size = ""
        if employees is not None and employees > 0:  # „Hofladen, 6 Leute“ in the map's opening: not asked again
            state.profile.employees = employees
            state.profile.size_class, label = size_class(employees)
            state.done_stack.append("p:size")
            size = f", Größe: {employees} Beschäftigte ({label})"
        known = f"Aus Ihrer Prozesslandkarte übernommen – Branche: {TRADES[trade].label}{size} (sonst „zurück“).\n\n"
        return _ask(state, bank, prefix=intro + known)
    return _ask(state, bank, prefix=intro)


def resume(state: InterviewState, bank: Bank | None = None) -> Turn:
    """Continue a paused interview with the current question."""
    bank = bank or load_bank()
    state.paused = False
    return _ask(state, bank, prefix="Schön, dass Sie weitermachen. Wir waren hier:\n\n", event="resumed")


def _back(state: InterviewState, bank: Bank) -> Turn:
    if not state.done_stack:
        return _ask(state, bank, prefix="Das ist bereits die erste Frage.\n\n", event="info")
    prev = state.done_stack.pop()
    if prev.startswith("q:"):
        state.answers.pop(prev[2:], None)
    elif prev.startswith("f:"):
        fu = state.followups.pop(prev[2:], None)
        if fu and fu.kind == "conflict" and fu.qid and state.answers[fu.qid].corrected_from is not None:
            a = state.answers[fu.qid]
            a.value, a.corrected_from = a.corrected_from, None
        state.pending_followup = None
    state.current = prev
    state.asked_back = False
    state.pending_turns = 0
    return _ask(state, bank, prefix="Gut, zurück zur vorherigen Frage:\n\n", event="question")


def _askback(state: InterviewState, bank: Bank, text: str, m: Mapped, levels: dict[int, str]) -> Turn:
    state.asked_back = True
    guess = f" – am ehesten Stufe {round(m.value)}?" if m.value is not None else "."
    if "Zahl außerhalb 1–5" in m.evidence:
        guess = " – bitte eine Zahl von 1 bis 5."
    where = f"({_progress(state, bank, state.current)})\n" if state.current else ""  # the asker sees the open question
    msg = (
        f"{where}Ich bin nicht sicher, wie ich „{_quote(text)}“ einordnen soll{guess} "
        f"Welche Beschreibung passt am besten?\n{_levels_text(levels)}\n"
        "Eine Zahl genügt; Sie können auch „weiß nicht“ oder „überspringen“ sagen."
    )
    state.last_prompt = msg
    return Turn(state=state, text=msg, event="askback")


MIXED_SHARE = 0.6  # a second trade scoring this share of the first one makes the business a mixed one


def _other_trade_note(text: str, trade: str | None) -> str:
    """For a mixed business („Hofladen mit Café“): the other trade it names and how to switch to it, so the visitor
    can file it under what it mainly does (trial 28); empty when the text names one trade only."""
    scores = trade_scores(text)
    best = scores.get(trade or "", 0.0)
    others = sorted(((v, t) for t, v in scores.items() if t != trade and t in TRADES), reverse=True)
    if not others or best <= 0 or others[0][0] < MIXED_SHARE * best:
        return ""
    label = TRADES[others[0][1]].label
    return f" Ist Ihr Betrieb eher {label}, sagen Sie „Korrektur: {label}“."


def _answer_profile(state: InterviewState, bank: Bank, key: str, text: str) -> Turn:
    pid = key[2:]
    p = state.profile
    if pid == "trade":
        if parse_trade(text)[0] == "sonstige" and not looks_like_trade(text) and not state.asked_back:
            state.asked_back = True  # asked once more, nothing stored (a second such answer is kept as said)
            msg = (
                "Eine Branche genügt, z. B. „Bäckerei“, „Friseursalon“ oder „Kfz-Werkstatt“. "
                "In welcher Branche ist Ihr Unternehmen tätig?"
            )
            state.last_prompt = msg
            return Turn(state=state, text=msg, event="askback")
        p.trade, p.trade_label = parse_trade(text)
        ack = f"Branche: {p.trade_label}."
        if p.trade == "sonstige":  # "Bestattungsinstitut": no comparison group of its own yet, said so (trial 21)
            ack += (
                " Für diese Branche gibt es noch keine eigene Vergleichsgruppe; Ihr Ergebnis vergleiche ich am Ende "
                "mit allen Teilnehmenden."
            )
        n = employees_mentioned(text) or employees_listed(text)
        if n and p.employees is None and "p:size" not in state.done_stack:  # "Bäckerei mit 12 Mitarbeitenden"
            p.employees = n
            p.size_class, label = size_class(n)
            state.done_stack.append("p:size")
            ack += f" Größe: {n} Beschäftigte ({label})."
        place = region_mentioned(text) or region_listed(text) or region_named(text)
        if place and p.region is None and "p:region" not in state.done_stack:  # "… in Salzwedel"
            place = place_shown(place)
            p.region, p.region_class = place, region_class(place)
            state.done_stack.append("p:region")
            ack += f" Region: {place}."
        ack += _other_trade_note(text, p.trade)
    elif pid == "size":
        n = parse_employees(text)
        if n is None or n <= 0:
            if not state.asked_back:
                state.asked_back = True
                msg = "Eine ungefähre Zahl genügt, z. B. „8“ oder „rund 40“. Wie viele Beschäftigte sind es?"
                state.last_prompt = msg
                return Turn(state=state, text=msg, event="askback")
            ack = "Die Größe lasse ich offen."
        else:
            p.employees = n
            p.size_class, label = size_class(n)
            ack = f"Größe: {n} Beschäftigte ({label})."
    elif not looks_like_place(text):
        if not state.asked_back:  # "Ergebnis bitte" or "2" is no place: asked once more, nothing stored
            state.asked_back = True
            msg = "Ein Ort oder Landkreis genügt, z. B. „Stendal“ oder „Altmark“. Wo sitzt Ihr Unternehmen?"
            state.last_prompt = msg
            return Turn(state=state, text=msg, event="askback")
        ack = "Die Region lasse ich offen."
    else:  # "in Stendal" is stored as "Stendal"
        p.region = (region_mentioned(text) if len(text.split()) <= 3 else None) or text.strip()[:80]
        p.region_class = region_class(text)
        ack = f"Region: {p.region}."
    return _complete(state, bank, ack)


def _level_quote(q: Question, value: float) -> str:
    """The level text a value stands for; a value between two levels (1,5) quotes both instead of the upper one
    (browser trial 5: "noch nie gesprochen" read as 1,5 was shown as "Wir haben vage Ideen …")."""
    lo, hi = min(5, max(1, math.floor(value))), min(5, max(1, math.ceil(value)))
    if lo == hi or value - lo < 0.25 or hi - value < 0.25:
        return f"„{q.levels[lo if value - lo < 0.5 else hi]}“"
    return f"zwischen „{q.levels[lo]}“ und „{q.levels[hi]}“"


_STEM_MIN = 4  # „Tablet“ quotes the keyword „tablets“; „am“ quotes no „ampel“


def quoted(text: str, phrase: str) -> str | None:
    """The visitor's own spelling of an evidence phrase: the mapper matches a folded form („noch nie gehoert“
    for „noch nie gehört“), which is no way to quote someone; None when no words of `text` fold to it."""
    words, target = text.split(), phrase.split()
    for i in range(len(words) - len(target) + 1):
        window = " ".join(words[i : i + len(target)])
        if normalize(window).split() == target:
            return window.strip(",.;:!?\"'„“()")
    if len(target) == 1:  # a keyword inside a compound or inflected: „software“ in „Pflegesoftware“, „tablets“
        for word in words:
            folded = "".join(normalize(word).split())
            if target[0] in folded or (len(folded) >= _STEM_MIN and target[0].startswith(folded)):
                return word.strip(",.;:!?\"'„“()")
    return None


def own_words(text: str, phrase: str) -> str:
    """`quoted`, or the phrase itself when the visitor did not write it."""
    return quoted(text, phrase) or phrase


def evidence_note(text: str, evidence: list[str]) -> str:
    """' (erkannt an: „im Büro ja“, „unterwegs nicht“)': only words the visitor wrote are quoted; a reading of the
    mapper that is no quote („Zahl 3“) is named as such („gelesen als: …“) when nothing can be quoted, never in
    quotes as if the visitor had said it (trial 38: „erkannt an: „nur für einen Teil““ for „für die Werkstatt ja, …“)."""
    quotes = [q for e in evidence if (q := quoted(text, e))]
    readings = [e for e in evidence if quoted(text, e) is None]
    if quotes:  # the visitor's words say enough; the mapper's own readings beside them were folded jargon
        return f" (erkannt an: {', '.join(f'„{q}“' for q in quotes)})"
    return f" (gelesen als: {', '.join(readings)})" if readings else ""


def _answer_item(state: InterviewState, bank: Bank, q: Question, text: str, m: Mapped) -> Turn:
    turns = state.pending_turns
    if m.intent == "dontknow" or m.intent == "skip":
        state.answers[q.id] = ItemAnswer(
            qid=q.id, text=text, status="skipped" if m.intent == "skip" else "dontknow", turns=turns
        )
        ack = "Kein Problem, ich lasse diese Frage offen." if m.intent == "dontknow" else "Übersprungen."
        return _complete(state, bank, ack)
    if (
        m.intent == "answer"
        and m.value is not None
        and (m.confidence >= ACCEPT or (state.asked_back and m.confidence >= 0.5))
    ):
        state.answers[q.id] = ItemAnswer(qid=q.id, text=text, value=m.value, confidence=m.confidence, turns=turns)
        reason = evidence_note(text, m.evidence)
        return _complete(
            state, bank, f"Verstanden: Stufe {num(m.value, 1, trim=True)} – {_level_quote(q, m.value)}{reason}"
        )
    if state.asked_back:
        state.answers[q.id] = ItemAnswer(qid=q.id, text=text, status="unclear", turns=turns)
        return _complete(
            state, bank, "Ich konnte die Antwort nicht sicher zuordnen und lasse die Frage offen, statt zu raten."
        )
    return _askback(state, bank, text, m, q.levels)


def _answer_followup(state: InterviewState, bank: Bank, text: str, m: Mapped) -> Turn:
    fu = state.pending_followup
    assert fu is not None
    fu.turns = state.pending_turns
    q = bank.question(fu.qid) if fu.qid else None
    if (
        m.intent == "answer"
        and m.value is not None
        and (m.confidence >= ACCEPT or (state.asked_back and m.confidence >= 0.5))
        and not keeps_answers(text)
    ):
        fu.value, fu.text = m.value, text
        if fu.kind == "conflict" and q is not None:
            a = state.answers[q.id]
            a.corrected_from, a.value = a.value, m.value
            a.turns += fu.turns
        shown = num(m.value, 1, trim=True)
        ack = f"Danke, korrigiert auf Stufe {shown}." if fu.kind == "conflict" else f"Danke, Stufe {shown}."
    else:  # "stimmt schon so", "weiß nicht" or unclear: nothing changes and the next question follows – a second
        # ask-back here took the visitor's next answer as this one and shifted every later answer (trial 23/26)
        fu.text = text
        ack = "In Ordnung, dann bleibt es bei Ihren bisherigen Antworten."
    state.followups[fu.dim] = fu
    state.pending_followup = None
    return _complete(state, bank, ack)


# "stimmt schon so", "passt so", "beides richtig", "lassen Sie es so": the visitor confirms the answers asked about
_KEEPS = re.compile(
    r"\b(?:stimmt|passt|richtig|korrekt|bleibt)(?: (?:schon|so|doch|beides|alles|auch|eigentlich|genau))* ?(?:so)?$"
    r"|\bbeides (?:stimmt|passt|richtig|korrekt)\b|\b(?:lassen sie|lass) (?:es|das) so\b|^so (?:ist es|stimmts?)\b"
)


def keeps_answers(text: str) -> bool:
    """True for a confirmation of the answers a conflict follow-up quotes ("stimmt schon so"), never for a
    rating ("3") or a negated one ("das stimmt so nicht")."""
    t = normalize(text)
    return _KEEPS.search(t) is not None and not re.search(r"\d|\bnicht\b|\bfalsch\b", t)


Interpreter = Callable[[str, Question], Mapped | None]


def _second_opinion(m: Mapped, text: str, q: Question | None, interpreter: Interpreter | None) -> Mapped:
    """Ask an optional interpreter (e.g. an LLM) only where the rule mapper is unsure; it must be usable."""
    if interpreter is None or q is None or m.intent not in ("answer", "unclear") or m.confidence >= ACCEPT:
        return m
    other = interpreter(text, q)
    if other is None or other.value is None or not 1.0 <= other.value <= 5.0 or other.confidence < ACCEPT:
        return m
    return other


# "ach nee, das stimmt nicht, wir haben nur vage Ideen" right after an answer: the visitor corrects that answer
_REFERS_BACK = re.compile(
    r"\b(?:das|die antwort|meine antwort|die letzte antwort)(?: (?:eben|vorhin|gerade|davor|grad))?"
    r" (?:stimmt (?:so |gar |doch )?nicht|war (?:so |doch )?(?:falsch|nicht richtig|quatsch))\b"
    r"|\b(?:ich hab|ich habe|hab|habe) mich (?:da |eben |vorhin |gerade |grad )?(?:vertan|verklickt|verschrieben)\b"
    r"|\b(?:vorhin|eben|bei der frage davor|bei der letzten frage) (?:meinte ich|wollte ich sagen)\b"
)
# „nein, eigentlich eher 3“ right after „Verstanden: Stufe 4“: a no to the level just read, with a short new one
# (trial 34: read as „nein“ = 1 for the next question)
_NO_ACTUALLY = re.compile(
    r"^(?:nein|nee|ne|noe|aeh|oh|ach|hm+|moment)(?: nein)? (?:(?:eigentlich|doch|lieber|besser) )+"
)
_NO_ACTUALLY_WORDS = 4  # what follows is the new level („eher 3“, „doch eher teilweise“), not a new answer


def _correct_previous(state: InterviewState, bank: Bank, text: str) -> Turn | None:
    """A message that refers back to the answer just given ("das stimmt nicht, wir haben nur vage Ideen"): what
    follows the back-reference replaces that answer when it fits the previous question clearly; the open
    question is asked again (trial 12, 16). None when the message does not refer back or says nothing clear."""
    prev = state.done_stack[-1] if state.done_stack else ""
    t = normalize(text)
    ref = _REFERS_BACK.search(t)
    if ref is None and not state.asked_back and (no := _NO_ACTUALLY.match(t)) is not None:
        ref = no if len(t[no.end() :].split()) <= _NO_ACTUALLY_WORDS else None
    if not prev.startswith("q:") or ref is None:
        return None
    rest = t[ref.end() :].strip(" ,.;:-")
    q = bank.question(prev[2:])
    m = map_answer(rest, q) if len(rest.split()) >= 2 or rest.isdigit() else None
    if m is None or m.intent != "answer" or m.value is None or m.confidence < ACCEPT:
        return None
    a = state.answers.get(q.id)
    before = f" (vorher Stufe {num(a.value, 1, trim=True)})" if a is not None and a.value is not None else ""
    state.answers[q.id] = ItemAnswer(qid=q.id, text=text, value=m.value, confidence=m.confidence)
    state.pending_turns -= 1
    number = bank.item_ids().index(q.id) + 1
    ack = (
        f"Korrigiert – Frage {number}: jetzt Stufe {num(m.value, 1, trim=True)} – {_level_quote(q, m.value)}{before}. "
        "Weiter mit der offenen Frage:"
    )
    return _ask(state, bank, prefix=f"{ack}\n\n", event="info")


_ORDINAL_STEMS = (
    "erst",
    "zweit",
    "dritt",
    "viert",
    "fuenft",
    "sechst",
    "siebt",
    "acht",
    "neunt",
    "zehnt",
    "elft",
    "zwoelft",
)
_ARTICLES = frozenset({"ein", "eine", "einen", "einem", "einer"})
_NUMBER = (
    r"(\d{1,2}|"
    + "|".join(sorted((w for w in NUMBER_WORDS if NUMBER_WORDS[w] <= 24 and w not in _ARTICLES), key=len, reverse=True))
    + r"|eins)"
)
# "bei Frage 2 meinte ich eigentlich ja", "Frage drei war falsch, da ist es teilweise": an answer given earlier,
# named by its number (as the prompt shows it) or ordinal, is corrected while the open question stays open
_NAMED_QUESTION = re.compile(
    r"\bfrage (?:nummer |nr )?" + _NUMBER + r"\b|\b(?:der |die )?(" + "|".join(_ORDINAL_STEMS) + r")e[nr]? frage\b"
)
_CORRECTS = re.compile(
    r"\b(?:meinte ich|meine ich|wollte ich (?:eigentlich |lieber )?(?:sagen|antworten)|war (?:das )?(?:falsch|nicht richtig"
    r"|quatsch)|stimmt (?:das )?(?:so )?nicht|korrigier\w*|aender\w*|muss es heissen|ist es (?:eigentlich|doch)"
    r"|eigentlich|doch)\b"
)


def _named_number(m: re.Match[str]) -> int:
    """The question number a `_NAMED_QUESTION` match names (digits, number word or ordinal)."""
    if m.group(1):
        return int(m.group(1)) if m.group(1).isdigit() else NUMBER_WORDS[m.group(1)]
    return _ORDINAL_STEMS.index(m.group(2)) + 1


def _correct_numbered(state: InterviewState, bank: Bank, text: str) -> Turn | None:
    """A correction of an earlier answer named by its question number ("bei Frage 2 meinte ich eigentlich ja"): the
    rest of the message replaces that answer when it fits clearly; the open question is asked again. None when
    the message names no answered question or says nothing clear about it."""
    t = normalize(text)
    named, marker = _NAMED_QUESTION.search(t), _CORRECTS.search(t)
    if named is None or marker is None:
        return None
    ids = bank.item_ids()
    number = _named_number(named)
    if not 1 <= number <= len(ids) or f"q:{ids[number - 1]}" not in state.done_stack:
        return None
    q = bank.question(ids[number - 1])
    rest = re.sub(r"\s+", " ", _CORRECTS.sub(" ", t[max(named.end(), marker.end()) :])).strip()
    m = map_answer(rest or t[marker.end() :], q)
    if m.intent != "answer" or m.value is None or m.confidence < ACCEPT:
        return None
    a = state.answers.get(q.id)
    before = f" (vorher Stufe {num(a.value, 1, trim=True)})" if a is not None and a.value is not None else ""
    state.answers[q.id] = ItemAnswer(qid=q.id, text=text, value=m.value, confidence=m.confidence)
    state.pending_turns -= 1
    ack = (
        f"Korrigiert – Frage {number}: jetzt Stufe {num(m.value, 1, trim=True)} – {_level_quote(q, m.value)}{before}. "
        "Weiter mit der offenen Frage:"
    )
    if a is not None and a.value == m.value:  # "eher nicht" again: nothing changes, said so
        ack = f"Frage {number} bleibt bei Stufe {num(m.value, 1, trim=True)} – {_level_quote(q, m.value)}. Weiter mit der offenen Frage:"
    return _ask(state, bank, prefix=f"{ack}\n\n", event="info")


def advance(state: InterviewState, text: str, bank: Bank | None = None, interpreter: Interpreter | None = None) -> Turn:
    """Process one user message and return the next prompt (the state is updated in place and returned)."""
    bank = bank or load_bank()
    state = state.model_copy(deep=True)
    if state.phase != "running":
        return Turn(
            state=state, text="Dieses Interview ist beendet. Sagen Sie „Interview starten“ für ein neues.", event="info"
        )
    if state.paused:
        return resume(state, bank)
    state.turns += 1
    state.pending_turns += 1
    key = state.current
    question = bank.question(key[2:]) if key.startswith("q:") else None
    m = _second_opinion(map_answer(text, question, asked_back=state.asked_back), text, question, interpreter)
    if m.intent == "abort":
        state.phase = "aborted"
        return Turn(
            state=state,
            text="Das Interview ist abgebrochen; Ihre Antworten werden nicht gespeichert. "
            "Mit „Interview starten“ können Sie jederzeit neu beginnen.",
            event="aborted",
        )
    if m.intent == "pause":
        state.paused = True
        state.turns -= 1
        state.pending_turns -= 1
        n = sum(1 for a in state.answers.values() if a.value is not None)
        return Turn(
            state=state,
            text=f"Kein Problem – ich habe das Interview pausiert ({n} von {len(bank.item_ids())} Fragen beantwortet), "
            "Ihre Antworten bleiben erhalten. Wenn Sie zurück sind, antworten Sie einfach auf die offene Frage oder "
            "sagen Sie „weiter“ – auch in ein paar Tagen in diesem Chat.",
            event="paused",
        )
    if m.intent == "back":
        return _back(state, bank)
    if m.intent in ("answer", "unclear") and m.confidence < ACCEPT and comes_back(text):
        # „so, bin wieder da“ after an ask-back (trial 34: left the question open as an unclear answer)
        state.turns -= 1
        state.pending_turns -= 1
        return _ask(state, bank, prefix="Schön, dass Sie wieder da sind. Wir waren hier:\n\n", event="info")
    if m.intent == "resume":
        state.turns -= 1
        state.pending_turns -= 1
        return _ask(state, bank, prefix="Wir sind mitten im Interview – hier die aktuelle Frage:\n\n", event="info")
    if key.startswith("p:"):
        if m.intent in ("skip", "dontknow"):
            return _complete(state, bank, "In Ordnung, das lasse ich offen.")
        return _answer_profile(state, bank, key, text)
    if key.startswith("q:"):
        corrected = _correct_numbered(state, bank, text) or _correct_previous(state, bank, text)
        return corrected or _answer_item(state, bank, bank.question(key[2:]), text, m)
    return _answer_followup(state, bank, text, m)


def answer_question(state: InterviewState, answer: str) -> Turn:
    """A question to the assistant ("Was kostet das?"): answered, then the same question again; the state
    is unchanged, nothing is stored as an answer."""
    prompt = state.last_prompt or ""
    return Turn(state=state, text=f"{answer}\n\nZurück zum Interview:\n\n{prompt}".strip(), event="info")


SECONDS_PER_ANSWER = (20, 30)  # per answer in the test interviews (the FAQ's figure)


def questions_left(state: InterviewState, bank: Bank | None = None) -> int:
    """Profile and check questions still open, the current one included (follow-ups not counted)."""
    bank = bank or load_bank()
    profile = sum(1 for p in bank.profile if f"p:{p.id}" not in state.done_stack)
    return profile + sum(1 for q in bank.item_ids() if q not in state.answers)


def progress_note(state: InterviewState, bank: Bank | None = None) -> str:
    """ "Wie lange dauert das noch?" for this interview: the questions left and the minutes they take."""
    n = questions_left(state, bank)
    if n == 0:
        return "Sie sind fast fertig – es fehlt höchstens noch eine kurze Nachfrage."
    low, high = (max(1, round(n * s / 60)) for s in SECONDS_PER_ANSWER)
    minutes = f"etwa {low} bis {high} Minuten" if low < high else f"etwa {low} {'Minute' if low == 1 else 'Minuten'}"
    return f"Es {'fehlt' if n == 1 else 'fehlen'} noch {n} {'Frage' if n == 1 else 'Fragen'} – {minutes}."


_PROFILE_MEANING = {
    "trade": "Gemeint ist, in welchem Gewerbe Sie arbeiten – ein Wort genügt, z. B. „Tischlerei“ oder „Friseur“.",
    "size": "Gemeint ist, wie viele Menschen ungefähr in Ihrem Unternehmen arbeiten, Sie selbst eingeschlossen; "
    "Teilzeitkräfte, Aushilfen und Auszubildende zählen mit.",
    "region": "Gemeint ist der Ort oder Landkreis, in dem Ihr Unternehmen sitzt, z. B. „Stendal“.",
}


def explain_current(state: InterviewState, bank: Bank | None = None) -> str:
    """What the current question means: for a profile question an example, for a check question the question
    again with what each level stands for (answered by the user's "Was meinen Sie damit?")."""
    bank = bank or load_bank()
    key = state.current
    if key.startswith("p:"):
        return _PROFILE_MEANING.get(key[2:], "Eine kurze Antwort in eigenen Worten genügt.")
    if key.startswith("q:"):
        q = bank.question(key[2:])
        return (
            f"Gern erklärt: Mit „{q.text}“ möchte ich wissen, wie weit das in Ihrem Unternehmen heute schon "
            f"zutrifft. Die Stufen bedeuten:\n{_levels_text(q.levels)}"
        )
    fu = state.pending_followup
    if fu is not None and fu.kind == "conflict" and fu.qid and fu.other:  # "wie meinen Sie das?" at the ask-back
        return (
            f"Gemeint ist: Die Antwort zu „{bank.question(fu.qid).text}“ setzt meist voraus, was bei "
            f"„{bank.question(fu.other).text}“ gefragt war – beides zusammen ist ungewöhnlich. Nennen Sie die Stufe, "
            "die bei der zweiten Frage wirklich passt, oder sagen Sie „stimmt so“, wenn beides richtig ist."
        )
    return "Gemeint ist, welche der genannten Beschreibungen am ehesten zu Ihrem Unternehmen passt."


_PROFILE_WHY = {
    "trade": "Die Branche brauche ich, um Ihr Ergebnis mit ähnlichen Betrieben zu vergleichen und am Ende "
    "KI-Anwendungen vorzuschlagen, die in Ihrer Branche typisch sind.",
    "size": "Die Größe ordnet Ihr Ergebnis ein: Verglichen wird mit Betrieben derselben Größenklasse, und der "
    "geschätzte Nutzen der vorgeschlagenen KI-Anwendungen richtet sich nach der Zahl der Beschäftigten.",
    "region": "Der Ort hilft beim Einordnen: Gespeichert wird nur, ob Ihr Unternehmen eher ländlich oder städtisch "
    "sitzt – für spätere Vergleiche, ohne den Ort selbst.",
}


def why_current(state: InterviewState, bank: Bank | None = None) -> str:
    """Why the current question is asked (the user's "Warum fragen Sie das?"): what the answer is used for."""
    bank = bank or load_bank()
    key = state.current
    if key.startswith("p:"):
        return _PROFILE_WHY.get(key[2:], "Ihre Antwort hilft, das Ergebnis einzuordnen.")
    dim = bank.dimension(state.dimension_of(key)) if key.startswith(("q:", "f:")) else None
    if dim is None:
        return "Ihre Antwort hilft, das Ergebnis einzuordnen."
    return (
        f"Die Frage gehört zum Bereich „{dim.name}“. Aus Ihren Antworten in diesem Bereich ergibt sich sein Wert "
        "von 1 bis 5; aus den Werten aller Bereiche entstehen Ihr Reifegrad und die Vorschläge der KI-Strategie."
    )


def expected_topic(state: InterviewState) -> str:
    """'profile' or the dimension id the current question belongs to (for scripted answers)."""
    return state.dimension_of(state.current) if state.current else "profile"
