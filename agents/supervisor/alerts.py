"""Stored alerts for the web app: list open ones, act on one (runs the tool its follow-up maps to), dismiss one.

The alerts (tools/chain/alerts) only say what to look at next; which tool answers that, with which slots, is
decided here. Access is the registry's `authorize`; a failing tool is answered by the graph's `run_safely`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from types import MappingProxyType

from agents.contracts import AgentReply, DateRange, Role, Slots, TurnContext
from agents.graph import ToolRunner, run_safely, run_tool
from agents.prompts import REFUSAL, ROLE_NAMES
from agents.registry import ToolId, authorize, title
from tools.chain.alerts import Alert, FollowUp, FollowUpKind, get_alert, list_alerts, set_status
from tools.settings import get_settings

NOT_ALLOWED = "Hinweise aus dem Tageslauf kann nur die Geschäftsführung bearbeiten."
GONE = "Diesen Hinweis gibt es nicht mehr. Starten Sie `synerki daily` für aktuelle Hinweise."
__all__ = [
    "FOLLOW_UP_TOOLS",
    "Alert",
    "act_on_alert",
    "alerts_greeting",
    "dismiss_alert",
    "follow_up_call",
    "open_alerts",
    "run",
]


def _period(f: FollowUp) -> DateRange | None:
    if f.start is None or f.end is None:
        return None
    return DateRange(start=f.start, end=f.end, label=f.period or f"vom {f.start:%d.%m.%Y} bis {f.end:%d.%m.%Y}")


def _with_period(f: FollowUp) -> Slots:
    return Slots(text=f.text, dates=_period(f))


def _text_only(f: FollowUp) -> Slots:
    return Slots(text=f.text)  # the campaign reads the role from the text; a date would become its need-by day


# which tool answers a follow-up kind and how its slots are filled ("request" is routed like a chat message)
FOLLOW_UP_TOOLS: Mapping[FollowUpKind, tuple[ToolId, Callable[[FollowUp], Slots]]] = MappingProxyType(
    {
        "demand_peak": ("production_plan", _with_period),
        "oven_overrun": ("oven_schedule", _with_period),
        "staffing_gap": ("recruiting_campaign", _text_only),
        "cash_low": ("liquidity", _with_period),
        "defect_rate": ("quality_check", _with_period),
    }
)


def follow_up_call(f: FollowUp, today: date) -> tuple[str, Slots]:
    """The tool id and slots that answer a follow-up."""
    if f.kind in FOLLOW_UP_TOOLS:
        tool, slots_of = FOLLOW_UP_TOOLS[f.kind]
        return tool, slots_of(f)
    from agents.nlu.router import default_router
    from agents.nlu.slots import extract_slots

    return default_router().route(f.text).tool, extract_slots(f.text, today)


def open_alerts() -> list[Alert]:
    """Open alerts, newest first (shown to the owner when a chat starts)."""
    return list_alerts("open")


def alerts_greeting(alerts: list[Alert] | None = None) -> str:
    """Short German text listing the open alerts ('' when there are none)."""
    alerts = open_alerts() if alerts is None else alerts
    if not alerts:
        return ""
    lines = [f"Es gibt {len(alerts)} offene Hinweise aus dem Tageslauf:"]
    lines += [f"- **{a.title}** – {a.text}" for a in alerts]
    return "\n".join(lines)


def act_on_alert(
    alert_id: str, role: Role, thread_id: str = "alerts", user: str = "anonym", runner: ToolRunner = run_tool
) -> AgentReply:
    """Run the alert's follow-up (role-checked) and mark the alert done once it was answered."""
    if authorize(role, "alerts") is None:
        return AgentReply(text=NOT_ALLOWED, data={"refused": "alerts"})
    alert = get_alert(alert_id)
    if alert is None:
        return AgentReply(text=GONE)
    today = get_settings().today()
    tool, slots = follow_up_call(alert.follow_up, today)
    view = authorize(role, tool)
    if view is None:
        return AgentReply(text=REFUSAL.format(title=title(tool), role=ROLE_NAMES[role]), data={"refused": tool})
    ctx = TurnContext(role=role, view=view, thread_id=thread_id, user=user, today=today)
    reply = run_safely(runner, tool, slots, ctx)
    if "error" not in reply.data:  # a failed follow-up keeps the alert open to try again
        set_status(alert_id, "done")
    reply.data = {**reply.data, "alert_id": alert_id, "follow_up": alert.follow_up.text}
    return reply


def dismiss_alert(alert_id: str, role: Role) -> bool:
    """Mark an alert dismissed; False for an unknown id or a role that may not handle alerts."""
    return authorize(role, "alerts") is not None and set_status(alert_id, "dismissed")


def run(slots: Slots, ctx: TurnContext) -> AgentReply:
    """The `alerts` tool: the open alerts of the daily run (acting on one and dismissing it are the buttons)."""
    alerts = open_alerts()
    text = alerts_greeting(alerts) or "Es gibt keine offenen Hinweise aus dem Tageslauf."
    return AgentReply(text=text, data={"open": [a.id for a in alerts]})
