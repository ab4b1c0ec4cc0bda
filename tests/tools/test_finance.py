"""Finance tools: investment maths, budget forecast, liquidity plan, backtest and CLI."""

from __future__ import annotations

import json
import pickle
import sys
import types
from datetime import date, timedelta
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

from app.commands.finance import finance_app
from tools.company.data import load_account, load_finance_monthly, load_sales
from tools.errors import RequestError
from tools.finance.backtest import backtest_demo, backtest_kiel, mape
from tools.finance.budget import DEFAULT_TARGET_GROWTH_PCT, forecast_budget
from tools.finance.investment import annuity, appraise, as_fraction, irr, npv, payback
from tools.finance.liquidity import plan_liquidity
from tools.finance.models import COST_CATEGORIES, CashItem
from tools.finance.monthly import seasonal_naive
from tools.settings import get_settings


# ---------- investment maths ----------
def test_npv_irr_payback_of_the_oven_example() -> None:
    r = appraise(48000, 10, 9000, 0.05)
    expected = 9000 * (1 - 1.05**-10) / 0.05 - 48000
    assert r.npv == pytest.approx(expected, abs=0.01)
    assert npv(irr(r.cashflows), r.cashflows) == pytest.approx(0, abs=1e-4)
    assert r.irr == pytest.approx(irr(r.cashflows), abs=1e-6)
    assert 0.13 < r.irr < 0.14
    assert r.payback_years == pytest.approx(48000 / 9000, abs=0.01)
    assert r.discounted_payback_years > r.payback_years
    assert r.break_even_cashflow == pytest.approx(48000 / ((1 - 1.05**-10) / 0.05), abs=0.01)
    assert r.verdict == "lohnt sich"
    assert appraise(48000, 10, 9000, 5).npv == r.npv  # percent or fraction


def test_bad_investment_and_edge_cases() -> None:
    bad = appraise(48000, 5, 9000, 0.05)
    assert bad.npv < 0 and bad.payback_years is None and bad.verdict == "lohnt sich nicht"
    middle = appraise(48000, 6, 9000, 0.08)  # pays back in year 6, but not the interest
    assert middle.npv < 0 and middle.payback_years is not None
    assert middle.verdict.startswith("verdient")
    assert irr([-100, -10]) is None
    assert payback([-100, 50, 50]) == pytest.approx(2.0)
    assert annuity(12000, 0.0, 1) == pytest.approx(1000)
    assert as_fraction(4.5) == pytest.approx(0.045)
    with pytest.raises(RequestError, match="größer als 0"):
        appraise(0, 10, 100)


# ---------- budget ----------
@pytest.fixture(scope="module")
def budget():
    return forecast_budget(months=14, bottom_up=False)


def test_budget_months_actuals_and_consistency(budget) -> None:
    today = get_settings().today()
    fin = load_finance_monthly().set_index("month")
    assert len(budget.months) == 14
    first = budget.months[0]
    assert first.month == today.replace(day=1)
    sales = load_sales()
    mtd = sales[(sales["date"] >= pd.Timestamp(first.month)) & (sales["date"].dt.date < today)]
    assert first.actual_to_date == pytest.approx(float((mtd["sold"] * mtd["price_eur"]).sum()), abs=0.05)
    assert first.revenue > first.actual_to_date
    for m in budget.months:
        assert m.revenue_lower <= m.revenue <= m.revenue_upper
        assert set(m.costs) == set(COST_CATEGORIES)
        assert m.costs_total == pytest.approx(sum(m.costs.values()), abs=0.05)
        assert m.result == pytest.approx(m.revenue - m.costs_total, abs=0.05)
        prev = pd.Timestamp(m.month) - pd.DateOffset(months=12)
        if prev in fin.index:
            assert m.prev_year_revenue == pytest.approx(fin.at[prev, "revenue"], abs=0.01)
            assert m.target_revenue == pytest.approx(
                m.prev_year_revenue * (1 + DEFAULT_TARGET_GROWTH_PCT / 100), abs=0.05
            )
    # December carries more revenue than February (season + trading days) in the forecast
    dec = next(m for m in budget.months if m.month.month == 12)
    feb = next(m for m in budget.months if m.month.month == 2)
    assert dec.revenue > feb.revenue
    # material cost follows revenue with the historical share
    last12 = load_finance_monthly().tail(12)
    share = last12["wareneinsatz"].sum() / last12["revenue"].sum()
    assert dec.costs["wareneinsatz"] == pytest.approx(share * dec.revenue, rel=1e-3)


