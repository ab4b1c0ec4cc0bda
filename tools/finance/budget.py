"""Budget forecast: monthly revenue and cost categories for the coming months.

Revenue: current month = actual sales to date + the rest; near months bottom-up from the
sales forecast (`tools.forecast.api.forecast_demo`) when available, otherwise (and for later
months) Prophet on the monthly history. Costs follow the cost structure of the history.
"""

from __future__ import annotations

import logging
import pickle
from datetime import date, timedelta
from types import ModuleType

import numpy as np
import pandas as pd

from tools.company.data import load_finance_monthly, load_sales, own_sales_path
from tools.finance.calendar import day_weight, month_weight, weekday_weights
from tools.finance.models import COST_CATEGORIES, BudgetForecast, BudgetMonth
from tools.finance.monthly import forecast_monthly
from tools.format_de import eur, num, share
from tools.settings import get_settings

MAX_MONTHS = 36  # months ahead the budget (and the cash plan built on it) reaches; further is guesswork

log = logging.getLogger(__name__)
# the management's planning target (company input): revenue growth vs. the previous year
DEFAULT_TARGET_GROWTH_PCT = 3.0
BOTTOM_UP_MONTHS = 2  # current month's rest + next month from the product × branch forecast


class CostModel:
    """Cost categories as functions of revenue and month, estimated from the monthly history."""

    def __init__(self, fin: pd.DataFrame) -> None:
        last12, last24 = fin.tail(12), fin.tail(24)
        self.material_share = float(last12["wareneinsatz"].sum() / last12["revenue"].sum())
        self.level = {c: float(fin[c].tail(3).mean()) for c in ("personal", "miete")}
        self.jan_step = {c: self._jan_step(fin, c) for c in ("personal", "miete")}
        self.last_month = fin["month"].max()
        prev12 = fin["energie"].iloc[-24:-12]
        self.energy_ratio = float(np.clip(last12["energie"].mean() / prev12.mean(), 0.8, 1.2)) if len(prev12) else 1.0
        self.energy_by_moy = fin.groupby(fin["month"].dt.month)["energie"].last().to_dict()
        self.linear = {c: np.polyfit(last24["revenue"], last24[c], 1) for c in ("fahrzeuge", "sonstiges")}

    @staticmethod
    def _jan_step(fin: pd.DataFrame, col: str) -> float:
        s = fin.set_index("month")[col]
        ratios = [
            s[m] / s[m - pd.DateOffset(months=1)]
            for m in s.index
            if m.month == 1 and (m - pd.DateOffset(months=1)) in s.index
        ]
        return float(np.median(ratios)) if ratios else 1.0

    def _januaries(self, month: pd.Timestamp) -> int:
        """Januaries among the 39 months after the last known one, up to `month` (month arithmetic, no offsets)."""
        ahead = min((month.year - self.last_month.year) * 12 + month.month - self.last_month.month, 39)
        return sum(1 for k in range(1, ahead + 1) if (self.last_month.month - 1 + k) % 12 == 0)

    def costs(self, month: pd.Timestamp, revenue: float) -> dict[str, float]:
        """Cost per category for `month` at a given revenue."""
        januaries = self._januaries(month)
        out = {"wareneinsatz": self.material_share * revenue}
        for c in ("personal", "miete"):
            out[c] = self.level[c] * self.jan_step[c] ** januaries
        out["energie"] = (
            self.energy_by_moy.get(month.month, np.mean(list(self.energy_by_moy.values()))) * self.energy_ratio
        )
        for c, (slope, intercept) in self.linear.items():
            out[c] = max(intercept + slope * revenue, 0.0)
        return {c: round(float(out[c]), 2) for c in COST_CATEGORIES}

    def _linear_text(self, col: str) -> str:
        slope, intercept = self.linear[col]
        return f"{eur(intercept)} + {share(slope, 2)} vom Umsatz"

    def describe(self) -> dict[str, str | float]:
        """The estimated cost rules, for traceability."""
        return {
            "wareneinsatz_anteil": round(self.material_share, 4),
            "personal_niveau_eur": round(self.level["personal"], 2),
            "personal_januarsteigerung": round(self.jan_step["personal"], 4),
            "miete_niveau_eur": round(self.level["miete"], 2),
            "miete_januarsteigerung": round(self.jan_step["miete"], 4),
            "energie": f"gleicher Monat im Vorjahr × Preisniveau der letzten 12 Monate ({num(self.energy_ratio, 3)})",
            "fahrzeuge": self._linear_text("fahrzeuge"),
            "sonstiges": self._linear_text("sonstiges"),
        }


