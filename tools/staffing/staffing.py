"""Staffing model: hours needed per role, site and day vs. available roster hours; gaps per week."""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd
from pydantic import BaseModel, Field

from tools.company.catalog import BAKERY, BRANCH_BY_ID
from tools.company.models import Employee, Vehicle
from tools.settings import get_settings
from tools.staffing.assumptions import PLAN_ROLES, Assumptions, load_assumptions
from tools.staffing.demand import Source, expected_pieces
from tools.staffing.needs import needed_hours
from tools.staffing.roster import available_hours


class SiteWeekGap(BaseModel):
    """Needed vs. available hours of one role at one site in one week."""

    week_start: date
    role: str
    site: str
    site_name: str
    needed_hours: float
    available_hours: float
    gap_hours: float = Field(description="needed − available; > 0 means too few hours")


class SiteDay(BaseModel):
    """Needed vs. available hours of one role at one site on one day."""

    day: date
    site: str
    role: str
    needed_hours: float
    available_hours: float


class WeekGap(BaseModel):
    """One row of the gap table: a role in a week, summed over its sites."""

    week_start: date
    week_label: str
    role: str
    needed_hours: float
    available_hours: float
    shortage_hours: float = Field(description="sum of the sites' positive gaps (hours missing)")
    surplus_hours: float = Field(description="sum of the sites' unused hours")
    days: int = Field(description="days of the week inside the period")
    worst_site: str | None = None


SHORTAGE_CUT = (
    "Summe der Fehlstunden der Standorte, an denen Personal fehlt – ein Standort mit freien Stunden "
    "gleicht keinen anderen aus"
)


class RoleTotal(BaseModel):
    """One role over the whole period, derived from the weekly rows (the company totals)."""

    role: str
    needed_hours: float
    available_hours: float
    shortage_hours: float = Field(description="sum of the weekly shortages: each site's missing hours, never netted")
    surplus_hours: float = Field(description="sum of the sites' unused hours (not moved to other sites)")
    max_week_shortage_hours: float
    weeks_short: int
    short_sites: dict[str, float] = Field(description="site → missing hours in the period, largest first")


class StaffingResult(BaseModel):
    """Result of `compute_staffing`, JSON-able for `--json` and the agent."""

    start: date
    end: date
    demand_source: str
    sites: list[str]
    weeks: list[WeekGap]
    site_weeks: list[SiteWeekGap]
    daily: list[SiteDay] = Field(default_factory=list)
    tours_per_day: float | None = None
    headcount_by_role: dict[str, int]
    sickness_rates: dict[int, float]
    totals: list[RoleTotal] = Field(default_factory=list)
    shortage_cut: str = SHORTAGE_CUT

    def total(self, role: str) -> RoleTotal | None:
        """The period total of one role (None when the role has no rows)."""
        return next((t for t in self.totals if t.role == role), None)

    def shortages(self, min_hours: float = 0.0) -> list[WeekGap]:
        """Rows with more than `min_hours` missing, largest first."""
        return sorted((w for w in self.weeks if w.shortage_hours > min_hours), key=lambda w: -w.shortage_hours)


def role_totals(weeks: list[WeekGap], site_weeks: list[SiteWeekGap]) -> list[RoleTotal]:
    """Company totals per role, summed from the weekly rows so that the table's column adds up to them."""
    totals: list[RoleTotal] = []
    for role in PLAN_ROLES:
        rows = [w for w in weeks if w.role == role]
        if not rows:
            continue
        sites: dict[str, float] = {}
        for s in site_weeks:
            if s.role == role and s.gap_hours > 0:
                sites[s.site] = sites.get(s.site, 0.0) + s.gap_hours
        totals.append(
            RoleTotal(
                role=role,
                needed_hours=round(sum(w.needed_hours for w in rows), 1),
                available_hours=round(sum(w.available_hours for w in rows), 1),
                shortage_hours=round(sum(w.shortage_hours for w in rows), 1),
                surplus_hours=round(sum(w.surplus_hours for w in rows), 1),
                max_week_shortage_hours=max(w.shortage_hours for w in rows),
                weeks_short=sum(1 for w in rows if w.shortage_hours > 0),
                short_sites={k: round(v, 1) for k, v in sorted(sites.items(), key=lambda kv: -kv[1])},
            )
        )
    return totals


def week_label(monday: date) -> str:
    """'KW 50 (07.12.–13.12.)'."""
    sunday = monday + timedelta(days=6)
    return f"KW {monday.isocalendar().week} ({monday:%d.%m.}–{sunday:%d.%m.})"


