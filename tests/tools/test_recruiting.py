"""Recruiting campaigns: thresholds, sizing, channels, timeline, costs, job ad and handbook benefits."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from tools.company.models import Employee
from tools.staffing.assumptions import load_assumptions
from tools.staffing.benefits import benefits_from_markdown, handbook_benefits
from tools.staffing.recruiting import build_campaign, pay_range, propose_campaigns
from tools.staffing.roles import detect_hours, detect_roles, wants_seasonal
from tools.staffing.staffing import WeekGap

TODAY = date(2026, 11, 25)
A = load_assumptions()
STAFF = [
    Employee(id="a", name="A", role="Verkauf", site="gardelegen", contract_hours_week=30, hourly_wage_eur=14.30),
    Employee(id="b", name="B", role="Verkauf", site="salzwedel", contract_hours_week=20, hourly_wage_eur=15.90),
    Employee(id="c", name="C", role="Bäcker", site="backstube", contract_hours_week=40, hourly_wage_eur=18.00),
    Employee(id="d", name="D", role="Leitung", site="stendal_markt", contract_hours_week=40, hourly_wage_eur=30.00),
]


def _gap(week: date, role: str, short: float, site: str = "backstube") -> WeekGap:
    return WeekGap(
        week_start=week,
        week_label=f"KW {week.isocalendar().week}",
        role=role,
        needed_hours=100 + short,
        available_hours=100,
        shortage_hours=short,
        surplus_hours=0,
        days=7,
        worst_site=site,
    )


def test_threshold_and_seasonal_sizing() -> None:
    weeks = [date(2027, 3, 1) + timedelta(weeks=i) for i in range(8)]
    rows = [_gap(w, "Bäcker", 30.0 if i in (2, 3) else 0.0) for i, w in enumerate(weeks)]
    rows += [_gap(w, "Fahrer", A.recruiting.threshold_hours_per_week - 1) for w in weeks]  # below threshold
    campaigns = propose_campaigns(rows, today=TODAY, staff=STAFF)
    assert [c.role for c in campaigns] == ["Bäcker"]
    c = campaigns[0]
    assert c.employment == "befristete Aushilfe"  # only 2 of 8 weeks short
    assert c.headcount == -(-30 // A.recruiting.seasonal_hours_per_hire)
    assert c.first_gap_week == weeks[2] and c.gap_hours_max == 30.0


def test_permanent_gap_uses_mean_gap_and_full_time_hours() -> None:
    rows = [_gap(date(2027, 3, 1) + timedelta(weeks=i), "Bäcker", s) for i, s in enumerate([50, 70, 90, 30])]
    c = propose_campaigns(rows, today=TODAY, staff=STAFF)[0]
    assert c.employment == "Vollzeit" and c.hours_per_week == 40
    assert c.headcount == 2  # mean 60 h / 40 h, rounded up


def test_timeline_starts_early_enough_or_says_it_is_late() -> None:
    later = build_campaign("Verkauf", ["gardelegen"], need_by=date(2027, 4, 1), today=TODAY, staff=STAFF)
    assert later.in_time and later.earliest_start_work <= date(2027, 4, 1)
    assert later.start_campaign_by > TODAY  # no need to start today, but with a buffer
    assert later.start_campaign_by + timedelta(days=later.lead_days) <= date(2027, 4, 1)
    days = [s.day for s in later.timeline]
    assert days == sorted(days) and days[-1] == later.earliest_start_work
    soon = build_campaign("Verkauf", ["gardelegen"], need_by=TODAY + timedelta(days=5), today=TODAY, staff=STAFF)
    assert not soon.in_time and soon.start_campaign_by == TODAY and soon.notes


def test_channels_fit_region_and_role_and_costs_add_up() -> None:
    west = build_campaign("Verkauf", ["salzwedel"], today=TODAY, staff=STAFF)
    east = build_campaign("Verkauf", ["havelberg"], today=TODAY, staff=STAFF)
    assert "altmark_zeitung" in {c.id for c in west.channels} and "volksstimme" not in {c.id for c in west.channels}
    assert "volksstimme" in {c.id for c in east.channels} and "altmark_zeitung" not in {c.id for c in east.channels}
    assert {"agentur", "aushang"} <= {c.id for c in west.channels}
    seasonal = build_campaign("Verkauf", ["havelberg"], seasonal=True, today=TODAY, staff=STAFF)
    assert all(c.cost_eur <= 300 and c.lead_days <= 7 for c in seasonal.channels)
    assert seasonal.cost_channels_eur < east.cost_channels_eur
    for c in (west, east, seasonal):
        assert c.cost_total_eur == pytest.approx(sum(ch.cost_eur for ch in c.channels) + c.cost_internal_eur)
    # internal time is paid at the Leitung wage from the staff data
    hours = A.recruiting.internal_hours
    assert west.cost_internal_eur == pytest.approx(
        30.0 * (hours["per_campaign"] + hours["per_interview"] * A.recruiting.candidates_per_hire)
    )
    azubi = build_campaign("Azubi", ["backstube"], today=TODAY, staff=STAFF)
    assert "schulen" in {c.id for c in azubi.channels} and azubi.employment == "Ausbildung"


def test_job_ad_has_role_hours_site_pay_from_staff_and_handbook_benefits() -> None:
    c = build_campaign("Verkauf", ["gardelegen"], hours=20, headcount=2, today=TODAY, staff=STAFF)
    assert (c.pay_min_eur, c.pay_max_eur) == (14.30, 15.90) == pay_range("Verkauf", STAFF)[:2]
    for part in ("(m/w/d)", "20 Stunden", "Gardelegen Holzmarkt", "14,30 €", "15,90 €", "Teilzeit", "2 ×"):
        assert part in c.job_ad
    assert c.benefits and all(b in c.job_ad for b in c.benefits)


def test_benefits_are_read_from_markdown_sections() -> None:
    md = (
        "# Handbuch\n## Lohn\nText.\n### Nachtzuschlag\nNachts gibt es 25 % mehr. Mehr Text.\n"
        "## Zusatzleistungen\n### Mitarbeiterrabatt\nSie erhalten 30 % Rabatt. Details folgen.\n"
        "### Weitere Leistungen\n- Kaffee gratis\n- Kleidung wird gestellt\n- Dritter Punkt\n## Hygiene\nHände waschen.\n"
    )
    assert benefits_from_markdown(md) == [
        "Mitarbeiterrabatt: Sie erhalten 30 % Rabatt.",
        "Kaffee gratis",
        "Kleidung wird gestellt",
    ]
    assert benefits_from_markdown(md, night_work=True)[0] == "Nachtzuschlag: Nachts gibt es 25 % mehr."
    assert benefits_from_markdown("# Nur Hygiene\nHände waschen.\n") == []


def test_handbook_fallback_when_no_benefit_section(tmp_path) -> None:
    (tmp_path / "a.md").write_text("# Hygiene\nHände waschen.\n", encoding="utf-8")
    b = handbook_benefits(folder=tmp_path)
    assert b.items == A.recruiting.fallback_benefits and "Standardliste" in b.source


@pytest.mark.parametrize(
    "text,roles,hours,seasonal",
    [
        ("Stellenanzeige für eine Verkäuferin in Gardelegen", ["Verkauf"], None, False),
        ("Ausbildungsplatz Bäckereifachverkäufer 2027", ["Azubi"], None, False),
        ("Aushilfe Fahrer fürs Weihnachtsgeschäft, 15 Std. pro Woche", ["Fahrer"], 15.0, True),
        ("Konditorin in Vollzeit gesucht", ["Konditor"], 40.0, False),
        ("Wir brauchen zwei Bäcker für die Schrippen", ["Bäcker"], None, False),
        ("Personal für die Bäckerei", [], None, False),
    ],
)
def test_role_words(text: str, roles: list[str], hours: float | None, seasonal: bool) -> None:
    assert detect_roles(text) == roles and detect_hours(text) == hours and wants_seasonal(text) == seasonal
