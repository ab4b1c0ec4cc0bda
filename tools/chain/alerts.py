"""Proactive alerts of the daily run: detection from the chain's results and storage in the company DB.

Kinds: expected demand peak, oven capacity overrun, staffing gap with a drafted campaign, coming
liquidity shortfall, rising defect rate. Each alert carries a German follow-up request (and the
tool + slots that answer it) so the app can run it with one click.
"""
from __future__ import annotations

import json
import re
from datetime import date, datetime, timedelta
from typing import Any, Literal

from pydantic import BaseModel, Field
from sqlalchemy import Column, Date, DateTime, MetaData, String, Table, Text, insert, select, update

from tools.chain.models import ChainResult
from tools.db import ensure_tables, get_engine
from tools.settings import get_settings

AlertKind = Literal["demand_peak", "oven_overrun", "staffing_gap", "liquidity", "defect_rate"]
AlertStatus = Literal["open", "done", "dismissed"]
PEAK_RATIO = 1.15  # a day ≥ 15 % above the same weekday's mean of the last 4 weeks is a peak
DEFECT_RISE = 1.25  # defect rate of the last 7 days ≥ 1.25 × the 4 weeks before
DEFECT_MIN_PIECES = 30

_META = MetaData()
ALERTS = Table(
    "chain_alerts", _META,
    Column("id", String(80), primary_key=True),
    Column("kind", String(32), nullable=False, index=True),
    Column("title", String(200), nullable=False),
    Column("text", Text, nullable=False),
    Column("created", DateTime, nullable=False),
    Column("updated", DateTime, nullable=False),
    Column("status", String(16), nullable=False, index=True),
    Column("follow_up", Text, nullable=False),
    Column("tool", String(40), nullable=True),
    Column("slots", Text, nullable=False, default="{}"),
    Column("day", Date, nullable=True),
    Column("figures", Text, nullable=False, default="{}"),
)


class Alert(BaseModel):
    """One stored alert with its suggested follow-up request."""

    id: str
    kind: AlertKind
    title: str
    text: str
    created: datetime
    status: AlertStatus = "open"
    follow_up: str = Field(description="German request the app sends through the supervisor on click")
    tool: str | None = Field(default=None, description="tool id that answers the follow-up")
    slots: dict[str, Any] = Field(default_factory=dict, description="Slots for that tool (JSON)")
    day: date | None = None
    figures: dict[str, Any] = Field(default_factory=dict, description="the tool figures behind the alert")


def _ensure() -> None:
    ensure_tables(_META)


def _id(kind: str, *parts: object) -> str:
    raw = "-".join([kind] + [str(p) for p in parts])
    return re.sub(r"[^a-zA-Z0-9_.-]+", "_", raw)[:80]


def _range(start: date, end: date, label: str) -> dict:
    return {"start": start.isoformat(), "end": end.isoformat(), "label": label}


def _num(x: float) -> str:
    return f"{x:,.0f}".replace(",", ".")


def _pct(x: float) -> str:
    return f"{x:.1f} %".replace(".", ",")


def weekday_means(today: date, weeks: int = 4) -> dict[int, float]:
    """Mean demand (uncensored pieces, all branches) per weekday over the last `weeks` weeks."""
    import pandas as pd

    from tools.forecast.api import demo_inputs

    hist = demo_inputs()[0]
    recent = hist[hist["date"] >= hist["date"].max() - pd.Timedelta(days=7 * weeks - 1)]
    daily = recent.groupby("date")["value"].sum()
    return {int(wd): float(g.mean()) for wd, g in daily.groupby(daily.index.day_of_week)}


