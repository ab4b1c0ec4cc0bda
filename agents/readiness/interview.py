"""Tool `interview`: the multi-turn KI-Readiness interview; its state lives in ctx.memory['readiness']."""

from __future__ import annotations

import re
from typing import Any

from agents.contracts import AgentReply, Artifact, Slots, TurnContext
from agents.nlu.followup import MEMORY_KEY as LAST_REQUEST_KEY
from agents.prompts import RESULT_NOTICE
from agents.registry import authorize
from tools.format_de import num, percent
from tools.readiness.backlog import backlog_for, build_backlog
from tools.readiness.bank import load_bank
from tools.readiness.engine import (
    Interpreter,
    InterviewState,
    Turn,
    advance,
    answer_question,
    explain_current,
    progress_note,
    resume,
    start,
    why_current,
)
from tools.readiness.faq import (
    FaqEntry,
    answer_for,
    asks_meaning,
    asks_take_away,
    asks_why,
    doubts_answer,
    is_question,
    is_request,
)
from tools.readiness.mapper import ACCEPT, comes_back, command_intent, map_answer, normalize
from tools.readiness.profile import employees_mentioned, names_trade, parse_trade, size_class
from tools.readiness.scoring import ReadinessResult, score_state
from tools.readiness.store import Comparison, compare, load_process_map, save_result
from tools.readiness.strategy import first_steps

MEMORY_KEY = "readiness"
_RESTART = re.compile(
    r"^(bitte )?(ich will |ich moechte |ich wuerde gern |koennen wir |lass(?:en sie)? uns |wir )?"
    r"(nochmal |noch mal |noch einmal |alles |gern |lieber )*(von vorne?|neu starten|neu beginnen|neues interview)"
    r"( bitte| anfangen| beginnen| starten| machen)*$"
    r"|\b(interview|check|test|fragebogen)\b.*\b(neu|von vorne?)\b"
    r"|\b(neu|von vorne?)\b.*\b(interview|check|test)\b"
    r"|\b(nochmal |noch mal |noch einmal |ganz )?von vorne? (anfangen|beginnen|starten)\b"
    r"|\b(neu|nochmal|noch mal|noch einmal) (anfangen|beginnen|starten)\b"
)


def _stored(memory: dict[str, Any]) -> dict[str, Any]:
    """The interview state as kept in the thread memory (JSON; empty when there is none)."""
    mine: dict[str, Any] = memory.get(MEMORY_KEY) or {}
    raw: dict[str, Any] = mine.get("interview") or {}
    return raw


def _state(memory: dict[str, Any]) -> InterviewState | None:
    raw = _stored(memory)
    return InterviewState.model_validate(raw) if raw else None


def is_active(memory: dict[str, Any]) -> bool:
    """True while an interview runs and is not paused: the supervisor sends every message here."""
    st = _stored(memory)
    return st.get("phase") == "running" and not st.get("paused", False)


def is_paused(memory: dict[str, Any]) -> bool:
    """True when an interview is paused and can be resumed with 'weiter'."""
    st = _stored(memory)
    return st.get("phase") == "running" and bool(st.get("paused"))


def open_question(memory: dict[str, Any]) -> str | None:
    """The running interview's open question (shown again under an answer that did not answer it)."""
    if not is_active(memory):
        return None
    prompt = str(_stored(memory).get("last_prompt") or "")
    return f"Zurück zum Interview:\n\n{prompt}" if prompt else None


def resumes(memory: dict[str, Any], text: str) -> bool:
    """True when an interview is paused and `text` resumes it ("weiter", "fortsetzen", "mach weiter")."""
    return is_paused(memory) and (command_intent(text) == "resume" or comes_back(text))


_ANSWER_WORDS = 12  # a paused check takes an answer this short as the answer to its open question


def answers_paused(memory: dict[str, Any], text: str) -> bool:
    """True when a check is paused at one of its questions and `text` answers that question plainly („eher
    nicht“, „ja, gelegentlich“): after „Moment, das Telefon klingelt“ the next answer goes on (trial 34)."""
    if not is_paused(memory):
        return False
    key = str(_stored(memory).get("current") or "")
    t = normalize(text)
    if not key.startswith("q:") or not t or len(t.split()) > _ANSWER_WORDS or is_question(text) or is_request(text):
        return False
    m = map_answer(text, load_bank().question(key[2:]))
    return m.intent == "answer" and m.confidence >= ACCEPT


# "Können Sie die Frage wiederholen?", "Wie war die Frage nochmal?": the open question once more
_REPEAT = re.compile(
    r"\b(?:frage|das)(?: bitte)?(?: nochmal| noch mal| noch einmal)? wiederholen\b|\bwiederholen sie\b"
    r"|^(?:und |aeh |sorry |entschuldigung )*wie (?:war|lautet|lautete) (?:nochmal |noch mal )?die frage"
    r"|^(?:die )?frage (?:bitte )?(?:nochmal|noch mal|noch einmal)(?: bitte)?$"
    # "sorry, Kundschaft – wo waren wir?", "wo war ich stehen geblieben?" (trial 26: got the glossary FAQ)
    r"|\bwo (?:waren|sind|war|bin) (?:wir|ich)(?: (?:nochmal|noch mal|gerade|grad|eben|stehen ?geblieben|stehengeblieben))*$"
)


