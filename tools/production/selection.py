"""The plan's model choice on past weeks only (issue 21.2): point model, residual sets and their scale.

For a planning cutoff the candidates are run as weekly plans (data up to `lead_days` before each week,
refit every 4 weeks) over the `weeks` weeks that end before the cutoff; the one with the highest realised
newsvendor profit wins. Point-model candidates need refits; the calibration variants (scale of the
out-of-fold residuals, per-weekday or per-series residual sets) are scored on the same fits.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

import numpy as np
import pandas as pd
from pydantic import BaseModel

from tools.artefacts import json_artefact
from tools.forecast.selection import frame_key
from tools.production.model import DemandModel, ModelConfig
from tools.production.newsvendor import Economics

PLAN_SELECTION_VERSION = 2
POINT_CANDIDATES: dict[str, dict[str, Any]] = {
    "standard": {},
    "kurz": {"train_days": 2 * 365},
    "flach": {"max_iter": 120, "learning_rate": 0.05},
}
SCALES = (0.6, 0.8, 1.0, 1.25)
CELLS = (True, False)


class PlanChoice(BaseModel):
    """The chosen point model and calibration with the inner-CV profit of every variant."""

    cutoff: date
    point: str
    resid_scale: float
    weekday_cells: bool
    weeks: int
    profit: dict[str, float]  # variant label -> realised profit over the inner weeks

    def config(self, base: ModelConfig | None = None) -> ModelConfig:
        """`base` (default settings) with the chosen knobs."""
        cfg = replace(base or ModelConfig(), **POINT_CANDIDATES[self.point])
        return replace(cfg, resid_scale=self.resid_scale, weekday_cells=self.weekday_cells)


def _label(point: str, scale: float, cells: bool) -> str:
    return f"{point}|s{scale:g}|{'wt' if cells else 'reihe'}"


def _quantity(lf: float, resid: np.ndarray, cr: float) -> float:
    d = np.clip(np.expm1(lf + resid), 0.0, None)
    return float(np.quantile(d, cr)) if len(d) else 0.0


def _inner_rows(
    history: pd.DataFrame, cfg: ModelConfig, weeks: list[pd.Timestamp], lead_days: int, extra: pd.DataFrame | None
) -> list[tuple[DemandModel, pd.DataFrame]]:
    """(model state, its predictions with truth) for every inner week; refit every 4 weeks."""
    out: list[tuple[DemandModel, pd.DataFrame]] = []
    model: DemandModel | None = None
    for i, ws in enumerate(weeks):
        cutoff = ws - pd.Timedelta(days=lead_days)
        hist = history[history["date"] <= cutoff]
        truth = history[(history["date"] >= ws) & (history["date"] < ws + pd.Timedelta(days=7))]
        truth = truth[truth["series"].isin(hist["series"].unique())].reset_index(drop=True)
        if truth.empty or hist["date"].nunique() < 120:
            continue
        if model is None or i % 4 == 0:
            model = DemandModel(config=cfg, extra=extra).fit(hist, hmin=lead_days, hmax=lead_days + 6, anchor=ws.date())
        else:
            model.update(hist)
        pred = model.predict(truth[["date", "series"]])
        pred["y"] = truth["value"].to_numpy(dtype=float)
        out.append((model, pred))
        # the next weeks reuse the fitted state; residual sets stay those of the last fit
    return out


def _profit(
    rows: list[tuple[DemandModel, pd.DataFrame]],
    econ: dict[str, Economics],
    default: Economics,
    scale: float,
    cells: bool,
) -> float:
    total = 0.0
    for model, pred in rows:
        keep = (model.config.resid_scale, model.config.weekday_cells)
        model.config.resid_scale, model.config.weekday_cells = scale, cells
        for s, dt, lf, y in zip(pred["series"], pred["date"], pred["log_forecast"], pred["y"]):
            e = econ.get(s, default)
            q = _quantity(float(lf), model.residuals(s, dt.weekday()), e.critical_ratio())
            sold = min(q, y)
            total += e.price * sold + e.salvage * (q - sold) - e.cost * q
        model.config.resid_scale, model.config.weekday_cells = keep
    return total


def select_plan(
    history: pd.DataFrame,
    cutoff: date,
    econ: dict[str, Economics],
    default: Economics,
    base: ModelConfig | None = None,
    weeks: int = 12,
    lead_days: int = 2,
    extra: pd.DataFrame | None = None,
) -> PlanChoice:
    """Choose point model and calibration from weekly plans of the `weeks` weeks ending before `cutoff`."""
    h = history.assign(date=pd.to_datetime(history["date"]), series=history["series"].astype(str))
    c = pd.Timestamp(cutoff)
    h = h[h["date"] <= c].dropna(subset=["value"])
    # inner weeks start on the plan's weekday (cutoff + lead) and end on or before the cutoff
    last_start = c + pd.Timedelta(days=lead_days) - pd.Timedelta(weeks=-(-(lead_days + 6) // 7))
    inner = [last_start - pd.Timedelta(weeks=k) for k in range(weeks - 1, -1, -1)]
    base = base or ModelConfig()
    profit: dict[str, float] = {}
    for point, kw in POINT_CANDIDATES.items():
        rows = _inner_rows(h, replace(base, **kw), inner, lead_days, extra)
        if not rows:
            continue
        for scale in SCALES:
            for cells in CELLS:
                profit[_label(point, scale, cells)] = _profit(rows, econ, default, scale, cells)
    if not profit:
        return PlanChoice(cutoff=cutoff, point="standard", resid_scale=1.0, weekday_cells=True, weeks=0, profit={})
    best = max(profit, key=lambda k: profit[k])
    point, scale_txt, cell_mode = best.split("|")
    return PlanChoice(
        cutoff=cutoff,
        point=point,
        resid_scale=float(scale_txt[1:]),
        weekday_cells=cell_mode == "wt",
        weeks=weeks,
        profit=profit,
    )


PLAN_SELECTION_ARTEFACT = json_artefact("plan-selection", PlanChoice, PLAN_SELECTION_VERSION, keep=8)


def stored_plan_choice(
    history: pd.DataFrame,
    econ: dict[str, Economics],
    default: Economics,
    base: ModelConfig,
    extra: pd.DataFrame | None = None,
    lead_days: int = 2,
) -> PlanChoice:
    """The persisted choice for this history (cut off at its last day), economics and settings, or a fresh one."""
    cutoff = pd.to_datetime(history["date"]).max().date()
    inputs = {
        "data": frame_key(history[["date", "series", "value"]].reset_index(drop=True)),
        "extra": frame_key(extra.reset_index() if extra is not None else None),
        "econ": {k: v.model_dump() for k, v in sorted(econ.items())},
        "default": default.model_dump(),
        "base": repr(base),
        "lead": lead_days,
        "points": POINT_CANDIDATES,
        "scales": SCALES,
    }
    return PLAN_SELECTION_ARTEFACT.load_or_fit(
        inputs, lambda: select_plan(history, cutoff, econ, default, base, lead_days=lead_days, extra=extra)
    )
