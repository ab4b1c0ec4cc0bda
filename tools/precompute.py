"""Fit and store, right after the demo data is written, what the first questions need: the production demand
model and the plans of the planner's days, the sales forecast tables of the chain totals and the bread series and
their back-tests („Wie sicher ist das?“), the monthly budget models, the oven schedules of the days ahead and the
production plan's last year. Every step loads its artefact when it is already stored (seconds).
"""

from __future__ import annotations

import json
import logging
import os
import time
from collections.abc import Callable, Iterable
from datetime import date, timedelta
from pathlib import Path

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


# the steps' names in what a user reads (the server's start message)
STEP_TITLES = {
    "production": "Nachfragemodell und Pläne",
    "forecast": "Prognosen",
    "backtests": "Rückblicke für „Wie sicher ist das?“",
    "finance": "Monatsmodelle",
    "ovens": "Ofenpläne",
    "yearly": "Jahresrechnung des Produktionsplans",
}

STEPS: dict[str, Callable[[], str]] = {
    "production": _production,
    "forecast": _forecasts,
    "backtests": _backtests,
    "finance": _finance,
    "ovens": store_oven_plans,
    "yearly": _yearly,
}


# what the first screen and the first questions do not need: with `synerki data generate --defer` (scripts/run.sh)
# these run after the server start in a background worker (`synerki data pending`), in this order. Until then an
# oven plan or a back-test is fitted when asked (a few seconds); the year says it is being prepared.
DEFERRED = ("ovens", "backtests", "yearly")
PENDING_FILE = "precompute-pending.json"


def _pending_path() -> Path:
    from tools.settings import get_settings

    return get_settings().var_dir / PENDING_FILE


def _read_pending() -> dict[str, object]:
    try:
        data = json.loads(_pending_path().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _write_pending(steps: list[str], pid: int | None) -> None:
    path = _pending_path()
    if not steps:
        path.unlink(missing_ok=True)
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps({"steps": steps, "pid": pid}), encoding="utf-8")
    os.replace(tmp, path)


def mark_pending(steps: Iterable[str]) -> None:
    """Note the steps left for the background worker (run by `synerki serve` until all are stored)."""
    _write_pending([s for s in steps if s in STEPS], None)


def pending_steps() -> list[str]:
    """The steps still waiting for the background worker (empty when everything is pre-computed)."""
    steps = _read_pending().get("steps", [])
    return [s for s in steps if isinstance(s, str) and s in STEPS] if isinstance(steps, list) else []


def _alive(pid: object) -> bool:
    if not isinstance(pid, int) or pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def preparing(step: str) -> bool:
    """Whether a running background worker has this step still ahead of it (the answer then says so)."""
    data = _read_pending()
    return step in pending_steps() and _alive(data.get("pid"))


def run_pending(report: Callable[[str], None] = log.info) -> dict[str, float]:
    """The background worker: run the pending steps in order, each taken off the list once stored."""
    left = pending_steps()
    seconds: dict[str, float] = {}
    _write_pending(left, os.getpid())
    while left:
        seconds.update(precompute(report, [left[0]]))
        left = left[1:]
        _write_pending(left, os.getpid())
    return seconds


def precompute(report: Callable[[str], None] = log.info, steps: Iterable[str] | None = None) -> dict[str, float]:
    """Run the given steps (default: every step); one the data does not allow (a German UserFacingError) is
    reported and skipped, the question then fits on demand. Returns the seconds per step."""
    seconds: dict[str, float] = {}
    for name in STEPS if steps is None else steps:
        step = STEPS[name]
        t = time.perf_counter()
        try:
            what = step()
        except UserFacingError as exc:
            what = f"übersprungen ({exc})"
        seconds[name] = round(time.perf_counter() - t, 1)
        report(f"Vorberechnet: {what} – {seconds[name]:.1f} s")
    return seconds