def _forecast_cache_warm(api: ModuleType) -> bool:
    """True when every demo series of the sales forecast is already fitted (then a call takes seconds).

    The first fit of ~160 series takes minutes; an answer should not wait for it, so until then
    the budget uses the monthly model and says so in `method`.
    """
    try:
        pairs = sorted(api.demo_pairs())
        paths = [api._cache_path(f"{b}/{p}") for b, p in pairs]
        if not paths or not all(path.is_file() for path in paths):
            return False
        key = api.demo_inputs()[2]  # fitted on today's history?
        return pickle.loads(paths[0].read_bytes()).get("key") == key

    except Exception:  # noqa: BLE001 - internals changed -> treat as not ready
        return False


def _bottom_up(start: date, end: date, sales: pd.DataFrame) -> pd.DataFrame | None:
    """Daily revenue from the product × branch sales forecast, or None when it is not available."""
    if own_sales_path() is not None:  # own sales data: the demo forecast does not describe them
        return None
    try:
        from tools.forecast import api  # written by the sales team

        if not _forecast_cache_warm(api):
            log.info("Absatzprognose noch nicht trainiert – nutze das Monatsmodell")
            return None
        fc = api.forecast_demo(start, end)
    except Exception as exc:  # noqa: BLE001 - module missing or failing -> monthly model
        log.info("Absatzprognose nicht verfügbar, nutze Monatsmodell: %s", exc)
        return None
    if len(fc) == 0 or not {"date", "product", "branch", "forecast"} <= set(fc.columns):
        return None
    recent = sales[sales["date"] > sales["date"].max() - pd.Timedelta(days=365)]
    sold_ratio = float(recent["sold"].sum() / max(recent["demand"].sum(), 1))  # lost sales when sold out
    price = recent.sort_values("date").groupby("product")["price_eur"].last()
    fc = fc.assign(price=fc["product"].map(price).fillna(0.0))
    out = pd.DataFrame({"date": pd.to_datetime(fc["date"]), "yhat": fc["forecast"] * fc["price"] * sold_ratio})
    return out.groupby(out["date"].dt.to_period("M").dt.to_timestamp())[["yhat"]].sum()


