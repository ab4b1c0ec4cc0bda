"""The readiness agent over several chat turns with memory persisted as JSON, and the CLI."""

from __future__ import annotations

import json
from datetime import date

from typer.testing import CliRunner

from agents.contracts import Slots, TurnContext
from agents.readiness import interview, strategy
from tools.readiness.backlog import load_catalog


class Chat:
    """Simulates the supervisor: memory is JSON-serialised between turns like the checkpointer does."""

    def __init__(self, role: str = "guest") -> None:
        self.memory: dict = {}
        self.role = role

    def say(self, text: str, tool: str = "interview"):
        ctx = TurnContext(
            role=self.role,
            thread_id="t-readiness",
            today=date(2026, 11, 25),
            memory=json.loads(json.dumps(self.memory)),
        )
        reply = (interview if tool == "interview" else strategy).run(Slots(text=text), ctx)
        self.memory = json.loads(json.dumps(ctx.memory))
        return reply


def _answer_all(chat: Chat, value: str = "3") -> object:
    reply = None
    for _ in range(24):
        reply = chat.say(value)
    return reply


def test_full_dialogue_pause_resume_result_and_strategy():
    chat = Chat()
    r = chat.say("Strategie bitte", tool="strategy")
    assert "zuerst" in r.text and not r.artifacts
    r = chat.say("Ich möchte den KI-Check machen")
    assert "Branche" in r.text and interview.is_active(chat.memory)
    for t in ("Tischlerei", "12", "Gardelegen", "eher nicht"):
        r = chat.say(t)
    r = chat.say("Pause")
    assert not interview.is_active(chat.memory) and interview.is_paused(chat.memory)
    r = chat.say("Strategie", tool="strategy")
    assert "läuft noch" in r.text
    r = chat.say("Interview fortsetzen")
    assert interview.is_active(chat.memory) and "Frage 2 von 24" in r.text
    for _ in range(23):
        r = chat.say("teilweise")
    assert not interview.is_active(chat.memory)
    assert r.data["event"] == "done" and r.artifacts and r.artifacts[0].kind == "image"
    res = r.data["result"]
    assert res["scores"]["strategy"] == 2.75 and res["scores"]["data"] == 3.0
    assert "2,8" in r.text and "Reifegrad" in r.text and "Destatis" in r.text
    r = chat.say("Strategie erstellen", tool="strategy")
    kinds = {(a.kind, a.mime) for a in r.artifacts}
    assert ("file", "text/html") in kinds and ("image", "image/png") in kinds and ("file", "application/pdf") in kinds
    assert "Fahrplan" in r.text and r.data["strategy"]["roadmap"]
    backlog = r.data["strategy"]["backlog"]
    top = backlog["items"][0]
    assert f"{top['title']} – {top['score']} von 100 Punkten" in r.text and top["reason"] in r.text
    # on the trade's typical processes the trade's own quick win is piloted before one every trade has (trial 31)
    generic = {uc.id for uc in load_catalog() if "*" in uc.trades}
    wins = [u for u in backlog["items"] if u["quick_win"] and u["pilot"]]
    first = next((u for u in wins if u["id"] not in generic), wins[0] if wins else None)
    if first is not None:
        assert f"Pilot für den ersten Quick Win „{first['title']}“" in r.text and "Inhaber/in" in r.text
    assert r.artifacts[1].path.exists()


def test_abort_and_restart():
    chat = Chat(role="employee")
    chat.say("KI-Check starten")
    chat.say("Bäckerei")
    r = chat.say("abbrechen")
    assert "abgebrochen" in r.text and not interview.is_active(chat.memory)
    r = chat.say("Interview starten")
    assert interview.is_active(chat.memory) and chat.memory["readiness"]["interview"]["current"] == "p:trade"


def test_restart_only_on_clear_request():
    chat = Chat()
    chat.say("Interview starten")
    chat.say("Bäckerei")
    chat.say("20")
    chat.say("Stendal")
    r = chat.say("von vorne bis hinten alles digital")
    assert chat.memory["readiness"]["interview"]["current"] != "p:trade"
    r = chat.say("Interview bitte neu starten")
    assert chat.memory["readiness"]["interview"]["current"] == "p:trade" and "Branche" in r.text


