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
from tools.format_de import num
from tools.production.model import DemandModel, ModelConfig, blend
from tools.production.newsvendor import Economics

PLAN_SELECTION_VERSION = 2
POINT_CANDIDATES: dict[str, dict[str, Any]] = {
    "standard": {},
    "kurz": {"train_days": 2 * 365},
    "flach": {"max_iter": 120, "learning_rate": 0.05},
}
# log-space blends of the standard GBM with an outside forecast (plain Prophet), scored on the standard fits;
# candidates only when a forecast stream is given (tools/production/prior.py)
BLENDS: dict[str, float] = {"mix75": 0.75, "mix50": 0.5, "mix25": 0.25, "prophet": 0.0}
SCALES = (0.6, 0.8, 1.0, 1.25)
CELLS = (True, False)
POINT_NAMES = {
    "standard": "das Standard-Prognosemodell",
    "kurz": "das Prognosemodell mit nur zwei Jahren Trainingsdaten",
    "flach": "das vorsichtiger lernende Prognosemodell (kleinere Lernschritte)",
    "mix75": "das Standard-Prognosemodell, zu einem Viertel mit einfachem Prophet gemittelt",
    "mix50": "das Standard-Prognosemodell, zur Hälfte mit einfachem Prophet gemittelt",
    "mix25": "das Standard-Prognosemodell, zu drei Vierteln mit einfachem Prophet gemittelt",
    "prophet": "einfaches Prophet (Wetter, Feiertage, Ereignisse)",
}


class PlanChoice(BaseModel):
    """The chosen point model and calibration with the inner-CV profit of every variant."""

    cutoff: date
    point: str
    resid_scale: float
    weekday_cells: bool
    weeks: int
    profit: dict[str, float]  # variant label -> realised profit over the inner weeks
    resid_weeks: int = 0  # >0: residual sets from the last N weeks of out-of-fold residuals only

    def config(self, base: ModelConfig | None = None) -> ModelConfig:
        """`base` (default settings) with the chosen knobs."""
        if self.point in BLENDS:
            cfg = replace(base or ModelConfig(), gbm_weight=BLENDS[self.point])
        else:
            cfg = replace(base or ModelConfig(), **POINT_CANDIDATES[self.point])
        return replace(
            cfg, resid_scale=self.resid_scale, weekday_cells=self.weekday_cells, resid_weeks=self.resid_weeks
        )

    def label(self) -> str:
        """The chosen variant's key in `profit`."""
        return _label(self.point, self.resid_scale, self.weekday_cells, self.resid_weeks)

    def is_standard(self) -> bool:
        """True when the chosen variant is the base settings."""
        return self.label() == STANDARD

    def chosen_profit(self) -> float | None:
        """Realised inner-week profit of the chosen variant (None when nothing could be scored)."""
        return self.profit.get(self.label())

    def standard_profit(self) -> float | None:
        """Realised inner-week profit of the base settings (standard point model, scale 1, weekday sets)."""
        return self.profit.get(STANDARD)


def _label(point: str, scale: float, cells: bool, resid_weeks: int = 0) -> str:
    return f"{point}|s{scale:g}|{'wt' if cells else 'reihe'}" + (f"|n{resid_weeks}" if resid_weeks else "")


STANDARD = _label("standard", 1.0, True)  # the base settings, what a plan without a choice uses


def describe_choice(choice: PlanChoice) -> str:
    """The chosen variant in plain German (no money figures: the quantities view shows it too)."""
    if not choice.profit:
        return (
            "Für eine Auswahl der Rechenvariante auf vergangenen Wochen reichen die Daten nicht; "
            "ich rechne mit den Standardeinstellungen."
        )
    spread = (
        "unverändert"
        if choice.resid_scale == 1.0
        else f"×{num(choice.resid_scale, 2, trim=True)} ({'schmaler' if choice.resid_scale < 1 else 'breiter'})"
    )
    cells = "je Wochentag" if choice.weekday_cells else "je Filiale und Produkt über alle Wochentage"
    return (
        f"Die Rechenvariante habe ich auf den {choice.weeks} Wochen bis zum {choice.cutoff:%d.%m.%Y} gewählt "
        "(jede Woche nur aus den Daten davor geplant und an den Verkaufszahlen gemessen): "
        f"{POINT_NAMES.get(choice.point, choice.point)}, Spanne der Nachfrage {spread}, Streuung {cells}."
    )


def _sorted_cell(model: DemandModel, series: str, weekday: int, memo: dict[int, np.ndarray]) -> np.ndarray:
    """The unscaled residual set the model uses for this series and weekday, sorted (memoised per array)."""
    cell = model.residuals(series, weekday)
    found = memo.get(id(cell))
    if found is None:
        found = memo[id(cell)] = np.sort(cell)
    return found


