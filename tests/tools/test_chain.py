"""The chain's typed functions on a small slice of the demo company (one product, two branches)."""

from __future__ import annotations

from datetime import date, timedelta
from types import SimpleNamespace

import pytest

from tools.errors import RequestError

START, END = date(2026, 11, 30), date(2026, 12, 6)  # "next week" for SYNERKI_TODAY=2026-11-25
SEL = dict(branches=["stendal_markt", "gardelegen"], products=["schrippe"])


@pytest.fixture(scope="module")
def pieces():
    from tools.chain.pieces import expected_pieces

    return expected_pieces(START, END, **SEL)


@pytest.fixture(scope="module")
def chain():
    from tools.chain.chain import run_chain

    return run_chain(START, END, percent=20, **SEL)


def test_pieces_use_the_plan_inside_its_horizon_and_the_forecast_after(pieces):
    from tools.chain.pieces import product_forecast
    from tools.production.plan import plan_day

    df, plan_until = pieces
    assert plan_until == date(2026, 12, 1)  # last sales day 24.11. + 7
    assert set(df["date"]) == {START + timedelta(days=i) for i in range(7)}
    assert df.loc[df["date"] <= plan_until, "planned"].all() and not df.loc[df["date"] > plan_until, "planned"].any()
    plan = plan_day(date(2026, 11, 30), **SEL)
    assert df[df["date"] == date(2026, 11, 30)]["produce"].sum() == sum(i.quantity for i in plan.items)
    # 02.12. (Wed) = plan of Wed 25.11. × forecast(02.12.) / forecast(25.11.)
    fc = product_forecast(date(2026, 11, 25), date(2026, 12, 2), ["schrippe"]).set_index("date")["forecast"]
    tmpl = plan_day(date(2026, 11, 25), **SEL)
    expect = sum(i.quantity for i in tmpl.items) * fc[date(2026, 12, 2)] / fc[date(2026, 11, 25)]
    assert df[df["date"] == date(2026, 12, 2)]["produce"].sum() == pytest.approx(expect, rel=1e-6)


def test_pieces_reject_days_with_actual_sales():
    from tools.chain.pieces import expected_pieces

    with pytest.raises(RequestError, match="Verkaufszahlen"):
        expected_pieces(date(2026, 11, 20), END, **SEL)


def test_scaled_multiplies_demand_and_production(pieces):
    from tools.chain.pieces import scaled

    df, _ = pieces
    up = scaled(df, 20)
    assert up["produce"].sum() == pytest.approx(1.2 * df["produce"].sum())
    assert up["sell"].sum() == pytest.approx(1.2 * df["sell"].sum())
    assert (scaled(df, -150)["sell"] == 0).all()


def test_chain_links_all_present_and_scenario_follows(chain):
    b, s = chain.base, chain.scenario
    assert not b.missing and not s.missing
    assert s.demand.pieces == pytest.approx(1.2 * b.demand.pieces, rel=1e-3)
    assert s.production.pieces == pytest.approx(1.2 * b.production.pieces, rel=1e-3)
    assert s.money.revenue_eur == pytest.approx(1.2 * b.money.revenue_eur, rel=1e-3)
    assert b.ovens.day == s.ovens.day == max(b.demand.days, key=lambda d: d.production).day
    assert s.ovens.pieces > b.ovens.pieces and s.ovens.busy_hours > b.ovens.busy_hours
    for role, gap in b.staffing.shortage_hours.items():
        assert s.staffing.shortage_hours[role] >= gap - 0.05
    assert b.money.contribution_eur == pytest.approx(
        b.money.revenue_eur - b.money.production_cost_eur - b.money.campaign_cost_eur, abs=0.05
    )
    assert b.demand.change_pct is not None and b.demand.prev_year_pieces > 0


def test_a_failing_link_is_reported_not_raised(monkeypatch):
    import tools.chain.links as links
    from tools.chain.chain import run_chain

    def broken(*a, **k):
        raise RuntimeError("Dienstplan fehlt")

    monkeypatch.setattr(links, "staffing_link", broken)
    r = run_chain(START, date(2026, 12, 1), with_ovens=False, **SEL)
    assert r.base.missing["staffing"] == "Dienstplan fehlt"
    assert "recruiting" in r.base.missing and r.base.campaigns is None
    assert r.base.demand is not None and r.base.money is not None and r.base.ovens is None


def test_oven_loads_busy_minutes_over_slot_window():
    from tools.chain.links import oven_loads
    from tools.company.models import Oven

    ovens = [
        Oven(
            id="o1",
            name="Ofen 1",
            kind="etagenofen",
            slots=["a", "b"],
            trays_per_slot=4,
            max_temp_c=250,
            changeover_min_per_10c=1,
            start_time="02:00",
        ),
        Oven(
            id="o2",
            name="Ofen 2",
            kind="stikkenofen",
            slots=["r"],
            trays_per_slot=16,
            max_temp_c=250,
            changeover_min_per_10c=1,
            start_time="04:00",
        ),
    ]
    job = lambda oven, s, e, dl: SimpleNamespace(oven=oven, start_min=s, end_min=e, branch_deadline=dl)  # noqa: E731
    plan = SimpleNamespace(
        jobs=[job("o1", 120, 300, "05:00"), job("o1", 120, 240, "06:00"), job("o2", 240, 300, "06:00")]
    )
    loads, total = oven_loads(plan, ovens)
    assert loads == {"Ofen 1": pytest.approx(100 * 300 / (2 * 240), abs=0.05), "Ofen 2": pytest.approx(50.0)}
    assert total == pytest.approx(100 * 360 / (2 * 240 + 120), abs=0.05)
    assert oven_loads(SimpleNamespace(jobs=[]), ovens) == ({}, 0.0)


def test_cached_computes_once_per_key(tmp_path, monkeypatch):
    from tools.chain import cache
    from tools.chain.models import DayFigure

    monkeypatch.setattr(cache, "cache_dir", lambda: tmp_path)
    calls = []

    def compute():
        calls.append(1)
        return DayFigure(day=START, demand=1.5, production=2.0, planned=True)

    a = cache.cached("t", "k1", DayFigure, compute)
    b = cache.cached("t", "k1", DayFigure, compute)
    cache.cached("t", "k2", DayFigure, compute)
    assert a == b and len(calls) == 2
