"""Probe harness for the nested out-of-time evaluation (issue 21.2, fifth to seventh stop).

For every outer origin every base of `selection.BASES` is fitted once on each inner fold and once on all
history before the origin; predictions (plus Prophet's components in log space, in and out of sample) are
cached under var/cache/forecast-probe/. The unchanged selection (`selection._choose_split`, `_score_series`,
`_choose`) re-run on them reproduces `python -m evals.forecast --nested`; each variant replaces or
post-processes the bases and goes through the same selection, every choice made on the inner folds only.

    python -m evals.forecast.probe --horizon 365 [--variants base,qr,hier,anom]
"""

from __future__ import annotations

import argparse
import hashlib
import os
import pickle
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
from joblib import Parallel, delayed  # noqa: E402

from evals.forecast.nested import REGION, outer_origins  # noqa: E402
from tools.forecast import selection as S  # noqa: E402
from tools.forecast.model import CAP_FACTOR, ModelConfig, _boost_features, _design, fit_series, predict_series  # noqa: E402
from tools.settings import get_settings  # noqa: E402

PROBE_VERSION = 1
TOTAL = "__total__"  # the sum of all series (hierarchy variant); never part of the selection or the scores
REF = "ref_plain"  # the nested run's plain Prophet reference (all history, public holidays)
OUTER = pd.Timestamp("2100-01-01")  # fold label of the outer window
GROUPS = ["trend", "yearly", "weekly", "cal", "weather", "event", "boost"]  # log-space components
RegFn = Callable[[pd.DataFrame, pd.Timestamp], pd.DataFrame]


def _components(fs: S.FittedSeries, days: pd.DatetimeIndex) -> pd.DataFrame:
    """Prophet's log-space forecast of a tuned fit on `days` split into GROUPS (their sum is the log forecast
    before the level correction)."""
    p = predict_series(fs, days, components=True)
    z = np.zeros(len(days))

    def col(c: str) -> np.ndarray:
        return p[f"c_{c}"].to_numpy(dtype=float) if f"c_{c}" in p else z

    weekly = sum((p[c].to_numpy(dtype=float) for c in p.columns if c.startswith("c_weekly")), z)
    events = [c for c in fs.regressors if fs.reg_frame is not None and set(fs.reg_frame[c].dropna()) <= {0, 1}]
    out = {
        "trend": col("trend"),
        "yearly": col("yearly"),
        "weekly": weekly,
        "cal": col("holidays") + sum((col(e) for e in fs.extra), z),
        "weather": sum((col(r) for r in fs.regressors if r not in events), z),
        "event": sum((col(r) for r in events), z),
        "boost": z,
    }
    if fs.boost is not None:
        frame, _ = _design(pd.Series(days), fs.reg_frame, fs.regressors, fs.clim, fs.config, fs.plain)
        out["boost"] = fs.boost.predict(_boost_features(frame, fs.regressors, fs.holiday_days))
    return pd.DataFrame(out)


@dataclass
class Fit:
    """What one base fit on one fold leaves behind."""

    test: pd.DataFrame  # ds, y, f_lvl, f, closed (+ GROUPS for tuned bases)
    train: pd.DataFrame | None = None  # ds, y, GROUPS on the fit's own history (tuned bases)
    cap: float = np.inf
    level_days: int = 7
    level_cap: float = 0.15


def _fit_one(
    train: pd.DataFrame, test: pd.DataFrame, reg: pd.DataFrame | None, base: str, split: str, over: dict | None = None
) -> Fit:
    """Fit `base` (its config updated by `over`) on `train` (ds, y) and predict the days of `test`."""
    days = pd.DatetimeIndex(test["ds"])
    if base == REF:
        fs = fit_series(train, reg, REGION, ModelConfig(plain_holidays=True), plain=True)
        p = predict_series(fs, days)
        return Fit(pd.DataFrame({"ds": days, "y": test["y"].to_numpy(), "f": p["forecast"].to_numpy()}))
    plain, cfg = S.base_config(base, split)
    fs = fit_series(train, reg, REGION, cfg.model_copy(update=over or {}), plain=plain)
    p = S.base_predictions(fs, days).assign(y=test["y"].to_numpy())
    if fs.plain:
        return Fit(p)
    p = pd.concat([p.reset_index(drop=True), _components(fs, days)], axis=1)
    hd = pd.DatetimeIndex(fs.history["ds"])
    tr = pd.concat([pd.DataFrame({"ds": hd, "y": fs.history["y"].to_numpy()}), _components(fs, hd)], axis=1)
    cap = CAP_FACTOR * float(fs.history["y"].max())
    return Fit(p, tr, cap, fs.config.level_days, fs.config.level_cap)


