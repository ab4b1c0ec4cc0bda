"""`python -m evals.price [--quick]`: does the price what-if measure the customers' reaction right?

Synthetic chains with a known price elasticity (sales × price^e) are generated – 20 products, seasons with
different phases, trends, noise, irregular price rises on 2 January – and the estimate of
`tools.company.price_change` is compared with the truth: mean estimate, mean absolute error and how often the
80 % range holds the truth. Then the demo company (whose generator has no price reaction: the truth is 0).
"""

from __future__ import annotations

import argparse
import time
from datetime import date

import numpy as np
import pandas as pd

from tools.company.price_change import price_change

TRUTHS = (0.0, -0.3, -0.8, -1.5)


def synthetic(elasticity: float, seed: int, products: int = 20) -> pd.DataFrame:
    """Four years of daily chain sales; product k raises its price by 5–15 % on 2 January of a year with
    probability 0.5 (seeded), so some years have a rise and some not."""
    rng = np.random.default_rng(seed)
    days = pd.date_range("2022-01-01", "2025-11-30", freq="D")
    frames = []
    for k in range(products):
        season = 1 + rng.uniform(0.1, 0.4) * np.sin(2 * np.pi * (days.day_of_year + rng.uniform(0, 365)) / 365.25)
        trend = np.exp(rng.normal(0, 0.05) * (days.year - 2022 + days.day_of_year / 365.25))
        level = np.ones(len(days))
        for year in (2023, 2024, 2025):
            if rng.random() < 0.5:
                level *= np.where(days >= pd.Timestamp(year, 1, 2), 1 + rng.uniform(0.05, 0.15), 1.0)
        demand = rng.uniform(50, 800) * season * trend * level**elasticity * rng.lognormal(0, 0.08, len(days))
        open_day = ~((days.month == 1) & (days.day == 1))
        frames.append(
            pd.DataFrame(
                {
                    "date": days[open_day],
                    "branch": "a",
                    "product": f"p{k}",
                    "sold": np.round(demand[open_day]),
                    "price_eur": np.round(level[open_day] * 2.0, 2),
                }
            )
        )
    return pd.concat(frames, ignore_index=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--quick", action="store_true", help="3 statt 10 Datensätze je Elastizität")
    seeds = range(3 if ap.parse_args().quick else 10)
    print("Preisreaktion: gemessene gegen wahre Elastizität (synthetische Ketten, 20 Artikel, 4 Jahre)")
    print(f"{'wahr':>6} | {'Mittel gemessen':>15} | {'mittl. Abw.':>11} | {'80-%-Bereich trifft':>19} | Schritte")
    t = time.process_time()
    for truth in TRUTHS:
        est, hit, steps = [], 0, []
        for seed in seeds:
            res = price_change(synthetic(truth, seed), ["p0"], date(2025, 12, 1), delta_pct=5)
            if res.elasticity is None:
                continue
            est.append(res.elasticity)
            steps.append(res.measured_steps)
            lo, hi = res.elasticity_range or (np.nan, np.nan)
            hit += int(lo <= truth <= hi)
        err = np.mean(np.abs(np.array(est) - truth))
        print(f"{truth:>6.1f} | {np.mean(est):>15.2f} | {err:>11.2f} | {hit:>2}/{len(est):<16} | {np.mean(steps):.0f}")
    runs = len(TRUTHS) * len(seeds)
    print(f"Rechenzeit {time.process_time() - t:.1f} CPU-s für {runs} Messungen")
    from tools.company.data import load_sales
    from tools.settings import get_settings

    demo = price_change(load_sales(), ["schrippe"], get_settings().today(), delta_eur=0.05)
    lo, hi = demo.elasticity_range or (float("nan"), float("nan"))
    print(
        f"Demo Korn & Kruste (Generator ohne Preisreaktion, wahr 0): gemessen {demo.elasticity:.2f} "
        f"(80-%-Bereich {lo:.2f} bis {hi:.2f}) aus {demo.measured_steps} Preisänderungen"
    )


if __name__ == "__main__":
    main()
