"""Pydantic models of the generated demo-company data (staff, ovens, vehicles, account)."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, Field

Role = Literal["Bäcker", "Konditor", "Verkauf", "Fahrer", "Azubi", "Leitung"]


class Employee(BaseModel):
    """One member of staff with contract, wage, vacation and sick days."""

    id: str
    name: str
    role: Role
    site: str = Field(description="branch id or 'backstube'")
    contract_hours_week: float
    hourly_wage_eur: float
    vacation: list[tuple[date, date]] = Field(default_factory=list, description="inclusive periods")
    sick_days: list[date] = Field(default_factory=list)


class Oven(BaseModel):
    """An oven in the Backstube; slots are decks (etagenofen) or racks (stikkenofen)."""

    id: str
    name: str
    kind: Literal["etagenofen", "stikkenofen"]
    slots: list[str]
    trays_per_slot: int
    max_temp_c: int
    changeover_min_per_10c: float = Field(description="minutes per 10 °C temperature change")
    start_time: str = Field(description="'HH:MM' when the bakers start")


class Vehicle(BaseModel):
    """A delivery van starting at the Backstube."""

    id: str
    name: str
    crates: int
    avg_speed_kmh: float
    departure_earliest: str = Field(description="'HH:MM'")


class FixedPayment(BaseModel):
    """A recurring payment from the business account."""

    name: str
    amount_eur: float
    day: int = Field(description="day of month (clipped to the month's length)")
    every_months: int = Field(default=1, description="1 = monthly, 3 = quarterly, 12 = yearly")
    first_month: int = Field(default=1, description="calendar month of the first payment in a year")


class Account(BaseModel):
    """The business account and the payment rules the liquidity plan needs."""

    balance_eur: float
    as_of: date
    credit_line_eur: float
    safety_buffer_eur: float
    wage_day: int
    monthly_wages_eur: float = Field(description="gross wages + employer contributions per month")
    rent_day: int
    monthly_rent_eur: float
    supplier_payment_terms_days: int
    vat_rate_food: float = 0.07
    vat_advance_day: int = Field(description="day of month of the VAT advance payment (Umsatzsteuer-Vorauszahlung)")
    other_fixed_payments: list[FixedPayment] = Field(default_factory=list)
