"""The interview through the real supervisor graph: answers routed to it while active, state kept per thread."""

from __future__ import annotations

from langgraph.checkpoint.memory import InMemorySaver

from agents.graph import build_graph, run_turn
from agents.nlu.router import RouteDecision


class KeywordRouter:
    """Routes start/continue requests to `interview`, 'Strategie' to `strategy`, everything else to smalltalk."""

    def route(self, text: str) -> RouteDecision:
        t = text.lower()
        if "check" in t or "fortsetzen" in t:
            return RouteDecision(agent="readiness", tool="interview", confidence=0.95)
        if "strategie" in t:
            return RouteDecision(agent="readiness", tool="strategy", confidence=0.95)
        return RouteDecision(agent="supervisor", tool="smalltalk", confidence=0.95)


def test_interview_over_the_supervisor_with_pause_and_resume():
    g = build_graph(router=KeywordRouter(), checkpointer=InMemorySaver())
    say = lambda text: run_turn(g, text, role="guest", thread_id="rd-graph")  # noqa: E731
    assert say("KI-Check starten").tool == "interview"
    for text in ("Tischlerei", "8", "Gardelegen", "eher nicht", "3"):
        r = say(text)
        assert r.tool == "interview"  # free-text answers go to the running interview
    assert "Frage 3 von 24" in r.text
    assert say("Pause").tool == "interview"
    assert say("Hallo, wie geht's?").tool == "smalltalk"  # paused: normal routing again
    r = say("Interview fortsetzen")
    assert r.tool == "interview" and "Frage 3 von 24" in r.text
    for _ in range(22):
        r = say("teilweise")
    assert r.data["event"] == "done" and r.artifacts
    r = say("Strategie erstellen")
    assert r.tool == "strategy" and any(a.mime == "text/html" for a in r.artifacts)
    # another thread knows nothing of this interview
    other = run_turn(g, "Strategie bitte", role="guest", thread_id="rd-graph-2")
    assert "zuerst" in other.text


class HandbookRouter(KeywordRouter):
    """KeywordRouter that also knows handbook questions about breaks."""

    def route(self, text: str) -> RouteDecision:
        if "pause" in text.lower() and "?" in text:
            return RouteDecision(agent="hr", tool="onboarding_qa", confidence=0.6)
        return super().route(text)


def test_a_question_about_the_check_is_answered_and_the_interview_stays_at_its_question():
    g = build_graph(router=KeywordRouter(), checkpointer=InMemorySaver())
    say = lambda text: run_turn(g, text, role="guest", thread_id="rd-faq")  # noqa: E731  (short test helper)
    for text in ("KI-Check starten", "Tischlerei", "8", "Gardelegen"):
        say(text)
    r = say("Was kostet so ein Check eigentlich?")
    assert r.tool == "interview" and "kostet nichts" in r.text and "Frage 1 von 24" in r.text
    r = say("Wie lange dauert das?")
    assert "Minuten" in r.text and "Frage 1 von 24" in r.text
    r = say("teilweise")  # the real answer: the detours were never stored as answers
    assert "Stufe 3" in r.text and "erkannt an" in r.text and "Frage 2 von 24" in r.text


def test_a_handbook_question_goes_to_the_handbook_and_weiter_resumes_the_interview():
    ran: list[str] = []

    def runner(tool, slots, ctx):
        from agents.contracts import AgentReply
        from agents.graph import run_tool

        ran.append(tool)
        return run_tool(tool, slots, ctx) if tool == "interview" else AgentReply(text="30 Minuten Pause")

    g = build_graph(router=HandbookRouter(), checkpointer=InMemorySaver(), runner=runner)
    say = lambda text: run_turn(g, text, role="employee", thread_id="rd-hb")  # noqa: E731  (short test helper)
    say("KI-Check starten")
    r = say("Wie lange ist meine Pause?")
    assert r.tool == "onboarding_qa" and ran[-1] == "onboarding_qa"
    r = say("weiter")
    assert r.tool == "interview" and r.data["event"] == "resumed" and "Branche" in r.text


def test_a_request_for_another_tool_is_not_stored_as_an_answer() -> None:
    """Browser trial 2026-12-01: "Zeig mir den Liquiditätsplan" (forbidden for guests) was stored as the region."""

    class LiquidityRouter(KeywordRouter):
        def route(self, text: str) -> RouteDecision:
            if "liquidität" in text.lower():
                return RouteDecision(agent="finance", tool="liquidity", confidence=0.95)
            return super().route(text)

    g = build_graph(router=LiquidityRouter(), checkpointer=InMemorySaver())
    say = lambda text: run_turn(g, text, role="guest", thread_id="rd-request")  # noqa: E731
    say("KI-Check starten")
    for text in ("Tischlerei", "8"):
        say(text)
    r = say("Zeig mir den Liquiditätsplan")  # the region question is open
    assert r.tool == "interview" and "nicht als Antwort gespeichert" in r.text and r.data["current"] == "p:region"
    r = say("Gardelegen")
    assert r.tool == "interview" and r.data["current"] != "p:region"


