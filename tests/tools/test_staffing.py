"""Staffing model: productivity maths, sales-floor hours, tours, roster availability, Advent gaps."""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd
import pytest

from tools.company.models import Employee, Vehicle
from tools.staffing.assumptions import load_assumptions
from tools.staffing.demand import _year_before, trend_factor
from tools.staffing.needs import bakery_hours, sales_hours_for_day, tours_for_day
from tools.staffing.roster import available_hours
from tools.staffing.staffing import compute_staffing

A = load_assumptions()
MON = date(2027, 2, 8)  # an ordinary week without holidays


def _pieces(day: date, qty: float) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "date": [day, day],
            "branch": ["stendal_markt", "gardelegen"],
            "product": ["schrippe", "kaesesahne"],
            "produce": [qty, qty / 10],
            "sell": [qty, qty / 10],
        }
    )


def test_bakery_hours_scale_with_pieces_and_split_by_craft() -> None:
    one = bakery_hours(_pieces(MON, 1000), A).set_index("role")["needed"]
    two = bakery_hours(_pieces(MON, 2000), A).set_index("role")["needed"]
    base = A.productivity.base_hours_per_day
    rate = A.productivity.pieces_per_hour_by_group["broetchen"] * A.productivity.productive_share
    assert one["Bäcker"] == pytest.approx(base["Bäcker"] + 1000 / rate)
    assert two["Bäcker"] - base["Bäcker"] == pytest.approx(2 * (one["Bäcker"] - base["Bäcker"]))
    assert "Konditor" in one.index  # Käsesahne is Konditor work


def test_sales_hours_cover_opening_hours_and_grow_with_customers() -> None:
    # Bismark opens 6:30–17:00 on weekdays: at least one person all day plus prep time
    quiet = sales_hours_for_day("bismark", MON, 50.0, A)
    busy = sales_hours_for_day("bismark", MON, 5000.0, A)
    assert quiet == pytest.approx(10.5 + A.sales.prep_hours_per_day)
    assert busy > quiet + 5
    assert sales_hours_for_day("gardelegen", MON + timedelta(days=6), 500.0, A) == 0.0  # closed on Sunday


def test_tours_respect_stops_and_van_capacity() -> None:
    crates = {
        b: 25.0
        for b in [
            "stendal_markt",
            "stendal_bahnhof",
            "tangermuende",
            "gardelegen",
            "salzwedel",
            "osterburg",
            "havelberg",
            "bismark",
        ]
    }
    vans = [Vehicle(id="v", name="v", crates=60, avg_speed_kmh=55, departure_earliest="04:30")]
    tours = tours_for_day(crates, vans, A)
    assert sorted(b for t in tours for b in t["stops"]) == sorted(crates)
    assert all(len(t["stops"]) <= A.delivery.max_stops_per_tour and t["crates"] <= 60 for t in tours)
    assert all(t["hours"] > 0.5 for t in tours)
    assert len(tours_for_day({"salzwedel": 130.0}, vans, A)) == 3  # too much for one van


def _emp(role: str, site: str, hours: float = 40, vacation=None) -> Employee:
    return Employee(
        id=role + site,
        name="Test",
        role=role,
        site=site,
        contract_hours_week=hours,
        hourly_wage_eur=15.0,
        vacation=vacation or [],
    )


def test_roster_subtracts_vacation_and_applies_sickness_and_azubi_share() -> None:
    end = MON + timedelta(days=6)
    rate = A.roster.sickness_rate_by_month[2]
    full = available_hours([_emp("Bäcker", "backstube")], MON, end, A)["available"].sum()
    assert full == pytest.approx(40 * (1 - rate))
    half_vac = available_hours([_emp("Bäcker", "backstube", vacation=[(MON, MON + timedelta(days=1))])], MON, end, A)
    assert half_vac["available"].sum() == pytest.approx(24 * (1 - rate))
    azubi = available_hours([_emp("Azubi", "osterburg")], MON, end, A)
    assert set(azubi["role"]) == {"Verkauf"} and azubi["available"].sum() == pytest.approx(20 * (1 - rate))


def test_public_holiday_reduces_available_hours() -> None:
    xmas_week = date(2026, 12, 21)  # Dec 25 is a Friday
    normal = available_hours([_emp("Bäcker", "backstube")], date(2026, 12, 14), date(2026, 12, 20), A)
    holiday = available_hours([_emp("Bäcker", "backstube")], xmas_week, xmas_week + timedelta(days=6), A)
    assert holiday["available"].sum() == pytest.approx(normal["available"].sum() * 4 / 5)


