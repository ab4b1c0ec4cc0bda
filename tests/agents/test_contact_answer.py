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