def site_name(site: str) -> str:
    """German display name of a branch id or the Backstube."""
    return BAKERY.name if site == BAKERY.id else BRANCH_BY_ID[site].name


def load_staff(today: date) -> list[Employee]:
    """The roster from the company data (falls back to the built-in demo staff list)."""
    try:
        from tools.company.data import load_staff as _load
    except ImportError:
        from tools.company.resources import build_staff

        return build_staff(today)
    return list(_load())


def load_vehicles() -> list[Vehicle]:
    """Delivery vans from the company data (falls back to the built-in demo vans)."""
    try:
        from tools.company.data import load_vehicles as _load
    except ImportError:
        from tools.company.resources import build_vehicles

        return build_vehicles()
    return list(_load())


def compute_staffing(
    start: date,
    end: date,
    branches: list[str] | None = None,
    *,
    today: date | None = None,
    source: Source = "auto",
    staff: list[Employee] | None = None,
    pieces: pd.DataFrame | None = None,
    assumptions: Assumptions | None = None,
) -> StaffingResult:
    """Needed vs. available hours per role and week for [start, end]; `branches` limits to those shops."""
    a = assumptions or load_assumptions()
    today = today or get_settings().today()
    staff = staff if staff is not None else load_staff(today)
    if pieces is None:
        pieces, label = expected_pieces(start, end, today, source)
    else:
        label = "vorgegebene Stückzahlen"
    need = needed_hours(pieces, load_vehicles(), a)
    avail = available_hours(staff, start, end, a)
    sites = list(branches) if branches else [BAKERY.id] + list(BRANCH_BY_ID)
    need = need[need["site"].isin(sites)]
    avail = avail[avail["site"].isin(sites)]
    merged = pd.merge(
        need.groupby(["date", "site", "role"], as_index=False)["needed"].sum(),
        avail.groupby(["date", "site", "role"], as_index=False)["available"].sum(),
        on=["date", "site", "role"],
        how="outer",
    ).fillna({"needed": 0.0, "available": 0.0})
    merged = merged[merged["role"].isin(PLAN_ROLES)]
    daily = [
        SiteDay(
            day=r.date, site=r.site, role=r.role, needed_hours=round(r.needed, 1), available_hours=round(r.available, 1)
        )
        for r in merged.sort_values(["date", "site"]).itertuples()
    ]
    merged["week"] = merged["date"].map(lambda d: d - timedelta(days=d.weekday()))
    sw = merged.groupby(["week", "role", "site"], as_index=False)[["needed", "available"]].sum()
    site_weeks = [
        SiteWeekGap(
            week_start=r.week,
            role=r.role,
            site=r.site,
            site_name=site_name(r.site),
            needed_hours=round(r.needed, 1),
            available_hours=round(r.available, 1),
            gap_hours=round(r.needed - r.available, 1),
        )
        for r in sw.itertuples()
    ]
    weeks: list[WeekGap] = []
    for (wk, role), g in sw.groupby(["week", "role"], sort=True):
        gaps = g["needed"] - g["available"]
        worst = g.loc[gaps.idxmax(), "site"] if gaps.max() > 0 else None
        ndays = merged[merged["week"] == wk]["date"].nunique()
        weeks.append(
            WeekGap(
                week_start=wk,
                week_label=week_label(wk),
                role=role,
                needed_hours=round(float(g["needed"].sum()), 1),
                available_hours=round(float(g["available"].sum()), 1),
                shortage_hours=round(float(gaps.clip(lower=0).sum()), 1),
                surplus_hours=round(float((-gaps).clip(lower=0).sum()), 1),
                days=int(ndays),
                worst_site=worst,
            )
        )
    weeks.sort(key=lambda w: (w.week_start, PLAN_ROLES.index(w.role)))
    tours = need.loc[need["role"] == "Fahrer", "tours"]
    heads: dict[str, int] = {}
    for e in staff:
        if e.site in sites:
            heads[e.role] = heads.get(e.role, 0) + 1
    return StaffingResult(
        start=start,
        end=end,
        demand_source=label,
        sites=sites,
        weeks=weeks,
        site_weeks=site_weeks,
        daily=daily,
        tours_per_day=round(float(tours.mean()), 1) if len(tours) else None,
        headcount_by_role=heads,
        sickness_rates=a.roster.sickness_rate_by_month,
        totals=role_totals(weeks, site_weeks),
    )
