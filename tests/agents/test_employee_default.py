"""The handbook is the employee's default (issue 16, item 7): routing knows the role."""

from __future__ import annotations

from datetime import date

from langgraph.checkpoint.memory import InMemorySaver

from agents.contracts import AgentReply, Role, Slots, TurnContext
from agents.graph import build_graph, run_turn
from agents.nlu.router import RouteDecision
from agents.nlu.slots import extract_slots
from tools.rag.qa import Confidence


class FixedRouter:
    """A router that always picks one tool with a given confidence."""

    def __init__(self, tool: str, agent: str, confidence: float) -> None:
        self.decision = RouteDecision(agent=agent, tool=tool, confidence=confidence)

    def route(self, text: str) -> RouteDecision:
        return self.decision


def _ask(
    router: FixedRouter, role: Role, found: Confidence, text: str = "Wann kommt die Kohle aufs Konto?"
) -> tuple[str, list[str]]:
    ran: list[str] = []

    def runner(tool: str, slots: Slots, ctx: TurnContext) -> AgentReply:
        ran.append(tool)
        return AgentReply(text=f"Antwort von {tool}", tools_called=[tool])

    graph = build_graph(router=router, checkpointer=InMemorySaver(), runner=runner, handbook=lambda text: found)
    result = run_turn(graph, text, role=role, thread_id="t")
    return result.tool, ran


def test_employee_owner_tool_question_the_handbook_covers_goes_to_the_handbook() -> None:
    tool, ran = _ask(FixedRouter("liquidity", "finance", 0.45), "employee", "unsicher")
    assert tool == "onboarding_qa" and ran == ["onboarding_qa"]


def test_employee_unsure_question_with_a_strong_passage_is_not_asked_back() -> None:
    tool, ran = _ask(FixedRouter("production_plan", "operations", 0.2), "employee", "sicher")
    assert tool == "onboarding_qa" and ran == ["onboarding_qa"]


def test_employee_owner_tool_without_handbook_passage_is_still_refused() -> None:
    tool, ran = _ask(FixedRouter("liquidity", "finance", 0.9), "employee", "keine")
    assert tool == "liquidity" and ran == []


def test_employee_confident_production_plan_request_stays_there() -> None:
    tool, ran = _ask(FixedRouter("production_plan", "operations", 0.9), "employee", "sicher")
    assert tool == "production_plan" and ran == ["production_plan"]


def test_owner_is_unaffected() -> None:
    tool, ran = _ask(FixedRouter("liquidity", "finance", 0.45), "owner", "sicher")
    assert tool == "liquidity" and ran == ["liquidity"]


def test_employee_unsure_handbook_pick_is_answered_not_asked_back() -> None:
    """'Jemand ruft an und will wissen wann meine Kollegin Schicht hat': the handbook is the default."""
    tool, ran = _ask(FixedRouter("onboarding_qa", "hr", 0.25), "employee", "keine")
    assert tool == "onboarding_qa" and ran == ["onboarding_qa"]


def test_owner_unsure_handbook_pick_is_still_asked_back() -> None:
    tool, ran = _ask(FixedRouter("onboarding_qa", "hr", 0.25), "owner", "keine")
    assert tool == "help" and ran == []


def test_employee_plan_request_naming_a_day_is_not_overridden_by_a_handbook_passage() -> None:
    """'Was backen wir heute?' (browser trial): the router's first pick with a day named beats the welcome text."""
    router = FixedRouter("production_plan", "operations", 0.44)
    tool, ran = _ask(router, "employee", "sicher", "Was backen wir heute?")
    assert tool == "production_plan" and ran == ["production_plan"]


def test_employee_unsure_plan_pick_without_a_day_still_goes_to_the_handbook() -> None:
    router = FixedRouter("production_plan", "operations", 0.44)
    tool, ran = _ask(router, "employee", "sicher", "Was machen wir so?")
    assert tool == "onboarding_qa" and ran == ["onboarding_qa"]


