"""What a price change does: the money at today's volume, how far the volume may fall before it costs, and
how sales reacted to the price changes already in the sales data.

The reaction is measured around every day on which some price changed: each product's sales growth across the
day (eight weeks after against eight weeks before) is explained by the product's own seasonal swing at that
time of year, the day's common swing and its log price step (two-way fixed effects). What the products that
changed price did differently from the ones that did not, beyond their usual swing, is the price reaction.
"""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd
from pydantic import BaseModel, Field

from tools.company.catalog import PRODUCT_BY_ID
from tools.errors import RequestError

WINDOW_DAYS = 56  # eight weeks before and after a price step
STEADY_SHARE = 0.8  # a product counts around a step when it sold on this share of the days before and after
RECENT_DAYS = 28  # the volume of today: the last four weeks
MONTH_DAYS = 365.25 / 12
SEASON_SHIFT = 0.25  # the coming four weeks sold this much more or less than the last four a year ago: in season
YEAR = pd.Timedelta(days=364)  # a year back on the same weekdays
EXTRAPOLATION = 2.0  # the measured reaction is applied to price steps up to twice the largest past one


class PriceStep(BaseModel):
    """A past price change of one product and how its sales reacted (None: too little history around it)."""

    product: str
    day: date
    old_price: float
    new_price: float

    @property
    def price_change(self) -> float:
        return self.new_price / self.old_price - 1


class PriceRow(BaseModel):
    """One product under the new price, at today's volume."""

    product: str
    price: float
    new_price: float
    cost: float
    pieces_per_month: float
    seasonal: bool = Field(
        default=False,
        description="volume of the coming four weeks from the same weeks a year ago (its season starts or ends), "
        "not of the last four weeks",
    )
    extra_revenue_per_month: float = Field(description="at the same volume")
    break_even_volume: float | None = Field(
        description="volume change (fraction) at which the margin is as today: the fall a rise may cost (< 0), "
        "the growth a cut needs (> 0); None when the new price is at or below the cost"
    )
    expected_change: float | None = Field(description="volume change expected from the measured reaction")
    expected_margin_change_per_month: float | None


class PriceChange(BaseModel):
    """The answer of one what-if: per product, plus the past price steps measured in the data."""

    rows: list[PriceRow]
    steps: list[PriceStep]
    elasticity: float | None = Field(description="d log(sales) / d log(price), measured on the past steps")
    elasticity_range: tuple[float, float] | None = Field(description="its 80 % bootstrap range")
    measured_steps: int
    measured_reach: float | None = Field(
        default=None, description="the largest past price step (fraction); no expectation far beyond it"
    )
    since: date
    until: date


def _daily(sales: pd.DataFrame, today: date) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Pieces sold per day × product (chain total) and the price per day × product (most common shelf price)."""
    s = sales[sales["date"] < pd.Timestamp(today)]
    sold = s.pivot_table(index="date", columns="product", values="sold", aggfunc="sum").sort_index()
    price = s.pivot_table(
        index="date", columns="product", values="price_eur", aggfunc=lambda v: v.round(2).mode().iloc[0]
    )
    return sold, price.sort_index()


def price_steps(sales: pd.DataFrame, today: date) -> list[PriceStep]:
    """Every past change of a product's shelf price in the data."""
    return _steps(_daily(sales, today)[1])


def _steps(price: pd.DataFrame) -> list[PriceStep]:
    """The price changes in a day × product price table."""
    steps: list[PriceStep] = []
    for product in price.columns:
        p = price[product].dropna()
        for day, new in p[p.diff().abs() > 1e-9].items():
            old = float(p[p.index < day].iloc[-1])
            steps.append(PriceStep(product=product, day=day.date(), old_price=old, new_price=float(new)))
    return steps