def forecast_budget(
    months: int | None = None,
    target_growth_pct: float | None = None,
    scenario_pct: float | None = None,
    scenario_months: list[date] | None = None,
    bottom_up: bool = True,
    use_prophet: bool = True,
) -> BudgetForecast:
    """Forecast revenue, costs and result from the current month on (default: to the end of next year)."""
    fin = load_finance_monthly().sort_values("month").reset_index(drop=True)
    sales = load_sales()
    today = get_settings().today()
    weights = weekday_weights(sales)
    first = fin["month"].max() + pd.DateOffset(months=1)
    if months is None:
        months = (today.year + 1 - first.year) * 12 + 12 - first.month + 1
    months = max(1, min(int(months), MAX_MONTHS))
    future = pd.date_range(first, periods=months, freq="MS")
    tdi_hist = np.array([month_weight(m, weights) for m in fin["month"]])
    tdi_fut = np.array([month_weight(m, weights) for m in future])
    fc = forecast_monthly(fin.set_index("month")["revenue"], tdi_hist, future, tdi_fut, use_prophet).set_index("month")
    # the current month: what was already sold + the model's share for the remaining days
    cur = future[0]
    mtd_sales = sales[(sales["date"] >= cur) & (sales["date"] < pd.Timestamp(today))]
    actual = float((mtd_sales["sold"] * mtd_sales["price_eur"]).sum())
    # on the 1st, or when the data end before the month, nothing of it is sold yet: no "davon bereits verkauft"
    actual_until = mtd_sales["date"].max().date() if len(mtd_sales) else None
    rest = [d.date() for d in pd.date_range(max(pd.Timestamp(today), cur), cur + pd.offsets.MonthEnd(0))]
    rest_share = sum(day_weight(d, weights) for d in rest) / max(tdi_fut[0], 1e-9)
    bu = (
        _bottom_up(rest[0], (future[min(BOTTOM_UP_MONTHS, len(future)) - 1] + pd.offsets.MonthEnd(0)).date(), sales)
        if bottom_up and rest
        else None
    )
    costs = CostModel(fin)
    hist = fin.set_index("month")
    scen = {pd.Timestamp(m).to_period("M").to_timestamp() for m in (scenario_months or [])}
    target = DEFAULT_TARGET_GROWTH_PCT if target_growth_pct is None else target_growth_pct
    out: list[BudgetMonth] = []
    for i, m in enumerate(future):
        row = fc.loc[m]
        method = str(row["method"])
        yhat, lo, hi = float(row["yhat"]), float(row["lower"]), float(row["upper"])
        if bu is not None and m in bu.index:
            # point from the product × branch forecast; relative interval of the monthly model
            # (summing item intervals would assume perfectly correlated errors and be far too wide)
            point = float(bu.at[m, "yhat"])
            lo, hi = point * lo / yhat, point * hi / yhat
            yhat = point
            method = "Absatzprognose (bottom-up, Produkte × Filialen)"
            if i == 0:
                yhat, lo, hi = actual + yhat, actual + lo, actual + hi
        elif i == 0:
            yhat, lo, hi = (actual + v * rest_share for v in (yhat, lo, hi))
        if scenario_pct is not None and (not scen or m in scen):
            factor = 1 + scenario_pct / 100
            base_part = actual if i == 0 else 0.0
            yhat, lo, hi = (base_part + (v - base_part) * factor for v in (yhat, lo, hi))
        c = costs.costs(m, yhat)
        total = sum(c.values())
        lo_total, hi_total = sum(costs.costs(m, lo).values()), sum(costs.costs(m, hi).values())
        prev = m - pd.DateOffset(months=12)
        prev_rev = float(hist.at[prev, "revenue"]) if prev in hist.index else None
        prev_res = (
            float(hist.loc[prev, "revenue"] - hist.loc[prev, COST_CATEGORIES].sum()) if prev in hist.index else None
        )
        out.append(
            BudgetMonth(
                month=m.date(),
                revenue=round(yhat, 2),
                revenue_lower=round(lo, 2),
                revenue_upper=round(hi, 2),
                costs=c,
                costs_total=round(total, 2),
                result=round(yhat - total, 2),
                result_lower=round(lo - lo_total, 2),
                result_upper=round(hi - hi_total, 2),
                actual_to_date=round(actual, 2) if i == 0 else None,
                actual_until=actual_until if i == 0 else None,
                prev_year_revenue=round(prev_rev, 2) if prev_rev is not None else None,
                prev_year_result=round(prev_res, 2) if prev_res is not None else None,
                target_revenue=round(prev_rev * (1 + target / 100), 2) if prev_rev is not None else None,
                method=method,
            )
        )
    assumptions: dict[str, str | int | float] = {
        "historie_bis": fin["month"].max().date().isoformat(),
        "ist_umsatz_bis": (today - timedelta(days=1)).isoformat(),
        "intervall": "80 %",
        **costs.describe(),
    }
    return BudgetForecast(
        months=out,
        history_until=fin["month"].max().date(),
        target_growth_pct=target,
        assumptions=assumptions,
        scenario_pct=scenario_pct,
        scenario_months=sorted(m.date() for m in scen),
    )