def test_employee_clear_owner_tool_request_naming_a_case_is_refused_not_sent_to_the_handbook() -> None:
    """'Haben wir genug Personal über Weihnachten?' (trial 6): the handbook's Weihnachtsgeld passage shares a word,
    but the request is clearly the staffing figures for a period – refused, not answered with a passage."""
    router = FixedRouter("staffing", "hr", 0.95)
    tool, ran = _ask(router, "employee", "sicher", "Haben wir genug Personal über Weihnachten?")
    assert tool == "staffing" and ran == []


def test_a_question_pointing_back_at_the_plan_stays_with_the_plan() -> None:
    """Trial 6: an employee's 'wie viel Laugenteig ist das?' after the plan got the handbook's dough table."""
    from agents.contracts import AgentReply
    from agents.graph import build_graph, run_turn

    ran: list[str] = []

    def runner(tool: str, slots: Slots, ctx: TurnContext) -> AgentReply:
        ran.append(tool)
        return AgentReply(text="ok", tools_called=[tool])

    router = FixedRouter("production_plan", "operations", 0.53)
    graph = build_graph(router=router, checkpointer=InMemorySaver(), runner=runner, handbook=lambda text: "sicher")
    run_turn(graph, "Wie viele Laugenbrezeln backen wir am Samstag?", role="employee", thread_id="t")
    run_turn(graph, "wie viel Laugenteig ist das?", role="employee", thread_id="t")
    assert ran == ["production_plan", "production_plan"]
    run_turn(graph, "Wie lange ist meine Pause?", role="employee", thread_id="t2")  # no figures before it
    assert ran[-1] == "onboarding_qa"


def test_a_closed_tool_the_router_is_very_sure_of_is_refused_even_with_a_handbook_passage() -> None:
    """Trial 8 hold-out: „Wie viel Geld haben wir gerade auf dem Konto?“ got the pay-day passage."""
    tool, ran = _ask(FixedRouter("liquidity", "finance", 0.95), "employee", "sicher")
    assert tool == "liquidity" and ran == []
    tool, ran = _ask(FixedRouter("liquidity", "finance", 0.64), "employee", "sicher")  # „Kohle aufs Konto“
    assert tool == "onboarding_qa" and ran == ["onboarding_qa"]


def test_the_firms_account_in_words_is_refused_but_pay_on_my_account_is_the_handbooks() -> None:
    """„wie viel geld hat die firma auf dem konto?“ (router 0.69 liquidity) got the pay-day passage."""
    for text in ("wie viel geld hat die firma auf dem konto?", "was liegt bei uns so auf der bank?"):
        tool, ran = _ask(FixedRouter("liquidity", "finance", 0.69), "employee", "sicher", text)
        assert tool == "liquidity" and ran == [], text
    for text in ("Wann kommt das Geld von der Firma aufs Konto?", "wann kommt unser lohn aufs konto?"):
        tool, ran = _ask(FixedRouter("liquidity", "finance", 0.69), "employee", "sicher", text)
        assert tool == "onboarding_qa" and ran == ["onboarding_qa"], text


def test_a_bake_time_question_goes_to_the_handbook_not_the_oven_plan() -> None:
    """Trial 8 hold-out: „Wie lang kommen die Schrippen in den Ofen?“ went to the (closed) oven schedule."""
    from agents.supervisor.employee_default import asks_bake_time

    today = date(2026, 11, 25)
    for text in ("Wie lang kommen die Schrippen in den Ofen?", "Wie lange backt der Käsekuchen?"):
        assert asks_bake_time(text, extract_slots(text, today))
        tool, ran = _ask(FixedRouter("oven_schedule", "operations", 0.65), "employee", "keine", text)
        assert tool == "onboarding_qa" and ran == ["onboarding_qa"]
    others = ("Wie lange brauchen die Öfen heute?", "Wie viele Schrippen backen wir morgen?")
    for text in (*others, "Wie lange brauchen wir für 500 Schrippen im Ofen?"):
        assert not asks_bake_time(text, extract_slots(text, today))


