"""Alert detection from chain results and their storage (own SQLite file per test)."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from tools.chain.models import CampaignBrief, ChainCase, ChainResult, DayFigure, DemandLink, OvenLink, StaffingLink

NOW = datetime(2026, 11, 25, 6, 0)


def _result(peak: float = 1300.0, missing_oven_hours: float = 2.5) -> ChainResult:
    days = [
        DayFigure(day=date(2026, 11, 26 + i), demand=d, production=d * 1.1, planned=True)
        for i, d in enumerate([1000.0, 1000.0, peak])
    ]
    demand = DemandLink(
        pieces=sum(d.demand for d in days),
        revenue_eur=1.0,
        prev_year_pieces=None,
        change_pct=None,
        peak_day=days[2].day,
        peak_pieces=peak,
        days=days,
    )
    ovens = OvenLink(
        day=days[2].day,
        pieces=1400,
        status="infeasible",
        busiest_oven="Ofen 1",
        load_pct=120.0,
        loads_pct={"Ofen 1": 120.0},
        total_load_pct=104.0,
        busy_hours=30.0,
        missing_oven_hours=missing_oven_hours,
        last_end="09:10",
        late_products=["Landbrot"],
    )
    staff = StaffingLink(
        shortage_hours={"Bäcker": 64.0, "Verkauf": 0.0},
        needed_hours={},
        available_hours={},
        worst_role="Bäcker",
        demand_source="x",
    )
    camp = CampaignBrief(
        role="Bäcker",
        title="Bäcker/in (m/w/d)",
        employment="Vollzeit",
        headcount=2,
        cost_total_eur=1700.0,
        start_campaign_by=date(2026, 11, 25),
        earliest_start_work=date(2027, 1, 5),
        in_time=False,
        channels=["Jobbörse"],
    )
    return ChainResult(
        start=days[0].day,
        end=days[-1].day,
        branches=[],
        products=[],
        base=ChainCase(demand=demand, ovens=ovens, staffing=staff, campaigns=[camp]),
    )


def test_detects_peak_overrun_and_gap_with_campaign():
    from tools.chain.alerts import detect_chain_alerts

    means = {d: 1000.0 for d in range(7)}
    alerts = detect_chain_alerts(_result(), NOW, means)
    kinds = {a.kind: a for a in alerts}
    assert set(kinds) == {"demand_peak", "oven_overrun", "staffing_gap"}
    assert kinds["demand_peak"].day == date(2026, 11, 28) and "30,0 %" in kinds["demand_peak"].text
    peak = kinds["demand_peak"].follow_up
    assert (peak.kind, peak.start, peak.end, peak.period) == (
        "demand_peak",
        date(2026, 11, 28),
        date(2026, 11, 28),
        "am 28.11.2026",
    )
    assert kinds["oven_overrun"].follow_up.kind == "oven_overrun" and "2,5" in kinds["oven_overrun"].text
    gap = kinds["staffing_gap"]
    assert "64 Stunden" in gap.title and (gap.follow_up.kind, gap.follow_up.role) == ("staffing_gap", "Bäcker")
    assert gap.follow_up.text == "Erstelle eine Recruiting-Kampagne für Bäcker"
    quiet = detect_chain_alerts(_result(peak=1100.0, missing_oven_hours=0.0).model_copy(), NOW, means)
    assert "demand_peak" not in {a.kind for a in quiet}


def test_defect_and_liquidity_alerts():
    from types import SimpleNamespace

    from tools.chain.alerts import defect_alert, liquidity_alert

    st = lambda rate, pieces: SimpleNamespace(
        rate=rate,
        pieces=pieces,
        defective=int(rate * pieces),  # noqa: E731
        start=date(2026, 11, 18),
        end=date(2026, 11, 24),
    )
    assert defect_alert(st(0.10, 200), st(0.05, 800), NOW).kind == "defect_rate"
    assert defect_alert(st(0.055, 200), st(0.05, 800), NOW) is None
    assert defect_alert(st(0.10, 10), st(0.05, 800), NOW) is None
    s = SimpleNamespace(date=date(2026, 12, 3), balance=-5100.0, threshold=0.0, reason="Kontostand -5.100 € unter 0 €")
    plan = SimpleNamespace(
        first_shortfall=s, first_below_buffer=s, min_balance=-18880.0, min_balance_date=date(2027, 1, 3)
    )
    a = liquidity_alert(plan, NOW)
    assert a.kind == "liquidity" and "unter 0 €" in a.title
    assert (a.follow_up.kind, a.follow_up.start, a.follow_up.end) == ("cash_low", NOW.date(), date(2026, 12, 3))
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
    assert get_alert(alerts[0].id).follow_up == alerts[0].follow_up
    gap = next(a for a in alerts if a.kind == "staffing_gap")
    assert close_stale({"staffing_gap", "demand_peak"}, {gap.id}) == 1  # the peak was not detected again
    assert [a.id for a in list_alerts("open")] == [gap.id]


def test_an_old_row_reads_back_as_a_plain_request(alerts_db):
    from sqlalchemy import insert

    from tools.chain.alerts import ALERTS, get_alert, list_alerts
    from tools.chain.alerts.store import _ensure
    from tools.db import get_engine

    _ensure()
    with get_engine().begin() as conn:  # as stored before follow-ups were typed: a tool's slots
        conn.execute(
            insert(ALERTS),
            [
                {
                    "id": "liq-alt",
                    "kind": "liquidity",
                    "title": "Kontostand unter 0 €",
                    "text": "x",
                    "created": NOW,
                    "updated": NOW,
                    "status": "open",
                    "follow_up": "Wie entwickelt sich die Liquidität bis 03.12.2026?",
                    "follow_up_fields": '{"text": "Liquidität bis 03.12.2026"}',
                }
            ],
        )
    old = get_alert("liq-alt")
    assert old.follow_up.kind == "request" and old.follow_up.text.startswith("Wie entwickelt sich")
    assert [a.id for a in list_alerts()] == ["liq-alt"]


def _quiet_chain(start, end):
    from tools.chain.models import ChainCase

    return ChainResult(start=start, end=end, branches=[], products=[], base=ChainCase())


def test_daily_run_reports_a_check_that_cannot_run_and_goes_on(alerts_db, monkeypatch):
    from tools.chain import chain
    from tools.chain.alerts import daily
    from tools.errors import DataError

    def no_sales(today):
        raise DataError("Die Verkaufsdatei fehlt.")

    monkeypatch.setattr(chain, "run_chain", _quiet_chain)
    monkeypatch.setattr(daily, "weekday_means", no_sales)
    s = daily.daily_run(days=3)
    assert s.missing["demand_peak"] == "Die Verkaufsdatei fehlt."
    assert "liquidity" not in s.missing and (s.start, s.end) == (date(2026, 11, 26), date(2026, 11, 28))


def test_daily_run_lets_a_bug_surface(alerts_db, monkeypatch):
    from tools.chain import chain
    from tools.chain.alerts import daily

    def bug(today):
        raise KeyError("value")

    monkeypatch.setattr(chain, "run_chain", _quiet_chain)
    monkeypatch.setattr(daily, "weekday_means", bug)
    with pytest.raises(KeyError):
        daily.daily_run(days=3)