def asks_repeat(text: str) -> bool:
    """A short request to hear the open question again."""
    t = normalize(text)
    return len(t.split()) <= 9 and _REPEAT.search(t) is not None


def stays(text: str, memory: dict[str, Any] | None = None) -> bool:
    """True when a message during the interview is about the check itself ("Wie lange dauert das?", "Was heißt
    digital erfasst?" with words of the open question); a pause asked as a question („Ich muss los, kann ich
    später weitermachen?“) stays too, as the pause."""
    if command_intent(text) == "pause":
        return True
    if answer_for(text) is not None or asks_meaning(text) or asks_why(text) or asks_repeat(text):
        return True
    state = _state(memory or {})
    return state is not None and asks_words_of_question(state, text)


def leaves(text: str) -> bool:
    """True when a message during the interview asks something else (it may go to another tool)."""
    return is_question(text) and not stays(text)


# "Und was heißt das jetzt für uns?" right after the result: the next steps, i.e. the strategy
_RESULT_MEANING = re.compile(
    r"^(?:und |ok |okay |aha |gut |hm+ |tja |nu |nun |na |so )*(?:was (?:heisst|bedeutet) (?:das|dieses ergebnis|das ergebnis|"
    r"mein ergebnis|unser ergebnis|der wert)|was (?:sollen|koennen|muessen|machen|tun) wir (?:jetzt|nun|damit)|"
    r"und (?:jetzt|nun|nu)$|was nun$|wie geht(?:s| es) (?:\w+ )?weiter|wie gehts weiter"
    # "Was mache ich jetzt damit?", "was kommt jetzt?", "was jetzt?" (trial 26)
    r"|was (?:mach|mache|machen|tu|tue|tun|soll|sollen) (?:ich|wir) (?:jetzt |nun )?(?:damit|jetzt|nun)\b"
    r"|(?:und )?was kommt (?:jetzt|nun|als naechstes|danach)\b|was jetzt$)"
)


# "Warum nur 2 von 5?", "wieso so wenig?" right after the result: which areas pulled the value down
_WHY_RESULT = re.compile(
    r"^(?:(?:und|aber|ok|okay|hm+|aha|na)\s+)*(?:warum|wieso|weshalb)\b(?: \w+){0,4}"
    r" (?:so )?(?:wenig|niedrig|schlecht|gering|schwach|mies|tief|\d(?: von 5)?|eins|zwei|drei)\b"
)
# "Was soll ich als erstes tun?", "Kann ich das als PDF runterladen?" after the result: the strategy (its report)
_FIRST_STEP_Q = (
    r"\b(?:was|womit|wo) (?:soll|sollen|sollte|sollten|muss|muessen|kann|koennen) (?:ich|wir) "
    r"(?:\w+ ){0,2}(?:als erstes|als erster|zuerst|zuallererst|anfangen|beginnen|starten)\b"
    # "Womit fangen wir am besten an?", "Was machen wir zuerst?", "Wo fange ich an?"
    r"|\b(?:womit|wo|mit was|wie) (?:fangen|fange|beginnen|beginne|starten|starte) (?:ich|wir)\b"
    r"|\b(?:was|womit) (?:machen|mache|tun|tue) (?:ich|wir) (?:\w+ ){0,2}(?:als erstes|zuerst|zuallererst)\b"
)
_NEXT_STEPS = re.compile(
    _FIRST_STEP_Q + r"|\b(?:pdf|bericht|report|herunterladen|runterladen|download\w*|ausdrucken)\b"
    # „was kostet mich das, wenn ich das umsetze?“ after the result: the effort per use case (trial 31: the
    # bakery's budget forecast was refused instead)
    r"|\bwas kostet (?:mich|uns|das|die umsetzung|so ?was|so etwas)\b|\bwie teuer\b|\bkostet (?:mich|uns)\b"
)
_FIRST_STEP = re.compile(_FIRST_STEP_Q)


def explains_result(memory: dict[str, Any], text: str) -> bool:
    """ "Warum nur 2 von 5?" in a thread with a finished result and no interview running."""
    t = normalize(text)
    return (
        finished_result(memory)[0] is not None
        and not is_active(memory)
        and len(t.split()) <= 12
        and _WHY_RESULT.search(t) is not None
    )


def asks_next_steps(memory: dict[str, Any], text: str) -> bool:
    """ "Was soll ich als erstes tun?" / "… als PDF?" in a thread with a finished result: the strategy answers;
    "Womit fangen wir am besten an?" after a finished process map too (its first step; trial 14/16) – a download
    request there is the map's own."""
    t = normalize(text)
    if is_active(memory) or len(t.split()) > 14:
        return False
    if finished_result(memory)[0] is not None:  # also „per Mail?“, „mitnehmen?“, „bringt mir das was?“ (trial 31)
        return _NEXT_STEPS.search(t) is not None or asks_take_away(text) or doubts_answer(text) is not None
    pmap = (memory.get(MEMORY_KEY) or {}).get("process_map") or {}
    return pmap.get("phase") == "done" and _FIRST_STEP.search(t) is not None