def test_goods_without_day_branch_or_count_may_ask_a_handbook_rule() -> None:
    """Trial 17: „was machen wir mit den Brötchen, die abends übrig bleiben?“ was refused as the owner's offers;
    „Wie viele Brötchen verkaufen wir?“ still asks figures and stays refused."""
    router = FixedRouter("offers", "sales", 0.77)
    text = "was machen wir eigentlich mit den brötchen die abends übrig bleiben?"
    assert _ask(router, "employee", "sicher", text)[0] == "onboarding_qa"
    assert _ask(router, "employee", "keine", text)[0] == "offers"
    counted = FixedRouter("forecast", "sales", 0.87)
    assert _ask(counted, "employee", "sicher", "Wie viele Brötchen verkaufen wir?")[0] == "forecast"


def test_the_handbook_check_reads_the_asking_sentence_like_the_handbook_tool(handbook: str) -> None:
    """Trial 17: „Moin, ich bin der neue Fahrer. Wann starten morgens die Touren?“ was refused as the tour plan
    because the check read the introduction too."""
    from agents.supervisor.employee_default import handbook_confidence

    assert handbook_confidence("Moin, ich bin der neue Fahrer. Wann starten morgens die Touren?") == "sicher"


def test_a_branchs_profit_is_refused_not_answered_with_its_opening_hours() -> None:
    """Trial 17 hold-out: „Wie viel Gewinn macht die Filiale Tangermünde im Monat?“ – unsure router (0.33), the
    handbook passage of the branch (its opening hours) sure: quoted. A money figure of a branch is refused."""
    text = "Wie viel Gewinn macht die Filiale Tangermünde im Monat?"
    for router in (FixedRouter("budget_forecast", "finance", 0.33), FixedRouter("onboarding_qa", "hr", 0.39)):
        tool, ran = _ask(router, "employee", "sicher", text)
        assert tool == "budget_forecast" and ran == []


def test_every_money_figure_of_the_firm_is_refused_even_with_a_sure_handbook_passage() -> None:
    for text, router, closed in [
        ("Was verdient die Firma im Jahr?", FixedRouter("budget_forecast", "finance", 0.66), "budget_forecast"),
        ("Welchen Ertrag hat die Filiale Havelberg?", FixedRouter("onboarding_qa", "hr", 0.39), "budget_forecast"),
        ("Wie hoch ist die Marge in Gardelegen?", FixedRouter("production_plan", "operations", 0.28), "forecast"),
        (
            "Wie viel Umsatz macht Stendal im Monat?",
            FixedRouter("production_plan", "operations", 0.7),
            "budget_forecast",
        ),
        ("Wie hoch ist der Kontostand gerade?", FixedRouter("onboarding_qa", "hr", 0.5), "liquidity"),
    ]:
        tool, ran = _ask(router, "employee", "sicher", text)
        assert (tool, ran) == (closed, []), text


def test_handbook_questions_with_money_words_still_go_to_the_handbook() -> None:
    for text in ("Wann kommt das Gehalt?", "Gibt es Trinkgeld?", "Muss ich eine Kassendifferenz selbst zahlen?"):
        tool, ran = _ask(FixedRouter("liquidity", "finance", 0.5), "employee", "sicher", text)
        assert tool == "onboarding_qa" and ran == ["onboarding_qa"], text


def test_the_owner_keeps_the_routers_pick_for_a_money_figure() -> None:
    tool, ran = _ask(FixedRouter("forecast", "sales", 0.4), "owner", "keine", "Wie viel Umsatz macht Stendal?")
    assert tool != "budget_forecast"


