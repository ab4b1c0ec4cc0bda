"""Fast global demand model (gradient boosting on log ratios) with out-of-fold residuals for calibration.

Point forecasts come from one HistGradientBoosting model over all series: the target is the day's
demand relative to the series' 28-day level known at the planning cutoff, the features are calendar,
holidays, same-weekday lags and last year's seasonal shape, each computed only from data up to the
cutoff. Residuals (log scale) from blocked out-of-fold fits feed the conformal quantiles.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field
from datetime import date

import numpy as np
import pandas as pd
from sklearn.ensemble import HistGradientBoostingRegressor

from tools.production.calendar import calendar_features

MAX_CAT_SERIES = 250
AUTO_WEIGHTS = (1.0, 0.75, 0.5, 0.25, 0.0)


@dataclass
class ModelConfig:
    """Fit settings; defaults were chosen on the Kiel data's first years (never on the test weeks)."""

    region: str | None = "DE-ST"
    train_days: int = 3 * 365
    cal_days: int = 364
    folds: int = 2
    max_iter: int = 250
    learning_rate: float = 0.06
    min_cell: int = 20
    bias_days: int = 0  # >0: recent out-of-sample residuals shift the forecast (tried: no gain on Kiel/demo)
    bias_shrink: float = 10.0
    # calibration, chosen per data set by tools/production/selection.py on past weeks only
    resid_scale: float = 1.0  # the out-of-fold log residuals are stretched (>1) or shrunk (<1) by this factor
    weekday_cells: bool = True  # residual sets per series and weekday (False: per series)
    # weight of the GBM in a log-space blend with an outside forecast (`DemandModel.prior`, e.g. plain Prophet);
    # 1.0 = GBM only, 0.0 = the outside forecast alone; residuals blend with the same weight
    # (< 0: "auto", the weight of AUTO_WEIGHTS with the smallest spread of the blended out-of-fold residuals)
    gbm_weight: float = 1.0
    level_days: int = 28  # window of the level the target is relative to (probe: 14 / 56)
    half_life_days: int = 0  # >0: training rows weighted 0.5 ** (age / half-life) (probe: recency weighting)
    # the outside forecast of the blend made from the data itself instead of a stream: "mean3" = mean of the last
    # three same weekdays known at the cutoff (the baker's base), "prof" = 28-day level × 8-week weekday profile
    naive: str = ""
    resid_weeks: int = 0  # >0: residual sets only from the out-of-fold residuals of the last N weeks of the fit


def blend(gbm: np.ndarray, prior: np.ndarray, weight: float | np.ndarray) -> np.ndarray:
    """Log-space weighted mean of the GBM and the outside forecast; the GBM alone where there is no prior."""
    if np.isscalar(weight) and weight == 1.0:
        return gbm
    return np.where(np.isnan(prior), gbm, weight * gbm + (1.0 - weight) * prior)


