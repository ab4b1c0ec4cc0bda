"""Fit and store, right after the demo data is written, what the first questions need: the production demand
model and the plans of the planner's days, the sales forecast tables of the chain totals and the bread series and
their back-tests („Wie sicher ist das?“), the monthly budget models, the oven schedules of the days ahead and the
production plan's last year. Every step loads its artefact when it is already stored (seconds).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from datetime import date, timedelta

from tools.errors import UserFacingError

log = logging.getLogger(__name__)
# the branch series pre-fitted besides the chain totals: "how many … tomorrow?" is asked most about these.
# Not all pairs: with every pair fitted, the budget would switch to its bottom-up method (tools/finance/budget.py).
FIRST_GROUPS = ("brot", "broetchen")


def forecast_names() -> list[str]:
    """Chain totals per product and group, plus each branch's bread and rolls."""
    from tools.company.catalog import GROUP_NAMES, PRODUCTS
    from tools.forecast.api import demo_pairs

    pairs = demo_pairs()
    group_of = {p.id: p.group for p in PRODUCTS}
    totals = [f"alle/{p.id}" for p in PRODUCTS] + [f"alle/gruppe:{g}" for g in GROUP_NAMES]
    branch = [f"{b}/{p}" for b, p in sorted(pairs) if group_of.get(p) in FIRST_GROUPS]
    return totals + branch


def _production() -> str:
    from tools.chain.pieces import plan_window, template_plan
    from tools.production.plan import plan_day

    first, last = plan_window()
    plan_day(first)  # chooses the model variant on the last 12 weeks (~25 CPU-s), fits the demand model, stores both
    for i in range((last - first).days + 1):
        template_plan(first + timedelta(days=i), None, None)  # the overview's plans per weekday
    return f"Modellwahl, Nachfragemodell und Pläne {first:%d.%m.}–{last:%d.%m.%Y}"


def _forecasts() -> str:
    from tools.forecast.api import demo_entries

    names = forecast_names()
    demo_entries(names)
    return f"{len(names)} Prognosereihen"


def _backtests() -> str:
    from tools.forecast.api import demo_accuracy

    names = forecast_names()
    demo_accuracy(names)  # „Wie sicher ist das?“ after these forecasts: 4 model fits per series, stored
    return f"Rückblick (4 Prüfzeitpunkte) für {len(names)} Prognosereihen"


def _finance() -> str:
    from tools.chain.links import cached_budget
    from tools.finance.investment import cash_purchase_effect

    cached_budget()  # the overview's money link; its monthly model is the budget and liquidity questions' one
    cash_purchase_effect(0.0)  # the investment appraisal's cash plan (its own horizon)
    return "Monatsmodelle (Budget, Liquidität, Investition)"


def oven_days() -> list[date]:
    """The days whose oven schedule is stored ahead: the plan window from tomorrow on („Plane die Öfen für morgen“,
    „… für Samstag“); about 4 CPU-s each."""
    from tools.chain.pieces import plan_window
    from tools.settings import get_settings

    first, last = plan_window()
    start = min(max(get_settings().today() + timedelta(days=1), first), last)
    return [start + timedelta(days=i) for i in range((last - start).days + 1)]


def store_oven_plans() -> str:
    """Solve and store the whole-day oven schedule of each day in `oven_days` (a stored one is only read)."""
    from tools.planning.day import demand_for_day, plan_ovens_day

    days = oven_days()
    for day in days:
        plan_ovens_day(demand_for_day(day))  # the oven agent's inputs for the whole day: its answer reads this plan
    return f"Ofenpläne {days[0]:%d.%m.}–{days[-1]:%d.%m.%Y}" if days else "keine Ofenpläne"


def _yearly() -> str:
    from tools.company.data import load_sales
    from tools.production.yearly import compute_year

    y = compute_year(load_sales())  # "Was bringt mir das im Jahr?" (about a minute; `synerki daily` keeps it fresh)
    return f"Jahresrechnung des Produktionsplans {y.start:%d.%m.%Y}–{y.end:%d.%m.%Y}"


def warm_imports() -> None:
    """Import, in the running app's warm-up, the heavy libraries that tools load only where they are used."""
    import importlib

    for module in ("scipy.optimize", "matplotlib.pyplot"):
        importlib.import_module(module)


STEPS: dict[str, Callable[[], str]] = {
    "production": _production,
    "forecast": _forecasts,
    "backtests": _backtests,
    "finance": _finance,
    "ovens": store_oven_plans,
    "yearly": _yearly,
}


def precompute(report: Callable[[str], None] = log.info) -> dict[str, float]:
    """Run every step; one the data does not allow (a German UserFacingError) is reported and skipped, the
    question then fits on demand. Returns the seconds per step."""
    seconds: dict[str, float] = {}
    for name, step in STEPS.items():
        t = time.perf_counter()
        try:
            what = step()
        except UserFacingError as exc:
            what = f"übersprungen ({exc})"
        seconds[name] = round(time.perf_counter() - t, 1)
        report(f"Vorberechnet: {what} – {seconds[name]:.1f} s")
    return seconds
