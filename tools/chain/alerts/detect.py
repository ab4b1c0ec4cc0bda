"""Which alerts the day's results imply: demand peak, oven overrun, staffing gap with a drafted campaign,
coming cash shortfall, rising defect rate. Pure functions of the results; nothing is stored here.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import TYPE_CHECKING

from tools.chain.alerts.models import Alert, FollowUp
from tools.chain.models import ChainResult
from tools.format_de import eur, integer, num, percent, share

if TYPE_CHECKING:
    from tools.finance.models import LiquidityPlan
    from tools.vision.log import DefectStats

PEAK_RATIO = 1.15  # a day ≥ 15 % above the same weekday's mean of the last 4 weeks is a peak
DEFECT_RISE = 1.25  # defect rate of the last 7 days ≥ 1.25 × the 4 weeks before
DEFECT_MIN_PIECES = 30


def alert_id(kind: str, *parts: object) -> str:
    """A stable id per kind and subject, so the next run refreshes the same alert instead of adding one."""
    raw = "-".join([kind] + [str(p) for p in parts])
    return re.sub(r"[^a-zA-Z0-9_.-]+", "_", raw)[:80]


def _on(day: date) -> str:
    return f"am {day:%d.%m.%Y}"


def weekday_means(today: date, weeks: int = 4) -> dict[int, float]:
    """Mean demand (uncensored pieces, all branches) per weekday over the last `weeks` weeks."""
    import pandas as pd

    from tools.forecast.api import demo_inputs

    hist = demo_inputs()[0]
    recent = hist[hist["date"] >= hist["date"].max() - pd.Timedelta(days=7 * weeks - 1)]
    daily = recent.groupby("date")["value"].sum()
    return {int(wd): float(g.mean()) for wd, g in daily.groupby(daily.index.day_of_week)}


def _demand_peak(r: ChainResult, now: datetime, weekday_mean: dict[int, float]) -> Alert | None:
    demand = r.base.demand
    if demand is None:
        return None
    ratios = [(d, d.demand / weekday_mean[d.day.weekday()]) for d in demand.days if weekday_mean.get(d.day.weekday())]
    if not ratios:
        return None
    d, ratio = max(ratios, key=lambda x: x[1])
    if ratio < PEAK_RATIO:
        return None
    mean = weekday_mean[d.day.weekday()]
    return Alert(
        id=alert_id("demand_peak", d.day),
        kind="demand_peak",
        created=now,
        day=d.day,
        title=f"Nachfragespitze am {d.day:%d.%m.%Y}",
        text=(
            f"Erwartet werden {integer(d.demand)} Stück – {share(ratio - 1)} mehr als an diesem "
            f"Wochentag im Schnitt der letzten 4 Wochen ({integer(mean)} Stück). "
            f"Geplante Produktion: {integer(d.production)} Stück."
        ),
        follow_up=FollowUp(
            kind="demand_peak",
            text=f"Zeig mir den Produktionsplan für den {d.day:%d.%m.%Y}",
            start=d.day,
            end=d.day,
            period=_on(d.day),
        ),
        figures={"demand": d.demand, "weekday_mean": mean, "ratio": round(ratio, 3)},
    )


def _oven_overrun(r: ChainResult, now: datetime) -> Alert | None:
    o = r.base.ovens
    if o is None or (o.missing_oven_hours <= 0 and o.total_load_pct <= 100):
        return None
    late = f" Zu spät: {', '.join(o.late_products[:4])}." if o.late_products else ""
    return Alert(
        id=alert_id("oven_overrun", o.day),
        kind="oven_overrun",
        created=now,
        day=o.day,
        title=f"Ofenkapazität am {o.day:%d.%m.%Y} überschritten",
        text=(
            f"Für {integer(o.pieces)} Stück sind die Öfen zu {percent(o.total_load_pct)} ausgelastet "
            f"({o.busiest_oven} {percent(o.load_pct)}); es fehlen {num(o.missing_oven_hours, 1)} "
            "Ofenstunden vor den Abfahrten." + late
        ),
        follow_up=FollowUp(
            kind="oven_overrun",
            text=f"Wie sieht die Ofenbelegung am {o.day:%d.%m.%Y} aus?",
            start=o.day,
            end=o.day,
            period=_on(o.day),
        ),
        figures=o.model_dump(mode="json"),
    )


def _staffing_gaps(r: ChainResult, now: datetime) -> list[Alert]:
    base = r.base
    if base.staffing is None or not base.campaigns:
        return []
    out = []
    for c in base.campaigns:
        gap = base.staffing.shortage_hours.get(c.role, 0.0)
        out.append(
            Alert(
                id=alert_id("staffing_gap", c.role, r.start),
                kind="staffing_gap",
                created=now,
                day=r.start,
                title=f"Personallücke {c.role}: {integer(gap)} Stunden",
                text=(
                    f"Vom {r.start:%d.%m.} bis {r.end:%d.%m.%Y} fehlen {integer(gap)} Stunden {c.role}. "
                    f"Kampagnen-Entwurf: „{c.title}“, {c.headcount} × {c.employment}, "
                    f"Kosten {eur(c.cost_total_eur)}, starten bis {c.start_campaign_by:%d.%m.%Y}."
                ),
                follow_up=FollowUp(
                    kind="staffing_gap",
                    text=f"Erstelle eine Recruiting-Kampagne für {c.role}",
                    start=r.start,
                    end=r.end,
                    period=f"vom {r.start:%d.%m.} bis {r.end:%d.%m.%Y}",
                    role=c.role,
                ),
                figures={"gap_hours": gap, "campaign": c.model_dump(mode="json")},
            )
        )
    return out


def detect_chain_alerts(r: ChainResult, now: datetime, weekday_mean: dict[int, float] | None = None) -> list[Alert]:
    """Demand peak (needs the weekday means), oven overrun and staffing gaps (with campaign) from one chain result."""
    found = [_demand_peak(r, now, weekday_mean) if weekday_mean else None, _oven_overrun(r, now)]
    return [a for a in found if a is not None] + _staffing_gaps(r, now)


def liquidity_alert(plan: LiquidityPlan, now: datetime) -> Alert | None:
    """First day below 0 € or below the safety buffer in a LiquidityPlan."""
    s = plan.first_shortfall or plan.first_below_buffer
    if s is None:
        return None
    zero = plan.first_shortfall is not None
    return Alert(
        id=alert_id("liquidity", s.date),
        kind="liquidity",
        created=now,
        day=s.date,
        title=f"{'Kontostand unter 0 €' if zero else 'Kontostand unter dem Sicherheitspuffer'} am {s.date:%d.%m.%Y}",
        text=f"{s.reason}. Tiefster Stand {eur(plan.min_balance)} am {plan.min_balance_date:%d.%m.%Y}.",
        follow_up=FollowUp(
            kind="cash_low",
            text=f"Wie entwickelt sich die Liquidität bis {s.date:%d.%m.%Y}?",
            start=now.date(),
            end=s.date,
            period=f"bis {s.date:%d.%m.%Y}",
        ),
        figures={
            "date": s.date.isoformat(),
            "balance": s.balance,
            "threshold": s.threshold,
            "min_balance": plan.min_balance,
        },
    )


def defect_alert(recent: DefectStats, before: DefectStats, now: datetime) -> Alert | None:
    """Rising defect rate: last 7 days vs. the 4 weeks before (DefectStats of tools.vision.log)."""
    if recent.rate is None or recent.pieces < DEFECT_MIN_PIECES:
        return None
    if before.rate is None or before.pieces < DEFECT_MIN_PIECES:
        return None  # nothing to compare with
    if recent.rate < DEFECT_RISE * before.rate:
        return None
    return Alert(
        id=alert_id("defect_rate", recent.end),
        kind="defect_rate",
        created=now,
        day=recent.end,
        title=f"Fehlerquote steigt: {share(recent.rate)}",
        text=(
            f"In den letzten 7 Tagen waren {recent.defective} von {recent.pieces} geprüften Stücken fehlerhaft "
            f"({share(recent.rate)}), in den 4 Wochen davor {share(before.rate)}."
        ),
        follow_up=FollowUp(
            kind="defect_rate",
            text="Wie hoch war die Fehlerquote in den letzten 7 Tagen?",
            start=recent.start,
            end=recent.end,
            period="in den letzten 7 Tagen",
        ),
        figures={"recent_rate": recent.rate, "before_rate": before.rate, "recent_pieces": recent.pieces},
    )
