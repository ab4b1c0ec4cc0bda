"""Pay for the role asked about (trial 22): the handbook's wage row of that role, the apprentices' pay, or that the
handbook names no wage for the role."""

from __future__ import annotations

from datetime import date

from agents.contracts import Slots, TurnContext
from agents.hr.pay_answer import answers_pay, asks_pay, roles_named
from agents.registry import authorize


def _ctx() -> TurnContext:
    return TurnContext(
        role="employee", view=authorize("employee", "onboarding_qa"), thread_id="t", today=date(2026, 11, 25)
    )


def _ask(text: str, ctx: TurnContext | None = None):
    from agents.graph import run_tool

    return run_tool("onboarding_qa", Slots(text=text), ctx or _ctx())


def test_pay_questions_are_told_from_other_money_questions() -> None:
    assert asks_pay("was verdien ich als verkaeuferin") and asks_pay("Was krieg ich pro Stunde?")
    assert asks_pay("stundenlohn für nen bäckergesellen?") and asks_pay("wie viel kriegt man als fahrer?")
    assert not asks_pay("wie viel urlaub krieg ich?")
    assert asks_pay("stundenlohn bäcker? und als azubi im zweiten lehrjahr")  # a role named after a pay question
    assert not asks_pay("Krieg ich mehr Geld wenn ich am Sonntag arbeite?")  # a bonus, not the pay
    assert not asks_pay("Wann kommt der Lohn?") and not asks_pay("wie lange ist die pause?")
    assert [r.name for r in roles_named("ich bin gelernte Fachverkäuferin")] == ["Fachverkäuferin / Fachverkäufer"]
    assert [r.name for r in roles_named("ich fahr die touren")] == ["Fahrerin / Fahrer"]
    assert roles_named("der bäckermeister") == []  # the master's pay is asked as a person's (confidential)


def test_the_role_asked_gets_its_own_row_not_another_roles(handbook: str) -> None:
    sales = _ask("was verdien ich als verkäuferin?")
    assert "14,20 €" in sales.text and "15,50 € bis 17,00 €" in sales.text
    assert "1.000 €" not in sales.text and "Fahrer" not in sales.text and "16,50 €" not in sales.text
    driver = _ask("Ich fahr bei euch die Touren. Was krieg ich pro Stunde?")
    assert "14,50 € bis 15,50 €" in driver.text and "14,20 €" not in driver.text and "Quelle:" in driver.text
    baker = _ask("stundenlohn für nen bäckergesellen?")
    assert "16,50 €" in baker.text and "20,00 €" not in baker.text
    apprentice = _ask("stundenlohn für nen bäckergesellen? und als azubi im zweiten lehrjahr")
    assert "1.100 €" in apprentice.text and "16,50 €" not in apprentice.text
    assert sales.data["found"] and sales.data["passages"][0]["section"].endswith("Lohngruppen")


def test_a_role_without_a_wage_in_the_handbook_is_said_to_be_missing(handbook: str) -> None:
    reply = _ask("Was verdient bei euch eine Reinigungskraft?")
    assert reply.text.startswith("Zum Lohn für „Reinigungskraft“ steht in unseren Unterlagen nichts.")
    assert "„Fahrerin / Fahrer (Führerschein Klasse B)“" in reply.text and "€" not in reply.text


def test_a_follow_up_pointing_back_at_a_pay_answer_keeps_the_role(handbook: str) -> None:
    """„steigt das mit der Zeit?“ after the saleswoman's row: her row and the yearly rise, not the whole table."""
    ctx = _ctx()
    _ask("ich bin gelernte fachverkäuferin, was verdien ich?", ctx)
    again = _ask("ich bin gelernte fachverkäuferin, was verdien ich? steigt das mit der zeit?", ctx)
    assert "0,20 €" in again.text and "15,50 € bis 17,00 €" in again.text and "Filialleitung" not in again.text
    other = _ask("wie lange ist die pause?", ctx)  # a question of its own after it
    assert "Pause" in other.text and "17,00 €" not in other.text


def test_the_counter_is_the_sales_staffs_place(handbook: str) -> None:
    """Trial 24: „hinter der Theke … die Stunde“ was no role, so the general search quoted overtime."""
    assert [r.name for r in roles_named("was kriegt man hinter der theke?")] == ["Verkauf"]
    assert answers_pay("Was verdient man bei uns hinter der Theke eigentlich die Stunde?")
    assert not answers_pay("Was krieg ich pro Stunde?")  # no role named: the general wage rules answer
    reply = _ask("Wie viel bekommt man denn so an der Theke in der Stunde?")
    assert "14,20 €" in reply.text and "Quelle" in reply.text and "16,50 €" not in reply.text


def test_an_employees_pay_question_builds_the_pay_answer_once(handbook: str, monkeypatch) -> None:
    """Trial 24: the routing built the whole pay answer to learn that there is one, then the tool built it again."""
    from langgraph.checkpoint.memory import InMemorySaver

    import agents.hr.onboarding_qa as qa
    from agents.graph import build_graph, run_turn

    built: list[str] = []
    real = qa.pay_answer

    def counted(question: str):  # type: ignore[no-untyped-def]
        built.append(question)
        return real(question)

    monkeypatch.setattr(qa, "pay_answer", counted)
    graph = build_graph(checkpointer=InMemorySaver())
    for i, question in enumerate(
        ["was kriegt man hinter der theke so pro stunde?", "stundenlohn für nen bäckergesellen?"]
    ):
        built.clear()
        reply = run_turn(graph, question, role="employee", thread_id=f"p{i}")
        assert reply.tool == "onboarding_qa" and "€" in reply.text and len(built) == 1