def test_abort_while_paused():
    chat = Chat()
    chat.say("Interview starten")
    chat.say("Pause")
    r = chat.say("abbrechen")
    assert "abgebrochen" in r.text and not interview.is_paused(chat.memory)


def test_cli_run_json(tmp_path):
    from app.cli import app

    f = tmp_path / "answers.json"
    f.write_text(
        json.dumps(
            {
                "profile": ["Autohaus", "30", "Tangermünde"],
                "strategy": ["eher nicht"],
                "data": ["ja"],
                "technology": ["4"],
                "processes": ["teilweise"],
                "cooperation": ["nein"],
                "governance": ["weiß nicht"],
            }
        ),
        encoding="utf-8",
    )
    res = CliRunner().invoke(app, ["readiness", "run", "--answers", str(f), "--json"])
    assert res.exit_code == 0, res.output
    out = json.loads(res.stdout.strip().splitlines()[-1])
    assert set(out) == {"scores", "overall", "level", "turns", "answered", "skipped"} | {
        "goals",
        "goals_assumed",
        "processes",
        "use_cases",
    }
    # no goals or processes given: the trade's defaults, marked as assumed
    assert out["goals_assumed"] and out["processes"] and all(p["assumed"] for p in out["processes"])
    keys = {"id", "title", "process", "value", "feasibility", "fit", "score", "quick_win", "reason", "pilot"}
    assert out["use_cases"] and all(keys <= set(u) for u in out["use_cases"])
    assert out["scores"]["strategy"] == 2.0 and out["scores"]["technology"] == 4.0
    assert out["scores"]["governance"] is None and out["skipped"] == 4 and out["answered"] == 20
    bad = tmp_path / "bad.json"
    bad.write_text('{"foo": [1]}', encoding="utf-8")
    res = CliRunner().invoke(app, ["readiness", "run", "--answers", str(bad), "--json"])
    assert res.exit_code == 2 and "Ungültige" in res.output


def test_cli_run_with_goals_processes_and_pdf(tmp_path):
    from app.cli import app

    answers = {
        "profile": ["Malerbetrieb", "8", "Gardelegen"],
        **{d: ["3"] for d in ("strategy", "data", "technology", "cooperation", "governance")},
        "goals": ["Angebote schneller schreiben"],
        "processes": [
            "3",
            {
                "id": "angebote",
                "title": "Aufmaß & Angebote",
                "group": "wertschoepfung",
                "hours_per_week": 12,
                "pains": ["nacharbeit"],
                "data": ["software"],
            },
        ],
        "hourly_rate": 50,
    }
    f = tmp_path / "a.json"
    f.write_text(json.dumps(answers), encoding="utf-8")
    pdf, html = tmp_path / "r.pdf", tmp_path / "r.html"
    res = CliRunner().invoke(
        app, ["readiness", "run", "--answers", str(f), "--json", "--pdf", str(pdf), "--report", str(html)]
    )
    assert res.exit_code == 0, res.output
    out = json.loads(res.stdout.strip().splitlines()[-1])
    assert out["scores"]["processes"] == 3.0  # the texts in 'processes' still answer the dimension
    assert not out["goals_assumed"] and [p["id"] for p in out["processes"]] == ["angebote"]
    top = out["use_cases"][0]
    assert top["id"] == "craft_quotes" and top["quick_win"] and top["pilot"]["weeks"] == 4
    assert top["value"] == round(top["hours_per_year"] * 50)
    assert pdf.read_bytes().startswith(b"%PDF") and "KI-Backlog" in html.read_text(encoding="utf-8")
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"processes": [{"id": "x"}]}), encoding="utf-8")
    res = CliRunner().invoke(app, ["readiness", "run", "--answers", str(bad)])
    assert res.exit_code == 2 and "Ungültige Prozesse" in res.output


