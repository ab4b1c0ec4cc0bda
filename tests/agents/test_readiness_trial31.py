"""Trial 31 (browser): what a sceptical visitor takes home from the KI-Readiness check – first steps for their
trade and size, true answers to „ausdrucken / mitnehmen / per Mail?“, the AI notice in the report – and a
business named after „na gut.“ starts the check instead of the greeting."""

from __future__ import annotations

from pathlib import Path

from langgraph.checkpoint.memory import InMemorySaver

from agents.graph import build_graph, run_turn
from tools.readiness.backlog import backlog_for, load_catalog
from tools.readiness.bank import load_bank
from tools.readiness.engine import advance, start
from tools.readiness.faq import answer_for, doubts_answer
from tools.readiness.profile import employees_mentioned, parse_employees
from tools.readiness.scoring import score_state
from tools.readiness.strategy import first_steps

ANSWERS = ["nein", "2", "ja", "2", "3", "3", "3", "2", "2", "ja", "3", "4"] + ["2"] * 12


def _result(opening: str, answers: list[str]):  # type: ignore[no-untyped-def]
    turn = start(load_bank(), opening=opening)
    for a in answers:
        turn = advance(turn.state, a)
    return score_state(turn.state)


def test_take_away_and_doubt_questions_find_their_answers() -> None:
    mail = answer_for("kann ich das Ergebnis per Mail bekommen?")
    assert mail is not None and "Per E-Mail verschicke ich nichts" in mail.answer and "PDF" in mail.answer
    assert mail.answer.startswith("Per E-Mail verschicke ich nichts")  # not „Ja.“ to the e-mail
    take = answer_for("kann ich das irgendwie mitnehmen?")
    assert take is not None and take.answer.startswith("Ja.") and take.question == mail.question
    human = answer_for("hat das jetzt ein Mensch ausgewertet?")
    assert human is not None and "kein Mensch hat sie geprüft" in human.answer
    doubt = answer_for("bringt mir das überhaupt was?")
    assert doubt is not None and "zwei bis drei erste" in doubt.answer
    no_time = doubts_answer("ich hab keine Zeit für sowas")
    assert no_time is not None and "Minuten" in no_time.answer
    assert doubts_answer("Tischlerei, 5 Leute") is None
    tool = answer_for("was ist ein Tool?")  # an English word in the middle of the check (browser run 4)
    assert tool is not None and "Programm oder eine App" in tool.answer
    cost = answer_for("Sprechen wir über Preise?")  # „über“ is no stem of the doubt entry
    assert cost is not None and cost.question == "Was kostet der Check?"


def test_a_couple_running_the_business_counts_two() -> None:
    assert employees_mentioned("Imkerei, ich und mein Mann, Arendsee") == 2
    assert parse_employees("meine Frau und ich") == 2
    assert employees_mentioned("ich und meine Frau und 3 Gesellen") != 2  # a number said wins


def test_first_steps_fit_trade_size_and_answers() -> None:
    small = _result("Tischlerei, 2 Leute, Stendal", ANSWERS)
    backlog = backlog_for(small.profile.trade, small.scores, small.profile.employees)
    steps = first_steps(small, backlog)
    assert len(steps) == 3 and steps[0].startswith("1. ")
    generic = {uc.id for uc in load_catalog() if "*" in uc.trades}
    first = next(u for u in backlog.quick_wins if u.pilot is not None and u.id not in generic)
    assert f"„{first.title}“" in steps[0]  # the trade's own quick win, not one every trade has
    lowest = min(small.gaps, key=lambda g: g.value)  # the visitor's weakest answer, with its level text
    question = load_bank().question(lowest.qid)
    assert question.text.split("(")[0].strip().rstrip("?") in steps[1]
    assert question.levels[int(lowest.value)].rstrip(".") in steps[1] and lowest.next_level.rstrip(".") in steps[1]
    assert "Sie und wer im Betrieb mitmacht" in steps[2]
    big = _result("Tischlerei, 25 Leute, Stendal", ANSWERS)
    big_steps = first_steps(big, backlog_for(big.profile.trade, big.scores, big.profile.employees))
    assert "Eine Person benennen" in big_steps[2]


def test_na_gut_then_the_business_starts_the_check() -> None:
    g = build_graph(checkpointer=InMemorySaver())
    say = lambda text: run_turn(g, text, role="guest", thread_id="t31-na-gut")  # noqa: E731
    r = say("bringt mir so ein KI-Check überhaupt was?")
    assert r.tool == "interview" and "Als Ergebnis bekommen Sie" in r.text
    r = say("na gut. Imkerei, ich und meine Frau, bei Salzwedel")
    assert r.tool == "interview" and "Frage 1 von 24" in r.text