# questions about the check that the strategy answers from the FAQ after the result (or before any check) instead of
# the help: „Gibt es dafür Förderung?“ after the result (trial 28: got the list of functions)
# („hat das ein Mensch ausgewertet?“ after the result: the assistant answer, not small talk – trial 31)
CHECK_FAQ = frozenset({"Gibt es dafür Förderung?", "Was passiert mit meinen Daten?", "Spreche ich mit einem Menschen?"})


def asks_check_faq_after_result(memory: dict[str, Any], text: str) -> bool:
    """ "Gibt es dafür Förderung?" in a thread with a finished result and no interview running."""
    if finished_result(memory)[0] is None or is_active(memory) or is_paused(memory):
        return False
    faq = answer_for(text)
    return faq is not None and faq.question in CHECK_FAQ


def result_reasons(r: ReadinessResult) -> str:
    """Why the overall value is what it is: the mean of the six areas, the lowest and highest named with values."""
    scored = sorted((d for d in r.dimensions if d.score is not None), key=lambda d: d.score or 0)
    if r.overall is None or not scored:
        return "Für eine Begründung gab es zu wenige Antworten; beantworten Sie im nächsten Check mehr Fragen."
    low = [d for d in scored if (d.score or 0) <= (r.overall or 0)][:4]
    high = [d for d in reversed(scored) if (d.score or 0) > (r.overall or 0)][:2]
    lines = [
        f"Ihr Gesamtwert {num(r.overall, 1)} von 5 ist der Durchschnitt der sechs Bereiche, und jeder Bereich der "
        "Durchschnitt Ihrer Antworten dort. Heruntergezogen haben ihn vor allem:"
    ]
    lines += [f"• {d.name}: {num(d.score or 0, 1)}" for d in low]
    if high:
        lines.append(
            "Besser stehen Sie hier da: " + ", ".join(f"{d.name} ({num(d.score or 0, 1)})" for d in high) + "."
        )
    open_dims = [d.name for d in r.dimensions if d.score is None]
    if open_dims:
        lines.append("Nicht bewertet (zu viele Fragen offen): " + ", ".join(open_dims) + ".")
    lines.append(
        "Ein niedriger Wert ist keine Note, sondern zeigt, wo die Grundlagen fehlen. Was Sie zuerst angehen "
        "können, steht im Fahrplan: Sagen Sie „Strategie erstellen“."
    )
    return "\n".join(lines)


# "ok, dann fangen wir an", "Lassen Sie uns loslegen", "los geht's": a go-ahead for the check that was offered
ALREADY_RUNNING = "Wir haben schon angefangen – hier ist die offene Frage:"
_GO_AHEAD = re.compile(
    r"^(?:(?:ok|okay|gut|ja|na|also|dann|jetzt|so|gerne?|prima|super|schoen|alles klar|klar)\s+){0,4}"
    r"(?:(?:dann|jetzt|also|gleich)\s+)*"
    r"(?:fangen wir(?: doch| mal| gleich| jetzt| direkt)* an|beginnen wir|starten wir|legen wir(?: doch| mal)* los"
    r"|lass(?:en)?(?: sie)? uns(?: doch| mal| gleich| jetzt| direkt)* (?:anfangen|beginnen|starten|loslegen)"
    r"|los gehts?|los geht s|auf gehts?|leg(?:en sie)?(?: mal| gleich)* los|ich bin bereit|bereit|starten|anfangen)"
    r"(?:\s+(?:mit (?:dem|den|der) (?:check|interview|test|fragen|befragung)|bitte|gerne?|jetzt|gleich))*$"
)


def opens(text: str, sure_elsewhere: bool, closed_pick: bool = False) -> bool:
    """True when a visitor's message (no interview running) starts the check: a go-ahead ("ok, dann fangen wir
    an"), a statement describing the business ("Bäckerei mit 3 Filialen") or a question about KI for their own
    business ("Ich hab ne Gärtnerei, was kann KI für mich tun?") that no other tool clearly wants (`closed_pick`:
    the router is sure of a tool the visitor may not use, e.g. the bakery's figures); `start` keeps a named trade
    as the first profile answer (a paused interview resumes instead)."""
    if _GO_AHEAD.search(normalize(text)) is not None:
        return True
    if sure_elsewhere:
        return False
    return describes_business(text) or (asks_for_own_business(text) and not closed_pick)


# the visitor speaks of their own business ("ich hab ne Gärtnerei", "unser Betrieb") and of KI in it
_OWN_BUSINESS = re.compile(
    r"\b(ich hab\w*|ich besitze|ich fuehre|wir haben|wir sind|mein\w*|unser\w*"
    r"|ik heff|ik hebb|wi hebbt|wi hebben|wi suend|mien\w*|uns\b)"  # Low German: "Ik heff 'n lütten Hofladen"
)
_ABOUT_AI = re.compile(r"\b(ki|kuenstliche intelligenz|digitalisierung|chatgpt)\b")


def asks_for_own_business(text: str) -> bool:
    """A question naming the visitor's own trade and KI: "Ich hab ne Gärtnerei, was kann KI für mich tun?"."""
    t = normalize(text)
    return names_trade(text) and _OWN_BUSINESS.search(t) is not None and _ABOUT_AI.search(t) is not None