def _task(
    hist: pd.DataFrame,
    reg: pd.DataFrame | None,
    reg_fn: RegFn | None,
    o: pd.Timestamp,
    h: int,
    bases: list[str],
    split: str,
    outer: bool,
    over: dict | None = None,
) -> dict[str, Fit]:
    """All `bases` fitted on the days before `o` and predicted on the observed days of [o, o + h)."""
    train = hist[hist["ds"] < o]
    test = hist[(hist["ds"] >= o) & (hist["ds"] < o + pd.Timedelta(days=h))].dropna(subset=["y"])
    if test.empty or len(train) < 56:
        return {}
    r = reg_fn(reg, o) if (reg_fn is not None and reg is not None) else reg
    return {b: _fit_one(train, test, r, b, split, over) for b in bases}


@dataclass
class OriginData:
    """Cached fits of one outer origin: per series and fold (OUTER for the outer window) the base fits."""

    origin: pd.Timestamp
    hz: int
    folds: list[pd.Timestamp]
    split: str
    split_scores: dict[str, float]
    past: pd.DataFrame  # series, ds, y before the origin (thin rule)
    fits: dict[tuple[str, pd.Timestamp], dict[str, Fit]] = field(default_factory=dict)


def _cache(name: str) -> Path:
    d = get_settings().var_dir / "cache" / "forecast-probe"
    d.mkdir(parents=True, exist_ok=True)
    return d / f"{name}.pkl"


def _key(data: pd.DataFrame, reg: pd.DataFrame, o: date, hz: int, tag: str) -> str:
    raw = f"{PROBE_VERSION}|{S.SELECTION_VERSION}|{S.frame_key(data)}|{S.frame_key(reg)}|{o}|{hz}|{tag}"
    return hashlib.sha1(raw.encode()).hexdigest()[:20]


def with_total(data: pd.DataFrame) -> pd.DataFrame:
    """The series plus their daily sum as series TOTAL."""
    tot = data.dropna(subset=["y"]).groupby("ds", as_index=False)["y"].sum().assign(series=TOTAL)
    return pd.concat([data, tot[["series", "ds", "y"]]], ignore_index=True)


def base_origin(data: pd.DataFrame, reg: pd.DataFrame, o: date, hz: int, n_jobs: int = 2) -> OriginData:
    """Every base on every inner fold and the outer window of origin `o` (cached); the weekly split is chosen
    exactly as `selection.select` does."""
    path = _cache(_key(data, reg, o, hz, "base"))
    if path.is_file():
        return pickle.loads(path.read_bytes())  # noqa: S301 - own cache file
    ot = pd.Timestamp(o)
    d = with_total(data.assign(series=data["series"].astype(str), ds=pd.to_datetime(data["ds"])))
    d = d.dropna(subset=["y"])
    past = d[d["ds"] < ot]
    folds = S.fold_origins(ot, hz, 2)
    names = sorted(s for s in past["series"].unique() if s != TOTAL)
    hs = {s: g[["ds", "y"]] for s, g in d.groupby("series")}
    hp = {s: g[g["ds"] < ot] for s, g in hs.items()}
    first = S.TUNED[0]
    probe = {
        sp: _par([delayed(_task)(hp[s], reg, None, fo, hz, [first], sp, False) for s in names for fo in folds], n_jobs)
        for sp in S.WEEKLY_SPLITS
    }
    frames = {sp: [r[first].test if r else pd.DataFrame() for r in res] for sp, res in probe.items()}
    split, split_scores = S._choose_split(frames)
    rest = [b for b in S.BASES if b != first]
    od = OriginData(ot, hz, folds, split, split_scores, past[past["series"] != TOTAL])
    jobs = [(s, fo, rest if s != TOTAL else list(S.BASES)) for s in [*names, TOTAL] for fo in folds]
    res = _par([delayed(_task)(hp[s], reg, None, fo, hz, b, split, False) for s, fo, b in jobs], n_jobs)
    for (s, fo, _), r in zip(jobs, res):
        if r:
            od.fits[(s, fo)] = (
                {first: probe[split][names.index(s) * len(folds) + folds.index(fo)][first]} if s != TOTAL else {}
            ) | r
    outer_names = [s for s in [*names, TOTAL] if s in hs]
    res = _par([delayed(_task)(hs[s], reg, None, ot, hz, [*S.BASES, REF], split, True) for s in outer_names], n_jobs)
    for s, r in zip(outer_names, res):
        if r:
            od.fits[(s, OUTER)] = r
    path.write_bytes(pickle.dumps(od))
    return od


