"""Recruiting campaigns: job ad, rural channels with costs, a timeline that closes the gap, cost estimate."""

from __future__ import annotations

import math
from datetime import date, timedelta

from pydantic import BaseModel, Field

from tools.company.catalog import BAKERY, BRANCH_BY_ID
from tools.company.models import Employee
from tools.company.sales import state_holidays
from tools.format_de import eur
from tools.settings import get_settings
from tools.staffing.assumptions import Assumptions, ChannelSpec, load_assumptions
from tools.staffing.benefits import handbook_benefits
from tools.staffing.staffing import SHORTAGE_CUT, RoleTotal, StaffingResult, WeekGap, load_staff, site_name

WEST_SITES = {"salzwedel", "gardelegen"}  # Altmark-Zeitung area
TITLES: dict[str, str] = {
    "Bäcker": "Bäcker/in (m/w/d)",
    "Konditor": "Konditor/in (m/w/d)",
    "Verkauf": "Verkäufer/in im Bäckerhandwerk (m/w/d)",
    "Fahrer": "Auslieferungsfahrer/in (m/w/d)",
    "Azubi": "Auszubildende/r Bäcker/in oder Fachverkäufer/in im Lebensmittelhandwerk (m/w/d)",
}
TASKS: dict[str, list[str]] = {
    "Bäcker": [
        "Herstellung von Brot, Brötchen und Feingebäck nach unseren Hausrezepten",
        "Bedienung von Teigteiler, Brötchenanlage und Etagenofen",
        "Einhaltung von Hygiene- und HACCP-Vorgaben",
    ],
    "Konditor": [
        "Torten, Blechkuchen und Saisongebäck wie Baumkuchen und Stollen",
        "Dekoration und Fertigstellung für die Filialen",
        "Einhaltung von Hygiene- und Kühlvorgaben",
    ],
    "Verkauf": [
        "Beratung und Verkauf an der Theke, Kaffee und Snacks",
        "Kasse und Kartenzahlung, Warenpräsentation",
        "Auskunft zu Allergenen und Zutaten",
    ],
    "Fahrer": [
        "frühmorgendliche Auslieferung an unsere Filialen in der Altmark",
        "Be- und Entladen, Rückgabe von Kisten und Retouren",
        "Pflege des Lieferfahrzeugs",
    ],
    "Azubi": [
        "Ausbildung in Backstube oder Filiale mit festen Ansprechpartnern",
        "Berufsschule in Stendal",
        "Übernahme nach erfolgreicher Prüfung",
    ],
}
NEEDS: dict[str, list[str]] = {
    "Bäcker": [
        "abgeschlossene Ausbildung als Bäcker/in oder Erfahrung in der Backstube",
        "Bereitschaft zur Nachtarbeit (Schichtbeginn gegen 2 Uhr)",
    ],
    "Konditor": [
        "abgeschlossene Ausbildung als Konditor/in oder Bäcker/in mit Erfahrung in der Konditorei",
        "Sinn für schöne Dekoration",
    ],
    "Verkauf": [
        "Freude am Umgang mit Menschen, auch Quereinsteiger/innen sind willkommen",
        "Bereitschaft zu Frühschichten und Wochenenddiensten im Wechsel",
    ],
    "Fahrer": ["Führerschein Klasse B", "Zuverlässigkeit am frühen Morgen (Abfahrt ab 4:30 Uhr)"],
    "Azubi": ["Schulabschluss (Haupt- oder Realschule)", "Lust auf Handwerk und frühes Aufstehen"],
}


class Channel(BaseModel):
    id: str
    name: str
    cost_eur: float
    lead_days: int
    why: str


class TimelineStep(BaseModel):
    day: date
    step: str