def starts_on_weiter(memory: dict[str, Any], text: str) -> bool:
    """A visitor's "weiter" with nothing to continue (no check paused or done yet): the check offered is started."""
    mine = memory.get(MEMORY_KEY) or {}
    return command_intent(text) == "resume" and not mine.get("interview") and not mine.get("result")


def describes_business(text: str) -> bool:
    """A statement (no question, no request) naming a trade word for word: "Wir sind eine Tischlerei"."""
    return names_trade(text) and not is_question(text)


# "Zeig mir das Ergebnis", "Was ist jetzt unser Ergebnis?": the check's result (shown again, or why there is none)
_WANTS_RESULT = re.compile(
    r"^(?:(?:und|ok|okay|gut|so|dann|jetzt|nun|bitte|also)\s+)*(?:zeig(?:en sie)?(?: mir| uns)?(?: nochmal| noch mal)?|"
    r"wie (?:ist|lautet|war)|was (?:ist|war)(?: denn)?(?: jetzt| nun)?|wo (?:ist|sehe ich|finde ich))"
    r"(?: denn| jetzt| nun| eigentlich)* (?:mein|unser|das|dein|ihr) (?:ergebnis|resultat|auswertung)"
    r"(?: nochmal| noch mal| bitte| jetzt| (?:des|vom|aus dem) (?:ki |readiness )?(?:checks?|interviews?|tests?))*$"
)


# questions a visitor asks together with their business in the first message, answered before the check starts
_OPENING_FAQ = frozenset(
    {
        "Was kostet der Check?",
        "Gibt es dafür Förderung?",
        "Wie lange dauert der Check?",
        "Was passiert mit meinen Daten?",
        "Bekomme ich das Ergebnis als PDF?",
        "Bringt mir das überhaupt etwas?",
        "Was ist das hier?",
    }
)


def opening_faq(text: str) -> FaqEntry | None:
    """The FAQ answer to a doubt or question inside a first message that also names the business („Steuerbüro, 8
    Leute … Bevor ich anfange: Was passiert mit meinen Angaben?“, „…, 18 Leute. Bringt mir das überhaupt was?“):
    trial 31 started the check and left the question unanswered (or asked back about the lab tour)."""
    if (doubt := doubts_answer(text)) is not None:
        return doubt
    for sentence in re.findall(r"[^.!?]*\?", text):
        faq = answer_for(sentence.strip())
        if faq is not None and faq.question in _OPENING_FAQ:
            return faq
    return None


def opens_with_question(text: str) -> bool:
    """A first message naming the business and asking about the check: the check starts, the question answered."""
    return names_trade(text) and opening_faq(text) is not None


def faq_before_start(text: str) -> bool:
    """A question about the check itself ("Wie lange dauert der Check?", "Was passiert mit meinen Daten?") that names
    no trade: answered from the FAQ without starting the interview (the KI entry alone is no such question)."""
    faq = answer_for(text) or doubts_answer(text)  # „ich hab keine Zeit für sowas“: how long it takes (trial 31)
    return faq is not None and not faq.question.startswith("Was heißt eigentlich KI") and not names_trade(text)


def _faq_reply(text: str) -> AgentReply:
    faq = answer_for(text) or doubts_answer(text)
    assert faq is not None
    return AgentReply(
        text=f"{faq.answer}\n\nWenn Sie beginnen möchten, sagen Sie „KI-Check starten“.",
        tools_called=["interview"],
        data={"event": "info", "faq": faq.question},
    )


def wants_result(memory: dict[str, Any], text: str, guest: bool = False) -> bool:
    """True for "Zeig mir das Ergebnis" while no interview runs, from a guest or in a thread with a result or a
    paused check: the last result again (or why there is none)."""
    if is_active(memory) or _WANTS_RESULT.search(normalize(text)) is None:
        return False
    return guest or is_paused(memory) or finished_result(memory)[0] is not None


def result_again(ctx: TurnContext) -> AgentReply:
    """The thread's last finished result, or a German note that the check must be done first."""
    result, _ = finished_result(ctx.memory)
    if result is None:
        note = "Ein Ergebnis gibt es erst, wenn der KI-Readiness-Check abgeschlossen ist."
        if is_paused(ctx.memory):
            return AgentReply(
                text=f"{note} Ihr Check ist pausiert – mit „weiter“ geht es an derselben Stelle weiter.",
                tools_called=["interview"],
                data={"event": "info"},
            )
        return AgentReply(
            text=f"{note} Sagen Sie „KI-Check starten“, dann geht es los (etwa 10 bis 15 Minuten).",
            tools_called=["interview"],
            data={"event": "info"},
        )
    text = (
        f"Ihr Ergebnis des KI-Readiness-Checks:\n\n{result_text(result, compare(result))}\n\n"
        f"Für einen Fahrplan mit den ersten Schritten sagen Sie „Strategie erstellen“.\n\n{RESULT_NOTICE}"
    )
    return AgentReply(text=text, tools_called=["interview"], data={"event": "info", "result": result.model_dump()})


