"""Typed access to the documented planning assumptions in `assumptions.yaml`."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml
from pydantic import BaseModel

ASSUMPTIONS_PATH = Path(__file__).with_name("assumptions.yaml")
PLAN_ROLES: tuple[str, ...] = ("Bäcker", "Konditor", "Verkauf", "Fahrer")


class Productivity(BaseModel):
    pieces_per_hour_by_group: dict[str, float]
    pieces_per_hour_by_product: dict[str, float]
    role_by_group: dict[str, str]
    role_by_product: dict[str, str]
    productive_share: float
    base_hours_per_day: dict[str, float]


class SalesFloor(BaseModel):
    avg_receipt_eur: float
    customers_per_staff_hour: float
    min_staff_on_duty: int
    prep_hours_per_day: float
    hourly_profile: dict[int, float]


class Delivery(BaseModel):
    pieces_per_crate_by_group: dict[str, float]
    road_factor: float
    minutes_per_stop: float
    loading_minutes_per_tour: float
    max_stops_per_tour: int
    default_vehicle_crates: int
    default_speed_kmh: float


class RosterRules(BaseModel):
    sickness_rate_by_month: dict[int, float]
    workdays_per_week: int
    contribution: dict[str, dict[str, tuple[str, float]]]


class RecruitingRules(BaseModel):
    threshold_hours_per_week: float
    seasonal_max_weeks: int
    hours_per_hire: dict[str, float]
    seasonal_hours_per_hire: float
    drafting_days: int
    application_window_days: int
    application_window_days_seasonal: int
    selection_days: int
    notice_days: dict[str, int]
    candidates_per_hire: int
    internal_hours: dict[str, float]
    fallback_benefits: list[str]


class ChannelSpec(BaseModel):
    id: str
    name: str
    cost_eur: float
    lead_days: int
    roles: list[str]
    why: str


class Assumptions(BaseModel):
    """All documented figures the staffing and recruiting tools rely on."""

    productivity: Productivity
    sales: SalesFloor
    delivery: Delivery
    roster: RosterRules
    recruiting: RecruitingRules
    channels: list[ChannelSpec]


@lru_cache(maxsize=4)
def load_assumptions(path: Path = ASSUMPTIONS_PATH) -> Assumptions:
    """Read and validate the assumptions file (cached)."""
    return Assumptions.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))
