"""One delivery day end to end: quantities -> crates -> tours -> oven deadlines -> oven schedule.

Two delivery waves, as bakeries usually run them: the early tour brings bread, rolls and
pastries before opening; the cake tour (Konditorei, Blechkuchen, seasonal goods) must arrive
within CAKE_WAVE_AFTER_OPENING_MIN after opening and leaves when a van is back from its first tour,
not before CAKE_TOUR_EARLIEST.
"""

from __future__ import annotations

import logging
from datetime import date, timedelta
from typing import Literal

from pydantic import BaseModel, Field

from tools.company.catalog import BAKERY, BRANCH_BY_ID, BRANCHES, PRODUCT_BY_ID
from tools.company.models import Vehicle
from tools.errors import RequestError
from tools.planning.common import PlanItem, hhmm_to_min, min_to_hhmm, opening_minute
from tools.planning.crates import crates_per_branch
from tools.planning.ovens import OvenPlan, build_batches, slots_of
from tools.planning.ovens.stored import stored_solve
from tools.planning.routes import solve_routes
from tools.planning.tours import RoutePlan, Stop, route_status

log = logging.getLogger(__name__)

Source = Literal["auto", "plan", "sales", "same_day"]
LOADING_MIN = 15  # goods must leave the oven this long before their van departs (cooling, packing)
TURNAROUND_MIN = 15  # reloading a van between its two tours
CAKE_WAVE_AFTER_OPENING_MIN = 180
MAX_WEEKS_BACK = 8
CAKE_TOUR_EARLIEST = "07:00"  # cake tours leave no earlier, so cakes can be baked after the bread
WAVES: list[tuple[str, frozenset[str], int]] = [
    ("Frühtour", frozenset({"brot", "broetchen", "feingebaeck"}), 0),
    ("Kuchentour", frozenset({"konditorei", "kuchen", "saison"}), CAKE_WAVE_AFTER_OPENING_MIN),
]


class DayDemand(BaseModel):
    """Quantities for one day and where they came from (German description)."""

    day: date
    items: list[PlanItem]
    source: str
    source_text: str
    closed: list[str] = Field(default_factory=list, description="branches closed that day")


def demand_for_day(
    day: date, branches: list[str] | None = None, products: list[str] | None = None, source: Source = "auto"
) -> DayDemand:
    """Quantities per branch x product: production plan if available, else demo sales of a week earlier; a day
    beyond the plan's reach (23.12. in November) gets the sales forecast the plan's answer shows for that day.
    RequestError for a day beyond the forecast too (its fallback read a week of 2026 for 2099)."""
    wanted = branches or [b.id for b in BRANCHES]
    closed = [b for b in wanted if opening_minute(BRANCH_BY_ID[b], day) is None]
    open_ids = [b for b in wanted if b not in closed]
    if not _within_plan_reach(day):
        ahead, note = _forecast_items(day, open_ids, products)
        return DayDemand(day=day, items=ahead, source="forecast", source_text=note, closed=closed)
    items: list[PlanItem] | None = None
    used: str  # the source in the end: "plan", "sales", "same_day" or "none"
    text, used = "", source
    if source in ("auto", "plan") and open_ids:
        try:
            from tools.production.plan import plan_day

            plan = plan_day(day, branches=open_ids, products=products or None)
            items = [PlanItem(branch=i.branch, product=i.product, quantity=i.quantity) for i in plan.items]
            text, used = (
                "Mengen aus dem Produktionsplan (je Artikel so viel, wie sich nach der Prognose im Mittel lohnt)",
                "plan",
            )
        except Exception as exc:  # noqa: BLE001 - any failure falls back to the documented rule
            log.info("production plan unavailable for %s: %s", day, exc)
            if source == "plan":
                raise
    if items is None:
        items, text, used = _sales_items(day, open_ids, products, same_day=source == "same_day")
    return DayDemand(
        day=day,
        items=[i for i in items if i.branch in open_ids and i.quantity > 0],
        source=used,
        source_text=text,
        closed=closed,
    )


def plan_reach() -> date:
    """The last day the production plan computes (three weeks after the last sales data)."""
    from tools.company.data import load_sales
    from tools.production.plan import MAX_AHEAD_DAYS

    return load_sales()["date"].max().date() + timedelta(days=MAX_AHEAD_DAYS)


def _within_plan_reach(day: date) -> bool:
    return day <= plan_reach()