def asks_about_result(memory: dict[str, Any], text: str) -> bool:
    """True for "Und was heißt das jetzt für uns?" while the thread's last answer is a finished interview
    (no other request came after it): the user wants the next steps, not the company overview."""
    t = normalize(text)
    return (
        finished_result(memory)[0] is not None
        and not is_active(memory)
        and not memory.get(LAST_REQUEST_KEY)
        and len(t.split()) <= 10
        and _RESULT_MEANING.search(t) is not None
    )


def pause(memory: dict[str, Any]) -> dict[str, Any]:
    """Memory with the running interview paused (a question for another tool; "weiter" resumes it)."""
    mem = dict(memory.get(MEMORY_KEY) or {})
    if mem.get("interview"):
        mem["interview"] = {**mem["interview"], "paused": True}
    return {**memory, MEMORY_KEY: mem}


def finished_result(memory: dict[str, Any]) -> tuple[ReadinessResult | None, int | None]:
    """The last finished interview's result and its stored row id, if any."""
    mem = memory.get(MEMORY_KEY) or {}
    raw = mem.get("result")
    return (ReadinessResult.model_validate(raw) if raw else None), mem.get("result_id")


def result_text(r: ReadinessResult, c: Comparison | None) -> str:
    """German summary of scores, level, strengths, gaps and the comparison."""
    names = {d.id: d.name for d in r.dimensions}
    lines = [
        f"Ihr Gesamtwert: {num(r.overall, 1) if r.overall is not None else '–'} von 5 – Reifegrad „{r.level}“. {r.level_text}",
        "Ihre Werte in den sechs Bereichen (1 = noch nicht begonnen, 5 = fest im Alltag), jeweils mit dem, was er heißt:",
    ]
    # each area's value with its plain meaning („Governance & Ethik: 1,5“ alone says little to a visitor: trial 31)
    lines += [
        f"• {d.name}: {num(d.score, 1)} – {d.description}" if d.score is not None else f"• {d.name}: nicht bewertet"
        for d in r.dimensions
    ]
    if r.strengths:
        lines.append("Stärken: " + ", ".join(names[x] for x in r.strengths) + ".")
    if r.weaknesses:
        lines.append("Größte Lücken: " + ", ".join(names[x] for x in r.weaknesses) + ".")
    if c is not None and c.overall_mean is not None:
        synth = f", davon {c.n_synthetic} erfundene Demo-Betriebe" if c.n_synthetic else ""
        below = (
            f"; {round((c.share_below or 0) * 100)} % der Gruppe liegen unter Ihrem Wert"
            if c.share_below is not None
            else ""
        )
        # the group is a label ("alle Teilnehmenden", "Handwerk, gleiche Größenklasse"): never after "mit" (trial 21)
        lines.append(
            f"Vergleichsgruppe {c.group} ({c.n} Betriebe{synth}): Durchschnitt {num(c.overall_mean, 1)}{below}."
        )
        fig = next((f for f in c.figures if f.size_class), None) or (c.figures[0] if c.figures else None)
        if fig is not None:
            lines.append(f"Zum Einordnen: {fig.label}: {percent(fig.percent, 0)} ({fig.year}, Quelle: {fig.source}).")
    return "\n".join(lines)


def _finish(turn: Turn, ctx: TurnContext, mem: dict[str, Any]) -> AgentReply:
    result = score_state(turn.state)
    comparison = compare(result)
    row_id = save_result(result, ctx.today) if result.overall is not None else None
    from tools.readiness.report import radar_chart  # matplotlib only when an interview ends

    chart = radar_chart(result, comparison)
    mem.update(result=result.model_dump(mode="json"), result_id=row_id)
    pmap = load_process_map(ctx.thread_id)
    backlog = (
        build_backlog(pmap, result.scores, result.profile.employees)
        if pmap is not None
        else backlog_for(result.profile.trade, result.scores, result.profile.employees)
    )
    steps = first_steps(result, backlog) if result.overall is not None else []
    text = f"{turn.text}\n\n{result_text(result, comparison)}\n\n"
    if steps:  # the next steps belong to the result itself, not only to the strategy asked for after it (trial 31)
        text += "Ihre ersten Schritte – passend zu Ihrer Branche und Größe:\n" + "\n".join(steps) + "\n\n"
    text += (
        "Ihr Ergebnis ist anonym gespeichert (nur Branche, Größenklasse und Werte). Möchten Sie daraus eine "
        "konkrete KI-Strategie mit Fahrplan und Bericht (PDF zum Ausdrucken) machen? Sagen Sie „Strategie erstellen“."
    )
    if authorize(ctx.role, "process_map") is not None:
        text += "\nUnd wo verlieren Sie im Alltag Zeit? Mit „Wo verlieren wir Zeit?“ gehen wir Ihre Abläufe kurz durch."
    text += f"\n\n{RESULT_NOTICE}"
    return AgentReply(
        text=text,
        tools_called=["interview"],
        artifacts=[Artifact(kind="image", path=chart, name="KI-Readiness-Radar.png")],
        data={
            "event": "done",
            "result": result.model_dump(mode="json"),
            "comparison": comparison.model_dump(mode="json"),
        },
    )