class ConfidentHandbookRouter(KeywordRouter):
    """A router that is sure every question is a handbook question (as a wide router may be)."""

    def route(self, text: str) -> RouteDecision:
        if text.endswith("?") and "check" not in text.lower():
            return RouteDecision(agent="hr", tool="onboarding_qa", confidence=0.9)
        return super().route(text)


def test_was_meinen_sie_damit_explains_the_current_question_and_stores_nothing() -> None:
    g = build_graph(router=ConfidentHandbookRouter(), checkpointer=InMemorySaver())
    say = lambda text: run_turn(g, text, role="guest", thread_id="rd-meaning")  # noqa: E731  (short test helper)
    for text in ("KI-Check starten", "Tischlerei", "8", "Gardelegen", "eher nicht"):
        say(text)
    r = say("was meinen Sie damit?")
    assert r.tool == "interview" and r.data["event"] == "info"
    assert "Gern erklärt" in r.text and "nicht sicher" not in r.text
    assert "5 – " in r.text and "Frage 2 von 24" in r.text  # the levels, then the same question again
    assert r.data["answered"] == 1  # nothing stored as an answer
    r = say("Versteh ich nicht")
    assert "Gern erklärt" in r.text and r.data["answered"] == 1
    assert "Frage 3 von 24" in say("3").text


class OverviewRouter(KeywordRouter):
    """Hears "Was heißt das für uns?" as the owner's company overview (as the embedded router does)."""

    def route(self, text: str) -> RouteDecision:
        if "heißt" in text.lower():
            return RouteDecision(agent="supervisor", tool="overview", confidence=0.6)
        return super().route(text)


def test_what_the_result_means_right_after_the_interview_leads_to_the_strategy() -> None:
    g = build_graph(router=OverviewRouter(), checkpointer=InMemorySaver())
    say = lambda text: run_turn(g, text, role="guest", thread_id="rd-result")  # noqa: E731  (short test helper)
    for text in ("KI-Check starten", "Tischlerei", "8", "Gardelegen"):
        say(text)
    for _ in range(24):
        r = say("teilweise")
    assert r.data["event"] == "done"
    r = say("Und was heißt das jetzt für uns?")
    assert r.tool == "strategy" and "nicht zur Verfügung" not in r.text


def test_a_trade_named_when_starting_is_not_asked_again() -> None:
    """Browser trial 5: „Hallo, ich habe eine kleine Tischlerei …“ started the check with „In welcher Branche …?“"""
    g = build_graph(router=KeywordRouter(), checkpointer=InMemorySaver())
    say = lambda text: run_turn(g, text, role="guest", thread_id="rd-opening")  # noqa: E731  (short test helper)
    r = say("Hallo, ich habe eine kleine Tischlerei und möchte den KI-Check machen.")
    assert r.tool == "interview" and "Branche: Handwerk" in r.text
    assert "In welcher Branche" not in r.text and "Wie viele Beschäftigte" in r.text
    assert "Region" in say("12").text  # the size, then the region: the trade question is skipped, not shifted
    other = run_turn(g, "KI-Check starten", role="guest", thread_id="rd-opening-2")
    assert "In welcher Branche" in other.text  # no trade named: asked as before


def test_how_long_it_still_takes_counts_the_questions_left() -> None:
    """Browser trial 5: „wie lange dauert das noch?“ in the profile got only the general „Erst drei Profilfragen …“."""
    g = build_graph(router=KeywordRouter(), checkpointer=InMemorySaver())
    say = lambda text: run_turn(g, text, role="guest", thread_id="rd-how-long")  # noqa: E731  (short test helper)
    for text in ("KI-Check starten", "Tischlerei", "8"):
        say(text)
    r = say("wie lange dauert das noch?")
    assert r.tool == "interview" and "Es fehlen noch 25 Fragen – etwa 8 bis 12 Minuten." in r.text
    for text in ("Gardelegen", "3", "3"):
        say(text)
    assert "Es fehlen noch 22 Fragen" in say("Wie lange dauert das noch?").text


class UnsureRouter:
    """Sure about nothing but small talk for greetings: as the embedded router for a short business description."""

    def route(self, text: str) -> RouteDecision:
        if text.lower().startswith(("hallo", "wie spät")):
            return RouteDecision(agent="supervisor", tool="smalltalk", confidence=0.95)
        return RouteDecision(agent="hr", tool="recruiting_campaign", confidence=0.2)


