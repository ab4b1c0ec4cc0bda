"""Monthly finances, account and raw-material stock derived from the simulated sales."""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import pandas as pd

from tools.company.catalog import BRANCHES, PRODUCT_BY_ID
from tools.company.models import Account, Employee, FixedPayment
from tools.company.resources import monthly_staff_cost
from tools.company.weather import SEED, day_rng

# raw material prices €/kg (2024 level); names as in catalog recipes
RAW_PRICE_EUR_KG: dict[str, float] = {
    "Roggenmehl 1150": 0.62,
    "Weizenmehl 1050": 0.58,
    "Weizenmehl 550": 0.55,
    "Weizenmehl 405": 0.60,
    "Dinkelvollkornmehl": 1.15,
    "Salz": 0.40,
    "Hefe": 2.80,
    "Saaten": 3.50,
    "Butter": 7.20,
    "Zucker": 0.95,
    "Schokolade": 9.50,
    "Äpfel": 1.80,
    "Eier": 3.20,
    "Sahne": 4.20,
    "Kirschen": 4.50,
    "Quark": 2.60,
    "Mandeln": 11.0,
    "Rosinen": 4.80,
    "Honig": 7.50,
    "Marmelade": 3.20,
}
MATERIAL_INDEX = {2023: 1.07, 2024: 1.00, 2025: 1.02, 2026: 1.05, 2027: 1.07}  # raw material price level
WAGE_INDEX = {2023: 0.89, 2024: 0.93, 2025: 0.97, 2026: 1.00, 2027: 1.03}  # wage level vs. today's staff
ENERGY_EUR_KWH = {2023: 0.29, 2024: 0.24, 2025: 0.22, 2026: 0.21, 2027: 0.21}
MINOR_INGREDIENTS = 1.5  # extras (fats for trays, fillings, glaze) on top of recipe materials
PACKAGING_EUR_PIECE = 0.03
KWH_PER_KG_DOUGH = 0.9
KWH_BASE_MONTH = 9000.0
KWH_HEATING_PER_DEGREE_DAY = 40.0
VAN_LEASING_EUR = 520.0
VAN_KM_PER_DAY = 95.0
FUEL_EUR_PER_KM = 0.20
BACKSTUBE_RENT_EUR = 4200.0


def material_cost_per_piece(product_id: str) -> float:
    """Recipe raw materials of one piece at the 2024 price level (€)."""
    recipe = PRODUCT_BY_ID[product_id].recipe
    return sum(kg * RAW_PRICE_EUR_KG[name] for name, kg in recipe.ingredients_kg.items())


def branch_rent(size: float) -> float:
    """Monthly rent of a branch shop, larger shops cost more (2023 level)."""
    return 900.0 + 1100.0 * size


def monthly_rent(year: int) -> float:
    """All rents (branches + Backstube) with a 2 % yearly index from 2023."""
    return (sum(branch_rent(b.size) for b in BRANCHES) + BACKSTUBE_RENT_EUR) * 1.02 ** (year - 2023)


def build_finance_monthly(
    sales: pd.DataFrame, weather: pd.DataFrame, staff: list[Employee], last_day: date
) -> pd.DataFrame:
    """Revenue and cost categories per complete month up to `last_day`."""
    s = sales.assign(month=sales["date"].dt.to_period("M").dt.to_timestamp())
    s["revenue"] = s["sold"] * s["price_eur"]
    mat = {pid: material_cost_per_piece(pid) for pid in PRODUCT_BY_ID}
    dough = {pid: p.recipe.dough_kg for pid, p in PRODUCT_BY_ID.items()}
    s["material"] = s["baked"] * s["product"].map(mat) * MINOR_INGREDIENTS + s["sold"] * PACKAGING_EUR_PIECE
    s["dough_kg"] = s["baked"] * s["product"].map(dough)
    g = s.groupby("month").agg(
        revenue=("revenue", "sum"),
        material=("material", "sum"),
        dough_kg=("dough_kg", "sum"),
        open_days=("date", "nunique"),
    )
    w = weather.assign(month=weather["date"].dt.to_period("M").dt.to_timestamp())
    degree_days = w.assign(dd=(15.0 - w["temp_c"]).clip(lower=0)).groupby("month")["dd"].sum()
    staff_month = monthly_staff_cost(staff)
    rows = []
    for month, r in g.iterrows():
        end_of_month = (month + pd.offsets.MonthEnd(0)).date()
        if end_of_month > last_day:
            continue
        y = month.year
        rng = np.random.default_rng([SEED, 9, month.year, month.month])
        kwh = KWH_BASE_MONTH + KWH_PER_KG_DOUGH * r["dough_kg"] + KWH_HEATING_PER_DEGREE_DAY * degree_days.get(month, 0)
        rows.append(
            {
                "month": month,
                "revenue": round(r["revenue"], 2),
                "wareneinsatz": round(r["material"] * MATERIAL_INDEX.get(y, 1.05), 2),
                "personal": round(staff_month * WAGE_INDEX.get(y, 1.0) * (1 + rng.normal(0, 0.015)), 2),
                "energie": round(kwh * ENERGY_EUR_KWH.get(y, 0.21), 2),
                "miete": round(monthly_rent(y), 2),
                "fahrzeuge": round(
                    3 * VAN_LEASING_EUR
                    + r["open_days"] * 3 * VAN_KM_PER_DAY * FUEL_EUR_PER_KM
                    + max(rng.normal(350, 250), 0),
                    2,
                ),
                "sonstiges": round(2800 + 0.06 * r["revenue"] + rng.normal(0, 400), 2),
            }
        )
    df = pd.DataFrame(rows)
    df["month"] = pd.to_datetime(df["month"])
    return df