def test_budget_scenario_changes_only_the_chosen_month(budget) -> None:
    dec = date(get_settings().today().year, 12, 1)
    scen = forecast_budget(months=14, bottom_up=False, scenario_pct=20, scenario_months=[dec])
    for base_m, scen_m in zip(budget.months, scen.months):
        if base_m.month == dec:
            assert scen_m.revenue == pytest.approx(base_m.revenue * 1.2, rel=1e-6)
            assert scen_m.result > base_m.result
        else:
            assert scen_m.revenue == pytest.approx(base_m.revenue, rel=1e-9)


def test_bottom_up_from_sales_forecast_and_fallback(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    def fake_forecast_demo(start, end, products=None, branches=None):
        days = pd.date_range(start, end)
        return pd.DataFrame(
            {
                "date": days,
                "branch": "stendal_markt",
                "product": "schrippe",
                "forecast": 1000.0,
                "lower": 900.0,
                "upper": 1100.0,
            }
        )

    import tools.forecast as forecast_pkg

    fake = types.ModuleType("tools.forecast.api")
    fake.forecast_demo = fake_forecast_demo
    fake.demo_pairs = lambda: {("stendal_markt", "schrippe")}
    cache = tmp_path / "fit.pkl"
    cache.write_bytes(pickle.dumps({"key": "k1"}))
    fake._cache_path = lambda name: cache  # "fitted" on the current history
    fake.demo_inputs = lambda: (None, None, "k1")
    monkeypatch.setitem(sys.modules, "tools.forecast.api", fake)
    monkeypatch.setattr(forecast_pkg, "api", fake, raising=False)
    b = forecast_budget(months=3, use_prophet=False)
    assert b.months[0].method.startswith("Absatzprognose") and b.months[1].method.startswith("Absatzprognose")
    assert not b.months[2].method.startswith("Absatzprognose")
    nxt = b.months[1]
    days = pd.Timestamp(nxt.month).days_in_month
    price = load_sales().query("product == 'schrippe'").sort_values("date")["price_eur"].iloc[-1]
    assert nxt.revenue < days * 1000 * price + 0.01 and nxt.revenue > 0.8 * days * 1000 * price

    def broken(*args, **kwargs):
        raise RuntimeError("Modell nicht trainiert")

    fake.forecast_demo = broken
    b2 = forecast_budget(months=2, use_prophet=False)
    assert all(not m.method.startswith("Absatzprognose") for m in b2.months)
    fake.forecast_demo = fake_forecast_demo
    fake._cache_path = lambda name: Path("/nonexistent/cache.pkl")  # not fitted yet -> monthly model
    b3 = forecast_budget(months=2, use_prophet=False)
    assert all(not m.method.startswith("Absatzprognose") for m in b3.months)


# ---------- liquidity ----------
@pytest.fixture(scope="module")
def quick_budget():
    return forecast_budget(months=4, bottom_up=False, use_prophet=False)


def test_liquidity_is_traceable(quick_budget) -> None:
    p = plan_liquidity(2, budget=quick_budget)
    acc = load_account()
    today = get_settings().today()
    assert p.start_balance == acc.balance_eur and p.days[0].date == today
    running = p.start_balance
    for d in p.days:
        assert d.inflow == pytest.approx(sum(i.amount for i in d.items if i.amount > 0), abs=0.05)
        running += d.inflow - d.outflow
        assert d.balance == pytest.approx(running, abs=0.1)
    wage_days = [d for d in p.days if any(i.name.startswith("Löhne") for i in d.items)]
    assert wage_days and all(d.date.day == min(acc.wage_day, 28) or d.date.day >= 28 for d in wage_days)
    closed = [d for d in p.days if d.date.month == 12 and d.date.day in (25, 26)]
    assert all(d.inflow == 0 for d in closed)
    assert p.min_balance == min(d.balance for d in p.days)


def test_liquidity_names_first_shortfall_and_reason(quick_budget) -> None:
    day = get_settings().today() + timedelta(days=3)
    p = plan_liquidity(2, budget=quick_budget, extra_payments={day: [CashItem(name="Neuer Ofen", amount=-400000.0)]})
    assert p.first_shortfall is not None and p.first_shortfall.date <= day
    assert p.first_below_buffer is not None and p.first_below_buffer.date <= p.first_shortfall.date
    assert p.credit_line_exceeded is not None and "Neuer Ofen" in p.credit_line_exceeded.reason


# ---------- backtest ----------
def test_backtest_demo_beats_baselines() -> None:
    r = backtest_demo(use_prophet=False)
    assert r.months == 12
    assert r.mape_model < 0.8 * r.mape_same_month_last_year
    assert r.mape_model < 0.8 * r.mape_12_month_mean
    assert mape(np.array([100.0, 200.0]), np.array([110.0, 180.0])) == pytest.approx(10.0)


def test_seasonal_naive_scales_by_trading_days() -> None:
    idx = pd.date_range("2024-01-01", periods=14, freq="MS")
    hist = pd.Series(np.arange(100.0, 1500.0, 100.0), index=idx)
    fut = pd.date_range("2025-03-01", periods=13, freq="MS")
    out = seasonal_naive(hist, np.full(14, 20.0), fut, np.full(13, 22.0))
    assert out[0] == pytest.approx(300.0 * 22 / 20)  # March 2024 × trading-day ratio
    assert out[11] == pytest.approx(1400.0 * 22 / 20)  # Feb 2026 <- Feb 2025
    assert out[12] == pytest.approx(300.0 * 22 / 20)  # Mar 2026 <- Mar 2024 (last known March)


def test_backtest_kiel_runs(shared_data) -> None:
    path = shared_data / "kiel_bakery" / "umsatz.csv"
    if not path.is_file():
        pytest.skip("Kiel-Daten fehlen")
    r = backtest_kiel(path, use_prophet=False)
    assert 0 < r.mape_model < 30 and 0 < r.mape_same_month_last_year < 30 and r.mape_12_month_mean > 0


# ---------- CLI ----------
def test_cli_investment_and_liquidity_json() -> None:
    runner = CliRunner()
    res = runner.invoke(
        finance_app,
        ["investment", "--price", "48000", "--years", "10", "--yearly-cashflow", "9000", "--rate", "0.05", "--json"],
    )
    assert res.exit_code == 0, res.output
    out = json.loads(res.stdout)
    assert {"npv", "irr", "payback_years"} <= set(out) and out["npv"] == pytest.approx(21495.61, abs=0.01)
    res = runner.invoke(finance_app, ["liquidity", "--months", "1", "--json"])
    assert res.exit_code == 0, res.output
    out = json.loads(res.stdout)
    assert {"start_balance", "days", "first_shortfall"} <= set(out)
    assert set(out["days"][0]) == {"date", "inflow", "outflow", "balance"}
    bad = runner.invoke(finance_app, ["investment", "--price", "0", "--years", "3", "--yearly-cashflow", "1"])
    assert bad.exit_code == 2


# ---------- stored monthly model ----------
def test_monthly_forecast_is_fitted_once_per_data_version(fresh_var: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from tools.finance import monthly

    fits: list[int] = []
    real_fit = monthly.fit_monthly

    def spy(*args: object, **kwargs: object) -> pd.DataFrame:
        fits.append(1)
        return real_fit(*args, **kwargs)  # type: ignore[arg-type]  # the spy passes the caller's arguments on

    monkeypatch.setattr(monthly, "fit_monthly", spy)
    months = pd.date_range("2022-01-01", periods=40, freq="MS")
    history = pd.Series(100_000 + 1_000 * np.arange(40) + 8_000 * np.sin(np.arange(40) / 12 * 2 * np.pi), index=months)
    tdi = np.full(40, 25.0)
    future = pd.date_range(months[-1] + pd.DateOffset(months=1), periods=6, freq="MS")
    first = monthly.forecast_monthly(history, tdi, future, np.full(6, 25.0), use_prophet=False)
    second = monthly.forecast_monthly(history, tdi, future, np.full(6, 25.0), use_prophet=False)
    assert fits == [1]
    pd.testing.assert_frame_equal(first, second)  # the stored forecast is the fitted one, to the last bit
    history.iloc[-1] *= 1.1  # new data: fitted again
    monthly.forecast_monthly(history, tdi, future, np.full(6, 25.0), use_prophet=False)
    assert fits == [1, 1]


def test_a_cash_plan_beyond_the_budgets_reach_is_refused_not_filled_with_zero_takings() -> None:
    """Hostile test 23: „Liquidität bis Dezember 2099“ showed -162 Mio. € – every month past the budget's 36 had
    0 € takings; „für 36 Monate“ ended with 24 such days."""
    with pytest.raises(RequestError, match="höchstens bis"):
        plan_liquidity(end=date(2099, 12, 31))
    with pytest.raises(RequestError, match="höchstens bis"):
        plan_liquidity(36)
    plan = plan_liquidity(24)  # within reach: the last weeks have takings like any other
    last = [d for d in plan.days[-21:] if any(i.amount > 0 for i in d.items)]
    assert len(last) >= 15
