"""Alerts in the company database: store (idempotent per id), list, get, set a status, close stale ones.

The follow-up's typed fields are JSON in the column `slots` (its name from when alerts stored a tool's slots,
kept so existing databases need no migration); such an old row reads back as a plain German request.
"""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import Column, Date, DateTime, MetaData, RowMapping, String, Table, Text, insert, select, update

from tools.chain.alerts.models import Alert, AlertStatus, FollowUp
from tools.db import ensure_tables, get_engine
from tools.settings import get_settings

_META = MetaData()
ALERTS = Table(
    "chain_alerts",
    _META,
    Column("id", String(80), primary_key=True),
    Column("kind", String(32), nullable=False, index=True),
    Column("title", String(200), nullable=False),
    Column("text", Text, nullable=False),
    Column("created", DateTime, nullable=False),
    Column("updated", DateTime, nullable=False),
    Column("status", String(16), nullable=False, index=True),
    Column("follow_up", Text, nullable=False),  # the follow-up's German request
    Column("slots", Text, key="follow_up_fields", nullable=False, default="{}"),  # FollowUp JSON without the text
    Column("day", Date, nullable=True),
    Column("figures", Text, nullable=False, default="{}"),
)  # an older database also has a nullable column `tool`, no longer written or read


def _ensure() -> None:
    ensure_tables(_META)


def _row(a: Alert) -> dict[str, Any]:
    fields = a.follow_up.model_dump(mode="json", exclude={"text"}, exclude_none=True)
    return {
        "id": a.id,
        "kind": a.kind,
        "title": a.title,
        "text": a.text,
        "created": a.created,
        "updated": a.created,
        "status": a.status,
        "follow_up": a.follow_up.text,
        "follow_up_fields": json.dumps(fields, ensure_ascii=False),
        "day": a.day,
        "figures": json.dumps(a.figures, ensure_ascii=False, default=str),
    }


def _follow_up(text: str, fields_json: str) -> FollowUp:
    fields = json.loads(fields_json or "{}")
    if "kind" not in fields:  # an old row: a tool's slots, not a typed follow-up
        return FollowUp(kind="request", text=text)
    return FollowUp.model_validate({**fields, "text": text})


def _alert(row: RowMapping) -> Alert:
    follow_up = _follow_up(row["follow_up"], row[ALERTS.c.follow_up_fields])
    return Alert(
        id=row["id"],
        kind=row["kind"],
        title=row["title"],
        text=row["text"],
        created=row["created"],
        status=row["status"],
        follow_up=follow_up,
        day=row["day"],
        figures=json.loads(row["figures"]),
    )


def store_alerts(alerts: list[Alert]) -> tuple[int, int]:
    """Insert new alerts; refresh the text of still-open ones with the same id. Returns (new, updated)."""
    _ensure()
    new = updated = 0
    with get_engine().begin() as conn:
        for a in alerts:
            old = conn.execute(select(ALERTS.c.status).where(ALERTS.c.id == a.id)).first()
            if old is None:
                conn.execute(insert(ALERTS), [_row(a)])
                new += 1
            elif old[0] == "open":
                r = _row(a)
                conn.execute(
                    update(ALERTS)
                    .where(ALERTS.c.id == a.id)
                    .values(
                        title=r["title"],
                        text=r["text"],
                        updated=r["updated"],
                        follow_up=r["follow_up"],
                        follow_up_fields=r["follow_up_fields"],
                        figures=r["figures"],
                    )
                )
                updated += 1
    return new, updated


def list_alerts(status: AlertStatus | None = "open") -> list[Alert]:
    """Stored alerts (default: open ones), most recent first."""
    _ensure()
    q = select(ALERTS)
    if status:
        q = q.where(ALERTS.c.status == status)
    with get_engine().connect() as conn:
        rows = conn.execute(q.order_by(ALERTS.c.created.desc(), ALERTS.c.id)).mappings().all()
    return [_alert(r) for r in rows]


def get_alert(alert_id: str) -> Alert | None:
    """One alert by id."""
    _ensure()
    with get_engine().connect() as conn:
        row = conn.execute(select(ALERTS).where(ALERTS.c.id == alert_id)).mappings().first()
    return _alert(row) if row else None


def set_status(alert_id: str, status: AlertStatus) -> bool:
    """Mark an alert done or dismissed; False when the id is unknown."""
    _ensure()
    with get_engine().begin() as conn:
        res = conn.execute(
            update(ALERTS).where(ALERTS.c.id == alert_id).values(status=status, updated=get_settings().now())
        )
    return res.rowcount > 0


def close_stale(kinds: set[str], keep: set[str]) -> int:
    """Mark open alerts of the re-checked kinds that were not detected again as done; returns how many."""
    _ensure()
    stale = [a.id for a in list_alerts("open") if a.kind in kinds and a.id not in keep]
    for alert_id in stale:
        set_status(alert_id, "done")
    return len(stale)