@dataclass
class DemandModel:
    """Point forecasts plus residual sets per series and weekday (log1p scale)."""

    config: ModelConfig = field(default_factory=ModelConfig)
    extra: pd.DataFrame | None = None  # date-indexed regressors (weather, events); NaN where unknown
    # outside forecast stream (date, series, prior = its log1p forecast), each day's value made from data up
    # to that week's cutoff (tools/production/prior.py); used only when config.gbm_weight < 1
    prior: pd.DataFrame | None = None
    cutoff: date | None = None
    series: list[str] = field(default_factory=list)
    _hist: pd.DataFrame | None = None
    _model: HistGradientBoostingRegressor | None = None
    _resid: pd.DataFrame | None = None
    _cells: dict | None = None
    _cells_w: tuple[float, int] | float = 1.0
    _auto_w: float = 1.0
    _auto_ws: dict[str, float] = field(default_factory=dict)
    _cols: list[str] = field(default_factory=list)
    _recent: pd.DataFrame | None = None
    _bias: dict[str, float] = field(default_factory=dict)
    _hmap: tuple | None = None

    # ---------- features ----------
    def _features(self, hist: pd.DataFrame, targets: pd.DataFrame) -> pd.DataFrame:
        """Features for targets[date, series, h] using only `hist` values on or before date - h."""
        wide = hist.pivot_table(index="date", columns="series", values="value", aggfunc="sum")
        wide = wide.reindex(columns=self.series)
        idx = pd.date_range(
            min(wide.index.min(), targets["date"].min()) - pd.Timedelta(days=400),
            max(wide.index.max(), targets["date"].max()),
            freq="D",
        )
        wide = wide.reindex(idx)
        y = wide.to_numpy(dtype=float)
        r7 = wide.rolling(7, min_periods=3).mean().to_numpy()
        lw = getattr(self.config, "level_days", 28)
        r28 = wide.rolling(lw, min_periods=max(3, lw // 4)).mean().to_numpy()
        r56 = wide.rolling(56, min_periods=14).mean().to_numpy()
        c7 = wide.rolling(7, center=True, min_periods=3).mean().to_numpy()
        n = len(idx)
        pos = ((targets["date"] - idx[0]).dt.days).to_numpy()
        col = pd.Categorical(targets["series"], categories=self.series).codes
        h = targets["h"].to_numpy()

        def at(arr: np.ndarray, p: np.ndarray) -> np.ndarray:
            ok = (p >= 0) & (p < n)
            out = np.full(len(p), np.nan)
            out[ok] = arr[p[ok], col[ok]]
            return out

        lb = np.log1p(at(r28, pos - h))
        alt = np.log1p(at(r7, pos - h))
        lb = np.where(np.isnan(lb), alt, lb)
        means = hist.groupby("series")["value"].mean().reindex(self.series).to_numpy()
        lb = np.where(np.isnan(lb), np.log1p(means[col]), lb)
        l1 = 7 * np.ceil(h / 7).astype(int)
        h_feat = targets["h_feat"].to_numpy() if "h_feat" in targets else h
        f = {"series": col.astype(float), "h": h_feat.astype(float), "lb": lb, "l7": np.log1p(at(r7, pos - h)) - lb}
        sws = []
        for k in range(8):
            v = at(y, pos - l1 - 7 * k)
            sws.append(v)
            if k < 4:
                f[f"sw{k + 1}"] = np.log1p(v) - lb
        sw = np.vstack(sws)
        with np.errstate(all="ignore"), warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            f["swm3"] = np.log1p(np.nanmean(sw[:3], axis=0)) - lb
            f["wdprof"] = np.log1p(np.nanmean(sw, axis=0)) - np.log1p(at(r56, pos - h))
        ly = np.log1p(at(r28, pos - h - 364))
        f["yr_c7"] = np.log1p(at(c7, pos - 364)) - ly
        f["yr_y"] = np.log1p(at(y, pos - 364)) - ly
        f["yr_c7_2"] = np.log1p(at(c7, pos - 728)) - np.log1p(at(r28, pos - h - 728))
        feats = pd.DataFrame(f)
        cal = calendar_features(targets["date"], self.config.region)
        feats = pd.concat([feats, cal], axis=1)
        if self.extra is not None:
            ex = self.extra.reindex(pd.DatetimeIndex(targets["date"])).reset_index(drop=True)
            feats = pd.concat([feats, ex.add_prefix("x_")], axis=1)
        return feats

    def _new_model(self) -> HistGradientBoostingRegressor:
        cat = [0] if len(self.series) <= MAX_CAT_SERIES else None
        return HistGradientBoostingRegressor(
            max_iter=self.config.max_iter,
            learning_rate=self.config.learning_rate,
            max_leaf_nodes=31,
            min_samples_leaf=20,
            l2_regularization=0.1,
            categorical_features=cat,
            random_state=0,
        )

    def _fit_cols(
        self, x: pd.DataFrame, z: np.ndarray, w: np.ndarray | None = None
    ) -> tuple[HistGradientBoostingRegressor, list[str]]:
        """Fit on the columns with at least two distinct values (others carry nothing and break binning)."""
        cols = [c for c in x.columns if c == "series" or x[c].nunique(dropna=True) >= 2]
        return self._new_model().fit(x[cols], z, sample_weight=w), cols

    # ---------- fit / predict ----------
    def fit(self, hist: pd.DataFrame, hmin: int = 1, hmax: int = 7, anchor: date | None = None) -> DemandModel:
        """Fit on hist[date, series, value]; training rows get horizons hmin..hmax like the plan days."""
        hist = hist.dropna(subset=["value"]).copy()
        hist["date"] = pd.to_datetime(hist["date"])
        hist["series"] = hist["series"].astype(str)
        self.cutoff = hist["date"].max().date()
        self.series = sorted(hist["series"].unique())
        self._hist = hist
        start = pd.Timestamp(self.cutoff) - pd.Timedelta(days=self.config.train_days)
        rows = hist[hist["date"] > max(start, hist["date"].min() + pd.Timedelta(days=28))].reset_index(drop=True)
        span = max(1, hmax - hmin + 1)
        # the first plan day gets hmin, the next hmin+1 …: each weekday keeps the horizon it has in the plan
        anc = pd.Timestamp(anchor) if anchor else pd.Timestamp(self.cutoff) + pd.Timedelta(days=hmin)
        rows["h"] = hmin + ((rows["date"] - anc).dt.days % span)
        self._hmap = (anc, hmin, span)
        x = self._features(hist, rows)
        lb = x["lb"].to_numpy()
        z = np.log1p(rows["value"].to_numpy()) - lb
        hl = getattr(self.config, "half_life_days", 0)
        wts = 0.5 ** ((pd.Timestamp(self.cutoff) - rows["date"]).dt.days.to_numpy() / hl) if hl else None
        self._model, self._cols = self._fit_cols(x, z, wts)
        # blocked out-of-fold residuals over the last cal_days
        cal_start = pd.Timestamp(self.cutoff) - pd.Timedelta(days=self.config.cal_days)
        in_cal = (rows["date"] > cal_start).to_numpy()
        parts = []
        if in_cal.sum() > 0:
            edges = pd.date_range(cal_start, pd.Timestamp(self.cutoff), periods=self.config.folds + 1)
            for a, b in zip(edges[:-1], edges[1:]):
                blk = ((rows["date"] > a) & (rows["date"] <= b)).to_numpy()
                if blk.sum() == 0 or (~blk).sum() < 100:
                    continue
                m, cols = self._fit_cols(x[~blk], z[~blk], None if wts is None else wts[~blk])
                r = z[blk] - m.predict(x.loc[blk, cols])
                parts.append(
                    pd.DataFrame(
                        {
                            "date": rows.loc[blk, "date"].to_numpy(),
                            "series": rows.loc[blk, "series"].to_numpy(),
                            "wd": rows.loc[blk, "date"].dt.day_of_week.to_numpy(),
                            "r": r,
                            "ly": np.log1p(rows.loc[blk, "value"].to_numpy(dtype=float)),
                            "pn": self._naive(x.loc[blk]),
                        }
                    )
                )
        self._cells = None
        self._resid = (
            pd.concat(parts, ignore_index=True)
            if parts
            else pd.DataFrame(columns=["date", "series", "wd", "r", "ly", "pn"])
        )
        pr = self._resid["pn"].to_numpy(dtype=float) if self._uses_naive() else self._prior_at(self._resid)
        self._resid["rp"] = self._resid["ly"].to_numpy(dtype=float) - pr
        self._auto_w = self._pick_weight(self._resid)
        # per series (gbm_weight -2): the same pick on each series' own out-of-fold residuals
        self._auto_ws = {str(k): self._pick_weight(g) for k, g in self._resid.groupby("series")}
        self._recent = self._resid[["date", "series", "r"]].copy()
        self._bias = self._recent_bias()
        return self

    def _recent_bias(self) -> dict[str, float]:
        """Shrunken mean of the out-of-sample log residuals of the last `bias_days` per series."""
        if not self.config.bias_days or self._recent is None or self._recent.empty:
            return {}
        rec = self._recent[self._recent["date"] > pd.Timestamp(self.cutoff) - pd.Timedelta(days=self.config.bias_days)]
        g = rec.groupby("series")["r"].agg(["sum", "count"])
        return {str(k): float(v["sum"] / (v["count"] + self.config.bias_shrink)) for k, v in g.iterrows()}

    def update(self, hist: pd.DataFrame) -> DemandModel:
        """Use newer history (up to a later cutoff) for the lag features without refitting."""
        hist = hist.dropna(subset=["value"]).copy()
        hist["date"] = pd.to_datetime(hist["date"])
        hist["series"] = hist["series"].astype(str)
        new = hist[(hist["date"] > pd.Timestamp(self.cutoff)) & hist["series"].isin(self.series)]
        if self.config.bias_days and not new.empty:
            # what the old state would have forecast for the days that arrived: true out-of-sample residuals
            p = self.predict(new[["date", "series"]], bias=False)
            r = np.log1p(new["value"].to_numpy()) - p["log_forecast"].to_numpy()
            self._recent = pd.concat(
                [
                    self._recent,
                    pd.DataFrame({"date": new["date"].to_numpy(), "series": new["series"].to_numpy(), "r": r}),
                ],
                ignore_index=True,
            )
        self._hist = hist
        self.cutoff = hist["date"].max().date()
        self._bias = self._recent_bias()
        return self

    def predict(self, targets: pd.DataFrame, bias: bool = True) -> pd.DataFrame:
        """Point forecasts for targets[date, series] after the cutoff (columns: date, series, h, forecast)."""
        t = targets[["date", "series"]].copy()
        t["date"] = pd.to_datetime(t["date"])
        t["series"] = t["series"].astype(str)
        t = t.reset_index(drop=True)
        t["h"] = (t["date"] - pd.Timestamp(self.cutoff)).dt.days.clip(lower=1)
        hmap = getattr(self, "_hmap", None)
        if hmap is not None:  # beyond the trained horizons: the horizon feature a day of that weekday had in training
            anc, hmin, span = hmap
            t["h_feat"] = np.where(
                (t["h"] >= hmin) & (t["h"] < hmin + span), t["h"], hmin + ((t["date"] - anc).dt.days % span)
            )
        x = self._features(self._hist, t)
        assert self._model is not None, "fit() first"
        t["log_gbm"] = x["lb"].to_numpy() + self._model.predict(x[self._cols])
        t["prior"] = self._naive(x) if self._uses_naive() else self._prior_at(t)
        t["log_forecast"] = blend(t["log_gbm"].to_numpy(), t["prior"].to_numpy(), self.row_weights(t["series"]))
        if bias and getattr(self, "_bias", None):
            t["log_forecast"] += t["series"].map(self._bias).fillna(0.0).to_numpy()
        t["forecast"] = np.expm1(t["log_forecast"]).clip(lower=0.0)
        return t

    def _pick_weight(self, res: pd.DataFrame | None) -> float:
        """The blend weight whose out-of-fold residuals (last cal_days) deviate least from their series median."""
        if res is None or res.empty or res["rp"].isna().all():
            return 1.0
        ok = res.dropna(subset=["rp"])
        best, best_loss = 1.0, np.inf
        for w in AUTO_WEIGHTS:
            rb = pd.Series(blend(ok["r"].to_numpy(float), ok["rp"].to_numpy(float), w), index=ok.index)
            loss = float((rb - rb.groupby(ok["series"]).transform("median")).abs().mean())
            if loss < best_loss - 1e-12:
                best, best_loss = w, loss
        return best

    def weight(self) -> float:
        """The GBM's weight in the blend in use (the configured one, or the one picked at fit time)."""
        w = getattr(self.config, "gbm_weight", 1.0)
        return getattr(self, "_auto_w", 1.0) if w < 0 else w

    def row_weights(self, series: pd.Series) -> float | np.ndarray:
        """The blend weight per row: one number, or per series when gbm_weight is -2 (picked per series)."""
        if getattr(self.config, "gbm_weight", 1.0) != -2.0:
            return self.weight()
        ws = getattr(self, "_auto_ws", {})
        return series.astype(str).map(ws).fillna(1.0).to_numpy(dtype=float)

    def _uses_naive(self) -> bool:
        return bool(getattr(self.config, "naive", ""))

    def _naive(self, x: pd.DataFrame) -> np.ndarray:
        """The data's own simple forecast (log1p) from the feature rows: `config.naive`; NaN when unset."""
        kind = getattr(self.config, "naive", "")
        lb = x["lb"].to_numpy(dtype=float)
        if kind == "mean3":
            return lb + x["swm3"].to_numpy(dtype=float)
        if kind == "prof":
            return lb + x["wdprof"].to_numpy(dtype=float)
        return np.full(len(x), np.nan)

    def _prior_at(self, rows: pd.DataFrame) -> np.ndarray:
        """The outside forecast (log1p) for rows[date, series]; NaN where there is none."""
        prior = getattr(self, "prior", None)  # models pickled before the blend existed have none
        if prior is None or rows.empty:
            return np.full(len(rows), np.nan)
        key = pd.MultiIndex.from_arrays([pd.to_datetime(rows["date"]), rows["series"].astype(str)])
        p = prior.set_index(["date", "series"])["prior"]
        return p.reindex(key).to_numpy(dtype=float)

    def residuals(self, series: str, weekday: int) -> np.ndarray:
        """Out-of-fold log residuals for a series and weekday (pooled over weekdays when too few)."""
        cells = getattr(self, "_cells", None)
        w = getattr(self.config, "gbm_weight", 1.0)  # the setting ("auto" -1/-2 included) the table is built for
        nw = getattr(self.config, "resid_weeks", 0)
        if cells is None or getattr(self, "_cells_w", 1.0) != (w, nw):
            # built completely before it is published: a parallel turn never sees a half-filled table
            res = self._resid
            assert res is not None, "fit() first"
            if nw and len(res):  # only the residuals of the last nw weeks before the fit's cutoff
                res = res[pd.to_datetime(res["date"]) > pd.to_datetime(res["date"]).max() - pd.Timedelta(weeks=nw)]
            r = res["r"].to_numpy(dtype=float)
            if w != 1.0 and "rp" in res:
                # residual of the blend = the same blend of the two models' out-of-sample residuals
                r = blend(r, res["rp"].to_numpy(dtype=float), self.row_weights(res["series"]))
            cells = {}
            for (s, wd), idx in res.groupby(["series", "wd"]).indices.items():
                cells[(str(s), int(wd))] = r[idx]
            for s, idx in res.groupby("series").indices.items():
                cells[(str(s), -1)] = r[idx]
            cells[("", -1)] = r if len(r) else np.array([-0.3, 0.0, 0.3])
            self._cells, self._cells_w = cells, (w, nw)
        n = self.config.min_cell
        scale = getattr(self.config, "resid_scale", 1.0)
        keys = ((series, weekday), (series, -1)) if getattr(self.config, "weekday_cells", True) else ((series, -1),)
        for key in keys:
            cell = cells.get(key)
            if cell is not None and len(cell) >= n:
                return cell * scale if scale != 1.0 else cell
        return cells[("", -1)] * scale if scale != 1.0 else cells[("", -1)]
