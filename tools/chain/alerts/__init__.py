"""Proactive alerts of the daily run: detection (`detect`), storage in the company DB (`store`), the run (`daily`).

Kinds: expected demand peak, oven capacity overrun, staffing gap with a drafted campaign, coming cash
shortfall, rising defect rate. Each alert carries a typed follow-up with its German request, so the app can
answer it with one click (agents/supervisor/alerts.py maps it to a tool).
"""

from __future__ import annotations

from tools.chain.alerts.daily import DailySummary, daily_run
from tools.chain.alerts.detect import (
    DEFECT_MIN_PIECES,
    DEFECT_RISE,
    PEAK_RATIO,
    defect_alert,
    detect_chain_alerts,
    liquidity_alert,
    weekday_means,
)
from tools.chain.alerts.models import Alert, AlertKind, AlertStatus, FollowUp, FollowUpKind
from tools.chain.alerts.store import ALERTS, close_stale, get_alert, list_alerts, set_status, store_alerts

__all__ = [
    "ALERTS",
    "DEFECT_MIN_PIECES",
    "DEFECT_RISE",
    "PEAK_RATIO",
    "Alert",
    "AlertKind",
    "AlertStatus",
    "DailySummary",
    "FollowUp",
    "FollowUpKind",
    "close_stale",
    "daily_run",
    "defect_alert",
    "detect_chain_alerts",
    "get_alert",
    "liquidity_alert",
    "list_alerts",
    "set_status",
    "store_alerts",
    "weekday_means",
]