def _forecast_items(day: date, branches: list[str], products: list[str] | None) -> tuple[list[PlanItem], str]:
    """A day beyond the plan: the chain's sales forecast per goods group for that day (the numbers the plan's
    answer shows as its stand-in), split over branch x product by their shares in the sales around the same day
    a year earlier. RequestError (German) beyond the forecast's reach."""
    from tools.company.data import load_sales
    from tools.forecast.api import TABLE_DAYS, forecast_demo_series
    from tools.format_de import day_long

    last = load_sales()["date"].max().date() + timedelta(days=TABLE_DAYS)
    if day > last:
        raise RequestError(
            f"Ofenbelegung und Liefertouren plane ich höchstens bis zum {last:%d.%m.%Y} – so weit reicht die "
            f"Absatzprognose, aus der ich die Mengen nehme; für {day_long(day)} gibt es noch keine. Bitte wählen "
            "Sie einen näheren Tag."
        )
    groups = sorted({p.group for p in PRODUCT_BY_ID.values()})
    rows = forecast_demo_series(day, day, [f"alle/gruppe:{g}" for g in groups])
    totals = {str(r.product).split(":", 1)[1]: max(float(r.forecast), 0.0) for r in rows.itertuples()}
    shares, ref = _mix_shares(day, branches)
    items = [
        PlanItem(branch=b, product=p, quantity=q)
        for (b, p), q in _split(totals, shares).items()
        if q > 0 and (not products or p in products)
    ]
    text = (
        f"Mengen aus der Absatzprognose für diesen Tag (ein Backplan reicht nur bis zum {plan_reach():%d.%m.%Y}): "
        f"je Warengruppe die Prognose für alle Filialen, aufgeteilt nach den Anteilen der Filialen und Artikel "
        f"{ref}"
    )
    return items, text


def _split(totals: dict[str, float], shares: dict[tuple[str, str], float]) -> dict[tuple[str, str], int]:
    """Whole pieces per (branch, product) adding up to each group's rounded total (largest remainder first)."""
    out: dict[tuple[str, str], int] = {}
    for group, total in totals.items():
        keys = [k for k in shares if PRODUCT_BY_ID[k[1]].group == group]
        exact = {k: total * shares[k] for k in keys}
        floor = {k: int(v) for k, v in exact.items()}
        rest = round(total) - sum(floor.values())
        for k in sorted(keys, key=lambda k: exact[k] - floor[k], reverse=True)[: max(rest, 0)]:
            floor[k] += 1
        out.update(floor)
    return out


def _mix_shares(day: date, branches: list[str]) -> tuple[dict[tuple[str, str], float], str]:
    """Share of each (branch, product) within its goods group in the sales of the week around the same weekday a
    year earlier (the last four weeks of data when that year is missing), among the branches open on `day`."""
    from tools.company.data import load_sales

    sales = load_sales()
    sales = sales[sales["branch"].isin(branches)]
    mid = day - timedelta(weeks=52)
    rows = sales[
        (sales["date"].dt.date >= mid - timedelta(days=3)) & (sales["date"].dt.date <= mid + timedelta(days=3))
    ]
    ref = f"vom {mid - timedelta(days=3):%d.%m.%Y} bis {mid + timedelta(days=3):%d.%m.%Y} (Verkaufsdaten)"
    if rows.empty:
        last = sales["date"].max()
        rows = sales[sales["date"] > last - timedelta(days=28)]
        ref = f"in den letzten vier Wochen der Verkaufsdaten bis {last:%d.%m.%Y}"
    sold = rows.groupby(["branch", "product"])["sold"].sum()
    group_of = {k: PRODUCT_BY_ID[k[1]].group for k in sold.index if k[1] in PRODUCT_BY_ID}
    per_group: dict[str, float] = {}
    for k, g in group_of.items():
        per_group[g] = per_group.get(g, 0.0) + float(sold[k])
    shares = {k: float(sold[k]) / per_group[g] for k, g in group_of.items() if per_group[g] > 0}
    return shares, ref


