"""The newsvendor: the profit-maximising quantity from a sample of the predictive demand distribution."""

from __future__ import annotations

import math

import numpy as np
from pydantic import BaseModel, Field


class Economics(BaseModel):
    """Price, production cost and value of a leftover piece (all in euros per unit)."""

    price: float = Field(gt=0)
    cost: float = Field(ge=0)
    salvage: float = 0.0

    def critical_ratio(self) -> float:
        """(price - cost) / (price - salvage), clipped to a usable quantile level."""
        cr = (self.price - self.cost) / max(self.price - self.salvage, 1e-9)
        return float(min(max(cr, 0.01), 0.99))


class Decision(BaseModel):
    """The chosen quantity and what it is expected to bring."""

    quantity: float
    expected_sales: float
    expected_returns: float
    expected_fill: float = Field(description="expected sold / expected demand")
    sellout_prob: float = Field(description="probability that demand reaches the quantity")
    expected_profit: float
    critical_ratio: float


def demand_samples(log_forecast: float, residuals: np.ndarray) -> np.ndarray:
    """Demand scenarios: the log1p point forecast shifted by each calibration residual."""
    return np.clip(np.expm1(log_forecast + residuals), 0.0, None)


def evaluate(q: float, d: np.ndarray, econ: Economics) -> tuple[float, float, float, float, float]:
    """Expected sales, returns, fill, sell-out probability and profit of quantity q under samples d."""
    sales = np.minimum(q, d)
    es, er = float(sales.mean()), float(q - sales.mean())
    ed = float(d.mean())
    fill = es / ed if ed > 0 else 1.0
    sellout = float((d >= q).mean()) if q > 0 else 1.0
    profit = econ.price * es + econ.salvage * er - econ.cost * q
    return es, er, fill, sellout, profit


def decide(d: np.ndarray, econ: Economics, integer: bool = True) -> Decision:
    """Newsvendor optimum: the critical-ratio quantile of d (for pieces the better neighbouring integer)."""
    cr = econ.critical_ratio()
    q = float(np.quantile(d, cr, method="linear")) if len(d) else 0.0
    candidates = [math.floor(q), math.ceil(q)] if integer else [q]
    best = None
    for c in candidates:
        c = max(0.0, float(c))
        es, er, fill, so, pr = evaluate(c, d, econ)
        if best is None or pr > best.expected_profit + 1e-12:
            best = Decision(
                quantity=c,
                expected_sales=es,
                expected_returns=er,
                expected_fill=fill,
                sellout_prob=so,
                expected_profit=pr,
                critical_ratio=cr,
            )
    assert best is not None  # there is always at least one candidate
    return best