def _observations(sold: pd.DataFrame, price: pd.DataFrame, days: list[date]) -> pd.DataFrame:
    """Per day on which some price changed (with full windows around it) and per product: the log growth of its
    sales across the day (WINDOW_DAYS after against before) and its log price step (0 when unchanged)."""
    rows = []
    for d in days:
        t = pd.Timestamp(d)
        before = sold.loc[t - pd.Timedelta(days=WINDOW_DAYS) : t - pd.Timedelta(days=1)]
        after = sold.loc[t : t + pd.Timedelta(days=WINDOW_DAYS - 1)]
        if len(before) < WINDOW_DAYS * 0.7 or len(after) < WINDOW_DAYS * 0.7:
            continue
        p_before = price.loc[: t - pd.Timedelta(days=1)].ffill().iloc[-1]
        p_after = price.loc[t:].bfill().iloc[0]
        # goods in season on only part of the days (Stollen after Christmas) swing by their season, not by price
        steady = ((before > 0).mean() >= STEADY_SHARE) & ((after > 0).mean() >= STEADY_SHARE)
        with np.errstate(divide="ignore", invalid="ignore"):
            growth = np.log(after.sum() / before.sum()).where(steady)
        step = np.log(p_after / p_before)
        for product in sold.columns:
            y, x = growth.get(product), step.get(product)
            if y is not None and x is not None and np.isfinite(y) and np.isfinite(x):
                rows.append({"product": product, "day": t, "season": (t.month, t.day), "y": y, "x": x})
    return pd.DataFrame(rows, columns=["product", "day", "season", "y", "x"])


def _cells(obs: pd.DataFrame) -> tuple[pd.Series, pd.Series]:
    """Each row's product × season-of-day cell, and whether the price step varies within that cell."""
    cell = obs["product"].astype(str) + "|" + obs["season"].astype(str)
    return cell, obs.groupby(cell)["x"].transform(lambda v: v.max() - v.min() > 1e-9)


def _fit(obs: pd.DataFrame) -> float | None:
    """Elasticity by two-way fixed effects: growth = product × season-of-day + day + e × log price step. A
    product's own seasonal swing and every day's common swing drop out; e comes from products that stepped
    on one such day and not (or by a different amount) on another."""
    cell, varied = _cells(obs)
    if not varied.any() or varied.all():  # no step to learn from, or no product without one to compare with
        return None
    design = np.column_stack(
        [
            pd.get_dummies(cell).to_numpy(float),
            pd.get_dummies(obs["day"]).to_numpy(float)[:, 1:],
            obs["x"].to_numpy(float),
        ]
    )
    coef, *_ = np.linalg.lstsq(design, obs["y"].to_numpy(float), rcond=None)
    return float(coef[-1])


def _elasticity(obs: pd.DataFrame, draws: int = 200) -> tuple[float | None, tuple[float, float] | None, int]:
    """The elasticity, its 80 % bootstrap range (products resampled, seeded) and the price steps it rests on."""
    estimate = _fit(obs)
    if estimate is None:
        return None, None, 0
    _, varied = _cells(obs)
    used = int(((obs["x"].abs() > 1e-9) & varied).sum())
    products = obs["product"].unique()
    rng = np.random.default_rng(0)
    boot = []
    for _ in range(draws):
        pick = rng.choice(products, len(products))
        sample = pd.concat(
            [obs[obs["product"] == p].assign(product=f"{p}#{i}") for i, p in enumerate(pick)], ignore_index=True
        )
        if (b := _fit(sample)) is not None:
            boot.append(b)
    spread = (float(np.percentile(boot, 10)), float(np.percentile(boot, 90))) if len(boot) >= draws // 2 else None
    return estimate, spread, used


