"""What a day's tours cost: driver hours × the drivers' wages (with the employer's contributions) and km × the fuel
rate of the company's cost model; fixed costs (leasing) and repairs are named, not spread onto one day."""

from __future__ import annotations

from pydantic import BaseModel, Field

from tools.company.data import load_account, load_staff
from tools.company.parameters import load_parameters
from tools.company.resources import EMPLOYER_COST
from tools.planning.common import hhmm_to_min
from tools.planning.tours import RoutePlan


class TourCost(BaseModel):
    """The running cost of one day's tours and what it is made of."""

    km: float
    driver_hours: float = Field(description="departure to return at the Backstube, all tours")
    drivers: int = Field(description="drivers in the staff data whose wages are averaged")
    wage_eur_hour: float = Field(description="mean gross hourly wage of the drivers")
    employer_factor: float
    fuel_eur_km: float
    fuel_own: bool = Field(default=False, description="the owner's own rate (True) or the cost model's default")
    wage_eur: float
    fuel_eur: float
    total_eur: float
    fixed_monthly: list[tuple[str, float]] = Field(default_factory=list, description="vehicle payments per month")


def _hours(departure: str, back: str) -> float:
    """Hours between two 'HH:MM' times of one day."""
    return max((hhmm_to_min(back) - hhmm_to_min(departure)) / 60, 0.0)


def tour_cost(plan: RoutePlan, fuel_eur_km: float | None = None) -> TourCost | None:
    """The day's running tour cost from the staff's driver wages and the fuel rate (given, else the company's
    parameter: the owner's own or the cost model's default); None when the staff data has no driver."""
    wages = [e.hourly_wage_eur for e in load_staff() if e.role == "Fahrer"]
    if not wages:
        return None
    hours = sum(_hours(r.departure, r.back_at_bakery) for r in plan.routes)
    rate = sum(wages) / len(wages)
    wage_eur = hours * rate * EMPLOYER_COST
    params = load_parameters()
    rate_km = params.fuel_eur_per_km if fuel_eur_km is None else fuel_eur_km
    fuel_eur = plan.total_km * rate_km
    fixed = [(p.name, p.amount_eur) for p in load_account().other_fixed_payments if "fahrzeug" in p.name.lower()]
    return TourCost(
        km=plan.total_km,
        driver_hours=round(hours, 2),
        drivers=len(wages),
        wage_eur_hour=round(rate, 2),
        employer_factor=EMPLOYER_COST,
        fuel_eur_km=rate_km,
        fuel_own=fuel_eur_km is not None or params.fuel_set_on is not None,
        wage_eur=round(wage_eur, 2),
        fuel_eur=round(fuel_eur, 2),
        total_eur=round(wage_eur + fuel_eur, 2),
        fixed_monthly=fixed,
    )
