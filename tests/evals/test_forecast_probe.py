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
