"""Stored alerts for the web app: list open ones, act on one (runs its follow-up tool), dismiss one."""
from __future__ import annotations

from agents.contracts import AgentReply, Role, Slots, TurnContext
from agents.registry import authorize, spec, title
from tools.chain.alerts import Alert, get_alert, list_alerts, set_status
from tools.settings import get_settings

NOT_ALLOWED = "Hinweise aus dem Tageslauf kann nur die Geschäftsführung bearbeiten."
__all__ = ["Alert", "open_alerts", "act_on_alert", "dismiss_alert", "alerts_greeting"]


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


def act_on_alert(alert_id: str, role: Role, thread_id: str = "alerts", user: str = "anonym") -> AgentReply:
    """Run the alert's follow-up request (role-checked) and mark the alert done."""
    if authorize(role, "alerts") is None:
        return AgentReply(text=NOT_ALLOWED, data={"refused": "alerts"})
    alert = get_alert(alert_id)
    if alert is None:
        return AgentReply(text="Diesen Hinweis gibt es nicht mehr. Starten Sie `synerki daily` für aktuelle Hinweise.")
    tool, slots = alert.tool, alert.slots
    if tool is None:
        from agents.nlu.router import default_router
        from agents.nlu.slots import extract_slots

        tool = default_router().route(alert.follow_up).tool
        slots = extract_slots(alert.follow_up, get_settings().today()).model_dump(mode="json")
    view = authorize(role, tool)
    if view is None:
        return AgentReply(text=f"Die Funktion „{title(tool)}“ steht Ihrer Rolle nicht zur Verfügung. "
                               "Bitte wenden Sie sich an die Inhaberin.", data={"refused": tool})
    ctx = TurnContext(role=role, view=view, thread_id=thread_id, user=user, today=get_settings().today())
    reply = spec(tool).run(Slots(**slots), ctx)
    set_status(alert_id, "done")
    reply.data = {**reply.data, "alert_id": alert_id, "follow_up": alert.follow_up}
    return reply


def dismiss_alert(alert_id: str, role: Role) -> bool:
    """Mark an alert dismissed; False for an unknown id or a role that may not handle alerts."""
    return authorize(role, "alerts") is not None and set_status(alert_id, "dismissed")