def detect_chain_alerts(r: ChainResult, now: datetime, weekday_mean: dict[int, float] | None = None) -> list[Alert]:
    """Demand peak, oven overrun and staffing gaps (with campaign) from one chain result."""
    out: list[Alert] = []
    base = r.base
    if base.demand and weekday_mean:
        ratios = [(d, d.demand / weekday_mean[d.day.weekday()]) for d in base.demand.days
                  if weekday_mean.get(d.day.weekday())]
        if ratios:
            d, ratio = max(ratios, key=lambda x: x[1])
            if ratio >= PEAK_RATIO:
                out.append(Alert(
                    id=_id("demand_peak", d.day), kind="demand_peak", created=now, day=d.day,
                    title=f"Nachfragespitze am {d.day:%d.%m.%Y}",
                    text=(f"Erwartet werden {_num(d.demand)} Stück – {_pct(100 * (ratio - 1))} mehr als an diesem "
                          f"Wochentag im Schnitt der letzten 4 Wochen ({_num(weekday_mean[d.day.weekday()])} Stück). "
                          f"Geplante Produktion: {_num(d.production)} Stück."),
                    follow_up=f"Zeig mir den Produktionsplan für den {d.day:%d.%m.%Y}", tool="production_plan",
                    slots={"text": f"Produktionsplan für den {d.day:%d.%m.%Y}",
                           "dates": _range(d.day, d.day, f"am {d.day:%d.%m.%Y}")},
                    figures={"demand": d.demand, "weekday_mean": weekday_mean[d.day.weekday()], "ratio": round(ratio, 3)}))
    o = base.ovens
    if o and (o.missing_oven_hours > 0 or o.total_load_pct > 100):
        out.append(Alert(
            id=_id("oven_overrun", o.day), kind="oven_overrun", created=now, day=o.day,
            title=f"Ofenkapazität am {o.day:%d.%m.%Y} überschritten",
            text=(f"Für {_num(o.pieces)} Stück sind die Öfen zu {_pct(o.total_load_pct)} ausgelastet "
                  f"({o.busiest_oven} {_pct(o.load_pct)}); es fehlen {str(o.missing_oven_hours).replace('.', ',')} "
                  "Ofenstunden vor den Abfahrten." + (f" Zu spät: {', '.join(o.late_products[:4])}." if o.late_products else "")),
            follow_up=f"Wie sieht die Ofenbelegung am {o.day:%d.%m.%Y} aus?", tool="oven_schedule",
            slots={"text": f"Ofenbelegung am {o.day:%d.%m.%Y}", "dates": _range(o.day, o.day, f"am {o.day:%d.%m.%Y}")},
            figures=o.model_dump(mode="json")))
    if base.staffing and base.campaigns:
        for c in base.campaigns:
            gap = base.staffing.shortage_hours.get(c.role, 0.0)
            out.append(Alert(
                id=_id("staffing_gap", c.role, r.start), kind="staffing_gap", created=now, day=r.start,
                title=f"Personallücke {c.role}: {_num(gap)} Stunden",
                text=(f"Vom {r.start:%d.%m.} bis {r.end:%d.%m.%Y} fehlen {_num(gap)} Stunden {c.role}. "
                      f"Kampagnen-Entwurf: „{c.title}“, {c.headcount} × {c.employment}, Kosten {_num(c.cost_total_eur)} €, "
                      f"starten bis {c.start_campaign_by:%d.%m.%Y}."),
                follow_up=f"Erstelle eine Recruiting-Kampagne für {c.role}", tool="recruiting_campaign",
                slots={"text": f"Erstelle eine Recruiting-Kampagne für {c.role}"},
                figures={"gap_hours": gap, "campaign": c.model_dump(mode="json")}))
    return out


def liquidity_alert(plan, now: datetime) -> Alert | None:
    """First day below 0 € or below the safety buffer in a LiquidityPlan."""
    s = plan.first_shortfall or plan.first_below_buffer
    if s is None:
        return None
    zero = plan.first_shortfall is not None
    return Alert(
        id=_id("liquidity", s.date), kind="liquidity", created=now, day=s.date,
        title=("Kontostand unter 0 €" if zero else "Kontostand unter dem Sicherheitspuffer") + f" am {s.date:%d.%m.%Y}",
        text=f"{s.reason}. Tiefster Stand {_num(plan.min_balance)} € am {plan.min_balance_date:%d.%m.%Y}.",
        follow_up=f"Wie entwickelt sich die Liquidität bis {s.date:%d.%m.%Y}?", tool="liquidity",
        slots={"text": f"Liquidität bis {s.date:%d.%m.%Y}", "dates": _range(now.date(), s.date, f"bis {s.date:%d.%m.%Y}")},
        figures={"date": s.date.isoformat(), "balance": s.balance, "threshold": s.threshold,
                 "min_balance": plan.min_balance})


def defect_alert(recent, before, now: datetime) -> Alert | None:
    """Rising defect rate: last 7 days vs. the 4 weeks before (DefectStats of tools.vision.log)."""
    if recent.rate is None or recent.pieces < DEFECT_MIN_PIECES:
        return None
    if before.rate is not None and before.pieces >= DEFECT_MIN_PIECES and recent.rate < DEFECT_RISE * before.rate:
        return None
    if before.rate is None or before.pieces < DEFECT_MIN_PIECES:
        return None  # nothing to compare with
    return Alert(
        id=_id("defect_rate", recent.end), kind="defect_rate", created=now, day=recent.end,
        title=f"Fehlerquote steigt: {_pct(100 * recent.rate)}",
        text=(f"In den letzten 7 Tagen waren {recent.defective} von {recent.pieces} geprüften Stücken fehlerhaft "
              f"({_pct(100 * recent.rate)}), in den 4 Wochen davor {_pct(100 * before.rate)}."),
        follow_up="Wie hoch war die Fehlerquote in den letzten 7 Tagen?", tool="quality_check",
        slots={"text": "Wie hoch war die Fehlerquote in den letzten 7 Tagen?",
               "dates": _range(recent.start, recent.end, "in den letzten 7 Tagen")},
        figures={"recent_rate": recent.rate, "before_rate": before.rate, "recent_pieces": recent.pieces})


