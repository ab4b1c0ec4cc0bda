"""Seeded evaluation instances: small ones for brute force, demo days, a 50-branch synthetic day."""

from __future__ import annotations

import random
from datetime import date, timedelta

from tools.company.catalog import BRANCHES, PRODUCTS
from tools.company.models import Oven, Vehicle
from tools.planning.ovens import Batch
from tools.planning.routes import Stop

SEED = 42


def small_ovens() -> list[Oven]:
    """Two decks and one rack: small enough for exhaustive search."""
    return [
        Oven(
            id="etage",
            name="Etagenofen",
            kind="etagenofen",
            slots=["D1", "D2"],
            trays_per_slot=2,
            max_temp_c=280,
            changeover_min_per_10c=3.0,
            start_time="01:30",
        ),
        Oven(
            id="rack",
            name="Stikkenofen",
            kind="stikkenofen",
            slots=["R1"],
            trays_per_slot=18,
            max_temp_c=250,
            changeover_min_per_10c=2.0,
            start_time="01:30",
        ),
    ]


def small_oven_batches(k: int, n: int = 6) -> list[Batch]:
    """n random batches (real recipes) with deadlines between 04:00 and 06:00."""
    rng = random.Random(SEED + k)
    out = []
    for i in range(n):
        p = rng.choice(PRODUCTS)
        kind = rng.choice(["big", "small"])
        trays = rng.randint(6, 18) if kind == "big" else rng.choice([2, 4])
        out.append(
            Batch(
                id=i,
                product=p.id,
                kind=kind,
                trays=trays,
                pieces=trays * p.recipe.pieces_per_tray,
                temperature_c=p.recipe.temperature_c,
                bake_minutes=p.recipe.bake_minutes,
                deadline_min=rng.randint(240, 360),
                deadline_branch="test",
                branches=["test"],
            )
        )
    return out


def small_route_instance(k: int, n: int = 7) -> tuple[list[Stop], list[Vehicle]]:
    """n real branches with random crates and opening times, two vans."""
    rng = random.Random(SEED + 100 + k)
    chosen = rng.sample(BRANCHES, n)
    stops = [
        Stop(
            id=b.id,
            name=b.name,
            lat=b.lat,
            lon=b.lon,
            opening_min=rng.choice([360, 390, 420]),
            crates=rng.randint(8, 22),
        )
        for b in chosen
    ]
    vans = [
        Vehicle(id="v1", name="Sprinter 1", crates=60, avg_speed_kmh=55, departure_earliest="04:00"),
        Vehicle(id="v2", name="Sprinter 2", crates=60, avg_speed_kmh=55, departure_earliest="04:00"),
    ]
    return stops, vans


def synthetic_50() -> tuple[list[Stop], list[Vehicle]]:
    """50 random sites in the Altmark (seeded), openings 06:00–07:30, 8 vans of 60 crates."""
    rng = random.Random(SEED + 500)
    stops = [
        Stop(
            id=f"s{i:02d}",
            name=f"Filiale {i}",
            lat=rng.uniform(52.40, 52.95),
            lon=rng.uniform(11.05, 12.20),
            opening_min=rng.choice([360, 390, 420, 450]),
            crates=rng.randint(4, 16),
        )
        for i in range(50)
    ]
    vans = [
        Vehicle(id=f"v{i}", name=f"Wagen {i}", crates=60, avg_speed_kmh=55, departure_earliest="03:30")
        for i in range(1, 9)
    ]
    return stops, vans


def advent_saturdays(year: int) -> list[date]:
    """Saturdays from the eve of the 1st Advent Sunday to 23 December."""
    christmas = date(year, 12, 25)
    fourth = christmas - timedelta(days=(christmas.weekday() + 1) % 7 or 7)
    first = fourth - timedelta(weeks=3)
    day = first - timedelta(days=1)
    out = []
    while day < christmas:
        out.append(day)
        day += timedelta(weeks=1)
    return out


def busiest_advent_saturday() -> date | None:
    """The Advent Saturday with the most baked pieces in the demo sales history."""
    from tools.company.data import load_sales

    sales = load_sales()
    totals = sales.groupby(sales["date"].dt.date)["baked"].sum()
    days = [
        d
        for y in range(min(totals.index).year, max(totals.index).year + 1)
        for d in advent_saturdays(y)
        if d in totals.index
    ]
    return max(days, key=lambda d: totals[d]) if days else None
