"""Hours needed per day, site and role: pieces ÷ productivity, customers per sales hour, tours."""

from __future__ import annotations

import math
from datetime import date, time

import pandas as pd

from tools.company.catalog import BAKERY, BRANCH_BY_ID, PRODUCT_BY_ID, Site
from tools.company.models import Vehicle
from tools.company.sales import opening_window
from tools.staffing.assumptions import Assumptions


def product_role_rate(product_id: str, a: Assumptions) -> tuple[str, float]:
    """(craft role, pieces per productive hour) for a product."""
    p = PRODUCT_BY_ID[product_id]
    pr = a.productivity
    role = pr.role_by_product.get(p.id, pr.role_by_group[p.group])
    rate = pr.pieces_per_hour_by_product.get(p.id, pr.pieces_per_hour_by_group[p.group])
    return role, rate


def bakery_hours(pieces: pd.DataFrame, a: Assumptions) -> pd.DataFrame:
    """Backstube hours per day and craft role from the pieces to produce (all branches)."""
    rows = []
    for day, g in pieces.groupby("date"):
        totals: dict[str, float] = {}
        for prod, qty in g.groupby("product")["produce"].sum().items():
            role, rate = product_role_rate(str(prod), a)
            totals[role] = totals.get(role, 0.0) + float(qty) / rate / a.productivity.productive_share
        for role, base in a.productivity.base_hours_per_day.items():
            if totals.get(role, 0.0) > 0:
                rows.append({"date": day, "site": BAKERY.id, "role": role, "needed": totals[role] + base})
    return pd.DataFrame(rows, columns=["date", "site", "role", "needed"])


def _hour_float(t: time) -> float:
    return t.hour + t.minute / 60


def sales_hours_for_day(branch_id: str, day: date, revenue_eur: float, a: Assumptions) -> float:
    """Staff hours at the counter: per opening hour max(min staff, ceil(customers / capacity)), plus prep."""
    window = opening_window(BRANCH_BY_ID[branch_id], day)
    if window is None or revenue_eur <= 0:
        return 0.0
    s = a.sales
    open_h, close_h = _hour_float(window[0]), _hour_float(window[1])
    slices: list[tuple[float, float]] = []  # (length in hours, profile weight)
    h = open_h
    while h < close_h - 1e-9:
        nxt = min(math.floor(h) + 1.0, close_h)
        slices.append((nxt - h, s.hourly_profile.get(int(math.floor(h)), 0.5)))
        h = nxt
    weight_sum = sum(length * w for length, w in slices)
    customers = revenue_eur / s.avg_receipt_eur
    hours = s.prep_hours_per_day
    for length, w in slices:
        per_hour = customers * w / weight_sum
        staff = max(s.min_staff_on_duty, math.ceil(per_hour / s.customers_per_staff_hour))
        hours += staff * length
    return hours


def sales_floor_hours(pieces: pd.DataFrame, a: Assumptions) -> pd.DataFrame:
    """Verkauf hours per branch and day from the expected revenue at the counter."""
    price = {p: PRODUCT_BY_ID[p].price_eur for p in PRODUCT_BY_ID}
    df = pieces.assign(revenue=pieces["sell"] * pieces["product"].map(price))
    rev = df.groupby(["date", "branch"])["revenue"].sum()
    rows = [
        {"date": d, "site": b, "role": "Verkauf", "needed": sales_hours_for_day(b, d, float(r), a)}
        for (d, b), r in rev.items()
    ]
    return pd.DataFrame(rows, columns=["date", "site", "role", "needed"])


def _km(s1: Site, s2: Site) -> float:
    lat1, lon1, lat2, lon2 = map(math.radians, (s1.lat, s1.lon, s2.lat, s2.lon))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(h))


def _crates(g: pd.DataFrame, a: Assumptions) -> float:
    per_crate = a.delivery.pieces_per_crate_by_group
    return float(sum(q / per_crate[PRODUCT_BY_ID[p].group] for p, q in zip(g["product"], g["produce"])))


def tours_for_day(crates_by_branch: dict[str, float], vehicles: list[Vehicle], a: Assumptions) -> list[dict]:
    """Sweep heuristic: branches by bearing from the Backstube, filled into tours by stops and crates."""
    d = a.delivery
    cap = max((v.crates for v in vehicles), default=d.default_vehicle_crates)
    speed = sum(v.avg_speed_kmh for v in vehicles) / len(vehicles) if vehicles else d.default_speed_kmh
    order = sorted(
        crates_by_branch, key=lambda b: math.atan2(BRANCH_BY_ID[b].lat - BAKERY.lat, BRANCH_BY_ID[b].lon - BAKERY.lon)
    )
    tours: list[dict] = []
    cur: list[str] = []
    load = 0.0
    for b in order:
        c = crates_by_branch[b]
        extra_trips = max(0, math.ceil(c / cap) - 1)
        for _ in range(extra_trips):  # a branch larger than a van gets dedicated full trips
            tours.append({"stops": [b], "crates": cap})
        c -= extra_trips * cap
        if cur and (len(cur) >= d.max_stops_per_tour or load + c > cap):
            tours.append({"stops": cur, "crates": load})
            cur, load = [], 0.0
        cur.append(b)
        load += c
    if cur:
        tours.append({"stops": cur, "crates": load})
    for t in tours:
        path = [BAKERY] + [BRANCH_BY_ID[b] for b in t["stops"]] + [BAKERY]
        km = sum(_km(x, y) for x, y in zip(path, path[1:])) * d.road_factor
        t["km"] = km
        t["hours"] = km / speed + (len(t["stops"]) * d.minutes_per_stop + d.loading_minutes_per_tour) / 60
    return tours


def driver_hours(pieces: pd.DataFrame, vehicles: list[Vehicle], a: Assumptions) -> pd.DataFrame:
    """Fahrer hours per day: the tours needed to bring the day's crates to the open branches."""
    rows = []
    for day, g in pieces.groupby("date"):
        crates = {
            str(b): _crates(gb, a)
            for b, gb in g.groupby("branch")
            if str(b) in BRANCH_BY_ID and opening_window(BRANCH_BY_ID[str(b)], day) is not None
        }
        crates = {b: c for b, c in crates.items() if c > 0}
        if not crates:
            continue
        tours = tours_for_day(crates, vehicles, a)
        rows.append(
            {
                "date": day,
                "site": BAKERY.id,
                "role": "Fahrer",
                "needed": sum(t["hours"] for t in tours),
                "tours": len(tours),
            }
        )
    return pd.DataFrame(rows, columns=["date", "site", "role", "needed", "tours"])


def needed_hours(pieces: pd.DataFrame, vehicles: list[Vehicle], a: Assumptions) -> pd.DataFrame:
    """DataFrame[date, site, role, needed, tours] for all planning roles."""
    parts = [bakery_hours(pieces, a), sales_floor_hours(pieces, a), driver_hours(pieces, vehicles, a)]
    filled = [p for p in parts if not p.empty]
    if not filled:  # nothing to bake, sell or drive (only closed branches in the period): no hours needed
        return pd.DataFrame(columns=["date", "site", "role", "needed", "tours"])
    df = pd.concat(filled, ignore_index=True)
    if "tours" not in df.columns:
        df["tours"] = float("nan")
    return df