def refit_origin(
    data: pd.DataFrame,
    reg: pd.DataFrame,
    od: OriginData,
    tag: str,
    bases: list[str],
    reg_fn: RegFn | None,
    n_jobs: int = 2,
    over: dict | None = None,
) -> OriginData:
    """A copy of `od` with `bases` refitted on every fold (same split) with the regressors `reg_fn(reg, fold)`
    and the config overrides `over`."""
    path = _cache(_key(data, reg, od.origin.date(), od.hz, tag))
    if path.is_file():
        new: dict = pickle.loads(path.read_bytes())  # noqa: S301 - own cache file
    else:
        d = data.assign(series=data["series"].astype(str), ds=pd.to_datetime(data["ds"])).dropna(subset=["y"])
        hs = {s: g[["ds", "y"]] for s, g in d.groupby("series")}
        keys = [k for k in od.fits if k[0] != TOTAL]
        tasks = []
        for s, fo in keys:
            h = hs[s] if fo == OUTER else hs[s][hs[s]["ds"] < od.origin]
            o = od.origin if fo == OUTER else fo
            tasks.append(delayed(_task)(h, reg, reg_fn, o, od.hz, bases, od.split, fo == OUTER, over))
        new = dict(zip(keys, _par(tasks, n_jobs)))
        path.write_bytes(pickle.dumps(new))
    out = OriginData(od.origin, od.hz, od.folds, od.split, od.split_scores, od.past, dict(od.fits))
    for k, r in new.items():
        out.fits[k] = {**od.fits[k], **r}
    return out


def _par(tasks: list, n_jobs: int) -> list:
    return Parallel(n_jobs=n_jobs)(tasks) if n_jobs > 1 and len(tasks) > 1 else [f(*a, **k) for f, a, k in tasks]


# --------------------------------------------------------------------------------------------- selection + scoring

Post = Callable[[OriginData, dict[str, str], dict[str, pd.DataFrame]], dict[str, np.ndarray]]


def _long(od: OriginData, s: str, fold: pd.Timestamp | None) -> dict[str, pd.DataFrame]:
    """base -> frame (ds, y, f_lvl, f, closed, fold) of series `s` on the inner folds (fold None) or OUTER."""
    keys = [k for k in od.fits if k[0] == s and (k[1] != OUTER if fold is None else k[1] == fold)]
    out: dict[str, list[pd.DataFrame]] = {}
    for k in sorted(keys, key=lambda k: k[1]):
        for b, fit in od.fits[k].items():
            out.setdefault(b, []).append(fit.test.assign(fold=k[1]))
    return {b: pd.concat(v, ignore_index=True) for b, v in out.items()}


Weights = dict[str, dict[str, float]]  # series -> tuned base -> weight in the ensemble (sixth stop, `wens`)
_WEIGHTS: dict[str, float] | None = None  # the weights of the series being combined (None: plain mean)
_plain_combine = S.combine


def _weighted_combine(c: S.Candidate, preds: dict[str, pd.DataFrame]) -> np.ndarray:
    """`selection.combine` with the ensemble as the weighted mean `_WEIGHTS` of the tuned bases."""
    if c.base != S.ENSEMBLE or _WEIGHTS is None:
        return _plain_combine(c, preds)
    col = "f_lvl" if c.level else "f"
    f = np.sum([w * preds[b][col].to_numpy(dtype=float) for b, w in _WEIGHTS.items()], axis=0)
    if c.blend < 1.0:
        f = c.blend * f + (1 - c.blend) * preds[S.PLAIN]["f"].to_numpy(dtype=float)
        f = np.where(preds[S.TUNED[0]]["closed"].to_numpy(), 0.0, f)
    return f


def _use_weights(weights: Weights | None, s: str) -> None:
    global _WEIGHTS
    _WEIGHTS = weights.get(s) if weights is not None else None


def evaluate(od: OriginData, post: Post | None = None, weights: Weights | None = None) -> dict:
    """The unchanged selection on the cached base predictions, then the outer window: WAPE of the selection and
    of plain Prophet, coverage of the 80 % interval. `post` may rescale the chosen forecasts (hierarchy);
    `weights` replace the plain mean of the ensemble per series."""
    from unittest import mock

    with mock.patch.object(S, "combine", _weighted_combine):
        try:
            return _evaluate(od, post, weights)
        finally:
            _use_weights(None, "")


def _evaluate(od: OriginData, post: Post | None, weights: Weights | None) -> dict:
    names = sorted(od.past["series"].unique())
    cands = S.candidates()
    scored: dict[str, S._Scored | None] = {}
    for s in names:
        _use_weights(weights, s)
        parts = [f.assign(base=b) for b, f in _long(od, s, None).items()]
        scored[s] = S._score_series(pd.concat(parts, ignore_index=True), cands) if parts else None
    sel = S._choose(od.past, od.origin, od.hz, REGION, od.folds, scored, cands, {}, od.split)
    chosen = {s: c.candidate.label() for s, c in sel.choices.items()}
    outer = {s: _long(od, s, OUTER) for s in names if (s, OUTER) in od.fits}
    fc = {}
    for s, p in outer.items():
        _use_weights(weights, s)
        fc[s] = np.clip(S.combine(sel.choices[s].candidate, p), 0.0, None)
    _use_weights(None, "")
    if post is not None:
        fc = post(od, chosen, {"__scored__": scored, **outer})  # type: ignore[dict-item]
    y_all, f_all, p_all, cov = [], [], [], []
    for s, p in outer.items():
        y = p[REF]["y"].to_numpy(dtype=float)
        f = fc[s]
        q = np.asarray(sel.choices[s].resid_q)
        a = (1 - 0.8) / 2
        closed = p[S.TUNED[0] if sel.choices[s].candidate.base == S.ENSEMBLE else sel.choices[s].candidate.base]
        closed = closed["closed"].to_numpy()
        lo = np.where(closed, 0.0, np.clip(np.expm1(np.log1p(f) + float(np.interp(a, S.QGRID, q))), 0.0, None))
        hi = np.maximum(np.where(closed, 0.0, np.expm1(np.log1p(f) + float(np.interp(1 - a, S.QGRID, q)))), f)
        cov.append((y >= lo) & (y <= hi))
        ok = y > 0
        y_all.append(y[ok])
        f_all.append(f[ok])
        p_all.append(p[REF]["f"].to_numpy(dtype=float)[ok])
    y, f, pl = (np.concatenate(a) for a in (y_all, f_all, p_all))
    ws, wp = np.abs(f - y).sum() / y.sum(), np.abs(pl - y).sum() / y.sum()
    return {"sel": ws, "plain": wp, "gain": 1 - ws / wp, "cov": float(np.concatenate(cov).mean()), "chosen": chosen}


