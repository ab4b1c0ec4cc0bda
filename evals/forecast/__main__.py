"""`python -m evals.forecast [--quick] [--what-if]`: backtests on the Kiel data and the demo company, timings, and the
weather what-if against the demo generator's true weather effect."""

from __future__ import annotations

import argparse
import os
import time
from datetime import date
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")

import pandas as pd  # noqa: E402

from evals.forecast.backtest import metrics, origins_between, rolling_origin  # noqa: E402
from evals.forecast.report import print_table  # noqa: E402

# ../shared/data beside the checkout; SYNERKI_SHARED_DATA overrides it (a worktree one level deeper)
SHARED = Path(os.environ.get("SYNERKI_SHARED_DATA") or Path(__file__).resolve().parents[2].parent / "shared" / "data")
pd.set_option("display.width", 160)


def run_kiel(quick: bool) -> list[tuple[float, float]]:
    """Kiel: horizon 1-14 days from rolling origins and one whole year with known weather."""
    from evals.forecast.kiel import load_kiel

    folder = SHARED / "kiel_bakery"
    if not folder.is_dir():
        print("Kiel-Daten fehlen (../shared/data/kiel_bakery) – übersprungen.")
        return []
    data, reg = load_kiel(folder)
    n = 6 if quick else 16
    origins = origins_between(date(2017, 8, 1), date(2018, 7, 16), n)
    t = time.perf_counter()
    res, times = rolling_origin(data, origins, 14, reg, "DE-SH")
    print_table(f"Kiel, Horizont 1–14 Tage, {n} Ursprünge ({time.perf_counter() - t:.0f} s)", metrics(res))
    t = time.perf_counter()
    res_y, times_y = rolling_origin(data, [date(2017, 8, 1)], 365, reg, "DE-SH")
    print_table(
        f"Kiel, ganzes Jahr 2017-08-01..2018-07-31, Wetter bekannt ({time.perf_counter() - t:.0f} s)", metrics(res_y)
    )
    return times + times_y


def run_nested_kiel(quick: bool, horizon: int) -> None:
    """Nested rolling-origin evaluation on the Kiel data (every choice from inner CV on the past)."""
    from evals.forecast.kiel import load_kiel
    from evals.forecast.nested import run_nested

    folder = SHARED / "kiel_bakery"
    if not folder.is_dir():
        print("Kiel-Daten fehlen (../shared/data/kiel_bakery) – übersprungen.")
        return
    data, reg = load_kiel(folder)
    run_nested(data, reg, quick, horizon)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--quick", action="store_true", help="weniger Ursprünge und Reihen")
    ap.add_argument("--only", choices=["kiel", "demo"], default=None)
    ap.add_argument("--nested", action="store_true", help="verschachtelte Auswahl außerhalb der Zeit (Issue 21.2)")
    ap.add_argument("--horizon", type=int, default=91, help="Tage je äußerem Ursprung (mit --nested)")
    ap.add_argument("--what-if", action="store_true", help="Wetter-Was-wäre-wenn gegen die wahre Wetterwirkung")
    args = ap.parse_args()
    if args.what_if:
        from evals.forecast.what_if import run_what_if

        run_what_if(args.quick)
        return
    if args.nested:
        run_nested_kiel(args.quick, args.horizon)
        return
    fit_times: list[tuple[float, float]] = []
    if args.only in (None, "kiel"):
        fit_times += run_kiel(args.quick)
    if args.only in (None, "demo"):
        from evals.forecast.demo import run_demo

        fit_times += run_demo(args.quick)
    if fit_times:
        wall = pd.Series([w for w, _ in fit_times])
        cpu = pd.Series([c for _, c in fit_times])
        load = os.getloadavg()[0]
        print(
            f"\nAnpassung je Reihe (synerki, {len(wall)} Fits, Ziel < 2 s): Rechenzeit (CPU) Mittel {cpu.mean():.2f} s, "
            f"Max {cpu.max():.2f} s; Wanduhr Mittel {wall.mean():.2f} s, Max {wall.max():.2f} s "
            f"(Rechner geteilt, Last {load:.1f} auf {os.cpu_count()} Kernen)"
        )


if __name__ == "__main__":
    main()