def test_a_go_ahead_from_a_visitor_starts_the_check() -> None:
    """Trial 7: „ok, dann fangen wir an“ after the greeting got the greeting again, not the first question."""
    g = build_graph(router=KeywordRouter(), checkpointer=InMemorySaver())
    r = run_turn(g, "ok, dann fangen wir an", role="guest", thread_id="rd-go")
    assert r.tool == "interview" and "In welcher Branche" in r.text
    assert run_turn(g, "Lassen Sie uns loslegen!", role="guest", thread_id="rd-go-2").tool == "interview"
    # small talk that is no go-ahead stays small talk
    assert run_turn(g, "Hallo, wie geht's?", role="guest", thread_id="rd-go-3").tool == "smalltalk"


def test_a_business_description_as_opening_starts_the_check_and_is_kept_as_answer() -> None:
    """Trial 7: „Bäckerei mit 3 Filialen“ as first message got „Meinen Sie …?“; now the check starts with it."""
    g = build_graph(router=UnsureRouter(), checkpointer=InMemorySaver())
    r = run_turn(g, "Bäckerei mit 3 Filialen", role="guest", thread_id="rd-desc")
    assert r.tool == "interview" and "Branche: Bäckerei" in r.text
    assert "In welcher Branche" not in r.text and "Wie viele Beschäftigte" in r.text
    # a question naming a trade is no description; the owner's messages are not read as one either
    assert (
        run_turn(g, "Wie viele Brötchen backt eine Bäckerei?", role="guest", thread_id="rd-desc-2").tool != "interview"
    )
    assert run_turn(g, "Bäckerei mit 3 Filialen", role="owner", thread_id="rd-desc-3").tool != "interview"


def test_a_question_about_ki_for_the_own_business_starts_the_check() -> None:
    """Trial 8: „Ich hab ne Gärtnerei, was kann KI für mich tun?“ was asked back („Meinen Sie …?“)."""
    g = build_graph(router=UnsureRouter(), checkpointer=InMemorySaver())
    r = run_turn(g, "Ich hab ne Gärtnerei, was kann KI für mich tun?", role="guest", thread_id="rd-own")
    assert r.tool == "interview" and "Wie viele Beschäftigte" in r.text
    # naming a trade without speaking of KI for one's own business does not start it
    r = run_turn(g, "Wie viele Brötchen backt eine Bäckerei?", role="guest", thread_id="rd-own-2")
    assert r.tool != "interview"


def test_show_me_the_result_is_no_new_check() -> None:
    g = build_graph(router=KeywordRouter(), checkpointer=InMemorySaver())
    r = run_turn(g, "Zeig mir das Ergebnis", role="guest", thread_id="rd-result")
    assert r.tool == "interview" and "erst" in r.text and "In welcher Branche" not in r.text


def test_weiter_with_nothing_to_continue_starts_the_check_for_a_visitor() -> None:
    """Trial 8: „weiter“ after „Für eine KI-Strategie brauche ich zuerst Ihr Interview“ got the greeting."""
    from agents.readiness.interview import starts_on_weiter

    g = build_graph(router=KeywordRouter(), checkpointer=InMemorySaver())
    r = run_turn(g, "weiter", role="guest", thread_id="rd-weiter")
    assert r.tool == "interview" and "In welcher Branche" in r.text
    # a finished or aborted check is not started again by „weiter“
    assert not starts_on_weiter({"readiness": {"result": {"x": 1}}}, "weiter")
    assert not starts_on_weiter({"readiness": {"interview": {"phase": "aborted"}}}, "weiter")


class BarelySureTourRouter:
    """The tour just above the router's threshold, the check further down: a visitor's own-business question."""

    def __init__(self, confidence: float) -> None:
        self.confidence = confidence

    def route(self, text: str) -> RouteDecision:
        return RouteDecision(
            agent="supervisor", tool="lab_tour", confidence=self.confidence, alternatives=[("interview", 0.15)]
        )


def test_a_question_about_ki_for_the_visitors_own_business_starts_the_check_over_a_barely_sure_tour() -> None:
    text = "Ich hab ne Gärtnerei, was kann KI für mich tun?"
    g = build_graph(router=BarelySureTourRouter(0.31), checkpointer=InMemorySaver())
    assert run_turn(g, text, role="guest", thread_id="own-1").tool == "interview"
    g = build_graph(router=BarelySureTourRouter(0.9), checkpointer=InMemorySaver())
    assert run_turn(g, text, role="guest", thread_id="own-2").tool == "lab_tour"  # clearly asked elsewhere