# --------------------------------------------------------------------------------------------- variants


def _qr_delta(
    tr: pd.DataFrame, alpha: float, weighted: bool, fixed: tuple[str, ...] = ()
) -> tuple[np.ndarray, float, list[str]]:
    """Median regression of the log residual on the components: the change of each component's weight
    (components in `fixed` keep theirs)."""
    from sklearn.linear_model import QuantileRegressor

    cols = [c for c in GROUPS if tr[c].std() > 1e-9 and c not in fixed]
    x = tr[cols].to_numpy(dtype=float)
    r = np.log1p(tr["y"].clip(lower=0).to_numpy(dtype=float)) - tr[GROUPS].sum(axis=1).to_numpy()
    w = tr["y"].clip(lower=1).to_numpy(dtype=float) if weighted else None
    m = QuantileRegressor(quantile=0.5, alpha=alpha, solver="highs").fit(x, r, sample_weight=w)
    return np.asarray(m.coef_), float(m.intercept_), cols


def reweighted(
    fit: Fit, alpha: float | None, weighted: bool, fixed: tuple[str, ...] = (), recent: int | None = None
) -> Fit:
    """The fit's forecasts with the component weights re-estimated by a median regression (its level
    correction recomputed from the new in-sample residuals)."""
    assert fit.train is not None
    tr, te = fit.train, fit.test
    fit_rows = tr[tr["ds"] > tr["ds"].max() - pd.Timedelta(days=recent)] if recent else tr
    delta, b, cols = _qr_delta(fit_rows, alpha, weighted, fixed) if alpha is not None else (np.zeros(0), 0.0, [])
    base_tr = tr[GROUPS].sum(axis=1).to_numpy()
    new_tr = base_tr + tr[cols].to_numpy(dtype=float) @ delta + b
    resid = np.log1p(tr["y"].clip(lower=0).to_numpy(dtype=float)) - new_tr
    level = float(np.clip(np.mean(resid[-fit.level_days :]), -fit.level_cap, fit.level_cap))
    logf = te[GROUPS].sum(axis=1).to_numpy() + te[cols].to_numpy(dtype=float) @ delta + b
    ahead = np.maximum((pd.DatetimeIndex(te["ds"]) - tr["ds"].max()).days.to_numpy(), 1)
    closed = te["closed"].to_numpy()

    def out(v: np.ndarray) -> np.ndarray:
        return np.where(closed, 0.0, np.clip(np.minimum(np.expm1(v), fit.cap), 0, None))

    test = te.assign(f=out(logf), f_lvl=out(logf + level * np.exp(-ahead / 7.0)))
    return Fit(test, tr, fit.cap, fit.level_days, fit.level_cap)


def map_tuned(od: OriginData, fn: Callable[[Fit], Fit], bases: list[str] | None = None) -> OriginData:
    """A copy of `od` with `fn` applied to every tuned base fit."""
    out = OriginData(od.origin, od.hz, od.folds, od.split, od.split_scores, od.past, {})
    for k, fits in od.fits.items():
        out.fits[k] = {b: (fn(f) if b in (bases or S.TUNED) and f.train is not None else f) for b, f in fits.items()}
    return out


def _reconcile(b_sum: np.ndarray, t: np.ndarray, w: float) -> np.ndarray:
    ratio = np.where((b_sum > 0) & (t > 0), t / np.maximum(b_sum, 1e-9), 1.0)
    return ratio**w


