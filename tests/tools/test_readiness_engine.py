"""The interview state machine: navigation, asking back, follow-ups, persistence, scoring, scripted runs."""

from __future__ import annotations

import json

from tools.readiness.engine import InterviewState, advance, expected_topic, start
from tools.readiness.scoring import level_of, score_state
from tools.readiness.scripted import run_script, summary

PROFILE = ["Bäckerei", "25", "Stendal"]


def _say(state: InterviewState, *texts: str):
    turn = None
    for t in texts:
        # round-trip through JSON like the checkpointer does between turns
        state = InterviewState.model_validate(json.loads(json.dumps(state.model_dump(mode="json"))))
        turn = advance(state, t)
        state = turn.state
    return turn


def test_starts_with_profile_then_first_question():
    t = start()
    assert "Branche" in t.text and t.state.current == "p:trade"
    t = _say(t.state, *PROFILE)
    assert t.state.profile.trade == "baeckerei" and t.state.profile.size_class == "klein"
    assert t.state.current == "q:strategy_goals" and "Frage 1 von 24" in t.text


def test_unsure_answer_is_asked_back_not_guessed():
    t = _say(start().state, *PROFILE, "hm, kommt drauf an")
    assert t.event == "askback" and "strategy_goals" not in t.state.answers
    assert t.text.startswith("(Frage 1 von 24")  # the asker sees which question is still open
    t = _say(t.state, "2")
    assert t.state.answers["strategy_goals"].value == 2 and t.state.answers["strategy_goals"].turns == 2
    t2 = _say(start().state, *PROFILE, "hm", "puh, gute Frage")
    assert t2.state.answers["strategy_goals"].status == "unclear" and t2.state.answers["strategy_goals"].value is None


def test_back_skip_and_dont_know():
    t = _say(start().state, *PROFILE, "eher nicht", "ja")
    assert t.state.answers["strategy_lead"].value == 4
    t = _say(t.state, "zurück")
    assert t.state.current == "q:strategy_lead" and "strategy_lead" not in t.state.answers
    t = _say(t.state, "nein", "überspringen", "weiß nicht")
    assert t.state.answers["strategy_lead"].value == 1
    assert t.state.answers["strategy_culture"].status == "skipped"
    assert t.state.answers["strategy_experience"].status == "dontknow"


def test_pause_keeps_state_and_resumes_same_question():
    t = _say(start().state, *PROFILE, "3", "Pause")
    assert t.event == "paused" and t.state.paused and t.state.current == "q:strategy_lead"
    turns = t.state.turns
    t = _say(t.state, "weiter")
    assert t.event == "resumed" and not t.state.paused and t.state.current == "q:strategy_lead"
    assert t.state.turns == turns
    assert t.state.answers["strategy_goals"].value == 3


def test_abort_ends_interview():
    t = _say(start().state, *PROFILE, "abbrechen")
    assert t.event == "aborted" and t.state.phase == "aborted"
    assert _say(t.state, "3").event == "info"


STRATEGY = ["2", "2", "2", "2"]


def test_contradiction_triggers_followup_and_correction():
    # "Werten Sie regelmäßig aus" answered with dashboards although nothing is captured digitally
    t = _say(start().state, *PROFILE, *STRATEGY, "nein, alles Papier", "2", "2", "5")
    assert t.event == "followup" and t.state.pending_followup.qid == "data_use"
    assert t.state.pending_followup.other == "data_capture"
    assert "passen hier nicht ganz zusammen" in t.text and "stimmt so" in t.text
    t = _say(t.state, "eher 2")
    assert t.state.answers["data_use"].value == 2 and t.state.answers["data_use"].corrected_from == 5
    assert t.state.current == "q:tech_internet"


def test_unclear_dimension_triggers_overall_rating():
    t = _say(start().state, *PROFILE, "weiß nicht", "weiß nicht", "überspringen", "3")
    assert t.event == "followup" and t.state.pending_followup.kind == "unclear"
    t = _say(t.state, "2")
    r = score_state(t.state)
    # one answered item (3) plus the overall rating (2) standing in for the three open questions
    assert r.scores["strategy"] == 2.25


def test_scripted_run_and_summary_shape():
    run = run_script(
        {
            "profile": PROFILE,
            "strategy": ["2"],
            "data": ["3"],
            "technology": ["4"],
            "processes": ["2"],
            "cooperation": ["1"],
            "governance": ["eher nicht"],
        }
    )
    assert run.completed
    s = summary(run)
    assert set(s) == {"scores", "overall", "level", "turns", "answered", "skipped"}
    assert s["scores"] == {
        "strategy": 2.0,
        "data": 3.0,
        "technology": 4.0,
        "processes": 2.0,
        "cooperation": 1.0,
        "governance": 2.0,
    }
    assert s["overall"] == 2.33 and s["level"] == "Entdecker"
    assert s["turns"] == 27 and s["answered"] == 24 and s["skipped"] == 0