def test_why_a_question_is_asked_is_explained_and_nothing_is_stored():
    """Trial 8: „Warum fragen Sie das?“ at the headcount got the FAQ on how long the check takes."""
    chat = Chat()
    chat.say("Interview starten")
    chat.say("Elektrobetrieb")
    r = chat.say("Warum fragen Sie das?")
    assert "Größenklasse" in r.text and "Wie viele Beschäftigte" in r.text
    assert chat.memory["readiness"]["interview"]["current"] == "p:size"
    chat.say("12")
    chat.say("Stendal")
    r = chat.say("Wozu brauchen Sie das?")
    assert "Strategie, Kultur & Führung" in r.text and not chat.memory["readiness"]["interview"]["answers"]


def test_a_corrected_headcount_changes_the_profile_and_the_open_question_stays():
    """Trial 8: „Moment, wir sind eigentlich 12 Leute, nicht 8“ at the region question was stored as the region."""
    chat = Chat()
    chat.say("Readiness-Check bitte")
    chat.say("Bäckerei")
    chat.say("8")
    r = chat.say("Moment, wir sind eigentlich 12 Leute, nicht 8")
    st = chat.memory["readiness"]["interview"]
    assert "12 Beschäftigte" in r.text and st["profile"]["employees"] == 12 and st["current"] == "p:region"
    assert st["profile"]["region"] is None
    # a check question's answer naming people is no correction
    chat.say("Osterburg")
    chat.say("eigentlich haben 3 Leute schon Ziele, aber nur mündlich")
    assert chat.memory["readiness"]["interview"]["profile"]["employees"] == 12


def test_a_question_to_the_assistant_is_not_taken_as_an_answer():
    """Trial 8: „Wie viel Umsatz macht eigentlich Korn & Kruste?“ at the headcount was asked back as a number."""
    chat = Chat()
    chat.say("Interview starten")
    chat.say("Friseursalon")
    r = chat.say("Wie viel Umsatz macht eigentlich Korn & Kruste?")
    st = chat.memory["readiness"]["interview"]
    assert "nicht als Antwort gespeichert" in r.text or "nicht gespeichert" in r.text
    assert st["current"] == "p:size" and not st["asked_back"] and st["profile"]["employees"] is None


def test_the_result_is_shown_again_and_none_before_the_check_is_done():
    chat = Chat()
    r = chat.say("Zeig mir das Ergebnis")
    assert "erst" in r.text and not interview.is_active(chat.memory)
    chat.say("Interview starten")
    chat.say("Bäckerei mit 5 Leuten")
    chat.say("Havelberg")
    _answer_all(chat)
    r = chat.say("Und was ist jetzt unser Ergebnis?")
    assert "Gesamtwert" in r.text and not interview.is_active(chat.memory)


def test_repeat_restart_and_what_ki_means():
    chat = Chat()
    chat.say("KI-Check starten")
    chat.say("Spedition")
    r = chat.say("Können Sie die Frage wiederholen?")
    assert "Wie viele Beschäftigte" in r.text and chat.memory["readiness"]["interview"]["current"] == "p:size"
    r = chat.say("Was bedeutet KI eigentlich?")
    assert "künstliche Intelligenz" in r.text and chat.memory["readiness"]["interview"]["current"] == "p:size"
    r = chat.say("Ich will noch mal von vorne anfangen")
    assert chat.memory["readiness"]["interview"]["current"] == "p:trade"


def test_a_question_about_the_check_before_it_starts_is_answered_without_starting():
    """Trial 8: a visitor's „Wie lange dauert der Check?“ went to the staff handbook and was refused."""
    chat = Chat()
    r = chat.say("Wie lange dauert der Check?")
    assert "Minuten" in r.text and "KI-Check starten" in r.text and not interview.is_active(chat.memory)
    assert interview.faq_before_start("Was passiert mit meinen Daten?")
    assert not interview.faq_before_start("Was kann KI in einer Bäckerei?")
    r = chat.say("KI-Check starten")
    assert interview.is_active(chat.memory)
    chat.say("Friseur")
    chat.say("3")
    chat.say("Stendal")
    r = chat.say("Was ist mit Kennzahlen gemeint?")
    assert "Stufen" in r.text and not chat.memory["readiness"]["interview"]["answers"]


