"""Loaders of the demo company's generated data (field by field in docs/DATA.md).

Every loader calls `ensure_data()` first, which (re)generates the files into
`get_settings().data_dir` when they are missing or stale. `load_sales()` reads the user's
own export instead when `SYNERKI_SALES_CSV` is set.
"""

from __future__ import annotations

import fcntl
import json
import threading
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

import pandas as pd
from pydantic import TypeAdapter

from tools.company.catalog import PRODUCT_BY_ID
from tools.company.generate import GENERATOR_VERSION, generate
from tools.company.models import Account, Employee, Oven, Vehicle
from tools.company.sales_file import read_sales_export
from tools.errors import DataError
from tools.settings import get_settings

__all__ = [
    "DataError",
    "ensure_data",
    "load_sales",
    "load_weather",
    "load_staff",
    "load_ovens",
    "load_vehicles",
    "load_finance_monthly",
    "load_account",
    "load_stock",
    "data_meta",
]

SALES_COLUMNS = ["date", "branch", "product", "demand", "baked", "sold", "sold_out", "sold_out_time", "price_eur"]
_cache: dict[tuple[str, int], pd.DataFrame] = {}
_cache_lock = threading.Lock()


def _is_current(data_dir: Path, today: date) -> bool:
    meta_path = data_dir / "meta.json"
    if not meta_path.is_file():
        return False
    try:
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return (
        meta.get("generator_version") == GENERATOR_VERSION
        and meta.get("last_day") == (today - timedelta(days=1)).isoformat()
    )


def ensure_data(force: bool = False) -> Path:
    """Generate the demo data into `data_dir` if missing or stale (last day ≠ yesterday); return the folder."""
    settings = get_settings()
    data_dir, today = settings.data_dir, settings.today()
    if not force and _is_current(data_dir, today):
        return data_dir
    data_dir.parent.mkdir(parents=True, exist_ok=True)
    with open(data_dir.parent / ".company.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # other processes may generate at the same time
        try:
            if force or not _is_current(data_dir, today):
                generate(data_dir, today)
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)
    return data_dir


def data_meta() -> dict:
    """Summary of the generated data (last day, rows, returns rate, …)."""
    return json.loads((ensure_data() / "meta.json").read_text(encoding="utf-8"))


def _read_csv_cached(path: Path, parse: Callable[[Path], pd.DataFrame]) -> pd.DataFrame:
    key = (str(path), path.stat().st_mtime_ns)
    frame = _cache.get(key)
    if frame is None:
        with _cache_lock:  # one thread parses; the others wait and copy its frame
            frame = _cache.get(key)
            if frame is None:
                frame = parse(path)
                if len(_cache) > 8:
                    _cache.clear()
                _cache[key] = frame
    return frame.copy()


def _parse_demo_sales(path: Path) -> pd.DataFrame:
    df = pd.read_csv(path, parse_dates=["date"], dtype={"sold_out_time": "string"})
    df["sold_out_time"] = df["sold_out_time"].astype(object).where(df["sold_out_time"].notna(), None)
    df["sold_out"] = df["sold_out"].astype(bool)
    return df[SALES_COLUMNS]


def parse_user_sales(path: Path, name: str | None = None) -> pd.DataFrame:
    """A user's sales export (date, branch, product, sold; optional baked, price_eur) in our columns;
    DataError listing every unusable row and column (tools/company/sales_file.py) otherwise."""
    df = read_sales_export(path, get_settings().today(), name)
    has_baked = "baked" in df.columns
    df["sold"] = df["sold"].round().astype("int64")
    df["baked"] = df["baked"].round().astype("int64") if "baked" in df else df["sold"]
    df["demand"] = df["sold"]  # true demand is unknown in real data
    df["sold_out"] = has_baked & (df["baked"] == df["sold"])
    df["sold_out_time"] = None
    if "price_eur" not in df:
        df["price_eur"] = df["product"].map(
            lambda p: PRODUCT_BY_ID[p].price_eur if p in PRODUCT_BY_ID else float("nan")
        )
    return df[SALES_COLUMNS].sort_values(["date", "branch", "product"], ignore_index=True)


def user_sales_path() -> Path:
    """Where the owner's sales export uploaded in the chat is kept (used instead of the demo sales)."""
    return get_settings().var_dir / "uploads" / "sales.csv"


def own_sales_path() -> Path | None:
    """The own sales export in use (`SYNERKI_SALES_CSV`, else the one uploaded in the chat); None: demo sales
    (always on the lab tour's demo copy)."""
    if get_settings().demo_company:
        return None
    configured = get_settings().sales_csv
    if configured is not None:
        return Path(configured)
    return user_sales_path() if user_sales_path().is_file() else None


def load_sales() -> pd.DataFrame:
    """Daily sales per branch × product: date, branch, product, demand, baked, sold, sold_out, sold_out_time, price_eur."""
    path = own_sales_path()
    if path is not None:
        if not path.is_file():
            raise DataError(f"Die Verkaufsdatei {path} wurde nicht gefunden.")
        return _read_csv_cached(path, parse_user_sales)
    return _read_csv_cached(ensure_data() / "sales.csv", _parse_demo_sales)


def load_weather() -> pd.DataFrame:
    """Daily weather up to yesterday: date, temp_c, rain_mm, cloud_okta."""
    return _read_csv_cached(ensure_data() / "weather.csv", lambda p: pd.read_csv(p, parse_dates=["date"]))


def load_staff() -> list[Employee]:
    """All employees with role, site, contract hours, wage, vacation and sick days."""
    return TypeAdapter(list[Employee]).validate_json((ensure_data() / "staff.json").read_bytes())


def load_ovens() -> list[Oven]:
    """The ovens of the Backstube."""
    return TypeAdapter(list[Oven]).validate_json((ensure_data() / "ovens.json").read_bytes())


def load_vehicles() -> list[Vehicle]:
    """The delivery vans."""
    return TypeAdapter(list[Vehicle]).validate_json((ensure_data() / "vehicles.json").read_bytes())


def load_finance_monthly() -> pd.DataFrame:
    """Monthly revenue and costs (EUR) up to the last complete month."""
    return _read_csv_cached(ensure_data() / "finance_monthly.csv", lambda p: pd.read_csv(p, parse_dates=["month"]))


def load_account() -> Account:
    """Business account balance (as of yesterday) and payment rules."""
    return Account.model_validate_json((ensure_data() / "account.json").read_bytes())


def load_stock() -> dict[str, float]:
    """Raw materials on hand in kg, keyed by the ingredient names of the catalog recipes."""
    return json.loads((ensure_data() / "stock.json").read_text(encoding="utf-8"))