class Campaign(BaseModel):
    """A recruiting campaign draft for one role."""

    role: str
    title: str
    employment: str = Field(description="Vollzeit, Teilzeit, befristete Aushilfe or Ausbildung")
    sites: list[str]
    site_names: list[str]
    headcount: int
    hours_per_week: float
    gap_hours_max: float | None = None
    gap_weeks: list[str] = Field(default_factory=list)
    first_gap_week: date | None = None
    period_start: date | None = None
    period_end: date | None = None
    shortage_hours: float | None = Field(default=None, description="the role's missing hours in the period")
    shortage_cut: str = SHORTAGE_CUT
    pay_min_eur: float | None = None
    pay_max_eur: float | None = None
    pay_basis: str = "Stunde"
    pay_source: str = ""
    benefits: list[str]
    benefits_source: str
    job_ad: str
    channels: list[Channel]
    timeline: list[TimelineStep]
    start_campaign_by: date
    earliest_start_work: date
    in_time: bool
    lead_days: int
    cost_channels_eur: float
    cost_internal_eur: float
    cost_total_eur: float
    notes: list[str] = Field(default_factory=list)


def pay_range(role: str, staff: list[Employee]) -> tuple[float | None, float | None, str]:
    """Min and max hourly wage of the current staff in that role (Azubi: monthly pay)."""
    wages = [e.hourly_wage_eur for e in staff if e.role == role]
    if not wages:
        return None, None, "keine Vergleichswerte im Personalstamm"
    if role == "Azubi":
        monthly = [e.hourly_wage_eur * e.contract_hours_week * 52 / 12 for e in staff if e.role == role]
        return round(min(monthly), -1), round(max(monthly), -1), f"Ausbildungsvergütung der {len(wages)} Azubis"
    return min(wages), max(wages), f"Stundenlöhne der {len(wages)} Beschäftigten im Bereich {role}"


def choose_channels(role: str, sites: list[str], seasonal: bool, a: Assumptions) -> list[ChannelSpec]:
    """Channels that fit the role and the rural region; seasonal help gets only fast, cheap ones."""
    chosen = [c for c in a.channels if role in c.roles]
    west = any(s in WEST_SITES for s in sites)
    east = any(s not in WEST_SITES for s in sites)
    chosen = [
        c for c in chosen if not ((c.id == "altmark_zeitung" and not west) or (c.id == "volksstimme" and not east))
    ]
    if seasonal:
        chosen = [c for c in chosen if c.lead_days <= 7 and c.cost_eur <= 300]
    return chosen


def job_ad(
    role: str,
    employment: str,
    hours: float,
    sites: list[str],
    pay: tuple[float | None, float | None, str],
    benefits: list[str],
    start: date,
    headcount: int,
) -> str:
    """The German job ad text (Markdown)."""
    where = ", ".join(site_name(s) for s in sites) or "Altmark"
    lo, hi, _ = pay
    if lo is None or hi is None:  # pay_range gives both or neither
        pay_line = "faire Bezahlung nach Tarif des Bäckerhandwerks"
    elif role == "Azubi":
        pay_line = f"Ausbildungsvergütung ca. {eur(lo, cents=True)} bis {eur(hi, cents=True)} im Monat"
    else:
        pay_line = f"Stundenlohn {eur(lo, cents=True)} bis {eur(hi, cents=True)} brutto, je nach Erfahrung"
    count = f"{headcount} × " if headcount > 1 else ""
    lines = [
        f"## Wir suchen {count}{TITLES[role]}",
        f"**{employment}, {hours:.0f} Stunden pro Woche – {where}**, Start ab {start:%d.%m.%Y}",
        "",
        "Korn & Kruste ist die Familienbäckerei der Altmark: drei Generationen, eine Backstube in Stendal "
        "und acht Filialen von Salzwedel bis Havelberg.",
        "",
        "**Ihre Aufgaben**",
    ]
    lines += [f"- {t}" for t in TASKS[role]]
    lines += ["", "**Das bringen Sie mit**"] + [f"- {t}" for t in NEEDS[role]]
    lines += ["", "**Das bieten wir**", f"- {pay_line}"] + [f"- {b}" for b in benefits]
    lines += [
        "",
        "Interesse? Bewerben Sie sich gern formlos – mit ein paar Sätzen über sich – bei Sabine Knusprig "
        "(Inhaberin) oder geben Sie Ihre Bewerbung in einer unserer Filialen ab.",
    ]
    return "\n".join(lines)