def test_a_correction_to_the_same_trade_class_is_acknowledged_not_taken_as_the_headcount():
    """Trial 8 hold-out: „Ach nein, eigentlich sind wir eine Konditorei“ after „Bäckerei“ was asked back as a number."""
    chat = Chat()
    chat.say("KI-Readiness-Check starten")
    chat.say("Bäckerei")
    r = chat.say("Ach nein, eigentlich sind wir eine Konditorei")
    st = chat.memory["readiness"]["interview"]
    assert "Konditorei" in r.text and st["current"] == "p:size" and not st["asked_back"]
    assert st["profile"]["employees"] is None
    r = chat.say("6")
    assert chat.memory["readiness"]["interview"]["profile"]["employees"] == 6


def test_no_time_now_pauses_the_check_and_what_comes_out_is_answered():
    """Trial 8 hold-out: „Stopp, ich hab grad keine Zeit mehr“ was stored as the region; „Was kommt am Ende
    eigentlich raus?“ got the aside instead of what the result is."""
    chat = Chat()
    chat.say("KI-Check bitte")
    chat.say("Physiotherapie-Praxis")
    chat.say("10")
    r = chat.say("Was kommt am Ende eigentlich raus?")
    st = chat.memory["readiness"]["interview"]
    assert "Ergebnis" in r.text and "Gesamtwert" in r.text and st["profile"]["region"] is None
    r = chat.say("Stopp, ich hab grad keine Zeit mehr")
    st = chat.memory["readiness"]["interview"]
    assert r.data["event"] == "paused" and st["paused"] and st["profile"]["region"] is None
    r = chat.say("Interview fortsetzen")
    assert r.data["event"] == "resumed" and "Region" in r.text


def test_a_restart_after_several_answers_is_asked_once_and_an_answer_keeps_them():
    """Trial 12: „neu starten“ dropped every answer without asking; after three check answers it asks first."""
    chat = Chat()
    for text in ("Interview starten", "Tischlerei", "12", "Gardelegen", "ja", "teilweise", "nein"):
        chat.say(text)
    answered = chat.memory["readiness"]["interview"]["answers"]
    r = chat.say("Ich will neu starten")
    assert "Wirklich neu beginnen?" in r.text and chat.memory["readiness"]["interview"]["answers"] == answered
    r = chat.say("ja, neu beginnen")
    assert chat.memory["readiness"]["interview"]["current"] == "p:trade" and "Branche" in r.text
    for text in ("Tischlerei", "12", "Gardelegen", "ja", "teilweise", "nein"):
        chat.say(text)
    chat.say("neu starten")
    step = chat.memory["readiness"]["interview"]["current"]
    chat.say("teilweise")  # an answer instead of „ja“: the check goes on
    assert chat.memory["readiness"]["interview"]["current"] not in (step, "p:trade")


def test_a_recount_of_the_head_count_at_a_check_question_corrects_the_size():
    """Trial 12 #25 / 16: „es sind eigentlich 7, ich hab die Azubis vergessen“ after „zu fünft“ was no correction."""
    chat = Chat()
    r = chat.say("Hallo, wir sind eine Tischlerei aus Gardelegen, wir sind zu fünft. Können wir den KI-Check machen?")
    st = chat.memory["readiness"]["interview"]
    assert st["profile"]["employees"] == 5 and st["current"] == "q:strategy_goals"
    r = chat.say("Moment, es sind eigentlich 7, ich hab die zwei Azubis vergessen")
    st = chat.memory["readiness"]["interview"]
    assert st["profile"]["employees"] == 7 and st["current"] == "q:strategy_goals" and not st["answers"]
    assert "Korrigiert – Größe: 7" in r.text


def test_a_pause_asked_as_a_question_pauses_instead_of_an_faq():
    """Trial 23: „Ich muss jetzt leider los, kann ich später weitermachen?“ had got the data FAQ (its „weiter…“)."""
    chat = Chat()
    chat.say("Tischlerei, 7 Leute, Tangerhütte. KI-Check bitte.")
    r = chat.say("Ich muss jetzt leider los, kann ich später weitermachen?")
    assert "pausiert" in r.text and interview.is_paused(chat.memory)
    assert "Frage 1 von 24" in chat.say("weiter").text