def _row(a: Alert) -> dict:
    return dict(id=a.id, kind=a.kind, title=a.title, text=a.text, created=a.created, updated=a.created,
                status=a.status, follow_up=a.follow_up, tool=a.tool, slots=json.dumps(a.slots, ensure_ascii=False),
                day=a.day, figures=json.dumps(a.figures, ensure_ascii=False, default=str))


def _alert(row: Any) -> Alert:
    return Alert(id=row["id"], kind=row["kind"], title=row["title"], text=row["text"], created=row["created"],
                 status=row["status"], follow_up=row["follow_up"], tool=row["tool"], slots=json.loads(row["slots"]),
                 day=row["day"], figures=json.loads(row["figures"]))


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
                conn.execute(update(ALERTS).where(ALERTS.c.id == a.id).values(
                    title=r["title"], text=r["text"], updated=r["updated"], follow_up=r["follow_up"], tool=r["tool"],
                    slots=r["slots"], figures=r["figures"]))
                updated += 1
    return new, updated


def list_alerts(status: AlertStatus | None = "open") -> list[Alert]:
    """Stored alerts (default: open ones), most recent day first."""
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
        res = conn.execute(update(ALERTS).where(ALERTS.c.id == alert_id).values(status=status, updated=get_settings().now()))
    return res.rowcount > 0


def close_stale(kinds: set[str], keep: set[str]) -> int:
    """Mark open alerts of the re-checked kinds that were not detected again as done; returns how many."""
    _ensure()
    stale = [a.id for a in list_alerts("open") if a.kind in kinds and a.id not in keep]
    for alert_id in stale:
        set_status(alert_id, "done")
    return len(stale)


class DailySummary(BaseModel):
    """What `synerki daily` did."""

    today: date
    start: date
    end: date
    alerts: list[Alert]
    new: int
    updated: int
    closed: int = Field(default=0, description="open alerts no longer detected, marked done")
    missing: dict[str, str]
    seconds: float


def daily_run(days: int = 7, now: datetime | None = None) -> DailySummary:
    """Refresh the chain for the next `days` days (tomorrow on), check cash and defects, store alerts."""
    import time

    from tools.chain.chain import run_chain

    t = time.perf_counter()
    today = get_settings().today()
    now = now or get_settings().now()
    start, end = today + timedelta(days=1), today + timedelta(days=days)
    alerts: list[Alert] = []
    missing: dict[str, str] = {}
    checked: set[str] = set()
    try:
        r = run_chain(start, end)
        missing.update(r.base.missing)
        checked |= {"oven_overrun"} if r.base.ovens else set()
        checked |= {"staffing_gap"} if r.base.campaigns is not None else set()
        try:
            means = weekday_means(today)
        except Exception as exc:  # noqa: BLE001
            means, missing["demand_peak"] = None, str(exc)
        checked |= {"demand_peak"} if means and r.base.demand else set()
        alerts += detect_chain_alerts(r, now, means)
    except Exception as exc:  # noqa: BLE001 - the daily run reports and goes on
        missing["chain"] = str(exc)
    try:
        from tools.chain.links import cached_budget
        from tools.finance.liquidity import plan_liquidity

        a = liquidity_alert(plan_liquidity(budget=cached_budget(), end=today + timedelta(days=60)), now)
        alerts += [a] if a else []
        checked.add("liquidity")
    except Exception as exc:  # noqa: BLE001
        missing["liquidity"] = str(exc)
    try:
        from tools.vision.log import defect_stats

        recent = defect_stats(today - timedelta(days=7), today - timedelta(days=1))
        before = defect_stats(today - timedelta(days=35), today - timedelta(days=8))
        a = defect_alert(recent, before, now)
        alerts += [a] if a else []
        checked.add("defect_rate")
    except Exception as exc:  # noqa: BLE001
        missing["quality"] = str(exc)
    new, upd = store_alerts(alerts)
    closed = close_stale(checked, {a.id for a in alerts})
    return DailySummary(today=today, start=start, end=end, alerts=alerts, new=new, updated=upd, closed=closed,
                        missing=missing,
                        seconds=round(time.perf_counter() - t, 2))