def build_campaign(
    role: str,
    sites: list[str],
    *,
    headcount: int | None = None,
    hours: float | None = None,
    gap_rows: list[WeekGap] | None = None,
    seasonal: bool = False,
    need_by: date | None = None,
    today: date | None = None,
    staff: list[Employee] | None = None,
    assumptions: Assumptions | None = None,
    total: RoleTotal | None = None,
    period: tuple[date, date] | None = None,
) -> Campaign:
    """A campaign for `role` at `sites`, sized by the gap rows and timed to `need_by` or the first gap."""
    a = assumptions or load_assumptions()
    r = a.recruiting
    today = today or get_settings().today()
    staff = staff if staff is not None else load_staff(today)
    gap_rows = [g for g in (gap_rows or []) if g.shortage_hours > 0]
    if role == "Azubi":
        employment = "Ausbildung"
    elif seasonal:
        employment = "befristete Aushilfe"
    hours = hours or (r.seasonal_hours_per_hire if seasonal and role != "Azubi" else r.hours_per_hire[role])
    if role != "Azubi" and not seasonal:
        employment = "Vollzeit" if hours >= 35 else "Teilzeit"
    gap_max = max((g.shortage_hours for g in gap_rows), default=None)
    if headcount is None:
        if gap_rows:
            relevant = [g.shortage_hours for g in gap_rows]
            size = max(relevant) if seasonal else sum(relevant) / len(relevant)
            headcount = max(1, math.ceil(size / hours))
        else:
            headcount = 1
    first_gap = min((g.week_start for g in gap_rows), default=None)
    channels = choose_channels(role, sites, seasonal, a)
    first_lead = min((c.lead_days for c in channels), default=0)  # the fastest channel brings the first replies
    window = r.application_window_days_seasonal if seasonal else r.application_window_days
    lead = (
        r.drafting_days
        + first_lead
        + window
        + r.selection_days
        + r.notice_days["seasonal" if seasonal else "permanent"]
    )
    need_by = need_by or first_gap
    need_by = max(need_by, today) if need_by else None
    if need_by is not None and need_by - timedelta(days=lead) >= today:
        start = max(today, need_by - timedelta(days=lead + 7))  # one week of safety buffer
        while start > today and (
            start.weekday() >= 5
            or start in state_holidays(start.year)
            or (start.month, start.day) in ((12, 24), (12, 31))
        ):
            start -= timedelta(days=1)  # start the campaign on a working day
        in_time = True
    else:
        start = today
        in_time = need_by is None
    d_pub = start + timedelta(days=r.drafting_days)
    d_first = d_pub + timedelta(days=first_lead)
    d_close = d_first + timedelta(days=window)
    d_offer = d_close + timedelta(days=r.selection_days)
    d_work = d_offer + timedelta(days=r.notice_days["seasonal" if seasonal else "permanent"])
    timeline = [
        TimelineStep(day=start, step="Anzeigentext freigeben, Kanäle buchen, Aushang drucken"),
        TimelineStep(day=d_pub, step="Anzeigen erscheinen: " + ", ".join(c.name.split(" (")[0] for c in channels)),
        TimelineStep(day=d_first, step="erste Bewerbungen; sofort anrufen und Probearbeiten anbieten"),
        TimelineStep(day=d_close, step="Bewerbungsschluss, Auswahl der Kandidat/innen"),
        TimelineStep(day=d_offer, step="Gespräche und Probearbeiten abgeschlossen, Zusage und Vertrag"),
        TimelineStep(
            day=d_work,
            step="Arbeitsbeginn" if seasonal else "Arbeitsbeginn (nach Kündigungsfrist beim bisherigen Arbeitgeber)",
        ),
    ]
    notes: list[str] = []
    if need_by is not None and not in_time:
        notes.append(
            f"Gebraucht wird ab {need_by:%d.%m.%Y}, neue Kräfte können frühestens am {d_work:%d.%m.%Y} "
            "anfangen. Bis dahin: Überstunden, Springer aus anderen Filialen oder Zeitarbeit."
        )
    leads = [e.hourly_wage_eur for e in staff if e.role == "Leitung"]
    internal_rate = sum(leads) / len(leads) if leads else max((e.hourly_wage_eur for e in staff), default=0.0)
    internal_h = (
        r.internal_hours["per_campaign"] + r.internal_hours["per_interview"] * r.candidates_per_hire * headcount
    )
    cost_channels = float(sum(c.cost_eur for c in channels))
    cost_internal = round(internal_h * internal_rate, 2)
    pay = pay_range(role, staff)
    ben = handbook_benefits(night_work=role in ("Bäcker", "Fahrer"))
    return Campaign(
        role=role,
        title=TITLES[role],
        employment=employment,
        sites=sites,
        site_names=[site_name(s) for s in sites],
        headcount=headcount,
        hours_per_week=hours,
        gap_hours_max=gap_max,
        gap_weeks=[g.week_label for g in sorted(gap_rows, key=lambda g: g.week_start)],
        first_gap_week=first_gap,
        period_start=period[0] if period else None,
        period_end=period[1] if period else None,
        shortage_hours=total.shortage_hours if total else None,
        pay_min_eur=pay[0],
        pay_max_eur=pay[1],
        pay_basis="Monat" if role == "Azubi" else "Stunde",
        pay_source=pay[2],
        benefits=ben.items,
        benefits_source=ben.source,
        job_ad=job_ad(role, employment, hours, sites, pay, ben.items, d_work, headcount),
        channels=[
            Channel(id=c.id, name=c.name, cost_eur=c.cost_eur, lead_days=c.lead_days, why=c.why) for c in channels
        ],
        timeline=timeline,
        start_campaign_by=start,
        earliest_start_work=d_work,
        in_time=in_time,
        lead_days=lead,
        cost_channels_eur=cost_channels,
        cost_internal_eur=cost_internal,
        cost_total_eur=round(cost_channels + cost_internal, 2),
        notes=notes,
    )


