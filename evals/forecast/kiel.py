"""The Kiel bakery data set (../shared/data/kiel_bakery) as series + regressors."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from tools.forecast.io import read_regressor_csv, read_series_csv


def load_kiel(folder: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(series frame: series, ds, y) and (regressors: date + weather + Kieler Woche)."""
    hist = read_series_csv(folder / "umsatz.csv", "Datum", "Warengruppe", "Umsatz")
    reg = read_regressor_csv(folder / "wetter.csv")
    kiwo = read_regressor_csv(folder / "kiwo.csv")
    reg = reg.merge(kiwo, on="date", how="outer").sort_values("date")
    for c in kiwo.columns.drop("date"):
        reg[c] = reg[c].fillna(0.0)
    return hist.rename(columns={"date": "ds", "value": "y"}), reg