def _inner_rows(
    history: pd.DataFrame,
    cfg: ModelConfig,
    weeks: list[pd.Timestamp],
    lead_days: int,
    extra: pd.DataFrame | None,
    prior: pd.DataFrame | None = None,
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
            model = DemandModel(config=cfg, extra=extra, prior=prior).fit(
                hist, hmin=lead_days, hmax=lead_days + 6, anchor=ws.date()
            )
        else:
            model.update(hist)
        pred = model.predict(truth[["date", "series"]])
        pred["y"] = truth["value"].to_numpy(dtype=float)
        out.append((model, pred))
        # the next weeks reuse the fitted state; residual sets stay those of the last fit
    return out


def _profit_by_scale(
    rows: list[tuple[DemandModel, pd.DataFrame]],
    econ: dict[str, Economics],
    default: Economics,
    cells: bool,
    weight: float = 1.0,
    resid_weeks: int = 0,
) -> dict[float, float]:
    """Realised profit over the inner weeks for every scale in SCALES with per-weekday (or per-series) sets.

    The plan quantity is the `cr` quantile (linear interpolation, as np.quantile) of expm1(lf + scale·r),
    clipped at 0; that map is monotone in r, so two order statistics of the sorted set give it exactly."""
    parts: list[tuple[np.ndarray, ...]] = []
    for model, pred in rows:
        c = model.config
        keep = (c.resid_scale, c.weekday_cells, c.gbm_weight, c.resid_weeks)
        c.resid_scale, c.weekday_cells, c.gbm_weight, c.resid_weeks = 1.0, cells, weight, resid_weeks
        memo: dict[int, np.ndarray] = {}
        n = len(pred)
        lo_r, hi_r, frac = np.zeros(n), np.zeros(n), np.zeros(n)
        price, cost, salvage = np.zeros(n), np.zeros(n), np.zeros(n)
        for k, (s, dt) in enumerate(zip(pred["series"], pred["date"])):
            e = econ.get(s, default)
            srt = _sorted_cell(model, s, dt.weekday(), memo)
            pos = e.critical_ratio() * (len(srt) - 1)
            lo = int(np.floor(pos))
            lo_r[k], hi_r[k], frac[k] = srt[lo], srt[min(lo + 1, len(srt) - 1)], pos - lo
            price[k], cost[k], salvage[k] = e.price, e.cost, e.salvage
        w_used = model.row_weights(pred["series"])  # "auto" resolves to the weight(s) picked at fit time
        c.resid_scale, c.weekday_cells, c.gbm_weight, c.resid_weeks = keep
        lf = blend(pred["log_gbm"].to_numpy(dtype=float), pred["prior"].to_numpy(dtype=float), w_used)
        y = pred["y"].to_numpy(dtype=float)
        parts.append((lf, y, lo_r, hi_r, frac, price, cost, salvage))
    lf, y, lo_r, hi_r, frac, price, cost, salvage = (np.concatenate(c) for c in zip(*parts))
    out: dict[float, float] = {}
    for scale in SCALES:
        a = np.clip(np.expm1(lf + scale * lo_r), 0.0, None)
        b = np.clip(np.expm1(lf + scale * hi_r), 0.0, None)
        q = a + frac * (b - a)
        sold = np.minimum(q, y)
        out[scale] = float((price * sold + salvage * (q - sold) - cost * q).sum())
    return out


def select_plan(
    history: pd.DataFrame,
    cutoff: date,
    econ: dict[str, Economics],
    default: Economics,
    base: ModelConfig | None = None,
    weeks: int = 12,
    lead_days: int = 2,
    extra: pd.DataFrame | None = None,
    prior: pd.DataFrame | None = None,
    blends: bool = True,
    windows: tuple[int, ...] = (0,),
) -> PlanChoice:
    """Choose point model and calibration from weekly plans of the `weeks` weeks ending before `cutoff`;
    with a `prior` stream (plain Prophet) and `blends` its fixed-weight blends with the standard model are
    candidates too (a base with gbm_weight < 0 blends by the weight each fit picks on its own past)."""
    h = history.assign(date=pd.to_datetime(history["date"]), series=history["series"].astype(str))
    c = pd.Timestamp(cutoff)
    h = h[h["date"] <= c].dropna(subset=["value"])
    # inner weeks start on the plan's weekday (cutoff + lead) and end on or before the cutoff
    last_start = c + pd.Timedelta(days=lead_days) - pd.Timedelta(weeks=-(-(lead_days + 6) // 7))
    inner = [last_start - pd.Timedelta(weeks=k) for k in range(weeks - 1, -1, -1)]
    base = base or ModelConfig()
    profit: dict[str, float] = {}
    seen: list[ModelConfig] = []
    for point, kw in POINT_CANDIDATES.items():
        cfg = replace(base, **kw)
        if cfg in seen:  # e.g. "kurz" when the base already trains on two years: same fits, same profits
            continue
        seen.append(cfg)
        rows = _inner_rows(h, cfg, inner, lead_days, extra, prior)
        if not rows:
            continue
        weights = {point: cfg.gbm_weight} | (BLENDS if point == "standard" and prior is not None and blends else {})
        for name, w in weights.items():
            for cells in CELLS:
                for nw in windows:
                    for scale, value in _profit_by_scale(rows, econ, default, cells, w, nw).items():
                        profit[_label(name, scale, cells, nw)] = value
    if not profit:
        return PlanChoice(cutoff=cutoff, point="standard", resid_scale=1.0, weekday_cells=True, weeks=0, profit={})
    best = max(profit, key=lambda k: profit[k])
    point, scale_txt, cell_mode, *nw_txt = best.split("|")
    return PlanChoice(
        resid_weeks=int(nw_txt[0][1:]) if nw_txt else 0,
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
    prior: pd.DataFrame | None = None,
    weeks: int = 12,
) -> PlanChoice:
    """The persisted choice for this history (cut off at its last day), economics and settings, or a fresh one;
    with a `prior` stream the base blends with it (no fixed-weight blends as candidates)."""
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
    if prior is not None or weeks != 12:  # keys only when used: earlier stored choices keep their fingerprint
        inputs |= {"prior": frame_key(prior), "weeks": weeks}
    return PLAN_SELECTION_ARTEFACT.load_or_fit(
        inputs,
        lambda: select_plan(
            history,
            cutoff,
            econ,
            default,
            base,
            weeks=weeks,
            lead_days=lead_days,
            extra=extra,
            prior=prior,
            blends=prior is None,
        ),
    )
