"""Helpers of the nested probe harness (sixth stop): inverse-error ensemble weights, neighbouring-day weather."""

from __future__ import annotations

import numpy as np
import pandas as pd

from evals.forecast import probe as P
from tools.forecast import selection as S


def _origin(errors: dict[str, float]) -> P.OriginData:
    """One series, two inner folds of 10 days; each tuned base off by its relative error, plain exact."""
    o = pd.Timestamp("2017-08-01")
    folds = [o - pd.Timedelta(days=20), o - pd.Timedelta(days=10)]
    od = P.OriginData(o, 10, folds, "summer", {}, pd.DataFrame({"series": ["1"], "ds": [o], "y": [1.0]}))
    for fo in folds:
        ds = pd.date_range(fo, periods=10, freq="D")
        y = np.full(10, 100.0)
        fits = {}
        for b in [*S.TUNED, S.PLAIN]:
            f = y * (1 + errors.get(b, 0.0))
            fits[b] = P.Fit(pd.DataFrame({"ds": ds, "y": y, "f": f, "f_lvl": f, "closed": False}))
        od.fits[("1", fo)] = fits
    return od


def test_weights_favour_the_smaller_inner_error_and_are_shrunk() -> None:
    errs = dict.fromkeys(S.TUNED, 0.2) | {S.TUNED[1]: 0.05}
    w = P.ensemble_weights(_origin(errs), pooled=False)["1"]
    assert abs(sum(w.values()) - 1.0) < 1e-12
    assert w[S.TUNED[1]] > w[S.TUNED[0]] > 0.5 / len(S.TUNED)  # shrunk: never below half of an equal share
    none = P.ensemble_weights(_origin(errs), pooled=False, shrink=0.0)["1"]
    assert all(abs(v - 1 / len(S.TUNED)) < 1e-12 for v in none.values())


def test_weighted_ensemble_beats_the_plain_mean_when_one_base_is_better() -> None:
    errs = dict.fromkeys(S.TUNED, 0.2) | {S.TUNED[1]: 0.0}
    od = _origin(errs)
    w = P.ensemble_weights(od, pooled=False)
    preds = P._long(od, "1", None)
    plain_mean = S.combine(S.DEFAULT, preds)
    P._use_weights(w, "1")
    try:
        weighted = P._weighted_combine(S.DEFAULT, preds)
    finally:
        P._use_weights(None, "")
    y = preds[S.PLAIN]["y"].to_numpy()
    assert S._wape(y, weighted) < S._wape(y, plain_mean)


def test_neighbour_weather_is_yesterdays_and_tomorrows_value() -> None:
    reg = pd.DataFrame({"date": pd.date_range("2017-01-01", periods=4), "Temperatur": [1.0, 2.0, 3.0, 4.0]})
    out = P.neighbour_fn(("Temperatur",))(reg, pd.Timestamp("2017-01-03"))
    assert out["Temperatur_vortag"].tolist()[1:] == [1.0, 2.0, 3.0]
    assert out["Temperatur_folgetag"].tolist()[:3] == [2.0, 3.0, 4.0]


def test_summer_temperature_deviation_is_split_by_weekend() -> None:
    ds = pd.date_range("2016-06-01", "2017-07-31")
    reg = pd.DataFrame({"date": ds, "Temperatur": np.where(ds.month.isin([6, 7, 8, 9]), 20.0, 5.0)})
    reg.loc[reg["date"] == pd.Timestamp("2017-07-01"), "Temperatur"] = 26.0  # a hot Saturday after the origin
    out = P.dow_temp_fn()(reg, pd.Timestamp("2017-01-01")).set_index("date")
    assert out.loc["2017-07-01", "temp_sommer_we"] == 6.0  # deviation from the summer mean before the origin
    assert out.loc["2017-07-01", "temp_sommer_wt"] == 0.0
    assert out.loc["2017-07-03", "temp_sommer_wt"] == 0.0  # an ordinary summer Monday: no deviation
    assert (out.loc["2016-10-01":"2017-05-31", ["temp_sommer_we", "temp_sommer_wt"]] == 0.0).all().all()


def test_month_anchor_moves_towards_last_years_month_times_growth() -> None:
    hist = pd.Series(100.0, index=pd.date_range("2015-01-01", "2016-12-31"))
    hist[hist.index >= pd.Timestamp("2016-10-01")] = 110.0  # the last 84 days run 10 % above the year before
    o = pd.Timestamp("2017-01-01")
    days = pd.date_range(o, periods=59)
    r = P.month_naive_factors(days, np.full(59, 100.0), hist, o, 0.5)
    assert np.allclose(r, np.sqrt((100.0 * (110 * 84 / (100 * 84))) / 100.0))  # N/F = growth 1.1, to the power ½
    assert np.allclose(P.month_naive_factors(days, np.full(59, 100.0), hist, o, 0.0), 1.0)
    short = hist[hist.index >= pd.Timestamp("2016-02-01")]  # no year-earlier days for the growth: left alone
    assert np.allclose(P.month_naive_factors(days, np.full(59, 100.0), short, o, 0.5), 1.0)