def test_scripted_last_answer_repeats_and_topic_tracking():
    run = run_script({"profile": PROFILE, "data": ["nein", "nein", "nein", "nein", "2"]})
    assert run.completed
    # capture 1, use 1 contradict nothing; the last answer "2" repeats for the other areas
    assert all(run.state.answers[q].value == 1 for q in ("data_capture", "data_quality", "data_history", "data_use"))
    assert not run.state.followups.get("data")
    run = run_script({"profile": PROFILE, "data": ["nein", "nein", "nein", "5"]})
    # data used at 5 though nothing is captured: asked back, the repeated last answer keeps 5
    assert run.state.answers["data_use"].corrected_from == 5 and run.state.followups["data"].kind == "conflict"
    assert run.result.scores["strategy"] is None  # only skipped, and the follow-up was skipped too
    assert expected_topic(start().state) == "profile"


def test_level_names():
    assert level_of(1.2)[1] == "Einsteiger" and level_of(3.0)[1] == "Anwender" and level_of(4.6)[1] == "Vorreiter"


def test_trade_answer_with_a_head_count_takes_both():
    """Browser trial: 'Bäckerei mit 12 Mitarbeitenden' kept the trade and asked for the size again."""
    t = advance(start().state, "Bäckerei mit 12 Mitarbeitenden")
    p = t.state.profile
    assert p.trade == "baeckerei" and p.employees == 12 and p.size_class == "klein"
    assert t.state.current == "p:region" and "12 Beschäftigte" in t.text
    t = advance(start().state, "Bäckerei seit 1961")  # a year is no head count
    assert t.state.profile.employees is None and t.state.current == "p:size"


def test_an_answer_between_two_levels_quotes_both() -> None:
    """Browser trial 5: „eher nicht, wir haben darüber noch nie gesprochen“ → „Stufe 1,5 – „Wir haben vage Ideen …““."""
    t = _say(start().state, *PROFILE, "eher nicht, wir haben darüber noch nie gesprochen")
    value = t.state.answers["strategy_goals"].value
    assert value is not None and value % 1 == 0.5
    assert "zwischen „Nein, darüber haben wir noch nicht gesprochen.“ und „Wir haben vage Ideen" in t.text
    whole = _say(start().state, *PROFILE, "2")
    assert "Verstanden: Stufe 2 – „Wir haben vage Ideen, aber nichts festgelegt.“" in whole.text


def test_a_message_referring_back_corrects_the_previous_answer_and_repeats_the_open_question() -> None:
    """Trial 12 #23 / trial 16: „ach nee, das stimmt nicht, wir haben nur vage Ideen“ after answering question 1
    was stored as the answer to question 2."""
    t = _say(start().state, *PROFILE, "ja, wir haben klare Ziele aufgeschrieben")
    first = t.state.answers["strategy_goals"].value
    t = _say(t.state, "ach nee, das stimmt nicht, wir haben nur vage Ideen")
    assert t.state.current == "q:strategy_lead" and "strategy_lead" not in t.state.answers
    assert t.state.answers["strategy_goals"].value is not None and t.state.answers["strategy_goals"].value < first
    assert t.text.startswith("Korrigiert – Frage 1") and "Frage 2 von 24" in t.text
    t = _say(t.state, "das stimmt nicht")  # no new content: an answer to the open question as before
    assert "Korrigiert" not in t.text


def test_a_head_count_said_as_zu_fuenft_or_after_a_dash_is_taken_from_the_opening() -> None:
    """Trial 12 #25: „wir sind zu fünft“ gave no size; „…, 9 Leute, Arendsee – kann ich …“ left the region open."""
    t = start(opening="Hallo, wir sind eine Tischlerei aus Gardelegen, wir sind zu fünft. Können wir den Check machen?")
    p = t.state.profile
    assert (p.employees, p.region, t.state.current) == (5, "Gardelegen", "q:strategy_goals")
    t = start(opening="Landgasthof mit Pension, 9 Leute, Arendsee – kann ich hier so einen KI-Test machen?")
    assert (t.state.profile.employees, t.state.profile.region) == (9, "Arendsee")


def test_a_trade_known_from_the_process_map_is_not_asked_again_and_back_reaches_it() -> None:
    t = start(trade="praxis")
    assert t.state.profile.trade == "praxis" and t.state.current == "p:size" and "Praxis/Therapie" in t.text
    t = _say(t.state, "zurück")
    assert t.state.current == "p:trade"
    assert start(opening="Wir sind ein Blumenladen", trade="praxis").state.profile.trade == "floristik"


def test_the_process_maps_head_count_is_taken_over_and_not_asked_again() -> None:
    """Trial 16 #16: the map's „Physiotherapie-Praxis mit 6 Leuten“ was asked again in the check."""
    t = start(trade="praxis", employees=6)
    assert t.state.profile.employees == 6 and "p:size" in t.state.done_stack
    assert "6 Beschäftigte" in t.text and "Wie viele Beschäftigte" not in t.text
    assert "Wie viele Beschäftigte" in start(trade="praxis").text  # without a count: asked