def _llm_interpreter() -> Interpreter | None:
    """In LLM mode the model may read unclear answers; the rule mapper decides when its reading is unusable."""
    from agents.llm.models import make_chat_model

    model = make_chat_model()
    if model is None:
        return None
    from agents.llm.interpret import make_interpreter

    return make_interpreter(model)


# "Moment, wir sind eigentlich 12 Leute, nicht 8": a later message correcting an earlier profile answer
_CORRECTS = re.compile(
    r"\b(eigentlich|doch|korrektur|korrigier\w*|moment|sorry|falsch|vertan|verschrieben|ich meinte|sondern|"
    r"stimmt nicht|nicht \d+|nicht (?:ein|eine)\b|halt|ups|verzaehlt|vergessen)"
)
_WE_ARE_COUNT = re.compile(r"\b(?:wir sind|es sind|sind wir|sind es) (?:\w+ ){0,3}\d+\b")
_CORRECTS_STRONG = re.compile(
    r"\b(korrektur|korrigier\w*|vertan|verschrieben|ich meinte|stimmt nicht|nicht \d+|verzaehlt|falsch gezaehlt)\b"
)
# a question to the assistant ("Wie viel Umsatz macht Korn & Kruste?") is never an answer to a check question
_W_QUESTION = re.compile(
    r"^(?:und |aber |ok |okay |sagen sie mal |mal )*(?:was|wie|wer|wo|wann|warum|wieso|welche\w*)\b"
)


def _profile_correction(state: InterviewState, text: str) -> Turn | None:
    """A message correcting the trade or size already given while a later question is open: the profile is
    changed and the open question asked again (nothing is stored as its answer)."""
    t = normalize(text)
    n = employees_mentioned(text)
    # a check question's answer may say "eigentlich" or "5 Leute"; "wir sind doch 14" is a head count, no answer
    strong = _CORRECTS_STRONG.search(t) is not None or (
        n is not None and _WE_ARE_COUNT.search(t) is not None and n != state.profile.employees
    )
    if _CORRECTS.search(t) is None or (not state.current.startswith("p:") and not strong):
        return None
    p, done, ack = state.profile, state.done_stack, ""
    if n and "p:size" in done and state.current != "p:size" and n != p.employees:
        p.employees = n
        p.size_class, label = size_class(n)
        ack = f"Korrigiert – Größe: {n} Beschäftigte ({label})."
    elif names_trade(text) and "p:trade" in done and state.current != "p:trade":
        trade, trade_label = parse_trade(text)
        if trade == p.trade and trade_label == p.trade_label:
            if n:  # "Bäckerei mit 12 Leuten, eigentlich": the number answers the open question
                return None
            # "Ach nein, eigentlich sind wir eine Konditorei" after "Bäckerei": the same trade class, said so
            ack = f"Verstanden – das gehört bei uns zur selben Branche „{trade_label}“, am Check ändert sich nichts."
        else:
            p.trade, p.trade_label = trade, trade_label
            ack = f"Korrigiert – Branche: {trade_label}."
    if not ack:
        return None
    return Turn(state=state, text=f"{ack}\n\n{state.last_prompt}".strip(), event="info")


# "wir haben Excel, reicht das?": an answer, then a short question pointing back at it
_ANSWER_THEN_QUESTION = re.compile(r"^(?P<answer>.*\w)\s*[,;.:–-]\s*(?P<question>[^,;.:–-]+\?)\s*$")
_POINTING_QUESTION_WORDS = 4


def _answer_and_question(state: InterviewState, text: str) -> Turn | None:
    """An answer to the open check question followed by a question about it ("wir haben Excel, reicht das?"):
    the question is answered from the FAQ and the answer is stored when it is clear; None otherwise."""
    m = _ANSWER_THEN_QUESTION.match(text.strip())
    if m is None or not state.current.startswith("q:"):
        return None
    question = m.group("question")
    faq = answer_for(question)
    if faq is None and len(question.split()) <= _POINTING_QUESTION_WORDS:  # "reicht das?": the topic is before it
        faq = answer_for(text)
    mapped = map_answer(m.group("answer"), load_bank().question(state.current[2:]))
    if faq is None or mapped.intent != "answer" or mapped.confidence < ACCEPT:
        return None
    turn = advance(state, m.group("answer"), interpreter=_llm_interpreter())
    return Turn(state=turn.state, text=f"{faq.answer}\n\n{turn.text}", event=turn.event)


# "Was heißt einheitlich gepflegt?": the meaning of words of the open question itself
_MEANING_OF = re.compile(
    r"^(?:und |aber |ok |hm+ |sorry )*(?:was (?:genau |denn |eigentlich )*(?:heisst|bedeutet|meinen sie"
    r"(?: denn| genau)* mit|verstehen sie unter|ist mit|ist|sind)|wie (?:meinen sie|ist))"
    r" (?P<words>.+?)(?: gemeint| genau| eigentlich| denn| hier)*$"
)
_WORD_STEM = 5


def asks_words_of_question(state: InterviewState, text: str) -> bool:
    """A question for the meaning of words the open check question uses ("Was heißt einheitlich gepflegt?")."""
    m = _MEANING_OF.search(normalize(text))
    if m is None or not state.last_prompt:
        return False
    words = [w for w in m.group("words").split() if len(w) >= _WORD_STEM]
    prompt = normalize(state.last_prompt).split()
    return bool(words) and all(any(p.startswith(w[:_WORD_STEM]) for p in prompt) for w in words)


