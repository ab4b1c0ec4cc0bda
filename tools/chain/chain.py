"""Run the chain demand → production → ovens → staffing → recruiting → money for a period.

Every link runs the domain tool on the previous link's output; a link that fails is recorded in
`ChainCase.missing` with a German reason instead of failing the whole chain.
"""

from __future__ import annotations

import logging
import time
from collections import defaultdict
from collections.abc import Callable
from datetime import date

import pandas as pd

from tools.chain.models import ChainCase, ChainResult, DayFigure, DemandLink, ProductionLink
from tools.chain.pieces import expected_pieces, prev_year_demand, scaled
from tools.errors import RequestError

log = logging.getLogger(__name__)
MAX_DAYS = 35


def _demand_link(pieces: pd.DataFrame, prev: float | None) -> DemandLink:
    by_day = pieces.groupby("date").agg(
        demand=("sell", "sum"), production=("produce", "sum"), planned=("planned", "all")
    )
    days = [
        DayFigure(
            day=d, demand=round(float(r.demand), 1), production=round(float(r.production), 1), planned=bool(r.planned)
        )
        for d, r in by_day.iterrows()
    ]
    total = float(pieces["sell"].sum())
    peak = max(days, key=lambda x: x.demand)
    return DemandLink(
        pieces=round(total, 1),
        revenue_eur=round(float((pieces["sell"] * pieces["price"]).sum()), 2),
        prev_year_pieces=round(prev, 1) if prev else None,
        change_pct=round(100.0 * (total / prev - 1.0), 1) if prev else None,
        peak_day=peak.day,
        peak_pieces=peak.demand,
        days=days,
    )


def _production_link(pieces: pd.DataFrame, plan_until: date) -> ProductionLink:
    planned = pieces.loc[pieces["planned"], "date"].nunique()
    projected = pieces.loc[~pieces["planned"], "date"].nunique()
    text = "Newsvendor-Produktionsplan"
    if projected:
        text += (
            f" bis {plan_until:%d.%m.}; danach Plan des gleichen Wochentags, je Artikel skaliert mit der Absatzprognose"
        )
    return ProductionLink(
        pieces=round(float(pieces["produce"].sum()), 1),
        planned_days=int(planned),
        projected_days=int(projected),
        plan_until=plan_until,
        source_text=text,
    )


def _reason(exc: Exception) -> str:
    msg = str(exc).strip()
    return msg if msg and len(msg) < 200 and not msg.startswith(("Traceback", "'")) else type(exc).__name__


def run_case(
    start: date,
    end: date,
    pieces: pd.DataFrame | None,
    plan_until: date | None,
    prev: float | None,
    branches: list[str] | None,
    percent: float,
    oven_day: date | None,
    base_pieces: pd.DataFrame | None,
    seconds: dict[str, float],
    pieces_error: str | None = None,
    on_link: Callable[[str], None] | None = None,
) -> ChainCase:
    """All links for one demand level; `seconds` accumulates the time per link, `on_link` hears each finished one."""
    case = ChainCase(percent=percent)

    def step(name: str, fn):
        t = time.perf_counter()
        try:
            return fn()
        except Exception as exc:  # noqa: BLE001 - one broken link must not break the answer
            log.warning("chain link %s failed: %s", name, exc)
            case.missing[name] = _reason(exc)
            return None
        finally:
            seconds[name] = round(seconds.get(name, 0.0) + time.perf_counter() - t, 3)
            if on_link is not None:
                on_link(name)

    if pieces is None:
        for name in ("demand", "production", "ovens", "staffing", "recruiting"):
            case.missing[name] = pieces_error or "keine Mengen"
    else:
        assert plan_until is not None  # expected_pieces gives both
        case.demand = step("demand", lambda: _demand_link(pieces, prev))
        case.production = step("production", lambda: _production_link(pieces, plan_until))
        if oven_day is not None:
            case.ovens = step("ovens", lambda: _oven(oven_day, pieces))
        st = step("staffing", lambda: _staff(start, end, pieces, branches))
        if st is not None:
            case.staffing = st[0]
            case.campaigns = step("recruiting", lambda: _recruit(st[1]))
        else:
            case.missing["recruiting"] = "ohne Personalbedarf keine Kampagne"
    money_pieces = pieces if pieces is not None else pd.DataFrame(columns=["date", "sell", "price", "produce", "cost"])
    case.money = step("money", lambda: _money(start, end, money_pieces, case.campaigns or [], base_pieces))
    return case


def _oven(day, pieces):
    from tools.chain.links import oven_link

    return oven_link(day, pieces)


def _staff(start, end, pieces, branches):
    from tools.chain.links import staffing_link

    return staffing_link(start, end, pieces, branches)


def _recruit(result):
    from tools.chain.links import recruiting_link

    return recruiting_link(result)


def _money(start, end, pieces, campaigns, base_pieces):
    from tools.chain.links import money_link

    return money_link(start, end, pieces, campaigns, base_pieces)


def run_chain(
    start: date,
    end: date,
    percent: float | None = None,
    branches: list[str] | None = None,
    products: list[str] | None = None,
    with_ovens: bool = True,
    on_link: Callable[[str], None] | None = None,
) -> ChainResult:
    """Base case (and a scenario with demand × (1 + percent/100)) for [start, end]; `on_link(name)` is called
    whenever a link has finished (progress for the user)."""
    if end < start:
        raise RequestError("Das Ende des Zeitraums liegt vor dem Anfang.")
    if (end - start).days + 1 > MAX_DAYS:
        raise RequestError(f"Der Gesamtüberblick rechnet höchstens {MAX_DAYS} Tage am Stück.")
    seconds: dict[str, float] = defaultdict(float)
    notes: list[str] = []
    t = time.perf_counter()
    pieces = plan_until = prev = None
    err = None
    try:
        pieces, plan_until = expected_pieces(start, end, branches, products)
        prev = prev_year_demand(start, end, branches, products)
    except Exception as exc:  # noqa: BLE001 - reported as a missing link
        log.warning("chain pieces failed: %s", exc)
        err = _reason(exc)
    seconds["pieces"] = round(time.perf_counter() - t, 3)
    oven_day = None
    if pieces is not None and len(pieces) and with_ovens:
        per_day = pieces.groupby("date")["produce"].sum()
        oven_day = per_day.idxmax()
        notes.append(
            f"Öfen: gerechnet für den Tag mit der größten Produktionsmenge ({oven_day:%d.%m.%Y}), "
            "nicht für jeden Tag des Zeitraums."
        )
    base = run_case(start, end, pieces, plan_until, prev, branches, 0.0, oven_day, None, seconds, err, on_link)
    scenario = None
    if percent:
        sp = scaled(pieces, percent) if pieces is not None else None
        scenario = run_case(
            start, end, sp, plan_until, prev, branches, percent, oven_day, pieces, seconds, err, on_link
        )
    return ChainResult(
        start=start,
        end=end,
        branches=list(branches or []),
        products=list(products or []),
        base=base,
        scenario=scenario,
        notes=notes,
        seconds=dict(seconds),
    )
