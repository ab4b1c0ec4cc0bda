"""Staff cost per role from the contracts: gross wages × employer contributions, checked by hand."""

from __future__ import annotations

import pytest

from tools.company.models import Employee
from tools.company.resources import EMPLOYER_COST
from tools.staffing.staff_cost import WEEKS_PER_MONTH, staff_cost


def _e(name: str, role: str, site: str, hours: float, wage: float) -> Employee:
    return Employee(id=name, name=name, role=role, site=site, contract_hours_week=hours, hourly_wage_eur=wage)


def test_cost_per_role_and_person() -> None:
    staff = [
        _e("a", "Verkauf", "stendal_markt", 20, 14.0),
        _e("b", "Verkauf", "gardelegen", 30, 15.0),
        _e("c", "Fahrer", "backstube", 40, 16.0),
    ]
    res = staff_cost(staff)
    sale = next(r for r in res.roles if r.role == "Verkauf")
    gross = (20 * 14.0 + 30 * 15.0) * WEEKS_PER_MONTH
    assert sale.people == 2 and sale.hours_week == 25
    assert sale.hourly_wage == pytest.approx((20 * 14.0 + 30 * 15.0) / 50)  # hours-weighted
    assert sale.cost_total == pytest.approx(gross * EMPLOYER_COST)
    assert sale.cost_per_person == pytest.approx(gross * EMPLOYER_COST / 2)
    assert res.total == pytest.approx(sum(r.cost_total for r in res.roles))
    assert [r.role for r in res.roles] == ["Verkauf", "Fahrer"]  # largest first
    only = staff_cost(staff, ["gardelegen"])
    assert [(r.role, r.people) for r in only.roles] == [("Verkauf", 1)]