def hierarchy(w_grid: tuple[float, ...], monthly: bool, fixed: float | None = None) -> Post:
    """Scale every series' forecast by (total forecast / sum of series forecasts)^w, per day or per month; w chosen
    on the inner folds (pooled WAPE over series × folds) unless `fixed`."""

    def factors(frames: dict[str, pd.DataFrame], total: pd.DataFrame, w: float) -> dict[str, np.ndarray]:
        allf = pd.concat([f.assign(series=s) for s, f in frames.items()], ignore_index=True)
        key = ["fold", "m"] if monthly else ["fold", "ds"]
        allf["m"] = pd.to_datetime(allf["ds"]).dt.to_period("M")
        tt = total.assign(m=pd.to_datetime(total["ds"]).dt.to_period("M"))
        b = allf.groupby(key)["fc"].sum().rename("b")
        t = tt.groupby(key)["t"].sum().rename("t")
        j = allf.join(pd.concat([b, t], axis=1), on=key)
        j["r"] = _reconcile(j["b"].to_numpy(), j["t"].fillna(0).to_numpy(), w)
        return {s: g["r"].to_numpy() for s, g in j.groupby("series", sort=False)}

    def post(od: OriginData, chosen: dict[str, str], ctx: dict) -> dict[str, np.ndarray]:
        scored = ctx.pop("__scored__")
        cands = {c.label(): c for c in S.candidates()}
        tot_in = _long(od, TOTAL, None)
        tdf = tot_in[S.PLAIN][["ds", "fold"]].assign(t=S.combine(S.DEFAULT, tot_in))
        inner = {}
        for s, sc in scored.items():
            if sc is None:
                continue
            p = _long(od, s, None)[S.PLAIN].sort_values(["fold", "ds"]).reset_index(drop=True)
            inner[s] = p[["ds", "fold", "y"]].assign(fc=sc.f[chosen[s]])
        best = fixed
        if best is None:
            scores = {}
            for w in w_grid:
                r = factors(inner, tdf, w)
                y = np.concatenate([inner[s]["y"].to_numpy() for s in inner])
                f = np.concatenate([inner[s]["fc"].to_numpy() * r[s] for s in inner])
                scores[w] = np.abs(f - y).sum() / y.sum()
            best = min(w_grid, key=lambda k: (scores[k], k))
        tot_out = _long(od, TOTAL, OUTER)
        tout = tot_out[S.PLAIN][["ds", "fold"]].assign(t=S.combine(S.DEFAULT, tot_out))
        outer = {
            s: ctx[s][S.PLAIN][["ds", "fold", "y"]].assign(fc=np.clip(S.combine(cands[chosen[s]], ctx[s]), 0, None))
            for s in ctx
        }
        r = factors(outer, tout, best)
        post.chosen_w.append(best)  # type: ignore[attr-defined]
        return {s: outer[s]["fc"].to_numpy() * r[s] for s in outer}

    post.chosen_w = []  # type: ignore[attr-defined]
    return post


def anomaly_fn(cols: tuple[str, ...], beside: bool) -> RegFn:
    """Regressors with `cols` as anomalies from their day-of-year climatology of the days before the fold
    origin (instead of the raw values, or beside them)."""

    def fn(reg: pd.DataFrame, o: pd.Timestamp) -> pd.DataFrame:
        from tools.forecast.regressors import climatology

        r = reg.copy()
        r["date"] = pd.to_datetime(r["date"])
        past = r[r["date"] < o]
        doy = r["date"].dt.day_of_year
        for c in cols:
            clim = climatology(past, c, window=15)
            an = r[c] - clim.reindex(doy).to_numpy()
            r[f"{c}_anom" if beside else c] = an
        return r

    return fn


def ensemble_weights(od: OriginData, pooled: bool, shrink: float = 0.5) -> Weights:
    """Per series (or pooled over series) weights of the tuned bases ∝ 1 / inner-fold WAPE of the level-corrected
    base, shrunk by `shrink` towards equal weights (sixth stop, candidate b)."""
    err: dict[str, dict[str, float]] = {}
    per_fold: dict[str, list[float]] = {b: [] for b in S.TUNED}
    for s in sorted(od.past["series"].unique()):
        p = _long(od, s, None)
        if not p or any(b not in p for b in S.TUNED):
            continue
        y, fold = p[S.PLAIN]["y"].to_numpy(dtype=float), p[S.PLAIN]["fold"].to_numpy()
        err[s] = {b: S._wape(y, p[b]["f_lvl"].to_numpy(dtype=float)) for b in S.TUNED}
        for b in S.TUNED:
            f = p[b]["f_lvl"].to_numpy(dtype=float)
            per_fold[b] += [S._wape(y[fold == k], f[fold == k]) for k in np.unique(fold)]
    if pooled:
        g = {b: float(np.exp(np.mean(np.log(np.maximum(v, 1e-6))))) for b, v in per_fold.items()}
        err = {s: g for s in err}

    def w(e: dict[str, float]) -> dict[str, float]:
        inv = {b: 1.0 / max(v, 1e-6) for b, v in e.items()}
        tot = sum(inv.values())
        return {b: shrink * v / tot + (1 - shrink) / len(inv) for b, v in inv.items()}

    return {s: w(e) for s, e in err.items()}