def build_account(finance: pd.DataFrame, staff: list[Employee], as_of: date) -> Account:
    """Account on `as_of`: balance drawn per day, payment rules from the cost structure."""
    rng = day_rng(10, as_of)
    last12 = finance.tail(12)
    energy = float(last12["energie"].mean())
    other = float(last12["sonstiges"].mean())
    return Account(
        balance_eur=round(float(rng.uniform(85000, 110000)), 2),
        as_of=as_of,
        credit_line_eur=50000.0,
        safety_buffer_eur=15000.0,
        wage_day=28,
        monthly_wages_eur=round(monthly_staff_cost(staff) * WAGE_INDEX.get(as_of.year, 1.0), 2),
        rent_day=3,
        monthly_rent_eur=round(monthly_rent(as_of.year), 2),
        supplier_payment_terms_days=14,
        vat_rate_food=0.07,
        vat_advance_day=10,
        other_fixed_payments=[
            FixedPayment(name="Energie-Abschlag (Strom/Gas)", amount_eur=round(energy, 2), day=15),
            FixedPayment(name="Fahrzeugleasing (3 Transporter)", amount_eur=3 * VAN_LEASING_EUR, day=1),
            FixedPayment(name="Darlehensrate Etagenofen", amount_eur=1850.0, day=30),
            FixedPayment(
                name="Sonstige Betriebskosten (Versicherung, IT, Reinigung, Marketing)",
                amount_eur=round(other, 2),
                day=20,
            ),
            FixedPayment(
                name="Betriebshaftpflicht und Inhalt (Quartal)",
                amount_eur=2400.0,
                day=15,
                every_months=3,
                first_month=1,
            ),
            FixedPayment(
                name="Berufsgenossenschaft (Jahresbeitrag)", amount_eur=6800.0, day=15, every_months=12, first_month=5
            ),
            FixedPayment(name="Privatentnahme Inhaberfamilie", amount_eur=14000.0, day=1),
            FixedPayment(
                name="Einkommensteuer-Vorauszahlung (Quartal)",
                amount_eur=18000.0,
                day=10,
                every_months=3,
                first_month=3,
            ),
            FixedPayment(
                name="Gewerbesteuer-Vorauszahlung (Quartal)", amount_eur=6500.0, day=15, every_months=3, first_month=2
            ),
        ],
    )


def build_stock(sales: pd.DataFrame, as_of: date) -> dict[str, float]:
    """Raw materials on hand: 3–9 days of the last week's average use, drawn per day."""
    recent = sales[sales["date"] > pd.Timestamp(as_of - timedelta(days=7))]
    use: dict[str, float] = {name: 0.0 for name in RAW_PRICE_EUR_KG}
    for pid, baked in recent.groupby("product")["baked"].sum().items():
        for name, kg in PRODUCT_BY_ID[pid].recipe.ingredients_kg.items():
            use[name] += kg * baked / 7
    rng = day_rng(11, as_of)
    draws = rng.uniform(3, 9, size=len(use))
    return {name: round(daily * float(k), 1) for (name, daily), k in zip(use.items(), draws)}
