"""The printed result table of a forecast backtest, shared by the Kiel and the demo evaluation."""

from __future__ import annotations

import pandas as pd


def print_table(title: str, m: pd.DataFrame) -> pd.DataFrame:
    """Print metrics per series and the overall line; returns the overall WAPE per model."""
    print(f"\n=== {title} ===")
    show = m.copy()
    show["series"] = show["series"].astype(str)
    print(show.sort_values(["series", "model"]).to_string(index=False, float_format=lambda x: f"{x:.3f}"))
    tot = m[m["series"] == "ALLE"].set_index("model")["WAPE"]
    best = min(tot.get("lag7", float("inf")), tot.get("lag364", float("inf")))
    ours, plain = tot["synerki"], tot["prophet_plain"]
    print(
        f"Gesamt-WAPE synerki {ours:.3f} | besserer Baseline {best:.3f} (Ziel <= {0.8 * best:.3f}: "
        f"{'erfüllt' if ours <= 0.8 * best else 'verfehlt'}) | Prophet plain {plain:.3f} "
        f"(Ziel <= {0.9 * plain:.3f}: {'erfüllt' if ours <= 0.9 * plain else 'verfehlt'}; "
        f"{100 * (1 - ours / plain):.1f} % besser)"
    )
    return tot