def extra_folds(
    data: pd.DataFrame, reg: pd.DataFrame, od: OriginData, offsets: tuple[int, ...], n_jobs: int = 2
) -> OriginData:
    """A copy of `od` with every base also fitted on the inner folds starting `offsets` days before the origin
    (same weekly split; cached); a fold whose window would reach the origin is left out."""
    extra = [od.origin - pd.Timedelta(days=k) for k in offsets if k >= od.hz]
    extra = [fo for fo in extra if fo not in od.folds]
    tag = "folds+" + "-".join(str(k) for k in offsets)
    path = _cache(_key(data, reg, od.origin.date(), od.hz, tag))
    d = data.assign(series=data["series"].astype(str), ds=pd.to_datetime(data["ds"])).dropna(subset=["y"])
    names = sorted(od.past["series"].unique())
    if path.is_file():
        new: dict = pickle.loads(path.read_bytes())  # noqa: S301 - own cache file
    else:
        hp = {s: g[g["ds"] < od.origin][["ds", "y"]] for s, g in d.groupby("series")}
        keys = [(s, fo) for s in names for fo in extra]
        tasks = [delayed(_task)(hp[s], reg, None, fo, od.hz, list(S.BASES), od.split, False) for s, fo in keys]
        new = dict(zip(keys, _par(tasks, n_jobs)))
        path.write_bytes(pickle.dumps(new))
    out = OriginData(od.origin, od.hz, sorted([*od.folds, *extra]), od.split, od.split_scores, od.past, dict(od.fits))
    out.fits.update({k: r for k, r in new.items() if r})
    return out


def neighbour_fn(cols: tuple[str, ...]) -> RegFn:
    """Regressors plus yesterday's and tomorrow's value of `cols` (sixth stop, candidate c)."""

    def fn(reg: pd.DataFrame, o: pd.Timestamp) -> pd.DataFrame:
        r = reg.copy()
        r["date"] = pd.to_datetime(r["date"])
        r = r.set_index("date").asfreq("D")
        for c in cols:
            r[f"{c}_vortag"] = r[c].shift(1)
            r[f"{c}_folgetag"] = r[c].shift(-1)
        return r.reset_index()

    return fn


def dow_temp_fn(col: str = "Temperatur", months: tuple[int, ...] = (6, 7, 8, 9)) -> RegFn:
    """Regressors plus the summer temperature deviation split by weekend and weekday (seventh stop, a):
    (T - mean summer T before the origin) on Sa/So resp. Mo-Fr of `months`, 0 elsewhere."""

    def fn(reg: pd.DataFrame, o: pd.Timestamp) -> pd.DataFrame:
        from tools.forecast.regressors import climatology

        r = reg.copy()
        r["date"] = pd.to_datetime(r["date"])
        before = r["date"] < o
        t = r[col].astype(float)
        miss = t.isna().to_numpy()
        if miss.any():
            clim = climatology(r[before], col)
            t[miss] = clim.reindex(r["date"][miss].dt.day_of_year).to_numpy()
        summer = r["date"].dt.month.isin(months)
        tbar = float(t[before & summer].mean())
        if np.isnan(tbar):
            tbar = float(t[before].mean())
        dev = (t - tbar).where(summer, 0.0)
        weekend = r["date"].dt.day_of_week >= 5
        r["temp_sommer_we"] = dev.where(weekend, 0.0)
        r["temp_sommer_wt"] = dev.where(~weekend, 0.0)
        return r

    return fn


def month_naive_factors(
    ds: pd.DatetimeIndex, f: np.ndarray, hist: pd.Series, o: pd.Timestamp, w: float, growth_days: int = 84
) -> np.ndarray:
    """Per day the factor (N_m / F_m)^w of its calendar month m (seventh stop, b): N_m = growth x last year's
    sales on the matched days (d - 364 observed before `o`), F_m = the forecast on the same days; `hist` is
    y indexed by ds (observed days before `o` only)."""
    ones = np.ones(len(ds))
    if w == 0.0 or hist.empty:
        return ones
    hist = hist[hist.index < o]
    yr = pd.Timedelta(days=364)
    last = hist[(hist.index >= o - pd.Timedelta(days=growth_days))]
    prev = hist.reindex(last.index - yr).to_numpy(dtype=float)
    ok = ~np.isnan(prev)
    if ok.sum() < 56 or prev[ok].sum() <= 0:
        return ones
    g = float(last.to_numpy(dtype=float)[ok].sum() / prev[ok].sum())
    ylag = hist.reindex(ds - yr).to_numpy(dtype=float)
    df = pd.DataFrame({"m": ds.to_period("M"), "yl": ylag, "f": np.asarray(f, dtype=float)})
    df = df[~np.isnan(df["yl"])]
    sums = df.groupby("m")[["yl", "f"]].sum()
    ratio = (g * sums["yl"] / sums["f"]).where((sums["f"] > 0) & (sums["yl"] > 0))
    r = ratio.reindex(ds.to_period("M")).to_numpy(dtype=float)
    return np.where(np.isnan(r), 1.0, r**w)


