"""„Und wem sag ich das?“ after a handbook rule quotes whom to tell, with its source – not the rule again (trial 24)."""

from __future__ import annotations

from langgraph.checkpoint.memory import InMemorySaver

from agents.graph import build_graph, run_turn
from agents.hr.contact_answer import asks_whom


def test_whom_to_tell_is_told_from_what_the_rule_is() -> None:
    assert asks_whom("und wem sag ich das?") and asks_whom("wen muss ich da anrufen?")
    assert asks_whom("bei wem melde ich mich?") and asks_whom("an wen wende ich mich")
    assert not asks_whom("darf ich mit durchfall arbeiten?") and not asks_whom("wie lange ist die pause?")


def test_whom_to_tell_after_the_infection_rule_quotes_the_sick_call(handbook: str) -> None:
    graph = build_graph(checkpointer=InMemorySaver())
    rule = run_turn(graph, "ich hab durchfall, darf ich morgen in die backstube?", role="employee", thread_id="c")
    assert "Infektionsschutzgesetz" in rule.text
    whom = run_turn(graph, "und wem sag ich das?", role="employee", thread_id="c")
    assert whom.tool == "onboarding_qa"
    assert "Infektionsschutzgesetz" not in whom.text and "Filialleitung" in whom.text
    assert "Quelle:" in whom.text and "Krankmeldung" in whom.text


def test_whom_to_call_said_on_its_own_after_the_rule_quotes_the_sick_call(handbook: str) -> None:
    """Browser trial 24: „wen muss ich da anrufen?“ came as a message of its own (not joined to the question
    before) and quoted the infection rule again."""
    graph = build_graph(checkpointer=InMemorySaver())
    run_turn(
        graph, "ich hab seit gestern fieber und erbrechen, darf ich in den verkauf?", role="employee", thread_id="f"
    )
    whom = run_turn(graph, "wen muss ich da anrufen?", role="employee", thread_id="f")
    assert "Krankmeldung" in whom.text and "Infektionsschutzgesetz" not in whom.text


def test_whom_to_ask_after_a_rule_naming_the_branch_manager_names_who_that_is(handbook: str) -> None:
    """Trial 29: „wen frag ich da?“ after the sick call was asked back (help), and after a shift swap quoted the sick
    call of another section; the rule names the branch manager: the contacts list says who that is per branch."""
    assert asks_whom("wen frag ich da?") and asks_whom("wen kann ich da fragen?")
    graph = build_graph(checkpointer=InMemorySaver())
    run_turn(graph, "was mach ich wenn ich krank bin?", role="employee", thread_id="k")
    whom = run_turn(graph, "wen frag ich da?", role="employee", thread_id="k")
    assert whom.tool == "onboarding_qa" and "Petra Wendt" in whom.text and "Ansprechpartner" in whom.text
    run_turn(graph, "kann ich meine schicht am samstag mit ner kollegin tauschen?", role="employee", thread_id="s")
    whom = run_turn(graph, "wen frag ich da?", role="employee", thread_id="s")
    assert whom.tool == "onboarding_qa" and "Petra Wendt" in whom.text and "Krankheit" not in whom.text
