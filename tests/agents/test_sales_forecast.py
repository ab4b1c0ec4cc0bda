"""`forecast` and `demand_drivers` answers on the demo company (one small series, fitted once)."""
from __future__ import annotations

import time
from datetime import date, timedelta

import pytest

from agents.contracts import DateRange, Slots, TurnContext
from agents.sales import demand_drivers, forecast
from tools.settings import get_settings


@pytest.fixture(scope="module")
def ctx() -> TurnContext:
    get_settings.cache_clear()
    return TurnContext(role="owner", thread_id="t", today=get_settings().today())


def _slots(ctx: TurnContext, days: int = 5, **kw) -> Slots:
    start = ctx.today + timedelta(days=2)
    return Slots(text="test", dates=DateRange(start=start, end=start + timedelta(days=days - 1), label="testweise"), **kw)


@pytest.fixture(scope="module")
def reply(ctx: TurnContext):
    return forecast.run(_slots(ctx, products=["schrippe"], branches=["stendal_markt"]), ctx)


def test_forecast_answer_numbers_come_from_the_model(reply, ctx: TurnContext) -> None:
    from tools.forecast.api import forecast_demo

    series = reply.data["series"]
    assert len(series) == 1 and len(series[0]["days"]) == 5
    start = ctx.today + timedelta(days=2)
    df = forecast_demo(start, start + timedelta(days=4), products=["schrippe"], branches=["stendal_markt"])
    first = series[0]["days"][0]
    assert first["forecast"] == pytest.approx(float(df["forecast"].iloc[0]), abs=0.1)
    assert first["lower"] <= first["forecast"] <= first["upper"]
    assert f"{round(df['forecast'].iloc[0]):,}".replace(",", ".") + " Stück" in reply.text
    assert "Summe" in reply.text and "Klimamittel" in reply.text and "Stendal Marktplatz" in reply.text
    art = reply.artifacts[0]
    assert art.kind == "image" and art.path.is_file() and art.path.stat().st_size > 5000


def test_cached_answer_is_fast(reply, ctx: TurnContext) -> None:
    t = time.perf_counter()
    again = forecast.run(_slots(ctx, products=["schrippe"], branches=["stendal_markt"]), ctx)
    assert again.data["series"][0]["total"] == reply.data["series"][0]["total"]
    # answer including the chart; the model itself is read from the cache
    assert time.perf_counter() - t < 3.0


def test_weekend_above_weekdays_and_saturday_highest(ctx: TurnContext) -> None:
    r = forecast.run(_slots(ctx, days=7, products=["schrippe"], branches=["stendal_markt"]), ctx)
    days = r.data["series"][0]["days"]
    sat = next(d for d in days if date.fromisoformat(d["date"]).weekday() == 5)
    assert sat["forecast"] == max(d["forecast"] for d in days)


def test_default_is_tomorrow_and_past_dates_are_refused(ctx: TurnContext) -> None:
    r = forecast.run(Slots(text="Prognose Schrippen Stendal", products=["schrippe"], branches=["stendal_markt"]), ctx)
    assert r.data["start"] == (ctx.today + timedelta(days=1)).isoformat() == r.data["end"]
    assert "morgen" in r.text
    past = Slots(text="x", products=["schrippe"], dates=DateRange(start=date(2026, 1, 5), end=date(2026, 1, 6),
                                                                     label="im Januar"))
    r = forecast.run(past, ctx)
    assert "Vergangenheit" in r.text and not r.artifacts


def test_unknown_branch_lists_branches(ctx: TurnContext) -> None:
    r = forecast.run(Slots(text="Prognose Magdeburg", unknown_branch="Magdeburg"), ctx)
    assert "Magdeburg" in r.text and "Tangermünde Altstadt" in r.text and "Havelberg" in r.text
    r = demand_drivers.run(Slots(text="Treiber Magdeburg", unknown_branch="Magdeburg"), ctx)
    assert "keine Filiale" in r.text


def test_closed_sunday_branch_says_closed(ctx: TurnContext) -> None:
    start = ctx.today + timedelta(days=(6 - ctx.today.weekday()) % 7 or 7)  # next Sunday
    s = Slots(text="x", products=["schrippe"], branches=["gardelegen"],
              dates=DateRange(start=start, end=start, label="Sonntag"))
    r = forecast.run(s, ctx)
    assert r.data["series"][0]["days"][0]["closed"] and "geschlossen" in r.text


def test_demand_drivers_measured_effects(reply, ctx: TurnContext) -> None:
    r = demand_drivers.run(Slots(text="Treiber Schrippen Stendal", products=["schrippe"],
                                 branches=["stendal_markt"]), ctx)
    d = r.data["drivers"]
    assert d["weekday"]["Sa"] == max(d["weekday"].values())
    assert "Stärkster Tag: Sa" in r.text
    heiligabend = next(h for h in d["holidays"] if h["name"] == "Heiligabend")
    assert heiligabend["effects"]["Tag selbst"]["pct"] > 30  # Brötchen run on Christmas Eve
    assert any(w["kind"] == "rain" and w["pct"] < 0 for w in d["weather"])
    assert r.artifacts and r.artifacts[0].path.is_file()


def test_describe_says_when_advent_lowers_sales() -> None:
    drivers = {"n_days": 100, "weekday": {"Mo": 1.0, "Sa": 5.0}, "season": {},
               "advent_weekend": {"Samstag": {"pct": -12.0, "n": 8}, "Sonntag": {"pct": -8.0, "n": 8}},
               "holidays": [], "weather": []}
    text = "\n".join(demand_drivers.describe(drivers, "Test"))
    assert "senkt" in text and "-12,0 %" in text