def test_a_closed_dialogue_pick_does_not_hide_the_handbook() -> None:
    """Trial 20: „wo seh ich denn meinen dienstplan“ (router: process map, 0.42) was refused as the process map
    although the handbook says where the roster hangs."""
    tool, ran = _ask(FixedRouter("process_map", "readiness", 0.42), "employee", "unsicher", "wo seh ich meinen plan")
    assert tool == "onboarding_qa" and ran == ["onboarding_qa"]


def test_the_owners_plans_are_refused_like_her_figures() -> None:
    """Trial 20: „was hat die chefin naechstes jahr vor, kommt ne neue filiale?“ quoted the cleaning plan."""
    from agents.supervisor.employee_default import asks_firm_plan

    assert asks_firm_plan("und was hat die chefin naechstes jahr vor, kommt ne neue filiale?")
    assert asks_firm_plan("Was plant die Firma fürs nächste Jahr?") and asks_firm_plan("Wollen wir investieren?")
    assert not asks_firm_plan("ich fang nächste Woche in der neuen Filiale an")
    assert not asks_firm_plan("Wann hängt der Dienstplan aus?") and not asks_firm_plan("Wann hat die Chefin Zeit?")
    text = "und was hat die chefin naechstes jahr vor, kommt ne neue filiale?"
    tool, ran = _ask(FixedRouter("onboarding_qa", "hr", 0.4), "employee", "sicher", text)
    assert tool == "investment" and ran == []


def test_an_employees_refusal_says_whom_to_ask() -> None:
    """Trial 20: the refusal of a figure named no one to ask and sounded like a security notice."""
    graph = build_graph(router=FixedRouter("budget_forecast", "finance", 0.95), checkpointer=InMemorySaver())
    reply = run_turn(graph, "macht der laden eigentlich gewinn?", role="employee", thread_id="t").text
    assert "nicht zur Verfügung" in reply and "Filialleitung oder die Geschäftsführung" in reply
    assert "Mitarbeiterhandbuch" in reply


def test_an_unsure_router_and_a_near_rule_go_to_the_handbook_not_to_asking_back() -> None:
    """Trial 22 / trial 20 hold-out: „beim kassenabschluss … 12 euro zu wenig, was nu“ and „mir is schlecht und ich
    hab durchfall, soll ich trotzdem kommen“ were asked back („Meinen Sie Produktionsplan?“); the handbook's
    nearest rule (the cash difference, the infection rule) answers."""
    from agents.hr.onboarding_qa import answer_confidence

    assert answer_confidence("mir is schlecht und ich hab durchfall, soll ich trotzdem kommen") == "sicher"
    assert answer_confidence("was verdient man als fahrer?") == "sicher"
    assert answer_confidence("beim kassenabschluss heute abend warens 12 euro zu wenig, was nu") != "keine"


def test_employee_unsure_router_and_an_unsure_passage_go_to_the_handbook() -> None:
    text = "beim kassenabschluss heute abend warens 12 euro zu wenig, was nu"
    tool, ran = _ask(FixedRouter("production_plan", "operations", 0.22), "employee", "unsicher", text)
    assert tool == "onboarding_qa" and ran == ["onboarding_qa"]
    # goods or a branch named: the figures' tool is meant, the router is asked back as before
    tool, ran = _ask(FixedRouter("production_plan", "operations", 0.22), "employee", "unsicher", "brötchen stendal")
    assert tool != "onboarding_qa"


