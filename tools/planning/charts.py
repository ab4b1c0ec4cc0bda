"""Charts of the plans: a Gantt chart of the oven slots and a map-like plot of the tours."""

from __future__ import annotations

from pathlib import Path

from tools.charts import new_figure, save_figure
from tools.company.catalog import BAKERY, BRANCH_BY_ID, PRODUCT_BY_ID
from tools.planning.ovens import OvenPlan
from tools.planning.routes import RoutePlan

_COLORS = {
    "brot": "#8c564b",
    "broetchen": "#ff7f0e",
    "feingebaeck": "#e6b800",
    "konditorei": "#d62728",
    "kuchen": "#9467bd",
    "saison": "#2ca02c",
}


def oven_gantt(plan: OvenPlan, title: str) -> Path:
    """Gantt chart: one row per deck/rack, bars coloured by product group, late bars hatched."""
    slots = [s for o in plan.ovens for s in o.slots]
    fig, ax = new_figure(11, 0.5 * len(slots) + 2)
    for job in plan.jobs:
        row = slots.index(job.slot)
        ax.barh(
            row,
            (job.end_min - job.start_min) / 60,
            left=job.start_min / 60,
            height=0.7,
            color=_COLORS[PRODUCT_BY_ID[job.product].group],
            edgecolor="black",
            linewidth=0.4,
            hatch="//" if job.late_min else None,
        )
        if job.end_min - job.start_min >= 30:  # short bars stay unlabeled, the colour shows the group
            ax.text(
                (job.start_min + job.end_min) / 120,
                row,
                PRODUCT_BY_ID[job.product].name.split(" (")[0][:10],
                ha="center",
                va="center",
                fontsize=6,
            )
    ax.set_yticks(range(len(slots)), slots)
    ax.invert_yaxis()
    ticks = range(
        int(min((j.start_min for j in plan.jobs), default=0) // 60),
        int(max((j.end_min for j in plan.jobs), default=60) // 60) + 2,
    )
    ax.set_xticks(list(ticks), [f"{t % 24:02d}:00" for t in ticks])
    ax.set_xlabel("Uhrzeit (schraffiert = nach der Abfahrt fertig)")
    ax.set_title(title)
    return save_figure(fig, "ofenplan")


def tour_map(plan: RoutePlan, title: str) -> Path:
    """Tours on branch coordinates (longitude/latitude, no map tiles)."""
    fig, ax = new_figure(8, 7)
    ax.scatter([BAKERY.lon], [BAKERY.lat], marker="s", s=90, color="black", zorder=3)
    ax.annotate("Backstube", (BAKERY.lon, BAKERY.lat), xytext=(4, -10), textcoords="offset points", fontsize=8)
    for i, route in enumerate(plan.routes):
        pts = [(BAKERY.lon, BAKERY.lat)] + [
            (BRANCH_BY_ID[s.branch].lon, BRANCH_BY_ID[s.branch].lat) if s.branch in BRANCH_BY_ID else (0.0, 0.0)
            for s in route.stops
        ]
        pts.append(pts[0])
        style = "-" if route.wave != "Kuchentour" else "--"
        ax.plot(
            [p[0] for p in pts],
            [p[1] for p in pts],
            style,
            color=f"C{i}",
            linewidth=1.6,
            label=f"{route.wave} {route.vehicle_name}: {route.km:.0f} km".strip(),
        )
        for stop, p in zip(route.stops, pts[1:-1]):
            ax.scatter([p[0]], [p[1]], color=f"C{i}", zorder=3)
            name = BRANCH_BY_ID[stop.branch].name if stop.branch in BRANCH_BY_ID else stop.branch
            ax.annotate(
                f"{name.split(' ')[0] if route.wave == 'Kuchentour' else name} {stop.arrival}",
                p,
                xytext=(4, -10 if route.wave == "Kuchentour" else 4),
                textcoords="offset points",
                fontsize=7,
                color=f"C{i}",
            )
    ax.set_xlabel("Längengrad")
    ax.set_ylabel("Breitengrad")
    ax.set_aspect(1 / 0.61)  # cos(52.6°): keeps distances roughly true to scale
    ax.legend(fontsize=7, loc="upper center", bbox_to_anchor=(0.5, -0.12), ncol=2)
    ax.set_title(title)
    return save_figure(fig, "touren")
