"""Can the business afford one more person? Cost from the contracts, effect on the budget's result and the cash."""

from __future__ import annotations

from datetime import date

import pytest

from tools.company.data import load_staff
from tools.errors import RequestError
from tools.finance.hire import CashMarks, _verdict, _wage_days, hire_effect
from tools.staffing.staff_cost import WEEKS_PER_MONTH, staff_cost


def test_the_monthly_cost_is_hours_times_the_roles_wage_plus_the_employer_share() -> None:
    r = hire_effect("Verkauf", date(2027, 1, 1), people=2, hours_week=30)
    cost = staff_cost(load_staff())
    wage = next(x.hourly_wage for x in cost.roles if x.role == "Verkauf")
    assert r.monthly_cost == pytest.approx(2 * 30 * wage * WEEKS_PER_MONTH * cost.employer_factor)
    assert r.wage_low <= r.hourly_wage <= r.wage_high


def test_months_before_the_start_carry_no_cost_and_the_others_lose_exactly_it() -> None:
    r = hire_effect("Bäcker", date(2027, 2, 1))
    before = [m for m in r.months if m.month < date(2027, 2, 1)]
    after = [m for m in r.months if m.month >= date(2027, 2, 1)]
    assert before and all(m.cost == 0 and m.result_after == m.result for m in before)
    assert after and all(m.result_after == pytest.approx(m.result - r.monthly_cost) for m in after)


def test_more_people_lower_the_account_further() -> None:
    one = hire_effect("Fahrer", date(2026, 12, 1))
    three = hire_effect("Fahrer", date(2026, 12, 1), people=3)
    assert three.min_balance < one.min_balance < one.base_min_balance


def test_wage_days_fall_inside_the_period_and_are_clipped_to_short_months() -> None:
    assert _wage_days(date(2027, 1, 15), date(2027, 4, 10), 30) == [
        date(2027, 1, 30),
        date(2027, 2, 28),
        date(2027, 3, 30),
    ]


def test_the_verdict_weighs_the_result_and_what_the_hire_changes_in_the_account() -> None:
    calm = CashMarks(below_buffer_on=None, below_zero_on=None, credit_exceeded_on=None)
    tight = CashMarks(below_buffer_on=date(2027, 1, 3), below_zero_on=None, credit_exceeded_on=None)
    broke = CashMarks(
        below_buffer_on=date(2027, 1, 3), below_zero_on=date(2027, 1, 3), credit_exceeded_on=date(2027, 3, 1)
    )
    assert _verdict(calm, calm, [1000.0, 500.0]) == "tragbar"
    assert _verdict(calm, tight, [1000.0]) == "knapp"
    assert _verdict(calm, calm, [1000.0, -10.0]) == "knapp"
    assert _verdict(calm, calm, [100.0, -500.0]) == "nicht_tragbar"
    assert _verdict(calm, broke, [1000.0]) == "nicht_tragbar"
    assert _verdict(broke, broke, [1000.0]) == "knapp"  # broke anyway: the hire does not make it worse in time


@pytest.mark.parametrize(("kwargs", "word"), [({"people": 0}, "zwischen 1 und 20"), ({"hours_week": 70}, "48")])
def test_bad_numbers_get_a_german_message(kwargs: dict[str, float], word: str) -> None:
    with pytest.raises(RequestError, match=word):
        hire_effect("Verkauf", date(2027, 1, 1), **kwargs)  # type: ignore[arg-type]