def _gap_sites(result: StaffingResult | None, role: str, rows: list[WeekGap]) -> list[str]:
    """Sites with missing hours for the role, largest total first."""
    if result is None:
        return sorted({g.worst_site for g in rows if g.worst_site})
    totals: dict[str, float] = {}
    for s in result.site_weeks:
        if s.role == role and s.gap_hours > 0:
            totals[s.site] = totals.get(s.site, 0.0) + s.gap_hours
    return sorted(totals, key=lambda s: -totals[s])


def propose_campaigns(
    gaps: StaffingResult | list[WeekGap],
    *,
    threshold_hours: float | None = None,
    today: date | None = None,
    staff: list[Employee] | None = None,
) -> list[Campaign]:
    """One campaign per role whose weekly shortage exceeds the threshold in at least one week."""
    a = load_assumptions()
    threshold = a.recruiting.threshold_hours_per_week if threshold_hours is None else threshold_hours
    result = gaps if isinstance(gaps, StaffingResult) else None
    rows = gaps.weeks if isinstance(gaps, StaffingResult) else list(gaps)
    campaigns: list[Campaign] = []
    for role in ("Bäcker", "Konditor", "Verkauf", "Fahrer"):
        role_rows = [g for g in rows if g.role == role]
        over = [g for g in role_rows if g.shortage_hours > threshold]
        if not over:
            continue
        seasonal = len(over) <= a.recruiting.seasonal_max_weeks and len(over) < len(role_rows)
        sites = _gap_sites(result, role, over) or [BAKERY.id if role != "Verkauf" else next(iter(BRANCH_BY_ID))]
        campaigns.append(
            build_campaign(
                role,
                sites,
                gap_rows=over,
                seasonal=seasonal,
                today=today,
                staff=staff,
                assumptions=a,
                total=result.total(role) if result else None,
                period=(result.start, result.end) if result else None,
            )
        )
    return campaigns
