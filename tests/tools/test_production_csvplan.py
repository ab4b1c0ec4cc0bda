"""The plan from a user's CSV on a chain's export (issue 21.2): prices per product, which series are planned."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from tools.errors import DataError
from tools.production.csvplan import _active, _closed, read_prices, series_economics


def test_prices_file_with_german_headers_and_per_product_rows(tmp_path: Path) -> None:
    f = tmp_path / "preise.csv"
    f.write_text("Artikel;Preis;Kosten;Restwert\nRoggenbrot;4,20;1,60;0,50\nBrezel;0,90;0,25;\n", encoding="utf-8")
    econ = read_prices(f)
    assert econ["Roggenbrot"].price == 4.2 and econ["Roggenbrot"].salvage == 0.5 and econ["Brezel"].salvage == 0
    # a chain's series "Filiale/Artikel" takes its product's row; others keep the default (absent here)
    per = series_economics(["Altstadt/Roggenbrot", "Hafen/Brezel", "Hafen/Kuchen"], econ)
    assert per["Altstadt/Roggenbrot"].cost == 1.6 and per["Hafen/Brezel"].price == 0.9
    assert "Hafen/Kuchen" not in per
    f.write_text("Artikel;Preis\nBrot;4\n", encoding="utf-8")
    with pytest.raises(DataError, match="fehlt die Spalte „cost“"):
        read_prices(f)
    f.write_text("Artikel;Preis;Kosten\nBrot;0;1\n", encoding="utf-8")
    with pytest.raises(DataError, match="Zeile 2: Preis/Kosten/Restwert"):
        read_prices(f)


def test_only_series_that_still_sell_or_sold_a_year_ago_are_planned() -> None:
    days = pd.date_range("2023-01-01", "2024-06-30", freq="D")
    hist = pd.concat(
        [
            pd.DataFrame({"date": days, "series": "laufend", "value": 10.0}),
            # sold from October to March only: the export keeps rows with 0, which must not count as sales
            pd.DataFrame(
                {"date": days, "series": "eingestellt", "value": ((days >= "2023-10-01") & (days < "2024-03-01")) * 5.0}
            ),
            # seasonal: sold only in July and August
            pd.DataFrame({"date": days[days.month.isin([7, 8])], "series": "saison", "value": 3.0}),
        ]
    )
    targets = pd.DataFrame(
        [(d, s) for d in pd.to_datetime(["2024-07-10", "2024-09-20"]) for s in ("laufend", "eingestellt", "saison")],
        columns=["date", "series"],
    )
    got = dict(zip(zip(targets["date"].dt.month, targets["series"]), _active(hist, targets)))
    assert got == {
        (7, "laufend"): True,
        (7, "eingestellt"): False,
        (7, "saison"): True,
        (9, "laufend"): True,
        (9, "eingestellt"): False,
        (9, "saison"): False,
    }


def test_closed_sundays_and_holidays_get_no_plan() -> None:
    days = pd.date_range("2024-01-01", "2024-12-31", freq="D")
    open_days = days[(days.day_of_week != 6) & ~days.isin(pd.to_datetime(["2024-10-03"]))]
    hist = pd.concat(
        [
            pd.DataFrame({"date": open_days, "series": "Altstadt/Brot", "value": 20.0}),
            pd.DataFrame({"date": days, "series": "Holtenau/Brot", "value": 10.0}),  # open every day
        ]
    )
    targets = pd.DataFrame(
        [(d, s) for d in pd.date_range("2025-10-03", "2025-10-06") for s in ("Altstadt/Brot", "Holtenau/Brot")],
        columns=["date", "series"],
    )
    closed = _closed(hist, targets, "DE-SH")
    got = {(d.day, s.split("/")[0]) for d, s, c in zip(targets["date"], targets["series"], closed) if c}
    # 3 Oct (German Unity Day, closed last year) and Sunday 5 Oct for the branch closed on Sundays only
    assert got == {(3, "Altstadt"), (5, "Altstadt")}


def test_plan_of_a_chain_export_with_net_returns_closed_sundays_and_product_prices(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from datetime import date

    import tools.production.csvplan as csvplan
    from tools.production.selection import PlanChoice

    # the plan's own model choice is tested in test_forecast_selection.py; here: the standard model, no inner weeks
    standard = PlanChoice(
        cutoff=date(2024, 9, 30), point="standard", resid_scale=1.0, weekday_cells=True, weeks=0, profit={}
    )
    monkeypatch.setattr(csvplan, "stored_plan_choice", lambda *a, **k: standard)
    days = pd.date_range("2024-01-01", "2024-09-30", freq="D")
    days = days[days.day_of_week != 6]  # closed on Sundays: no rows
    rows = [
        (d.strftime("%d.%m.%Y"), b, "Brot", f"{n:.1f}".replace(".", ","))
        for d in days
        for b, n in (("A", 40), ("B", 20))
    ]
    rows[50] = (rows[50][0], "A", "Brot", "-3")  # more returns than sales on one day
    sales = tmp_path / "kette.csv"
    sales.write_text("Datum;Filiale;Artikel;Menge\n" + "\n".join(";".join(r) for r in rows) + "\n", encoding="utf-8")
    prices = tmp_path / "preise.csv"
    prices.write_text("Artikel;Preis;Kosten\nBrot;4,00;1,00\n", encoding="utf-8")
    plan = csvplan.plan_from_csv(
        sales, "Datum", "Filiale,Artikel", "Menge", date(2024, 10, 1), date(2024, 10, 7), 1.0, 0.9, prices=prices
    )
    assert sorted(plan["series"].unique()) == ["A/Brot", "B/Brot"] and len(plan) == 14
    sunday = pd.to_datetime(plan["date"]).dt.day_of_week == 6
    assert (plan.loc[sunday, "quantity"] == 0).all() and (plan.loc[~sunday, "quantity"] > 0).all()
    # the product's price (critical ratio 0.75) and not the default (0.1) sets the quantity: above the forecast
    open_a = plan[~sunday & (plan["series"] == "A/Brot")]
    assert (open_a["quantity"] >= open_a["forecast"]).all() and 30 < open_a["forecast"].mean() < 50


def _noisy_csv(tmp_path: Path) -> tuple[Path, pd.DataFrame]:
    """Two years of one series with a weekly pattern and noise, as a sales CSV."""
    import numpy as np

    days = pd.date_range("2022-09-01", "2024-09-30", freq="D")
    rng = np.random.default_rng(3)
    value = rng.poisson(40 * np.array([1.0, 0.9, 0.9, 1.0, 1.2, 1.6, 0.7])[days.day_of_week]).astype(float)
    truth = pd.DataFrame({"date": days, "series": "Brot", "value": value})
    sales = tmp_path / "brot.csv"
    sales.write_text(
        "Datum;Menge\n" + "\n".join(f"{d:%Y-%m-%d};{v:.0f}" for d, v in zip(days, value)) + "\n", encoding="utf-8"
    )
    return sales, truth


def test_prophet_blend_setting_blends_the_csv_plan_with_the_stream(
    tmp_path: Path, fresh_var: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import numpy as np

    from tools.production import csvplan
    from tools.settings import get_settings

    sales, truth = _noisy_csv(tmp_path)
    future = pd.DataFrame({"date": pd.date_range("2024-10-01", "2024-10-07"), "series": "Brot", "value": 55.0})
    # an outside stream that knows every day exactly (the plan days: 55): "auto" must give it the whole weight
    exact = pd.concat([truth, future], ignore_index=True)
    stream = exact.assign(prior=np.log1p(exact["value"]), forecast=exact["value"])
    seen: dict[str, object] = {}

    def fake_prior(hist: pd.DataFrame, reg: object, region: object, end: object, lead: int) -> pd.DataFrame:
        seen.update(cutoff=hist["date"].max(), end=end, lead=lead)
        name = str(hist["series"].iloc[0])  # the file has no series column: one series, named by the reader
        return stream.assign(series=name)[["date", "series", "prior", "forecast"]]

    monkeypatch.setattr(csvplan, "live_prophet_prior", fake_prior)
    args = (sales, "Datum", None, "Menge", date(2024, 10, 1), date(2024, 10, 7), 1.0, 0.35)
    monkeypatch.setenv("SYNERKI_PLAN_PROPHET_BLEND", "0")
    get_settings.cache_clear()
    off = csvplan.plan_from_csv(*args)
    assert not seen and not np.allclose(off["forecast"], 55.0, atol=0.5)
    monkeypatch.delenv("SYNERKI_PLAN_PROPHET_BLEND")
    get_settings.cache_clear()
    monkeypatch.setattr(csvplan, "PLAN_BLEND_MAX_SERIES", 0)  # a file with more series than the bound: no blend
    csvplan.plan_from_csv(*args)
    assert not seen
    monkeypatch.setattr(csvplan, "PLAN_BLEND_MAX_SERIES", 30)
    on = csvplan.plan_from_csv(*args)  # the default blends
    assert seen == {"cutoff": pd.Timestamp("2024-09-30"), "end": date(2024, 10, 7), "lead": 1}
    assert np.allclose(on["forecast"], 55.0, atol=0.01)  # weight 0 on the GBM: the exact stream's value


def test_live_prophet_stream_refits_every_four_weeks_up_to_the_cutoff_and_is_stored(
    tmp_path: Path, fresh_var: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tools.production import prior as prior_mod

    _, truth = _noisy_csv(tmp_path)
    calls: list[list[date]] = []

    def fake_stream(
        hist: pd.DataFrame, reg: object, region: object, cuts: list[date], end: date, lead_days: int, **kw: object
    ):
        calls.append(cuts)
        return pd.DataFrame({"date": [pd.Timestamp(end)], "series": ["Brot"], "prior": [1.0], "forecast": [1.7]})

    monkeypatch.setattr(prior_mod, "prophet_stream", fake_stream)
    first = prior_mod.live_prophet_prior(truth, None, "DE-SH", date(2024, 10, 7), 1)
    again = prior_mod.live_prophet_prior(truth, None, "DE-SH", date(2024, 10, 7), 1)
    assert len(calls) == 1 and again.equals(first)  # the second plan of the same file reuses the stored stream
    cuts = calls[0]
    # the newest refit on the fixed grid (Mondays from 2000-01-03, less the lead) at or before the file's last day
    assert 0 <= (date(2024, 9, 30) - cuts[-1]).days < 28 and (cuts[-1] - date(2000, 1, 2)).days % 28 == 0
    assert all((b - a).days == 28 for a, b in zip(cuts, cuts[1:]))
    # far enough back for 26 inner weeks and the residual year before the first of them
    assert cuts[0] <= date(2024, 9, 30) - pd.Timedelta(days=7 * 26 + 364).to_pytimedelta()


def test_blend_cap_decides_and_says_why(monkeypatch: pytest.MonkeyPatch) -> None:
    from tools.production import csvplan
    from tools.settings import get_settings

    monkeypatch.setattr(csvplan, "PLAN_BLEND_MAX_SERIES", 40)
    assert csvplan.blend_note(40)[0] and not csvplan.blend_note(41)[0]
    assert "41 Reihen" in csvplan.blend_note(41)[1] and "höchstens 40" in csvplan.blend_note(41)[1]
    monkeypatch.setenv("SYNERKI_PLAN_PROPHET_BLEND", "0")
    get_settings.cache_clear()
    try:
        ok, note = csvplan.blend_note(3)
        assert not ok and "SYNERKI_PLAN_PROPHET_BLEND=0" in note
    finally:
        monkeypatch.delenv("SYNERKI_PLAN_PROPHET_BLEND")
        get_settings.cache_clear()


def test_weekly_reruns_choose_on_the_same_inputs_until_the_stream_refits(tmp_path: Path) -> None:
    from tools.forecast.selection import frame_key
    from tools.production import csvplan

    _, truth = _noisy_csv(tmp_path)
    stream = truth.assign(prior=1.0, forecast=2.0)[["date", "series", "prior", "forecast"]]

    def keys(last: str) -> tuple[str, str]:
        h = truth[truth["date"] <= last]
        s = stream[stream["date"] > pd.Timestamp(last) - pd.Timedelta(days=600)]  # the stream starts later each week
        hc, _, pc = csvplan._choice_inputs(h, None, s, 2)
        assert hc["date"].max() <= pd.Timestamp(last) and pc["date"].max() <= hc["date"].max()
        return frame_key(hc[["date", "series", "value"]].reset_index(drop=True)), frame_key(pc)

    # the refit grid steps on 2024-08-10 and 2024-09-07 (Saturdays on the 28-day phase of 2000-01-01)
    assert keys("2024-08-11") == keys("2024-08-18") == keys("2024-09-01")  # three weekly plans, one choice
    assert keys("2024-09-08") != keys("2024-09-01")  # a new fit entered: chosen again
