"""Demo-company inputs for the engine: series ids, planner history (uncensored) and economics."""

from __future__ import annotations

import json

import pandas as pd
from pydantic import BaseModel, Field

from tools.company.catalog import GROUP_NAMES, PRODUCT_BY_ID
from tools.errors import RequestError
from tools.production.censoring import uncensored_demand
from tools.production.newsvendor import Economics
from tools.settings import get_settings

SEP = "|"


def series_id(branch: str, product: str) -> str:
    """'branch|product'."""
    return f"{branch}{SEP}{product}"


def split_series(series: str) -> tuple[str, str]:
    """Inverse of series_id."""
    b, _, p = series.partition(SEP)
    return b, p


def planner_history(sales: pd.DataFrame, uncensor: bool = True) -> pd.DataFrame:
    """What the planner learns from: sold pieces, on sold-out days raised to the estimated demand."""
    value = uncensored_demand(sales) if uncensor else sales["sold"].astype(float)
    return pd.DataFrame(
        {
            "date": pd.to_datetime(sales["date"]),
            "series": [series_id(b, p) for b, p in zip(sales["branch"], sales["product"])],
            "value": value.to_numpy(),
        }
    )


class EconomicsOverride(BaseModel):
    """The owner's own price, cost or leftover value for a product id or product group id."""

    key: str = Field(description="product id or group id")
    price: float | None = None
    cost: float | None = None
    salvage: float | None = None


def _overrides_path():
    return get_settings().var_dir / "production" / "economics.json"


def load_overrides() -> list[EconomicsOverride]:
    """Saved overrides (empty when none were set, and on the lab tour's demo copy: the catalog prices)."""
    if get_settings().demo_company:
        return []
    path = _overrides_path()
    if not path.is_file():
        return []
    return [EconomicsOverride.model_validate(x) for x in json.loads(path.read_text(encoding="utf-8"))]


def set_override(override: EconomicsOverride) -> None:
    """Save an override for a product or group (replaces an earlier one for the same key)."""
    if override.key not in PRODUCT_BY_ID and override.key not in GROUP_NAMES:
        raise RequestError(f"„{override.key}“ ist weder ein Produkt noch eine Warengruppe.")
    items = [o for o in load_overrides() if o.key != override.key] + [override]
    path = _overrides_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps([o.model_dump() for o in items], ensure_ascii=False, indent=1), encoding="utf-8")


def product_economics(product: str, overrides: list[EconomicsOverride] | None = None) -> Economics:
    """Catalog price, cost and leftover value, overridden by group then by product settings."""
    p = PRODUCT_BY_ID.get(product)
    vals = (
        {"price": p.price_eur, "cost": p.cost_eur, "salvage": p.salvage_eur}
        if p
        else {"price": 1.0, "cost": 0.35, "salvage": 0.0}
    )
    ovs = overrides if overrides is not None else load_overrides()
    for key in ([p.group] if p else []) + [product]:
        for o in ovs:
            if o.key == key:
                vals.update({k: v for k, v in o.model_dump(exclude={"key"}).items() if v is not None})
    return Economics(**vals)
