"""Write the seeded demo-company data of Korn & Kruste (CSV/JSON) into a folder.

Every random draw uses an RNG seeded by (stream, day), and the simulation always starts on
2023-01-01, so the history of a given day is identical whenever it is regenerated.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Sequence
from datetime import date, timedelta
from pathlib import Path

from pydantic import BaseModel, TypeAdapter

from tools.company.models import Employee, Oven, Vehicle
from tools.company.money import build_account, build_finance_monthly, build_stock
from tools.company.resources import build_ovens, build_staff, build_vehicles
from tools.company.sales import simulate_sales
from tools.company.weather import START, generate_weather

GENERATOR_VERSION = 5
FILES = (
    "sales.csv",
    "weather.csv",
    "staff.json",
    "ovens.json",
    "vehicles.json",
    "finance_monthly.csv",
    "account.json",
    "stock.json",
    "meta.json",
)


def _dump(path: Path, model_list: Sequence[BaseModel], typ: type[BaseModel]) -> None:
    rows: TypeAdapter[Sequence[BaseModel]] = TypeAdapter(list[typ])  # type: ignore[valid-type]  # the model class is chosen at run time, not a static type
    path.write_bytes(rows.dump_json(model_list, indent=1))


def generate(out_dir: Path, today: date) -> dict:
    """Generate all files for the days START..today-1 into `out_dir` (atomically); return meta."""
    last_day = today - timedelta(days=1)
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=".company-", dir=out_dir.parent))
    try:
        weather = generate_weather(last_day)
        sales = simulate_sales(weather, last_day)
        staff = build_staff(today)
        finance = build_finance_monthly(sales, weather, staff, last_day)
        account = build_account(finance, staff, last_day)
        stock = build_stock(sales, last_day)
        sales.to_csv(tmp / "sales.csv", index=False, date_format="%Y-%m-%d")
        weather.to_csv(tmp / "weather.csv", index=False, date_format="%Y-%m-%d")
        finance.to_csv(tmp / "finance_monthly.csv", index=False, date_format="%Y-%m-%d")
        _dump(tmp / "staff.json", staff, Employee)
        _dump(tmp / "ovens.json", build_ovens(), Oven)
        _dump(tmp / "vehicles.json", build_vehicles(), Vehicle)
        (tmp / "account.json").write_text(account.model_dump_json(indent=1), encoding="utf-8")
        (tmp / "stock.json").write_text(json.dumps(stock, ensure_ascii=False, indent=1), encoding="utf-8")
        meta = {
            "generator_version": GENERATOR_VERSION,
            "first_day": START.isoformat(),
            "last_day": last_day.isoformat(),
            "rows_sales": int(len(sales)),
            "returns_rate": round(1 - float(sales["sold"].sum()) / float(sales["baked"].sum()), 4),
            "sold_out_share": round(float(sales["sold_out"].mean()), 4),
            "revenue_last_12_months_eur": round(float(finance["revenue"].tail(12).sum()), 2),
            "employees": len(staff),
        }
        (tmp / "meta.json").write_text(json.dumps(meta, indent=1), encoding="utf-8")
        out_dir.mkdir(parents=True, exist_ok=True)
        for name in FILES:  # meta.json last: it marks a complete data set
            os.replace(tmp / name, out_dir / name)
        return meta
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