def month_naive(w_grid: tuple[float, ...], fixed: float | None = None) -> Post:
    """Every series' chosen forecast re-anchored per month towards the seasonal naive month level; w chosen on
    the inner folds (geometric mean WAPE over series x folds, ties to the smaller w) unless `fixed`."""

    def post(od: OriginData, chosen: dict[str, str], ctx: dict) -> dict[str, np.ndarray]:
        scored = ctx.pop("__scored__")
        cands = {c.label(): c for c in S.candidates()}
        hist = {s: g.set_index("ds")["y"].sort_index() for s, g in od.past.groupby("series")}
        best = fixed
        if best is None:
            inner = []
            for s, sc in scored.items():
                if sc is None:
                    continue
                p = _long(od, s, None)[S.PLAIN].sort_values(["fold", "ds"]).reset_index(drop=True)
                inner.append((s, p, sc.f[chosen[s]]))
            scores = {}
            for w in w_grid:
                errs = []
                for s, p, f in inner:
                    for fo, g in p.groupby("fold"):
                        idx = g.index.to_numpy()
                        r = month_naive_factors(pd.DatetimeIndex(g["ds"]), f[idx], hist[s], pd.Timestamp(fo), w)
                        errs.append(S._wape(g["y"].to_numpy(dtype=float), f[idx] * r))
                scores[w] = float(np.exp(np.mean(np.log(np.maximum(errs, 1e-6)))))
            best = min(w_grid, key=lambda k: (scores[k], k))
            post.scores.append(scores)  # type: ignore[attr-defined]
        out = {}
        for s, p in ctx.items():
            f = np.clip(S.combine(cands[chosen[s]], p), 0.0, None)
            ds = pd.DatetimeIndex(p[S.PLAIN]["ds"])
            out[s] = f * month_naive_factors(ds, f, hist.get(s, pd.Series(dtype=float)), od.origin, best)
        post.chosen_w.append(best)  # type: ignore[attr-defined]
        return out

    post.chosen_w = []  # type: ignore[attr-defined]
    post.scores = []  # type: ignore[attr-defined]
    return post


def _default_wapes(od: OriginData, s: str) -> tuple[float, list[float]]:
    """Inner WAPE of the default candidate of series `s`: over all folds and per fold."""
    p = _long(od, s, None)
    f = S.combine(S.DEFAULT, p)
    y, fold = p[S.PLAIN]["y"].to_numpy(dtype=float), p[S.PLAIN]["fold"].to_numpy()
    return S._wape(y, f), [S._wape(y[fold == k], f[fold == k]) for k in np.unique(fold)]


def per_series_switch(od: OriginData, alt: OriginData) -> tuple[OriginData, list[str]]:
    """Per series the fits of `alt` where its default candidate is > MARGIN better over the inner folds and
    better in every fold (the `_best` rule), else those of `od`."""
    out = OriginData(od.origin, od.hz, od.folds, od.split, od.split_scores, od.past, dict(od.fits))
    took = []
    for s in sorted(od.past["series"].unique()):
        if not _long(od, s, None):
            continue
        (t0, f0), (t1, f1) = _default_wapes(od, s), _default_wapes(alt, s)
        if t1 * (1 + S.MARGIN) < t0 and all(a < b for a, b in zip(f1, f0)):
            took.append(s)
            out.fits.update({k: v for k, v in alt.fits.items() if k[0] == s})
    return out, took


# --------------------------------------------------------------------------------------------- CLI


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--horizon", type=int, default=365)
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--variants", default="base")
    ap.add_argument("--jobs", type=int, default=2)
    args = ap.parse_args()
    from evals.forecast.__main__ import SHARED
    from evals.forecast.kiel import load_kiel

    data, reg = load_kiel(SHARED / "kiel_bakery")
    variants = args.variants.split(",")
    rows = []
    t0 = time.process_time()
    for o in outer_origins(args.quick, args.horizon):
        od = base_origin(data, reg, o, args.horizon, args.jobs)
        for v in variants:
            res = run_variant(v, data, reg, od, args.jobs)
            rows.append(
                {
                    "origin": str(o),
                    "variant": v,
                    **{k: res[k] for k in ("sel", "plain", "gain", "cov")},
                    "extra": res.get("extra", ""),
                }
            )
            print(rows[-1], flush=True)
    df = pd.DataFrame(rows)
    print(df.drop(columns="extra").to_string(index=False))
    print(df.groupby("variant", sort=False)[["gain", "cov"]].mean().round(4).to_string())
    print(f"CPU s (this process): {time.process_time() - t0:.0f}")


def inner_score(od: OriginData) -> float:
    """Geometric mean over series × inner folds of the default candidate's WAPE (as for the weekly split)."""
    w = []
    for s in sorted(od.past["series"].unique()):
        p = _long(od, s, None)
        if not p:
            continue
        f = S.combine(S.DEFAULT, p)
        y, fold = p[S.PLAIN]["y"].to_numpy(dtype=float), p[S.PLAIN]["fold"].to_numpy()
        w += [S._wape(y[fold == k], f[fold == k]) for k in np.unique(fold)]
    return float(np.exp(np.mean(np.log(np.maximum(w, 1e-6)))))


