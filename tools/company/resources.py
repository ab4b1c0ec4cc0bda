"""Staff, ovens and vans of Korn & Kruste (fixed list, seeded vacation and sick days)."""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np

from tools.company.models import Employee, Oven, Role, Vehicle
from tools.company.weather import SEED

# (name, role, site, hours/week, €/hour); branch managers match catalog.BRANCHES[*].manager
STAFF: list[tuple[str, Role, str, float, float]] = [
    ("Sabine Knusprig", "Leitung", "stendal_markt", 45, 29.50),
    ("Hans Knusprig", "Bäcker", "backstube", 48, 26.00),
    ("Lukas Knusprig", "Leitung", "backstube", 40, 24.00),
    ("Frank Behrens", "Bäcker", "backstube", 40, 18.40),
    ("Thomas Gericke", "Bäcker", "backstube", 40, 18.10),
    ("Marcel Schulz", "Bäcker", "backstube", 40, 17.60),
    ("Ronny Pieper", "Bäcker", "backstube", 38, 17.20),
    ("Dennis Ahrens", "Bäcker", "backstube", 30, 16.80),
    ("Julia Sommer", "Konditor", "backstube", 40, 18.00),
    ("Katrin Meinecke", "Konditor", "backstube", 35, 17.40),
    ("Nadine Roloff", "Konditor", "backstube", 25, 16.90),
    ("Kerstin Lange", "Verkauf", "stendal_bahnhof", 38, 16.20),
    ("Monika Schulze", "Verkauf", "tangermuende", 38, 16.00),
    ("Petra Wendt", "Verkauf", "gardelegen", 36, 15.80),
    ("Anja Brandt", "Verkauf", "salzwedel", 36, 15.80),
    ("Heike Vogel", "Verkauf", "osterburg", 32, 15.50),
    ("Doreen Krüger", "Verkauf", "havelberg", 32, 15.50),
    ("Ines Hoffmann", "Verkauf", "bismark", 30, 15.30),
    ("Claudia Wolter", "Verkauf", "stendal_markt", 30, 14.60),
    ("Sandra Lüdecke", "Verkauf", "stendal_markt", 25, 14.40),
    ("Manuela Thiele", "Verkauf", "stendal_bahnhof", 30, 14.50),
    ("Jennifer Kühn", "Verkauf", "stendal_bahnhof", 20, 14.20),
    ("Susanne Wernecke", "Verkauf", "tangermuende", 25, 14.40),
    ("Yvonne Bartels", "Verkauf", "gardelegen", 20, 14.20),
    ("Stefanie Rieck", "Verkauf", "salzwedel", 20, 14.20),
    ("Birgit Franke", "Verkauf", "osterburg", 15, 14.00),
    ("Melanie Gädke", "Verkauf", "havelberg", 15, 14.00),
    # part-time and minijob sales help (Aushilfen) – every branch has some
    ("Sophie Brandes", "Verkauf", "stendal_markt", 25, 14.20),
    ("Tanja Köhler", "Verkauf", "stendal_markt", 20, 14.20),
    ("Marina Dietrich", "Verkauf", "stendal_bahnhof", 25, 14.20),
    ("Kathrin Wöhler", "Verkauf", "tangermuende", 20, 14.20),
    ("Daniela Sens", "Verkauf", "gardelegen", 20, 14.20),
    ("Ramona Jahn", "Verkauf", "salzwedel", 20, 14.20),
    ("Silke Bauer", "Verkauf", "bismark", 20, 14.00),
    ("Lea Schröder", "Verkauf", "havelberg", 15, 14.00),
    ("Nicole Voigt", "Verkauf", "osterburg", 20, 14.00),
    ("Jana Lemme", "Verkauf", "stendal_markt", 10, 13.90),
    ("Heidi Schwarz", "Verkauf", "stendal_bahnhof", 10, 13.90),
    ("Gabi Rusch", "Verkauf", "tangermuende", 10, 13.90),
    ("Ute Wiese", "Verkauf", "gardelegen", 10, 13.90),
    ("Ilona Thurau", "Verkauf", "salzwedel", 10, 13.90),
    ("Kevin Matthies", "Bäcker", "backstube", 40, 17.00),
    ("Sven Hinz", "Bäcker", "backstube", 30, 16.50),
    ("Franziska Lenz", "Konditor", "backstube", 30, 16.80),
    ("Uwe Kersten", "Fahrer", "backstube", 38, 15.60),
    ("Maik Bodenstein", "Fahrer", "backstube", 35, 15.30),
    ("Steffen Ramdohr", "Fahrer", "backstube", 20, 15.00),
    ("Leon Fricke", "Azubi", "backstube", 40, 6.40),
    ("Emily Stöckmann", "Azubi", "stendal_markt", 40, 6.10),
    ("Paul Jaenicke", "Azubi", "backstube", 40, 5.90),
]
EMPLOYER_COST = 1.21  # employer's social security contributions on gross wages
VACATION_DAYS = 30


