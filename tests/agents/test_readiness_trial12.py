"""Trial 12 through the supervisor graph: a visitor's refused question, empty message, asides and the result's
follow-ups never lose the interview's step."""

from __future__ import annotations

from langgraph.checkpoint.memory import InMemorySaver

from agents.graph import build_graph, run_turn
from agents.nlu.router import RouteDecision


class VisitorRouter:
    """'check' starts the interview, 'umsatz' asks the bakery's budget (closed to guests), the rest is small talk."""

    def route(self, text: str) -> RouteDecision:
        t = text.lower()
        if "check" in t:
            return RouteDecision(agent="readiness", tool="interview", confidence=0.95)
        if "umsatz" in t:
            return RouteDecision(agent="finance", tool="budget_forecast", confidence=0.95)
        return RouteDecision(agent="supervisor", tool="smalltalk", confidence=0.95)


def _say(thread: str):  # type: ignore[no-untyped-def]
    g = build_graph(router=VisitorRouter(), checkpointer=InMemorySaver())
    return lambda text: run_turn(g, text, role="guest", thread_id=thread)


def test_a_refused_question_keeps_the_open_question_and_the_next_answer_is_stored() -> None:
    say = _say("t12-refused")
    say("KI-Check starten")
    say("Friseursalon")
    r = say("Wie viel Umsatz macht die Bäckerei eigentlich im Monat?")
    assert r.tool == "budget_forecast" and "nicht zur Verfügung" in r.text and "Beschäftigte" in r.text
    r = say("4")
    assert r.tool == "interview" and "Größe: 4 Beschäftigte" in r.text


def test_weiter_after_a_refusal_resumes() -> None:
    say = _say("t12-weiter")
    say("KI-Check starten")
    say("Friseursalon")
    say("Wie viel Umsatz macht die Bäckerei?")
    r = say("ok, dann weiter mit dem Check")
    assert r.data["event"] == "resumed" and "Beschäftigte" in r.text


def test_an_empty_message_shows_the_open_question_again() -> None:
    say = _say("t12-empty")
    say("KI-Check starten")
    r = say("   ")
    assert "leer" in r.text and "Branche" in r.text
    assert say("Tischlerei").tool == "interview"


def test_asides_store_nothing() -> None:
    say = _say("t12-asides")
    for text in ("KI-Check starten", "Tischlerei, 12, Gardelegen"):
        r = say(text)
    assert "Frage 1 von 24" in r.text
    for text in ("keine Ahnung, was ist ein ERP?", "Ergebnis bitte", "Bin ich mit einem Menschen im Gespräch?"):
        r = say(text)
        assert r.tool == "interview" and r.data["answered"] == 0 and "Frage 1 von 24" in r.text
    assert "KI-System" in r.text


def test_a_paused_check_answers_a_faq_question_and_stays_paused() -> None:
    say = _say("t12-paused")
    for text in ("KI-Check starten", "Tischlerei, 12, Gardelegen", "Pause"):
        say(text)
    r = say("Was kostet der Check eigentlich?")
    assert "kostet nichts" in r.text and r.data["event"] == "info" and "pausiert" in r.text
    r = say("weiter")
    assert r.data["event"] == "resumed" and "Frage 1 von 24" in r.text


def test_after_the_result_why_so_low_and_the_first_steps() -> None:
    say = _say("t12-result")
    for text in ("KI-Check starten", "Friseur", "4", "Stendal"):
        say(text)
    for answer in ["nein"] * 8 + ["ja"] * 8 + ["nein"] * 8:
        r = say(answer)
    assert r.data["event"] == "done"
    r = say("warum nur so wenig?")
    assert r.tool == "interview" and "Durchschnitt der sechs Bereiche" in r.text and "Governance & Ethik" in r.text
    r = say("was soll ich als erstes tun?")
    assert r.tool == "strategy" and r.text.startswith("Als erste Schritte")
    r = say("Kann ich das als PDF runterladen?")
    assert r.tool == "strategy" and "PDF" in r.text.split("\n")[0]
    assert any(a.mime == "application/pdf" for a in r.artifacts)


def test_a_question_about_the_check_in_the_pause_is_answered_by_the_check() -> None:
    g = build_graph(checkpointer=InMemorySaver())  # the real router: it would pick the help for this question
    say = lambda text: run_turn(g, text, role="guest", thread_id="t12-pause-faq")  # noqa: E731
    for text in (
        "KI-Check starten",
        "Hofladen, 4 Leute, Stendal",
        "Ich muss jetzt ans Telefon, machen wir nachher weiter",
    ):
        say(text)
    r = say("Werden meine Daten hier gespeichert?")
    assert r.tool == "interview" and "anonym" in r.text and "pausiert" in r.text
    r = say("so, weiter")
    assert r.data["event"] == "resumed" and "Frage 1 von 24" in r.text


def test_a_head_count_correction_at_a_check_question_changes_the_size_and_stores_no_answer() -> None:
    say = _say("t12-size-later")
    for text in ("KI-Check starten", "Tischlerei, 12, Gardelegen"):
        say(text)
    r = say("ach nee, wir sind doch 14")
    assert "Größe: 14 Beschäftigte" in r.text and r.data.get("answered", 0) == 0 and "Frage 1 von 24" in r.text


def test_how_long_mid_check_counts_this_interview_only() -> None:
    say = _say("t12-how-long")
    for text in ("KI-Check starten", "Tischlerei, 12, Gardelegen", "3"):
        say(text)
    r = say("Wie lange dauert das noch?")
    assert "noch 23 Fragen" in r.text and "Profilfragen" not in r.text and "Frage 2 von 24" in r.text
