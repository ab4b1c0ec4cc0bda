"""Alert detection from chain results and their storage (own SQLite file per test)."""
from __future__ import annotations

from datetime import date, datetime


from tools.chain.models import (CampaignBrief, ChainCase, ChainResult, DayFigure, DemandLink, OvenLink,
                                StaffingLink)

NOW = datetime(2026, 11, 25, 6, 0)


def _result(peak: float = 1300.0, missing_oven_hours: float = 2.5) -> ChainResult:
    days = [DayFigure(day=date(2026, 11, 26 + i), demand=d, production=d * 1.1, planned=True)
            for i, d in enumerate([1000.0, 1000.0, peak])]
    demand = DemandLink(pieces=sum(d.demand for d in days), revenue_eur=1.0, prev_year_pieces=None, change_pct=None,
                        peak_day=days[2].day, peak_pieces=peak, days=days)
    ovens = OvenLink(day=days[2].day, pieces=1400, status="infeasible", busiest_oven="Ofen 1", load_pct=120.0,
                     loads_pct={"Ofen 1": 120.0}, total_load_pct=104.0, busy_hours=30.0, missing_oven_hours=missing_oven_hours,
                     last_end="09:10", late_products=["Landbrot"])
    staff = StaffingLink(shortage_hours={"Bäcker": 64.0, "Verkauf": 0.0}, needed_hours={}, available_hours={},
                         worst_role="Bäcker", demand_source="x")
    camp = CampaignBrief(role="Bäcker", title="Bäcker/in (m/w/d)", employment="Vollzeit", headcount=2,
                         cost_total_eur=1700.0, start_campaign_by=date(2026, 11, 25),
                         earliest_start_work=date(2027, 1, 5), in_time=False, channels=["Jobbörse"])
    return ChainResult(start=days[0].day, end=days[-1].day, branches=[], products=[],
                       base=ChainCase(demand=demand, ovens=ovens, staffing=staff, campaigns=[camp]))


def test_detects_peak_overrun_and_gap_with_campaign():
    from tools.chain.alerts import detect_chain_alerts

    means = {d: 1000.0 for d in range(7)}
    alerts = detect_chain_alerts(_result(), NOW, means)
    kinds = {a.kind: a for a in alerts}
    assert set(kinds) == {"demand_peak", "oven_overrun", "staffing_gap"}
    assert kinds["demand_peak"].day == date(2026, 11, 28) and "30,0 %" in kinds["demand_peak"].text
    assert kinds["oven_overrun"].tool == "oven_schedule" and "2,5" in kinds["oven_overrun"].text
    assert "64 Stunden" in kinds["staffing_gap"].title and kinds["staffing_gap"].tool == "recruiting_campaign"
    quiet = detect_chain_alerts(_result(peak=1100.0, missing_oven_hours=0.0).model_copy(), NOW, means)
    assert "demand_peak" not in {a.kind for a in quiet}


def test_defect_and_liquidity_alerts():
    from types import SimpleNamespace

    from tools.chain.alerts import defect_alert, liquidity_alert

    st = lambda rate, pieces: SimpleNamespace(rate=rate, pieces=pieces, defective=int(rate * pieces),  # noqa: E731
                                              start=date(2026, 11, 18), end=date(2026, 11, 24))
    assert defect_alert(st(0.10, 200), st(0.05, 800), NOW).kind == "defect_rate"
    assert defect_alert(st(0.055, 200), st(0.05, 800), NOW) is None
    assert defect_alert(st(0.10, 10), st(0.05, 800), NOW) is None
    s = SimpleNamespace(date=date(2026, 12, 3), balance=-5100.0, threshold=0.0, reason="Kontostand -5.100 € unter 0 €")
    plan = SimpleNamespace(first_shortfall=s, first_below_buffer=s, min_balance=-18880.0, min_balance_date=date(2027, 1, 3))
    a = liquidity_alert(plan, NOW)
    assert a.kind == "liquidity" and "unter 0 €" in a.title and a.slots["dates"]["end"] == "2026-12-03"
    assert liquidity_alert(SimpleNamespace(first_shortfall=None, first_below_buffer=None), NOW) is None


def test_store_is_idempotent_and_keeps_decisions(alerts_db):
    from tools.chain.alerts import close_stale, detect_chain_alerts, get_alert, list_alerts, set_status, store_alerts

    alerts = detect_chain_alerts(_result(), NOW, {d: 1000.0 for d in range(7)})
    assert store_alerts(alerts) == (3, 0)
    assert store_alerts(alerts) == (0, 3)
    assert len(list_alerts()) == 3
    oven = next(a for a in alerts if a.kind == "oven_overrun")
    assert set_status(oven.id, "dismissed") and not set_status("gibt-es-nicht", "done")
    assert store_alerts(alerts) == (0, 2)
    assert get_alert(oven.id).status == "dismissed" and len(list_alerts("open")) == 2
    assert get_alert(alerts[0].id).slots == alerts[0].slots
    gap = next(a for a in alerts if a.kind == "staffing_gap")
    assert close_stale({"staffing_gap", "demand_peak"}, {gap.id}) == 1  # the peak was not detected again
    assert [a.id for a in list_alerts("open")] == [gap.id]
