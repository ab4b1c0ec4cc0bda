"""Typed results of the chain: one model per link, a case (base or scenario) and the whole result."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, Field

from tools.planning.status import OvenStatus

LINKS = ["demand", "production", "ovens", "staffing", "recruiting", "money"]
LINK_NAMES = {
    "demand": "Nachfrage",
    "production": "Produktion",
    "ovens": "Öfen",
    "staffing": "Personal",
    "recruiting": "Recruiting",
    "money": "Finanzen",
    "quality": "Qualität",
}


class DayFigure(BaseModel):
    """Expected demand and planned production of one day (pieces)."""

    day: date
    demand: float
    production: float
    planned: bool = Field(description="True: newsvendor plan of that day; False: projected from the forecast")


class DemandLink(BaseModel):
    """Forecast demand in the period and its change against the same days a year earlier."""

    pieces: float
    revenue_eur: float
    prev_year_pieces: float | None
    change_pct: float | None
    peak_day: date
    peak_pieces: float
    days: list[DayFigure]


class ProductionLink(BaseModel):
    """Pieces to bake in the period (newsvendor plan, projected beyond the plan horizon)."""

    pieces: float
    planned_days: int
    projected_days: int
    plan_until: date
    source_text: str


class OvenLink(BaseModel):
    """Oven schedule of the peak production day (CP-SAT) and the load of its busiest oven."""

    day: date
    pieces: int
    status: OvenStatus
    busiest_oven: str
    load_pct: float = Field(description="busy minutes / slot minutes until the last departure, busiest oven")
    loads_pct: dict[str, float]
    total_load_pct: float = Field(description="busy minutes / slot minutes of all ovens together")
    busy_hours: float = Field(description="oven slot hours occupied by batches")
    missing_oven_hours: float
    last_end: str
    late_products: list[str] = Field(default_factory=list)


class StaffingLink(BaseModel):
    """Needed vs. available hours per role in the period (sum of the sites' shortages)."""

    shortage_hours: dict[str, float]
    needed_hours: dict[str, float]
    available_hours: dict[str, float]
    worst_role: str | None
    demand_source: str
    shortage_cut: str = Field(default="", description="which cut shortage_hours shows (sites never netted)")


class CampaignBrief(BaseModel):
    """The essentials of a drafted recruiting campaign."""

    role: str
    title: str
    employment: str
    headcount: int
    cost_total_eur: float
    start_campaign_by: date
    earliest_start_work: date
    in_time: bool
    channels: list[str]


class MoneyLink(BaseModel):
    """Revenue and production cost of the period, and the account balance with the chain's payments."""

    revenue_eur: float
    production_cost_eur: float
    campaign_cost_eur: float
    contribution_eur: float = Field(description="revenue − production cost − campaign cost")
    balance_date: date
    balance_eur: float
    min_balance_eur: float
    min_balance_date: date
    first_below_buffer: date | None
    first_below_zero: date | None
    safety_buffer_eur: float
    horizon_end: date


class ChainCase(BaseModel):
    """All links for one demand level (base: percent 0)."""

    percent: float = 0.0
    demand: DemandLink | None = None
    production: ProductionLink | None = None
    ovens: OvenLink | None = None
    staffing: StaffingLink | None = None
    campaigns: list[CampaignBrief] | None = None
    money: MoneyLink | None = None
    missing: dict[str, str] = Field(default_factory=dict, description="link -> why it is not available")


class ChainResult(BaseModel):
    """The chain for a period: base case, optional scenario, notes and timings."""

    start: date
    end: date
    branches: list[str]
    products: list[str]
    base: ChainCase
    scenario: ChainCase | None = None
    notes: list[str] = Field(default_factory=list)
    seconds: dict[str, float] = Field(default_factory=dict)