def _vacation(idx: int, year: int, role: str) -> list[tuple[date, date]]:
    """Two or three vacation blocks in `year`, never in the Christmas rush (Nov 15 – Dec 31)."""
    rng = np.random.default_rng([SEED, 7, idx, year])
    left, blocks = VACATION_DAYS, []
    starts = sorted(rng.choice(np.arange(5, 300), size=3, replace=False))
    for k, start_doy in enumerate(starts):
        length = left if k == 2 else int(rng.integers(7, 15))
        left -= length
        start = date(year, 1, 1) + timedelta(days=int(start_doy) + 40 * k)
        end = start + timedelta(days=int(length * 7 / 5) - 1)  # work days -> calendar days
        if end >= date(year, 11, 15) and role != "Leitung":
            shift = (end - date(year, 11, 14)).days
            start, end = start - timedelta(days=shift), end - timedelta(days=shift)
        blocks.append((start, end))
    return blocks


def _sick_days(idx: int, year: int) -> list[date]:
    """Sick-day episodes (1–5 days) of `year`, about 10 days a year on average."""
    rng = np.random.default_rng([SEED, 8, idx, year])
    days: list[date] = []
    for _ in range(int(rng.poisson(3.5))):
        start = date(year, 1, 1) + timedelta(days=int(rng.integers(0, 360)))
        days += [start + timedelta(days=k) for k in range(int(rng.integers(1, 6)))]
    return sorted(set(days))


def build_staff(today: date) -> list[Employee]:
    """All employees; vacation within a year around `today`, sick days of the last 12 months."""
    staff = []
    for idx, (name, role, site, hours, wage) in enumerate(STAFF):
        vac = [
            p
            for y in (today.year - 1, today.year, today.year + 1)
            for p in _vacation(idx, y, role)
            if p[1] >= today - timedelta(days=365) and p[0] <= today + timedelta(days=365)
        ]
        sick = [
            d
            for y in (today.year - 1, today.year)
            for d in _sick_days(idx, y)
            if today - timedelta(days=365) <= d < today
        ]
        staff.append(
            Employee(
                id=f"ma{idx + 1:02d}",
                name=name,
                role=role,
                site=site,
                contract_hours_week=hours,
                hourly_wage_eur=wage,
                vacation=vac,
                sick_days=sick,
            )
        )
    return staff


def monthly_staff_cost(staff: list[Employee]) -> float:
    """Gross wages × employer contributions per month (52/12 weeks)."""
    return sum(e.contract_hours_week * e.hourly_wage_eur for e in staff) * 52 / 12 * EMPLOYER_COST


def build_ovens() -> list[Oven]:
    """Two deck ovens (5 decks × 3 trays) and one rack oven (2 racks × 18 trays); the night shift starts 00:30."""
    return [
        Oven(
            id="etage1",
            name="Etagenofen 1 (Wachtel)",
            kind="etagenofen",
            slots=["E1-D1", "E1-D2", "E1-D3", "E1-D4", "E1-D5"],
            trays_per_slot=3,
            max_temp_c=280,
            changeover_min_per_10c=3.0,
            start_time="00:30",
        ),
        Oven(
            id="etage2",
            name="Etagenofen 2 (MIWE)",
            kind="etagenofen",
            slots=["E2-D1", "E2-D2", "E2-D3", "E2-D4", "E2-D5"],
            trays_per_slot=3,
            max_temp_c=280,
            changeover_min_per_10c=3.0,
            start_time="00:30",
        ),
        Oven(
            id="stikken1",
            name="Stikkenofen (Rack)",
            kind="stikkenofen",
            slots=["S1-R1", "S1-R2"],
            trays_per_slot=18,
            max_temp_c=250,
            changeover_min_per_10c=2.0,
            start_time="00:30",
        ),
    ]


def build_vehicles() -> list[Vehicle]:
    """Three Sprinters and a Caddy leaving the Backstube in Stendal."""
    return [
        Vehicle(id="van1", name="Sprinter 1 (SDL-KK 101)", crates=80, avg_speed_kmh=55, departure_earliest="04:15"),
        Vehicle(id="van2", name="Sprinter 2 (SDL-KK 102)", crates=80, avg_speed_kmh=55, departure_earliest="04:15"),
        Vehicle(id="van3", name="Sprinter 3 (SDL-KK 104)", crates=80, avg_speed_kmh=55, departure_earliest="04:15"),
        Vehicle(id="van4", name="Caddy (SDL-KK 103)", crates=40, avg_speed_kmh=60, departure_earliest="04:30"),
    ]