def asks_something_else(text: str) -> bool:
    """A W-question ending in "?" without a number ("Wie viel Umsatz macht Korn & Kruste?", also as the last
    clause: "keine Ahnung, was ist ein ERP?"): no answer."""
    if not text.strip().endswith("?"):
        return False
    last = normalize(re.split(r"[,;:.!–-]\s", text.strip())[-1])
    return any(_W_QUESTION.search(t) is not None and not re.search(r"\d", t) for t in (normalize(text), last))


# "Ergebnis bitte", "und die Auswertung?" while questions are still open: said when it comes, nothing stored
_RESULT_WORD = re.compile(
    r"^(?:(?:und|ok|okay|so|jetzt|nun|bitte|also|dann|zeig|zeigen sie|mir|mal)\s+)*(?:das |mein |unser |die |den )?"
    r"(?:ergebnis|auswertung|resultat|zwischenstand|zwischenergebnis)(?:\s+(?:bitte|jetzt|schon|mal|sehen))*$"
)


def asks_result_early(text: str) -> bool:
    """A short message asking for the result while the interview still runs."""
    t = normalize(text)
    return _RESULT_WORD.search(t) is not None or _WANTS_RESULT.search(t) is not None


PAUSE_HINT = "Sie können jederzeit „Pause“ sagen und später mit „weiter“ an derselben Stelle fortsetzen."
PAUSED_NOTE = "Ihr KI-Check ist pausiert – mit „weiter“ geht es an derselben Stelle weiter."
RESULT_LATER = "Ihr Ergebnis sehen Sie direkt nach der letzten Frage hier im Chat."
NEXT_LATER = (
    "Danach sage ich Ihnen, wie es weitergeht: erste Schritte, passende KI-Anwendungen und ein Bericht als PDF."
)
QUESTION_ASIDE = (
    "Darauf kann ich im KI-Check nicht eingehen; als Antwort habe ich es nicht gespeichert. Für eine andere Frage "
    "sagen Sie „Pause“ – mit „weiter“ geht es danach an derselben Stelle weiter."
)
REQUEST_ASIDE = (
    "Das gehört nicht zum KI-Check, ich habe es nicht als Antwort gespeichert. Für etwas anderes sagen Sie "
    "„Pause“; mit „weiter“ geht es danach an derselben Stelle weiter."
)


RESTART_CONFIRM_AFTER = 3  # answered check questions (beyond the profile) that a restart asks before dropping
RESTART_CONFIRM = (
    "Wirklich neu beginnen? Ihre bisherigen {n} Antworten zu den Fragen des Checks gehen dabei verloren. Sagen Sie "
    "„ja, neu beginnen“ – oder antworten Sie einfach auf die offene Frage:\n\n{question}"
)
_YES = re.compile(r"^\W*(?:ja|jawohl|genau|ok|okay|jo|klar|sicher)\b")


def _check_answers(state: InterviewState) -> int:
    """Answers given to the check's own questions (the three profile questions not counted)."""
    return sum(1 for key, a in state.answers.items() if a.value is not None and not key.startswith("p:"))


def _map_trade(mem: dict[str, Any]) -> str | None:
    """The trade of this thread's process map (running or finished): the check need not ask it again (trial 16:
    a physio practice mapped its processes, then „KI-Check starten“ asked for the trade)."""
    trade = ((mem.get("process_map") or {}).get("map") or {}).get("trade")
    return str(trade) if trade and trade != "sonstige" else None


def _map_team(mem: dict[str, Any]) -> int | None:
    """The head count said in this thread's process map („Hofladen, 6 Leute“): the check need not ask it again."""
    team = (mem.get("process_map") or {}).get("team")
    return int(team) if isinstance(team, int) and team > 0 else None


def _confirm_restart(state: InterviewState, mem: dict[str, Any], ctx: TurnContext) -> AgentReply:
    """„neu starten“ after several answers: asked once before they are dropped (the step is kept)."""
    mem["restart_asked"] = True
    ctx.memory[MEMORY_KEY] = mem
    text = RESTART_CONFIRM.format(n=_check_answers(state), question=state.last_prompt)
    return AgentReply(
        text=text,
        tools_called=["interview"],
        data={"event": "info", "current": state.current, "paused": state.paused, "phase": state.phase},
    )


