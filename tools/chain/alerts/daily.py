"""The daily run behind `synerki daily`: refresh the chain, check cash and defects, store the alerts.

A check that cannot run for a reason the owner can act on (a `UserFacingError`: missing or unreadable data,
an impossible plan) is reported under `missing` and the others go on; any other exception is a bug and
propagates.
"""

from __future__ import annotations

import time
from datetime import date, datetime, timedelta

from pydantic import BaseModel, Field

from tools.chain.alerts.detect import defect_alert, detect_chain_alerts, liquidity_alert, weekday_means
from tools.chain.alerts.models import Alert, AlertKind
from tools.chain.alerts.store import close_stale, store_alerts
from tools.errors import UserFacingError
from tools.settings import get_settings

LIQUIDITY_DAYS = 60  # how far ahead the cash check looks


class DailySummary(BaseModel):
    """What `synerki daily` did."""

    today: date
    start: date
    end: date
    alerts: list[Alert]
    new: int
    updated: int
    closed: int = Field(default=0, description="open alerts no longer detected, marked done")
    missing: dict[str, str] = Field(description="check or link that could not run -> German reason")
    seconds: float


class _Found(BaseModel):
    """Alerts of one check and the kinds it really re-checked (only those may close stale alerts)."""

    alerts: list[Alert] = Field(default_factory=list)
    checked: set[AlertKind] = Field(default_factory=set)
    missing: dict[str, str] = Field(default_factory=dict)


def _chain_check(today: date, start: date, end: date, now: datetime) -> _Found:
    from tools.chain.chain import run_chain  # looked up per call: tests narrow the chain with monkeypatch

    found = _Found()
    try:
        r = run_chain(start, end)
    except UserFacingError as exc:
        found.missing["chain"] = str(exc)
        return found
    found.missing.update(r.base.missing)
    if r.base.ovens:
        found.checked.add("oven_overrun")
    if r.base.campaigns is not None:
        found.checked.add("staffing_gap")
    means: dict[int, float] | None = None
    try:
        means = weekday_means(today)
    except UserFacingError as exc:
        found.missing["demand_peak"] = str(exc)
    if means and r.base.demand:
        found.checked.add("demand_peak")
    found.alerts = detect_chain_alerts(r, now, means)
    return found


def _liquidity_check(today: date, now: datetime) -> _Found:
    from tools.chain.links import cached_budget
    from tools.finance.liquidity import plan_liquidity

    try:
        plan = plan_liquidity(budget=cached_budget(), end=today + timedelta(days=LIQUIDITY_DAYS))
    except UserFacingError as exc:
        return _Found(missing={"liquidity": str(exc)})
    a = liquidity_alert(plan, now)
    return _Found(alerts=[a] if a else [], checked={"liquidity"})


def _quality_check(today: date, now: datetime) -> _Found:
    from tools.vision.log import defect_stats

    recent = defect_stats(today - timedelta(days=7), today - timedelta(days=1))  # the check log: no data is no alert
    before = defect_stats(today - timedelta(days=35), today - timedelta(days=8))
    a = defect_alert(recent, before, now)
    return _Found(alerts=[a] if a else [], checked={"defect_rate"})


def daily_run(days: int = 7, now: datetime | None = None) -> DailySummary:
    """Refresh the chain for the next `days` days (tomorrow on), check cash and defects, store alerts."""
    t = time.perf_counter()
    settings = get_settings()
    today = settings.today()
    now = now or settings.now()
    start, end = today + timedelta(days=1), today + timedelta(days=days)
    results = [_chain_check(today, start, end, now), _liquidity_check(today, now), _quality_check(today, now)]
    alerts = [a for f in results for a in f.alerts]
    missing = {k: v for f in results for k, v in f.missing.items()}
    checked: set[str] = {k for f in results for k in f.checked}
    new, updated = store_alerts(alerts)
    closed = close_stale(checked, {a.id for a in alerts})
    return DailySummary(
        today=today,
        start=start,
        end=end,
        alerts=alerts,
        new=new,
        updated=updated,
        closed=closed,
        missing=missing,
        seconds=round(time.perf_counter() - t, 2),
    )