def price_change(
    sales: pd.DataFrame,
    products: list[str],
    today: date,
    delta_eur: float | None = None,
    delta_pct: float | None = None,
    target_eur: float | None = None,
) -> PriceChange:
    """The what-if for `products` (ids): one of a price step in euros, in percent or a new price."""
    if sum(v is not None for v in (delta_eur, delta_pct, target_eur)) != 1:
        raise RequestError("Bitte nennen Sie genau eine Preisänderung: in Cent/Euro, in Prozent oder den neuen Preis.")
    sold, price = _daily(sales, today)
    if sold.empty:
        raise RequestError("Es gibt noch keine Verkaufsdaten, aus denen ich Mengen und Preise lesen kann.")
    steps = _steps(price)  # the daily tables once: their price pivot is the slow part of an answer
    elasticity, spread, used = _elasticity(_observations(sold, price, sorted({s.day for s in steps})))
    since = (sold.index.max() - pd.Timedelta(days=RECENT_DAYS - 1)).date()
    reach = max((abs(s.price_change) for s in steps), default=None)
    rows = [
        _row(p, sold, price, since, (elasticity, reach), delta_eur, delta_pct, target_eur)
        for p in products
        if p in sold.columns
    ]
    if not rows:
        raise RequestError("Für diese Artikel gibt es keine Verkäufe in den Daten.")
    return PriceChange(
        rows=rows,
        steps=steps,
        elasticity=elasticity,
        elasticity_range=spread,
        measured_steps=used,
        measured_reach=reach,
        since=since,
        until=sold.index.max().date(),
    )


def _reaction(elasticity: float | None, reach: float | None, step: float) -> float | None:
    """The measured elasticity for a price step of `step` (fraction), or None when the step lies far beyond the
    largest past one (`reach`): a reaction measured on steps of a few percent says nothing about +10.000 %."""
    if elasticity is None or reach is None or abs(step) > EXTRAPOLATION * reach:
        return None
    return elasticity


def _row(
    product: str,
    sold: pd.DataFrame,
    price: pd.DataFrame,
    since: date,
    measured: tuple[float | None, float | None],  # the elasticity and the largest past step it was measured on
    delta_eur: float | None,
    delta_pct: float | None,
    target_eur: float | None,
) -> PriceRow:
    now = float(price[product].dropna().iloc[-1])
    new = (
        target_eur
        if target_eur is not None
        else now + delta_eur
        if delta_eur is not None
        else now * (1 + (delta_pct or 0) / 100)
    )
    new = round(new, 2)
    if new <= 0:
        raise RequestError("Der neue Preis muss über 0 € liegen.")
    cost = PRODUCT_BY_ID[product].cost_eur if product in PRODUCT_BY_ID else 0.0
    per_month, seasonal = _volume(sold[product], pd.Timestamp(since))
    margin_now, margin_new = now - cost, new - cost
    even = margin_now / margin_new - 1 if margin_new > 0 else None
    elasticity = _reaction(*measured, new / now - 1)
    change = (new / now) ** elasticity - 1 if elasticity is not None else None
    margin_change = per_month * (1 + change) * margin_new - per_month * margin_now if change is not None else None
    return PriceRow(
        product=product,
        price=now,
        new_price=new,
        cost=cost,
        pieces_per_month=per_month,
        seasonal=seasonal,
        extra_revenue_per_month=per_month * (new - now),
        break_even_volume=even,
        expected_change=change,
        expected_margin_change_per_month=margin_change,
    )


def _volume(series: pd.Series, since: pd.Timestamp) -> tuple[float, bool]:
    """(pieces a month, in season): the last four weeks' rate; for goods whose season starts or ends in the coming
    weeks (Stollen in late November), the same coming weeks a year ago × this year's change over the last four."""
    series = series.fillna(0.0)  # a day without a sale of this product is a day with none sold
    recent = series.loc[since:]
    rate = float(recent.sum()) / max(len(recent), 1)
    until = series.index.max()
    then = series.loc[since - YEAR : until - YEAR]
    ahead = series.loc[until - YEAR + pd.Timedelta(days=1) : until - YEAR + pd.Timedelta(days=RECENT_DAYS)]
    if len(then) < RECENT_DAYS // 2 or len(ahead) < RECENT_DAYS // 2:
        return rate * MONTH_DAYS, False
    then_rate, ahead_rate = float(then.mean()), float(ahead.mean())
    if ahead_rate <= 0 or (then_rate > 0 and abs(ahead_rate / then_rate - 1) < SEASON_SHIFT):
        return rate * MONTH_DAYS, False
    # this year's change against last year, bounded: a season that began a few days earlier is no trend
    trend = min(max(rate / then_rate, 0.5), 2.0) if then_rate >= 1 else 1.0
    return ahead_rate * trend * MONTH_DAYS, True
