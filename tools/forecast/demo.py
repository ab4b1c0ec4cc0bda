"""Demo-company series: demand-relevant history from sales (sold-out days uncensored) and weather.

`sold` is censored on sold-out days (demand > baked). We estimate the day's demand as
sold / share of the day's customers that had arrived when the shelf was empty; customers arrive
evenly over the opening hours, Brötchen customers morning-heavy (share = elapsed**0.6). The
estimate is capped at 2 × sold; without a sold-out time (user exports) `sold` is kept as it is.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from tools.company.catalog import BRANCH_BY_ID, GROUP_NAMES, PRODUCT_BY_ID

ALL = "alle"


def _hours(branch_id: str, wd: int) -> tuple[float, float]:
    """Opening hours (decimal) of a branch on a weekday class; NaN when unknown or closed."""
    b = BRANCH_BY_ID.get(branch_id)
    if b is None:
        return np.nan, np.nan
    hours = b.opening.weekday if wd < 5 else b.opening.saturday if wd == 5 else b.opening.sunday
    if hours is None:
        return np.nan, np.nan
    return hours[0].hour + hours[0].minute / 60, hours[1].hour + hours[1].minute / 60


def uncensor(sales: pd.DataFrame) -> pd.Series:
    """Demand estimate per row (see module docstring); equals `sold` where nothing sold out."""
    sold = sales["sold"].astype(float).to_numpy()
    mask = (sales["sold_out"].astype(bool) & sales["sold_out_time"].notna()).to_numpy()
    est = sold.copy()
    if not mask.any():
        return pd.Series(est, index=sales.index)
    d = sales.loc[mask]
    day = pd.to_datetime(d["date"])
    wd = np.minimum(day.dt.day_of_week.to_numpy(), 6)
    wd_class = np.where(wd < 5, 0, wd)
    lut = {(b, w): _hours(b, w) for b in d["branch"].unique() for w in (0, 5, 6)}
    hrs = np.array([lut[(b, w)] for b, w in zip(d["branch"], wd_class)], dtype=float).reshape(-1, 2)
    eve = ((day.dt.month == 12) & day.dt.day.isin([24, 31])).to_numpy()
    close = np.where(eve, np.minimum(hrs[:, 1], 12.0), hrs[:, 1])
    t = d["sold_out_time"].astype(str).str.split(":", expand=True).astype(float)
    clock = t[0].to_numpy() + t[1].to_numpy() / 60
    frac = np.clip((clock - hrs[:, 0]) / np.maximum(close - hrs[:, 0], 0.1), 0.05, 1.0)
    broetchen = d["product"].map(lambda p: p in PRODUCT_BY_ID and PRODUCT_BY_ID[p].group == "broetchen").to_numpy()
    share = np.where(broetchen, frac**0.6, frac)
    new = np.minimum(sold[mask] / share, 2 * sold[mask])
    est[mask] = np.where(np.isnan(new), sold[mask], new)
    return pd.Series(est, index=sales.index)


def demand_history(sales: pd.DataFrame) -> pd.DataFrame:
    """date, branch, product, group, value (uncensored demand) from the sales frame."""
    out = sales[["date", "branch", "product"]].copy()
    out["date"] = pd.to_datetime(out["date"])
    out["value"] = uncensor(sales.reset_index(drop=True)).to_numpy()
    out["group"] = out["product"].map(lambda p: PRODUCT_BY_ID[p].group if p in PRODUCT_BY_ID else "sonstige")
    return out


def select_series(hist: pd.DataFrame, branch: str | None, item: str) -> pd.DataFrame:
    """ds, y of one series: a product, 'gruppe:<id>' or 'alle' (all products) at one branch or the
    whole chain (branch None)."""
    d = hist if branch is None else hist[hist["branch"] == branch]
    if item.startswith("gruppe:"):
        d = d[d["group"] == item.split(":", 1)[1]]
    elif item != ALL:
        d = d[d["product"] == item]
    s = d.groupby("date")["value"].sum()
    return pd.DataFrame({"ds": s.index, "y": s.to_numpy()})


def item_label(item: str) -> str:
    """German label of a product id or 'gruppe:<id>'."""
    if item == ALL:
        return "alle Artikel"
    if item.startswith("gruppe:"):
        return GROUP_NAMES.get(item.split(":", 1)[1], item)
    p = PRODUCT_BY_ID.get(item)
    return p.name if p else item
