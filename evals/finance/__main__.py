"""`python -m evals.finance [--quick]`: backtest of the monthly revenue forecast (last 12 months held out)."""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

KIEL = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "kiel_bakery" / "umsatz.csv"


def main(argv: list[str] | None = None) -> int:
    """Print MAPE of the model vs. same month last year and vs. the 12-month mean."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="only the fast log-linear model, no Prophet")
    args = parser.parse_args(argv)
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    from tools.finance.backtest import backtest_demo, backtest_kiel

    use_prophet = not args.quick
    results = [backtest_demo(use_prophet)]
    if KIEL.is_file():
        results.append(backtest_kiel(KIEL, use_prophet))
    else:
        print(f"Hinweis: {KIEL} fehlt – Kiel-Backtest übersprungen.")
    print(f"{'Datensatz':32} {'Modell':>8} {'Vorjahr':>8} {'12M-Mittel':>10} {'Gewinn ggü. Vorjahr':>20} "
          f"{'ggü. Mittel':>12}  Methode")
    for r in results:
        print(f"{r.name:32} {r.mape_model:7.2f}% {r.mape_same_month_last_year:7.2f}% {r.mape_12_month_mean:9.2f}% "
              f"{r.gain_vs_last_year * 100:19.1f}% {r.gain_vs_mean * 100:11.1f}%  {r.method}")
    print("Ziel: Modell-MAPE mindestens 20 % unter beiden Vergleichswerten "
          "(Testzeitraum: letzte 12 Monate; MAPE = mittlerer absoluter Prozentfehler).")
    for r in results:
        ok = r.gain_vs_last_year >= 0.2 and r.gain_vs_mean >= 0.2
        print(f"  {r.name}: {'erreicht' if ok else 'nicht erreicht'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
