"""Available hours per day, site and planning role from the roster (contract, vacation, sickness)."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta

import pandas as pd

from tools.company.catalog import BAKERY, BRANCH_BY_ID, BRANCHES
from tools.company.models import Employee
from tools.company.sales import opening_window, state_holidays
from tools.staffing.assumptions import Assumptions


def is_operating(site: str, day: date) -> bool:
    """A branch works when it is open; the Backstube when at least one branch is open."""
    if site in BRANCH_BY_ID:
        return opening_window(BRANCH_BY_ID[site], day) is not None
    return any(opening_window(b, day) is not None for b in BRANCHES)


def _absent_workdays(emp: Employee, week: list[date]) -> int:
    """Mon–Fri days of the week lost to vacation, recorded sickness or public holidays."""
    lost = 0
    for d in week:
        if d.weekday() >= 5:
            continue
        on_vacation = any(a <= d <= b for a, b in emp.vacation)
        if on_vacation or d in emp.sick_days or d in state_holidays(d.year) or (d.month, d.day) in ((12, 25), (12, 26)):
            lost += 1
    return lost


def contribution(emp: Employee, a: Assumptions) -> tuple[str, float] | None:
    """(planning role, share of hours) an employee adds at their site; None if not counted."""
    rule = a.roster.contribution.get(emp.role, {})
    kind = "backstube" if emp.site == BAKERY.id else "branch"
    return rule.get(kind)


def available_hours(staff: list[Employee], start: date, end: date, a: Assumptions) -> pd.DataFrame:
    """DataFrame[date, site, role, available, absent, sick_allowance] summed over employees."""
    mondays = sorted(
        {d - timedelta(days=d.weekday()) for d in (start + timedelta(days=i) for i in range((end - start).days + 1))}
    )
    acc: dict[tuple[date, str, str], list[float]] = defaultdict(lambda: [0.0, 0.0, 0.0])
    per_day = a.roster.workdays_per_week
    for emp in staff:
        contrib = contribution(emp, a)
        if contrib is None:
            continue
        role, share = contrib
        for monday in mondays:
            week = [monday + timedelta(days=i) for i in range(7)]
            op_days = [d for d in week if is_operating(emp.site, d)]
            if not op_days:
                continue
            absent = min(_absent_workdays(emp, week), per_day) * emp.contract_hours_week / per_day
            rate = a.roster.sickness_rate_by_month[monday.month]
            present = emp.contract_hours_week - absent
            sick_allow = present * rate
            for d in op_days:
                if start <= d <= end:
                    row = acc[(d, emp.site, role)]
                    row[0] += share * (present - sick_allow) / len(op_days)
                    row[1] += share * absent / len(op_days)
                    row[2] += share * sick_allow / len(op_days)
    rows = [
        {"date": d, "site": s, "role": r, "available": v[0], "absent": v[1], "sick_allowance": v[2]}
        for (d, s, r), v in acc.items()
    ]
    return pd.DataFrame(rows, columns=["date", "site", "role", "available", "absent", "sick_allowance"])