def run(slots: Slots, ctx: TurnContext) -> AgentReply:
    """Start, continue, pause, resume or abort the interview with the user's message."""
    mem: dict[str, Any] = dict(ctx.memory.get(MEMORY_KEY) or {})
    state = _state(ctx.memory)
    text = slots.text or ""
    aside = bool(mem.pop("aside", False))  # the last answer was a refusal that kept the check running
    done, _ = finished_result(ctx.memory)
    if done is not None and explains_result(ctx.memory, text):  # "Warum nur 2 von 5?": the areas behind it
        return AgentReply(text=result_reasons(done), tools_called=["interview"], data={"event": "info"})
    if wants_result(ctx.memory, text, guest=True):  # "Zeig mir das Ergebnis": no new interview is started for it
        return result_again(ctx)
    if (state is None or state.phase != "running") and faq_before_start(text) and not _RESTART.search(normalize(text)):
        return _faq_reply(text)  # "Wie lange dauert der Check?" before it started: answered, nothing started
    restart_asked = bool(mem.pop("restart_asked", False))  # "neu starten" was asked back the turn before
    running = state is not None and state.phase == "running"
    restart = _RESTART.search(normalize(text)) is not None or (restart_asked and _YES.search(normalize(text)))
    if state is not None and running and restart and not restart_asked:
        if _check_answers(state) >= RESTART_CONFIRM_AFTER:
            return _confirm_restart(state, mem, ctx)
    if state is None or not running or restart:
        turn = start(load_bank(), opening=text, trade=_map_trade(mem), employees=_map_team(mem))
        if (asked := opening_faq(text)) is not None:  # „bringt mir das überhaupt was? Ich hab ne Zahnarztpraxis.“:
            turn = Turn(state=turn.state, text=f"{asked.answer}\n\n{turn.text}", event=turn.event)  # answered first
    elif state.paused:
        if command_intent(text) == "abort":
            state.paused = False
            turn = advance(state, "abbrechen")
        elif command_intent(text) != "resume" and (faq := answer_for(text)) is not None:
            # "Was kostet der Check eigentlich?" during the pause: answered, the check stays paused
            turn = Turn(state=state, text=f"{faq.answer}\n\n{PAUSED_NOTE}", event="info")
        elif answers_paused(ctx.memory, text):  # „eher nicht“ after „Moment, das Telefon klingelt“: taken, go on
            state.paused = False
            turn = advance(state, text, interpreter=_llm_interpreter())
            turn = Turn(state=turn.state, text=f"Willkommen zurück! {turn.text}", event=turn.event)
        else:
            turn = resume(state)
    elif aside and command_intent(text) == "resume":  # "ok, dann weiter mit dem Check" after a refusal
        turn = resume(state)
    elif _GO_AHEAD.search(normalize(text)) is not None:  # „ok, dann fangen wir an“ after the check started with
        # the business named in the first message: no answer to the open question (trial 38 asked it back as one)
        turn = Turn(state=state, text=f"{ALREADY_RUNNING}\n\n{state.last_prompt}".strip(), event="info")
    elif asks_repeat(text):  # "Können Sie die Frage wiederholen?"
        turn = Turn(state=state, text=f"Gern noch einmal:\n\n{state.last_prompt}".strip(), event="info")
    elif asks_why(text):  # "Warum fragen Sie das?": what the answer is used for, then the question again
        turn = answer_question(state, why_current(state))
    elif asks_meaning(text) or asks_words_of_question(state, text):  # "Was meinen Sie damit?": explained, asked again
        turn = answer_question(state, explain_current(state))
    elif (mixed := _answer_and_question(state, text)) is not None:  # "wir haben Excel, reicht das?"
        turn = mixed
    elif command_intent(text) == "pause":  # „Ich muss los, kann ich später weitermachen?“: the pause, no FAQ
        turn = advance(state, text, interpreter=_llm_interpreter())
    elif (faq := answer_for(text)) is not None:  # "Was kostet das?": answered, same question again
        # "Wie lange dauert das noch?", "Kann ich schon ein Ergebnis sehen?": this interview's rest first
        if faq.question.startswith("Wie lange"):  # the general "Erst drei Profilfragen …" is stale mid-check
            turn = answer_question(state, f"{progress_note(state)} {PAUSE_HINT}")
        elif faq.question.startswith("Wann sehe"):
            turn = answer_question(state, f"{progress_note(state)} {faq.answer}")
        else:
            turn = answer_question(state, faq.answer)
    elif asks_result_early(text):  # "Ergebnis bitte" at question 2: when it comes, the same question again
        turn = answer_question(state, f"{progress_note(state)} {RESULT_LATER}")
    elif _RESULT_MEANING.search(normalize(text)):  # "Wie geht es jetzt weiter?" mid-check: how much is left
        turn = answer_question(state, f"{progress_note(state)} {RESULT_LATER} {NEXT_LATER}")
    elif is_request(text):  # "Zeig mir den Liquiditätsplan" (a tool this role may not use): never stored as answer
        turn = answer_question(state, REQUEST_ASIDE)
    elif (corrected := _profile_correction(state, text)) is not None:  # "wir sind eigentlich 12 Leute"
        turn = corrected
    elif asks_something_else(text):  # "Wie viel Umsatz macht Korn & Kruste?" while the router was unsure
        turn = answer_question(state, QUESTION_ASIDE)
    else:
        turn = advance(state, text, interpreter=_llm_interpreter())
    mem["interview"] = turn.state.model_dump(mode="json")
    ctx.memory[MEMORY_KEY] = mem
    if turn.event == "done":
        return _finish(turn, ctx, mem)
    answered = sum(1 for a in turn.state.answers.values() if a.value is not None)
    return AgentReply(
        text=turn.text,
        tools_called=["interview"],
        data={
            "event": turn.event,
            "current": turn.state.current,
            "answered": answered,
            "turns": turn.state.turns,
            "paused": turn.state.paused,
            "phase": turn.state.phase,
        },
    )