def _sales_items(
    day: date, branches: list[str], products: list[str] | None, same_day: bool
) -> tuple[list[PlanItem], str, str]:
    """Baked pieces of the same weekday one week earlier (earlier weeks when that day has no data)."""
    from tools.company.data import load_sales

    sales = load_sales()
    known = set(sales["date"].dt.date.unique())
    if same_day:
        candidates = [day]
    else:
        back = 1
        if known and day - timedelta(weeks=1) > max(known):
            back = -(-(day - max(known)).days // 7)
        candidates = [day - timedelta(weeks=k) for k in range(back, back + MAX_WEEKS_BACK)]
    for ref in candidates:
        if ref in known:
            rows = sales[(sales["date"].dt.date == ref) & sales["branch"].isin(branches)]
            if products:
                rows = rows[rows["product"].isin(products)]
            items = [PlanItem(branch=r.branch, product=r.product, quantity=int(r.baked)) for r in rows.itertuples()]
            label = "des Tages selbst" if same_day else "desselben Wochentags"
            used = "same_day" if same_day else "sales"
            return items, f"gebackene Mengen {label} am {ref:%d.%m.%Y} (Verkaufsdaten)", used
    return [], "keine Verkaufsdaten für diesen Wochentag gefunden", "none"


def wave_of(product: str) -> int:
    """Index of the delivery wave that carries a product."""
    group = PRODUCT_BY_ID[product].group
    return next(i for i, (_, groups, _) in enumerate(WAVES) if group in groups)


def stops_for(demand: DayDemand, wave: int) -> list[Stop]:
    """Open branches with goods in this wave, their delivery deadline and crates."""
    crates = crates_per_branch([i for i in demand.items if wave_of(i.product) == wave])
    offset = WAVES[wave][2]
    stops = []
    for branch in BRANCHES:
        opening = opening_minute(branch, demand.day)
        if crates.get(branch.id) and opening is not None:
            stops.append(
                Stop(
                    id=branch.id,
                    name=branch.name,
                    lat=branch.lat,
                    lon=branch.lon,
                    opening_min=opening + offset,
                    crates=crates[branch.id],
                )
            )
    return stops


def plan_routes_day(demand: DayDemand, vehicles: list[Vehicle] | None = None, time_limit_s: float = 5.0) -> RoutePlan:
    """Both delivery waves; a van's second tour leaves after it is back from its first."""
    if vehicles is None:
        from tools.company.data import load_vehicles

        vehicles = load_vehicles()
    depot = (BAKERY.lat, BAKERY.lon)
    ready = {v.id: hhmm_to_min(v.departure_earliest) for v in vehicles}
    plans: list[RoutePlan] = []
    for wave, (label, _, _) in enumerate(WAVES):
        if wave > 0:
            ready = {k: max(t, hhmm_to_min(CAKE_TOUR_EARLIEST)) for k, t in ready.items()}
        fleet = [v.model_copy(update={"departure_earliest": min_to_hhmm(ready[v.id])}) for v in vehicles]
        plan = solve_routes(depot, stops_for(demand, wave), fleet, time_limit_s=time_limit_s)
        for route in plan.routes:
            route.wave = label
            ready[route.vehicle] = hhmm_to_min(route.back_at_bakery) + TURNAROUND_MIN
        plans.append(plan)
    unserved = [f"{b} ({WAVES[i][0]})" for i, p in enumerate(plans) for b in p.unserved]
    routes = [r for p in plans for r in p.routes]
    return RoutePlan(
        status=route_status(unserved, routes),
        day=demand.day.isoformat(),
        total_km=round(sum(r.km for r in routes), 1),
        routes=routes,
        unserved=unserved,
        solve_time_s=round(sum(p.solve_time_s for p in plans), 3),
    )


def oven_deadlines(routes: RoutePlan, demand: DayDemand) -> dict[tuple[str, str], int]:
    """(branch, product) -> minute its goods must be out of the oven: van departure minus loading."""
    departure: dict[tuple[str, str], int] = {}
    for route in routes.routes:
        dep = _minute(route.departure)
        for stop in route.stops:
            departure[(stop.branch, route.wave)] = dep - LOADING_MIN
    deadlines: dict[tuple[str, str], int] = {}
    for item in demand.items:
        wave = wave_of(item.product)
        key = (item.branch, WAVES[wave][0])
        if key not in departure:  # unserved: as if driven directly by the first van
            opening = opening_minute(BRANCH_BY_ID[item.branch], demand.day) or 0
            departure[key] = opening + WAVES[wave][2] - 60 - LOADING_MIN
        deadlines[(item.branch, item.product)] = departure[key]
    return deadlines


def _minute(hhmm: str) -> int:
    value = hhmm_to_min(hhmm)
    return value - 24 * 60 if value >= 20 * 60 else value


def plan_ovens_day(
    demand: DayDemand, routes: RoutePlan | None = None, deterministic_limit: float = 3.0
) -> tuple[OvenPlan, RoutePlan]:
    """Oven schedule whose deadlines come from the day's tours."""
    from tools.company.data import load_ovens

    routes = routes or plan_routes_day(demand)
    ovens = load_ovens()
    batches = build_batches(demand.items, oven_deadlines(routes, demand), slots_of(ovens))
    return stored_solve(batches, ovens, deterministic_limit=deterministic_limit), routes