def test_a_doubt_said_with_the_business_is_answered_before_the_check_starts() -> None:
    g = build_graph(checkpointer=InMemorySaver())
    r = run_turn(
        g, "Ehrlich gesagt: bringt mir so ein Check was? Ich hab ne Zahnarztpraxis.", role="guest", thread_id="t31-d"
    )
    assert r.tool == "interview" and r.text.startswith("Ehrlich gesagt: Das hängt davon ab")
    assert "Wie viele Beschäftigte" in r.text  # and the check goes on with the next profile question


def test_after_the_result_mail_cost_and_the_report_notice() -> None:
    g = build_graph(checkpointer=InMemorySaver())
    say = lambda text: run_turn(g, text, role="guest", thread_id="t31-after")  # noqa: E731
    say("Zahnarztpraxis, 8 Leute, Stendal")
    for text in ANSWERS:
        r = say(text)
    assert r.data.get("event") == "done" and "Ihre ersten Schritte" in r.text and "1. " in r.text
    r = say("und kann ich mir das per Mail schicken lassen?")
    assert r.tool == "strategy" and r.text.startswith("Per E-Mail verschicken kann ich nichts")
    pdf = next(a for a in r.artifacts if a.mime == "application/pdf")
    html = next(a for a in r.artifacts if a.mime == "text/html")
    assert Path(pdf.path).read_bytes().startswith(b"%PDF")
    page = Path(html.path).read_text(encoding="utf-8")
    assert "KI-System" in page and "Ihre ersten Schritte" in page
    r = say("was kostet mich das, wenn ich das umsetze?")
    assert r.tool == "strategy" and "Aufwand" in r.text.split("\n")[0]
    r = say("hat das jetzt ein Mensch ausgewertet?")
    assert r.tool == "strategy" and "KI-System" in r.text


def test_a_question_in_the_first_message_with_the_business_is_answered_and_the_check_starts() -> None:
    """Browser runs 6 and 7: the data question was left unanswered; „…, 18 Leute. Bringt mir das überhaupt was?“
    got „Meinen Sie Show-Case-Rundgang?“ and then the greeting for every answer."""
    g = build_graph(checkpointer=InMemorySaver())
    r = run_turn(
        g,
        "Landmaschinenhandel mit Werkstatt, 18 Leute, bei Salzwedel. Bringt mir das überhaupt was?",
        role="guest",
        thread_id="t31-land",
    )
    assert r.tool == "interview" and r.text.startswith("Ehrlich gesagt") and "Frage 1 von 24" in r.text
    r = run_turn(
        g,
        "Ich leite ein Steuerbüro mit 2 Steuerberatern und 6 Fachangestellten in Magdeburg. Bevor ich anfange: "
        "Was passiert mit meinen Angaben?",
        role="guest",
        thread_id="t31-steuer",
    )
    assert r.tool == "interview" and "anonym" in r.text.split("\n")[0] and "Größe: 8 Beschäftigte" in r.text


def test_a_guest_asking_the_bakerys_account_is_refused_not_told_the_check_is_free() -> None:
    """Lead's held-out set 10: „wie viel Geld …“ matched the cost FAQ and „Bäckerei“ the trade, so the check
    started with „Der Check kostet nichts“; a money figure of the firm is refused, the check's cost still answered."""
    g = build_graph(checkpointer=InMemorySaver())
    r = run_turn(g, "wie viel geld hat die bäckerei auf dem konto?", role="guest", thread_id="t-l10-konto")
    assert r.tool == "liquidity" and "nicht zur Verfügung" in r.text and "kostet nichts" not in r.text
    r = run_turn(g, "Bäckerei mit 2 Filialen, was kostet mich der Check?", role="guest", thread_id="t-l10-cost")
    assert r.tool == "interview" and r.text.startswith("Der Check kostet nichts")


def test_a_question_about_the_check_before_it_gets_its_answer_not_a_demand_to_start() -> None:
    """„Was genau bringt mir so ein KI-Check?“ as a guest's first message: what the check gives, then the offer to
    start (lead 9: only „Für eine KI-Strategie brauche ich zuerst Ihr Interview“)."""
    g = build_graph(checkpointer=InMemorySaver())
    r = run_turn(g, "was genau bringt mir so ein ki-check?", role="guest", thread_id="faq-before-check")
    assert "PDF" in r.text and "Interview starten" in r.text
    assert not r.text.startswith("Für eine KI-Strategie brauche ich zuerst")
