"""plan_day on the demo company, sold-out correction, savings backtest and the CSV mode (incl. CLI)."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

from tools.company.catalog import PRODUCT_BY_ID
from tools.company.data import load_sales
from tools.errors import PlanError
from tools.production.censoring import elapsed_share, uncensored_demand
from tools.production.csvplan import OUT_COLUMNS, plan_from_csv
from tools.production.plan import plan_day
from tools.settings import get_settings


@pytest.fixture(scope="module")
def sales() -> pd.DataFrame:
    return load_sales()


@pytest.fixture(scope="module")
def tomorrow() -> date:
    return get_settings().today() + timedelta(days=1)


@pytest.fixture(scope="module")
def plan(tomorrow):
    return plan_day(tomorrow, ["stendal_markt", "gardelegen"], ["roggenbrot", "schrippe", "stollen"])


def test_elapsed_share_of_opening_hours() -> None:
    # Stendal Marktplatz opens 06:00–18:00 on weekdays
    assert elapsed_share("stendal_markt", date(2026, 11, 24), "12:00") == pytest.approx(0.5)
    assert elapsed_share("stendal_markt", date(2026, 11, 24), "kaputt") is None


def test_uncensoring_removes_most_of_the_sold_out_bias(sales) -> None:
    s = sales[sales["date"] >= "2026-06-01"]
    est = uncensored_demand(s)
    m = s["sold_out"].to_numpy()
    assert (est >= s["sold"]).all()
    bias_raw = abs(s["sold"][m].sum() / s["demand"][m].sum() - 1)
    bias_est = abs(est[m].sum() / s["demand"][m].sum() - 1)
    assert bias_est < bias_raw / 2


def test_plan_items_follow_the_newsvendor(plan, tomorrow) -> None:
    assert plan.day == tomorrow and plan.items
    for i in plan.items:
        assert i.lower80 <= i.forecast <= i.upper80 + 1e-9
        assert 0 <= i.sellout_prob < 1 and 0.5 < i.expected_fill <= 1
        # a critical ratio above one half means baking above the median forecast
        if i.critical_ratio > 0.6:
            assert i.quantity >= round(i.forecast)
    # Saturday-style totals are consistent: trays and dough follow the recipes
    for t in plan.products:
        p = PRODUCT_BY_ID[t.product]
        assert t.quantity == sum(i.quantity for i in plan.items if i.product == t.product)
        assert t.trays == -(-t.quantity // p.recipe.pieces_per_tray)
        assert t.dough_kg == pytest.approx(t.quantity * p.recipe.dough_kg, abs=0.01)
    assert sum(plan.dough_kg.values()) == pytest.approx(sum(t.dough_kg for t in plan.products), abs=0.05)


def test_materials_against_stock(plan) -> None:
    need = {}
    for t in plan.products:
        for mat, kg in PRODUCT_BY_ID[t.product].recipe.ingredients_kg.items():
            need[mat] = need.get(mat, 0) + t.quantity * kg
    for m in plan.materials:
        assert m.needed_kg == pytest.approx(need[m.name], abs=0.01)
        assert m.shortage_kg == pytest.approx(max(0, m.needed_kg - m.stock_kg), abs=0.01)
    assert {m.name for m in plan.shortages} == {m.name for m in plan.materials if m.needed_kg > m.stock_kg}


def test_past_day_is_refused() -> None:
    with pytest.raises(PlanError, match="Verkaufszahlen"):
        plan_day(date(2026, 1, 5))


def test_savings_backtest_small_selection(sales) -> None:
    from tools.production.savings import savings

    res = savings(date(2026, 10, 5), date(2026, 10, 25), ["stendal_markt"], ["schrippe", "landbrot"])
    assert res.series == 2 and len(res.weeks) == 3
    assert res.markup == pytest.approx(1.17, abs=0.05)  # the demo bakery's own rule
    assert res.plan.demand == res.rule.demand
    assert res.saved_returns == pytest.approx(res.rule.returned - res.plan.returned)
    # Backstube hours of the pieces each policy bakes, at the staffing model's pieces per hour (trial 11)
    from tools.staffing.assumptions import load_assumptions
    from tools.staffing.needs import product_role_rate

    a = load_assumptions()
    slowest = min(product_role_rate(p, a)[1] for p in ("schrippe", "landbrot")) * a.productivity.productive_share
    fastest = max(product_role_rate(p, a)[1] for p in ("schrippe", "landbrot")) * a.productivity.productive_share
    assert res.plan_bake_hours is not None and res.rule_bake_hours is not None
    assert res.plan.baked / fastest - 0.1 <= res.plan_bake_hours <= res.plan.baked / slowest + 0.1
    from tools.production.savings import bake_hours

    one_hour = product_role_rate("schrippe", a)[1] * a.productivity.productive_share
    assert bake_hours(pd.Series(["stendal_markt|schrippe", "x|unbekannt"]), np.array([one_hour, 500.0])) == 1.0


def _kiel_like(tmp_path: Path) -> Path:
    rng = np.random.default_rng(0)
    days = pd.date_range("2024-01-01", "2024-12-31", freq="D")
    rows = []
    for g, base in ((1, 120.0), (2, 400.0)):
        wd = np.array([1.0, 0.9, 0.9, 1.0, 1.1, 1.4, 0.8])[days.day_of_week]
        rows.append(
            pd.DataFrame(
                {
                    "Datum": days.strftime("%Y-%m-%d"),
                    "Warengruppe": g,
                    "Umsatz": base * wd * rng.lognormal(0, 0.12, len(days)),
                }
            )
        )
    path = tmp_path / "umsatz.csv"
    pd.concat(rows).to_csv(path, index=False)
    return path


def test_csv_plan_writes_every_series_and_day(tmp_path) -> None:
    from app.cli import app

    src = _kiel_like(tmp_path)
    out = tmp_path / "plan.csv"
    res = CliRunner().invoke(
        app,
        [
            "plan",
            "production",
            "--sales",
            str(src),
            "--date-col",
            "Datum",
            "--series-col",
            "Warengruppe",
            "--value-col",
            "Umsatz",
            "--start",
            "2025-01-06",
            "--end",
            "2025-01-12",
            "--price",
            "1",
            "--cost",
            "0.3",
            "--holidays",
            "DE-SH",
            "--out",
            str(out),
        ],
    )
    assert res.exit_code == 0, res.output
    df = pd.read_csv(out)
    assert list(df.columns) == OUT_COLUMNS and len(df) == 14
    assert (df["quantity"] > df["forecast"]).mean() > 0.8  # critical ratio 0.7 → above the point forecast
    sat = df[pd.to_datetime(df["date"]).dt.day_of_week == 5]["forecast"].mean()
    tue = df[pd.to_datetime(df["date"]).dt.day_of_week == 1]["forecast"].mean()
    assert sat > tue * 1.2  # the weekly pattern was learned from the file


def test_csv_plan_bad_column_is_a_german_error(tmp_path) -> None:
    from app.cli import app

    src = _kiel_like(tmp_path)
    res = CliRunner().invoke(
        app,
        [
            "plan",
            "production",
            "--sales",
            str(src),
            "--date-col",
            "Tag",
            "--value-col",
            "Umsatz",
            "--start",
            "2025-01-06",
            "--end",
            "2025-01-07",
            "--price",
            "1",
            "--cost",
            "0.3",
            "--out",
            str(tmp_path / "x.csv"),
        ],
    )
    assert res.exit_code == 1 and "Spalte" in res.output and "Traceback" not in res.output


def test_cli_demo_plan_json(tomorrow) -> None:
    from app.cli import app

    res = CliRunner().invoke(
        app,
        [
            "plan",
            "production",
            "--date",
            tomorrow.isoformat(),
            "--branch",
            "stendal_markt",
            "--product",
            "roggenbrot",
            "--json",
        ],
    )
    assert res.exit_code == 0, res.output
    data = json.loads(res.output)
    assert data["day"] == tomorrow.isoformat() and data["items"][0]["product"] == "roggenbrot"
    assert data["items"][0]["quantity"] > 0


def test_csv_mode_on_kiel_data(shared_data) -> None:
    df = plan_from_csv(
        shared_data / "kiel_bakery" / "umsatz.csv",
        "Datum",
        "Warengruppe",
        "Umsatz",
        date(2018, 8, 1),
        date(2018, 8, 3),
        1.0,
        0.35,
        holidays="DE-SH",
    )
    assert len(df) == 6 * 3
    # group 6 (seasonal, last sold in December 2017) is not planned in August
    assert (df[df["series"] == "6"]["quantity"] == 0).all()
    assert (df[df["series"] != "6"]["quantity"] > 0).all()


def test_far_days_are_flagged_and_limited(sales) -> None:
    last = sales["date"].max().date()
    near = plan_day(last + timedelta(days=3), ["stendal_markt"], ["schrippe"])
    far = plan_day(last + timedelta(days=10), ["stendal_markt"], ["schrippe"])
    assert not near.beyond_calibration and far.beyond_calibration
    # same weekday one week apart: similar forecasts (the horizon feature keeps its weekday)
    assert 0.7 < far.items[0].forecast / near.items[0].forecast < 1.3
    with pytest.raises(PlanError, match="höchstens"):
        plan_day(last + timedelta(days=30))


def test_demand_model_is_fitted_once_per_sales_content(fresh_var: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from tools.production import plan as plan_module
    from tools.production.model import DemandModel

    fits: list[int] = []

    def fake_fit(
        self: DemandModel, hist: pd.DataFrame, hmin: int = 1, hmax: int = 7, anchor: date | None = None
    ) -> DemandModel:
        fits.append(len(hist))
        return self

    monkeypatch.setattr(DemandModel, "fit", fake_fit)
    monkeypatch.setattr(plan_module, "_memo", {})
    hist = pd.DataFrame(
        {"date": pd.date_range("2026-01-01", periods=50), "series": "a|b", "value": np.arange(50, dtype=float)}
    )
    plan_module.fitted_model(hist)
    plan_module._memo.clear()  # a new process: only the stored file is left
    plan_module.fitted_model(hist)
    assert fits == [50]
    changed = hist.assign(value=hist["value"] + 1.0)  # same days and rows, other sales: fitted again
    plan_module.fitted_model(changed)
    assert fits == [50, 50]


class _NoStore:
    """Stands in for DEMAND_ARTEFACT: fits in memory, writes nothing beside the real demand model."""

    def load_or_fit(self, inputs: object, fit, refit: bool = False):  # noqa: ANN001, ANN201
        return fit()


def test_demo_plan_follows_the_stored_choice(monkeypatch: pytest.MonkeyPatch, tomorrow: date) -> None:
    from tools.production import plan as plan_module
    from tools.production.selection import PlanChoice

    def injected(scale: float) -> PlanChoice:
        profit = {"standard|s1|wt": 100.0, f"standard|s{scale:g}|reihe": 90.0 + 20 * (scale > 1)}
        return PlanChoice(
            cutoff=tomorrow - timedelta(days=2),
            point="standard",
            resid_scale=scale,
            weekday_cells=False,
            weeks=12,
            profit=profit,
        )

    monkeypatch.setattr(plan_module, "DEMAND_ARTEFACT", _NoStore())
    monkeypatch.setattr(plan_module, "_memo", {})
    plans = {}
    for scale in (0.6, 1.25):
        monkeypatch.setattr(plan_module, "plan_choice", lambda hist, data_hash=None, s=scale: injected(s))
        plans[scale] = plan_day(tomorrow, ["stendal_markt", "gardelegen"], ["roggenbrot", "schrippe"])
    narrow, wide = plans[0.6], plans[1.25]
    assert [i.forecast for i in narrow.items] == [i.forecast for i in wide.items]  # same point model
    # a wider spread: wider 80 % ranges and, above a critical ratio of one half, more pieces
    for n, w in zip(narrow.items, wide.items):
        assert w.upper80 - w.lower80 > n.upper80 - n.lower80
    assert all(i.critical_ratio > 0.55 for i in wide.items)
    assert sum(i.quantity for i in wide.items) > sum(i.quantity for i in narrow.items)
    mc = wide.model_choice
    assert mc is not None and mc.variant == "standard|s1.25|reihe" and not mc.is_standard
    assert (mc.chosen_profit_eur, mc.standard_profit_eur) == (110.0, 100.0)
    assert "×1,25 (breiter)" in mc.text and mc.text in wide.method
    assert "×0,6 (schmaler)" in narrow.method


def test_plan_choice_is_read_from_the_artefact_on_a_second_call(
    fresh_var: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import tools.production.selection as psel
    from tools.production import plan as plan_module
    from tools.production.model import DemandModel

    calls: list[date] = []

    def fake_select(history: pd.DataFrame, cutoff: date, econ: dict, *a: object, **kw: object) -> psel.PlanChoice:
        calls.append(cutoff)
        assert set(econ) == {"stendal_markt|schrippe"} and kw["lead_days"] == plan_module.CHOICE_LEAD_DAYS
        return psel.PlanChoice(
            cutoff=cutoff, point="flach", resid_scale=0.8, weekday_cells=True, weeks=12, profit={"flach|s0.8|wt": 1.0}
        )

    monkeypatch.setattr(psel, "select_plan", fake_select)
    monkeypatch.setattr(DemandModel, "fit", lambda self, hist, hmin=1, hmax=7, anchor=None: self)
    monkeypatch.setattr(plan_module, "_memo", {})
    monkeypatch.setattr(plan_module, "_choice_memo", {})
    hist = pd.DataFrame(
        {
            "date": pd.date_range("2026-01-01", periods=60),
            "series": "stendal_markt|schrippe",
            "value": np.arange(60, dtype=float),
        }
    )
    model = plan_module.fitted_model(hist)
    assert model.config.resid_scale == 0.8 and model.config.max_iter == 120  # the chosen variant is fitted
    plan_module._choice_memo.clear()  # a new process: only the stored file is left
    plan_module._memo.clear()
    assert plan_module.plan_choice(hist).point == "flach"
    assert plan_module.fitted_model(hist).config.learning_rate == 0.05
    assert calls == [date(2026, 3, 1)]  # chosen once, then read from the artefact
    assert list((fresh_var / "var" / "models").glob("plan-selection-*.json"))
