"""What the staff costs per role: gross wages from the contracts (hours × hourly wage) and the employer's
social security contributions on top, per person and per role, per month."""

from __future__ import annotations

from pydantic import BaseModel

from tools.company.models import Employee, Role
from tools.company.resources import EMPLOYER_COST

WEEKS_PER_MONTH = 52 / 12


class RoleCost(BaseModel):
    """One role: head count, mean contract, hours-weighted hourly wage and the monthly cost."""

    role: Role
    people: int
    hours_week: float  # mean contract hours per person
    hourly_wage: float  # hours-weighted mean gross wage
    gross_per_person: float  # gross wages per month
    cost_per_person: float  # gross + employer contributions per month
    cost_total: float  # all people of the role per month


class StaffCost(BaseModel):
    """Monthly staff cost per role (largest first) and in total."""

    roles: list[RoleCost]
    employer_factor: float
    total: float


def staff_cost(staff: list[Employee], sites: list[str] | None = None) -> StaffCost:
    """Monthly cost per role of the staff at `sites` (None: everyone)."""
    chosen = [e for e in staff if sites is None or e.site in sites]
    rows: list[RoleCost] = []
    for role in sorted({e.role for e in chosen}):
        people = [e for e in chosen if e.role == role]
        hours = sum(e.contract_hours_week for e in people)
        gross = sum(e.contract_hours_week * e.hourly_wage_eur for e in people) * WEEKS_PER_MONTH
        rows.append(
            RoleCost(
                role=role,
                people=len(people),
                hours_week=hours / len(people),
                hourly_wage=gross / WEEKS_PER_MONTH / hours if hours else 0.0,
                gross_per_person=gross / len(people),
                cost_per_person=gross * EMPLOYER_COST / len(people),
                cost_total=gross * EMPLOYER_COST,
            )
        )
    rows.sort(key=lambda r: -r.cost_total)
    return StaffCost(roles=rows, employer_factor=EMPLOYER_COST, total=sum(r.cost_total for r in rows))