def variant_origin(v: str, data: pd.DataFrame, reg: pd.DataFrame, od: OriginData, jobs: int) -> OriginData:
    """The bases of variant `v` (one that replaces or post-processes the fits)."""
    if v == "base":
        return od
    if v == "comp":  # forecasts rebuilt from the stored components: must equal "base"
        return map_tuned(od, lambda f: reweighted(f, None, False))
    if v.startswith("qr"):  # qr, qrw (weighted by y), qrx (trend and booster kept), alpha suffix: qr_0.001
        name, _, a = v.partition("_")
        fixed = ("trend", "boost") if name.startswith("qrx") else ("boost",) if name == "qrb" else ()
        recent = 730 if name in ("qrr", "qrxr") else None  # qrr, qrxr: fitted on the last two years only
        return map_tuned(od, lambda f: reweighted(f, float(a or 0.0), name == "qrw", fixed, recent))
    if v.startswith("anom"):  # anom (instead of raw), anomb (beside)
        fn = anomaly_fn(("Temperatur", "Bewoelkung"), v == "anomb")
        bases = [b for b in S.TUNED if b != "tuned_events"]
        return refit_origin(data, reg, od, v, bases, fn, jobs)
    if v == "folds5":  # three more 365-day inner folds shifted by quarters (sixth stop, a)
        return extra_folds(data, reg, od, (456, 547, 638), jobs)
    if v == "nbr_all":  # every series with the neighbouring days' weather (the variant's fits, before the switch)
        bases = [b for b in S.TUNED if b != "tuned_events"]
        return refit_origin(data, reg, od, v, bases, neighbour_fn(("Temperatur", "Bewoelkung")), jobs)
    if v == "dowt_all":  # every series with weekend/weekday x summer temperature (seventh stop, a; information)
        bases = [b for b in S.TUNED if b != "tuned_events"]
        return refit_origin(data, reg, od, v, bases, dow_temp_fn(), jobs)
    if v.startswith("tw"):  # tw2, tw3: every tuned base on the last 2 / 3 years only
        yrs = float(v[2:])
        bases = [b for b in S.TUNED if S.BASES[b][1].get("train_years") != yrs]
        return refit_origin(data, reg, od, v, bases, None, jobs, {"train_years": yrs})
    raise SystemExit(f"unknown variant {v}")


def run_variant(v: str, data: pd.DataFrame, reg: pd.DataFrame, od: OriginData, jobs: int) -> dict:
    """One named variant on one origin; "cv:a+b+c" takes the one of a, b, c with the best inner score."""
    if v.startswith("cv:"):
        opts = v[3:].split("+")
        ods = {o: variant_origin(o, data, reg, od, jobs) for o in opts}
        sc = {o: inner_score(x) for o, x in ods.items()}
        best = min(opts, key=lambda o: (sc[o], opts.index(o)))
        return {**evaluate(ods[best]), "extra": f"chose {best} {sc}"}
    if v.startswith("hier"):  # hier (daily), hierm (monthly), hier_0.5 (fixed w, read off the test: info only)
        name, _, w = v.partition("_")
        post = hierarchy((0.0, 0.25, 0.5, 0.75, 1.0), name == "hierm", float(w) if w else None)
        res = evaluate(od, post)
        return {**res, "extra": f"w={post.chosen_w}"}  # type: ignore[attr-defined]
    if v.startswith("mnaive"):  # month-level seasonal naive anchoring (seventh stop, b); mnaive_0.5: fixed w
        _, _, fixed_w = v.partition("_")
        post = month_naive((0.0, 0.25, 0.5), float(fixed_w) if fixed_w else None)
        res = evaluate(od, post)
        return {**res, "extra": f"w={post.chosen_w} inner={post.scores}"}  # type: ignore[attr-defined]
    if v == "dowt":  # weekend/weekday x summer temperature where the inner folds prefer it, per series (seventh stop)
        mixed, took = per_series_switch(od, variant_origin("dowt_all", data, reg, od, jobs))
        return {**evaluate(mixed), "extra": f"took {took}"}
    if v in ("wens", "wensp"):  # inverse-error ensemble weights, per series / pooled (sixth stop, b)
        ew = ensemble_weights(od, v == "wensp")
        res = evaluate(od, weights=ew)
        return {**res, "extra": f"w={ {s: {b: round(x, 3) for b, x in ws.items()} for s, ws in ew.items()} }"}
    if v == "nbr":  # neighbouring days' weather where the inner folds prefer it, per series (sixth stop, c)
        mixed, took = per_series_switch(od, variant_origin("nbr_all", data, reg, od, jobs))
        return {**evaluate(mixed), "extra": f"took {took}"}
    res = evaluate(variant_origin(v, data, reg, od, jobs))
    return {**res, "extra": f"chosen {res['chosen']}"} if v == "folds5" else res


if __name__ == "__main__":
    from evals.forecast import probe  # the cached classes pickle under the module's own name, not __main__

    probe.main()