def test_fixed_dates_map_to_same_calendar_day_and_trend() -> None:
    assert _year_before(date(2026, 12, 24)) == date(2025, 12, 24)
    assert _year_before(date(2026, 12, 10)) == date(2025, 12, 11)  # same weekday
    days = pd.date_range("2025-09-01", "2026-11-24").date
    sales = pd.DataFrame({"date": days, "sold": [110.0 if d >= date(2026, 1, 1) else 100.0 for d in days]})
    assert trend_factor(sales, date(2026, 11, 25)) == pytest.approx(1.1)


@pytest.fixture(scope="module")
def season() -> object:
    return compute_staffing(date(2026, 11, 30), date(2027, 2, 28), today=date(2026, 11, 25))


def test_advent_weeks_show_larger_baker_gaps_than_february(season) -> None:
    by = {(w.week_start, w.role): w for w in season.weeks}
    advent = [by[(date(2026, 12, 7), "Bäcker")], by[(date(2026, 12, 14), "Bäcker")]]
    february = [by[(date(2027, 2, 8), "Bäcker")], by[(date(2027, 2, 15), "Bäcker")]]
    assert all(w.shortage_hours > 0 for w in advent)
    assert min(w.needed_hours for w in advent) > max(w.needed_hours for w in february)
    # February gaps depend on the seeded vacation blocks; Advent gaps come from demand
    assert min(w.needed_hours - w.available_hours for w in advent) > 0
    for w in season.weeks:  # the table is consistent with its site rows
        assert w.shortage_hours >= max(0.0, round(w.needed_hours - w.available_hours, 1)) - 0.2
    assert season.tours_per_day and season.tours_per_day >= 2


def test_daily_rows_add_up_to_weekly_rows(season) -> None:
    week = date(2026, 12, 14)
    days = [d for d in season.daily if week <= d.day <= week + timedelta(days=6) and d.role == "Verkauf"]
    row = [w for w in season.weeks if w.week_start == week and w.role == "Verkauf"][0]
    assert {d.site for d in days} == {
        "stendal_markt",
        "stendal_bahnhof",
        "tangermuende",
        "gardelegen",
        "salzwedel",
        "osterburg",
        "havelberg",
        "bismark",
    }
    assert sum(d.needed_hours for d in days) == pytest.approx(row.needed_hours, abs=2.0)
    sunday = [d for d in days if d.day == week + timedelta(days=6)]
    assert "gardelegen" not in {d.site for d in sunday if d.needed_hours > 0}  # closed on Sundays


def test_a_site_with_spare_hours_does_not_offset_another_sites_shortage() -> None:
    week = [MON + timedelta(days=i) for i in range(7)]
    pieces = pd.concat([_pieces(d, 1500) for d in week], ignore_index=True)
    staff = [_emp("Verkauf", "gardelegen", hours=40.0) for _ in range(8)]  # far more than Gardelegen needs
    res = compute_staffing(MON, week[-1], ["stendal_markt", "gardelegen"], today=MON, staff=staff, pieces=pieces)
    sites = {s.site: s for s in res.site_weeks if s.role == "Verkauf"}
    assert sites["gardelegen"].gap_hours < 0 < sites["stendal_markt"].gap_hours
    total = res.total("Verkauf")
    assert total is not None and total.available_hours > total.needed_hours  # enough hours company-wide …
    assert total.shortage_hours == pytest.approx(sites["stendal_markt"].gap_hours, abs=0.1)  # … Stendal still short
    assert total.surplus_hours == pytest.approx(-sites["gardelegen"].gap_hours, abs=0.1)
    assert list(total.short_sites) == ["stendal_markt"]
    assert "gleicht keinen anderen aus" in res.shortage_cut


def test_role_totals_are_the_sum_of_the_weekly_rows(season) -> None:
    for t in season.totals:
        rows = [w for w in season.weeks if w.role == t.role]
        assert t.shortage_hours == pytest.approx(sum(w.shortage_hours for w in rows), abs=0.05)
        assert t.max_week_shortage_hours == max(w.shortage_hours for w in rows)
        assert sum(t.short_sites.values()) == pytest.approx(t.shortage_hours, abs=0.1 * len(rows) * 9)


def test_needed_hours_of_an_empty_day_is_an_empty_table() -> None:
    """Only closed branches in the period: no hours needed, no error (trial 11: Gardelegen on a Sunday)."""
    from tools.company.data import load_vehicles
    from tools.staffing.needs import needed_hours

    empty = pd.DataFrame(columns=["date", "branch", "product", "produce", "sell"])
    need = needed_hours(empty, load_vehicles(), load_assumptions())
    assert need.empty and list(need.columns) == ["date", "site", "role", "needed", "tours"]