def test_a_weak_small_talk_pick_right_after_a_rule_asks_about_that_rule(handbook: str) -> None:
    """Merge of trials 23/24: „reicht ne whatsapp?“ after the sick call was greeted as small talk once the router
    read it as small talk with 0.32; a question whose nearest passage lies in the chapter just quoted asks about the
    rule, „wie gehts dir?“ (nearest: the safety chapter) and a sure small-talk pick stay small talk."""
    from agents.registry import allowed_tools
    from agents.supervisor.employee_default import goes_to_handbook

    shown = ["Urlaub, Krankheit und Abwesenheit > Krankheit > Krankmeldung"]
    allowed = allowed_tools("employee")

    def chat(confidence: float) -> RouteDecision:
        return RouteDecision(agent="supervisor", tool="smalltalk", confidence=confidence)

    def check(text: str) -> Confidence:
        return "unsicher"

    assert goes_to_handbook("employee", chat(0.32), allowed, "reicht ne whatsapp?", check, None, shown)
    assert not goes_to_handbook("employee", chat(0.32), allowed, "reicht ne whatsapp?", check, None, None)
    assert not goes_to_handbook("employee", chat(0.32), allowed, "wie gehts dir?", check, None, shown)
    assert not goes_to_handbook("employee", chat(0.8), allowed, "reicht ne whatsapp?", check, None, shown)


def test_an_employees_own_pay_extras_and_time_off_are_the_handbooks() -> None:
    """Trial 29: „Wieviel gibts an Weihnachten extra?“ went to the production plan of the 24th."""
    from agents.supervisor.employee_default import asks_own_terms

    today = date(2026, 11, 25)
    for text in (
        "Wieviel gibts an Weihnachten extra?",
        "krieg ich weihnachtsgeld?",
        "gibts nen bonus zu weihnachten?",
        "was gibts am 31.12. für zuschläge?",
        "kann ich an heiligabend frei nehmen?",
        "dürfen wir das trinkgeld behalten?",
    ):
        assert asks_own_terms(text, extract_slots(text, today)), text
    for text in (
        "Wie viele Stollen backen wir an Weihnachten extra?",
        "was backen wir morgen?",
        "Wer hat nächste Woche Urlaub?",
        "Wie viel Umsatz machen wir an Weihnachten?",
        "Lohnt sich ein neuer Ofen für 40.000 €?",
        "Wie hoch sind die Lohnkosten im Dezember?",
    ):
        assert not asks_own_terms(text, extract_slots(text, today)), text
    plan = FixedRouter("production_plan", "operations", 0.95)
    assert _ask(plan, "employee", "sicher", "Wieviel gibts an Weihnachten extra?")[0] == "onboarding_qa"
    assert (
        _ask(plan, "employee", "sicher", "Wie viele Stollen backen wir an Weihnachten extra?")[0] == "production_plan"
    )
    assert _ask(plan, "owner", "sicher", "Wieviel gibts an Weihnachten extra?")[0] == "production_plan"


def test_greeting_then_question_is_the_question() -> None:
    from agents.supervisor.employee_default import greeting_then_question

    assert greeting_then_question("Hallo, gibts bei uns eigentlich ne Weihnachtsfeier?")
    assert greeting_then_question("Moin! wann krieg ich mein Weihnachtsgeld?")
    assert not greeting_then_question("Hallo, wer bist du?")
    assert not greeting_then_question("Moin, wie gehts?")
    assert not greeting_then_question("Hallo!")
    assert not greeting_then_question("Gibts bei uns eine Weihnachtsfeier?")  # no greeting: the router decides


def test_unsure_question_offering_only_the_handbook_is_answered_there() -> None:
    from agents.nlu.router import RouteDecision
    from agents.supervisor.employee_default import goes_to_handbook

    allowed = {"onboarding_qa", "production_plan", "help", "smalltalk"}
    only_hb = RouteDecision(agent="operations", tool="ovens", confidence=0.2, alternatives=[("onboarding_qa", 0.15)])
    two = RouteDecision(agent="operations", tool="ovens", confidence=0.2, alternatives=[("production_plan", 0.15)])
    text = "gibts dieses jahr ne weihnachtsfeier?"
    assert goes_to_handbook("employee", only_hb, allowed, text, lambda _: "keine")
    assert not goes_to_handbook("employee", two, allowed, text, lambda _: "keine")  # the plan is asked back
