"""Stored alerts in the app: a typed follow-up is answered by its tool, only the owner handles alerts, and a
failing follow-up is answered in German with an error id (own SQLite file per test)."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from agents.contracts import AgentReply, Slots, TurnContext
from tools.chain.alerts import Alert, FollowUp

NOW = datetime(2026, 11, 25, 6)
TODAY = NOW.date()


def _liquidity() -> Alert:
    return Alert(
        id="liq-1",
        kind="liquidity",
        title="Kontostand unter 0 € am 03.12.2026",
        text="x",
        created=NOW,
        follow_up=FollowUp(
            kind="cash_low",
            text="Wie entwickelt sich die Liquidität bis 03.12.2026?",
            start=TODAY,
            end=date(2026, 12, 3),
            period="bis 03.12.2026",
        ),
    )


def _gap() -> Alert:
    return Alert(
        id="gap-1",
        kind="staffing_gap",
        title="Personallücke Bäcker",
        text="y",
        created=NOW,
        follow_up=FollowUp(
            kind="staffing_gap",
            text="Erstelle eine Recruiting-Kampagne für Bäcker",
            start=date(2026, 11, 26),
            end=date(2026, 12, 2),
            role="Bäcker",
        ),
    )


@pytest.fixture()
def stored(alerts_db):
    from tools.chain.alerts import store_alerts

    store_alerts([_liquidity(), _gap()])


def test_each_follow_up_kind_maps_to_its_tool_and_slots():
    from agents.registry import TOOLS
    from agents.supervisor.alerts import FOLLOW_UP_TOOLS, follow_up_call

    assert {tool for tool, _ in FOLLOW_UP_TOOLS.values()} <= set(TOOLS)
    tool, slots = follow_up_call(_liquidity().follow_up, TODAY)
    assert tool == "liquidity" and slots.text.startswith("Wie entwickelt sich die Liquidität")
    assert (slots.dates.start, slots.dates.end, slots.dates.label) == (TODAY, date(2026, 12, 3), "bis 03.12.2026")
    peak = FollowUp(
        kind="demand_peak",
        text="Zeig mir den Produktionsplan für den 28.11.2026",
        start=date(2026, 11, 28),
        end=date(2026, 11, 28),
        period="am 28.11.2026",
    )
    assert follow_up_call(peak, TODAY)[0] == "production_plan"
    assert follow_up_call(peak.model_copy(update={"kind": "oven_overrun"}), TODAY)[0] == "oven_schedule"
    assert follow_up_call(peak.model_copy(update={"kind": "defect_rate"}), TODAY)[0] == "quality_check"
    tool, slots = follow_up_call(_gap().follow_up, TODAY)  # the campaign's need-by day is not the gap's start
    assert tool == "recruiting_campaign" and slots == Slots(text="Erstelle eine Recruiting-Kampagne für Bäcker")


def test_a_plain_request_is_routed_like_a_chat_message():
    from agents.supervisor.alerts import follow_up_call

    tool, slots = follow_up_call(
        FollowUp(kind="request", text="Wie entwickelt sich die Liquidität bis 03.12.2026?"), TODAY
    )
    assert tool == "liquidity" and slots.dates is not None and slots.dates.end == date(2026, 12, 3)


def test_owner_lists_acts_on_and_dismisses_alerts(stored):
    from agents.supervisor.alerts import act_on_alert, alerts_greeting, dismiss_alert, open_alerts
    from tools.chain.alerts import get_alert

    assert {a.id for a in open_alerts()} == {"liq-1", "gap-1"}
    assert "2 offene Hinweise" in alerts_greeting()
    done = act_on_alert("liq-1", "owner")
    assert "liquidity" in done.tools_called and "Liquiditätsplan bis 03.12.2026" in done.text
    assert done.data["follow_up"] == "Wie entwickelt sich die Liquidität bis 03.12.2026?"
    assert get_alert("liq-1").status == "done"
    assert dismiss_alert("gap-1", "owner") and open_alerts() == []
    assert "nicht mehr" in act_on_alert("unbekannt", "owner").text


@pytest.mark.parametrize("role", ["employee", "guest"])
def test_only_the_owner_may_act_on_or_dismiss_an_alert(stored, role):
    from agents.supervisor.alerts import act_on_alert, dismiss_alert
    from tools.chain.alerts import get_alert

    def must_not_run(tool: str, slots: Slots, ctx: TurnContext) -> AgentReply:
        raise AssertionError(f"{tool} ran for {ctx.role}")

    refused = act_on_alert("liq-1", role, runner=must_not_run)
    assert refused.data == {"refused": "alerts"} and "Geschäftsführung" in refused.text
    assert not dismiss_alert("gap-1", role)
    assert get_alert("liq-1").status == "open" and get_alert("gap-1").status == "open"


def test_a_failing_follow_up_is_a_german_answer_with_an_error_id(stored, caplog):
    from agents.supervisor.alerts import act_on_alert
    from tools.chain.alerts import get_alert
    from tools.errors import PlanError

    def broken(tool: str, slots: Slots, ctx: TurnContext) -> AgentReply:
        raise KeyError("balance")

    reply = act_on_alert("liq-1", "owner", runner=broken)
    error_id = reply.data["error_id"]
    assert reply.data["error"] == "internal" and f"Fehler-ID {error_id}" in reply.text
    assert "Liquiditätsplan" in reply.text and "KeyError" not in reply.text and "balance" not in reply.text
    assert error_id in caplog.text  # the traceback is logged under the id the user can quote
    assert get_alert("liq-1").status == "open"  # not answered: still to do

    def no_plan(tool: str, slots: Slots, ctx: TurnContext) -> AgentReply:
        raise PlanError("Für diesen Zeitraum gibt es keinen Plan.")

    reply = act_on_alert("liq-1", "owner", runner=no_plan)
    assert reply.text == "Für diesen Zeitraum gibt es keinen Plan." and reply.data["error"] == "plan"


def test_the_alerts_tool_lists_the_open_alerts_or_says_there_are_none(alerts_db) -> None:
    from agents.supervisor.alerts import run

    reply = run(Slots(text="Hinweise"), TurnContext(role="owner", thread_id="t-alerts", today=date(2026, 11, 25)))
    assert reply.data["open"] == [] and "keine offenen Hinweise" in reply.text
