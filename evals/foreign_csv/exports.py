"""Foreign sales exports for `python -m evals.foreign_csv`: the Kiel file re-exported as a German Excel
would (or with gaps), and a synthetic chain (branch × product, closed Sundays, holidays, late and early ends)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import holidays as hol
import numpy as np
import pandas as pd


@dataclass
class Export:
    """One input file and how the CLI is told to read it."""

    name: str
    path: Path
    date_col: str
    series_col: str
    value_col: str
    start: str  # first forecast/plan day
    n_series: int


def _de_number(x: float) -> str:
    return f"{x:,.2f}".replace(",", "X").replace(".", ",").replace("X", ".")  # 1.234,56


def kiel_variants(kiel: Path, out: Path) -> list[Export]:
    """The Kiel file as is; as a German Excel export (';', 1.234,56, dd.mm.yyyy, extra columns, shuffled,
    Windows-1252); and with a six-week gap, one group starting a year late and one ending four months early."""
    u = pd.read_csv(kiel / "umsatz.csv")
    u["Datum"] = pd.to_datetime(u["Datum"])
    d = u.sample(frac=1, random_state=1)
    de = pd.DataFrame(
        {
            "Filialnr": "0815",
            "Datum": d["Datum"].dt.strftime("%d.%m.%Y"),
            "Warengruppe": d["Warengruppe"],
            "Umsatz": [_de_number(v) for v in d["Umsatz"]],
            "Bemerkung": "äöü",
        }
    )
    de.to_csv(out / "kiel_de.csv", sep=";", index=False, encoding="cp1252")
    g = u[~u["Datum"].between("2017-03-01", "2017-04-15")]
    g = g[~((g["Warengruppe"] == 1) & (g["Datum"] < "2014-07-01"))]
    g = g[~((g["Warengruppe"] == 5) & (g["Datum"] > "2018-03-31"))]
    g.assign(Datum=g["Datum"].dt.strftime("%Y-%m-%d")).to_csv(out / "kiel_gaps.csv", index=False)
    args = ("Datum", "Warengruppe", "Umsatz", "2018-08-01", 6)
    return [
        Export("Kiel (Original)", kiel / "umsatz.csv", *args),
        Export("Kiel deutsch (; 1.234,56 TT.MM.JJJJ)", out / "kiel_de.csv", *args),
        Export("Kiel mit Lücken/spätem Start/frühem Ende", out / "kiel_gaps.csv", *args),
    ]


PRODUCTS = {"Roggenbrot": 40, "Weizenbrötchen": 300, "Croissant": 80, "Bienenstich": 25}
PRODUCTS |= {"Laugenbrezel": 120, "Vollkornbrot": 30, "Berliner": 15, "Stollen": 8}
WEEKDAY = np.array([1.0, 0.95, 0.95, 1.0, 1.1, 1.45, 0.0])


def _series(days: pd.DatetimeIndex, product: str, level: float, sunday: bool, rng: np.random.Generator) -> np.ndarray:
    season = 1 + 0.15 * np.sin(2 * np.pi * (days.day_of_year - 100) / 365.25)
    mu = level * WEEKDAY[days.day_of_week] * season * (1 + 0.1 * (days.year - days.year.min()))
    if product == "Berliner":  # carnival and New Year's Eve
        mu = mu * np.where((days.month == 2) | ((days.month == 12) & (days.day == 31)), 4.0, 0.5)
    if product == "Stollen":  # November and December only
        mu = mu * np.where(days.month >= 11, 3.0, 0.0)
    if sunday:
        mu = np.where(days.day_of_week == 6, level * 0.8, mu)
    closed = days.isin(pd.DatetimeIndex(list(hol.country_holidays("DE", subdiv="SH", years=range(2016, 2019)))))
    return rng.poisson(np.where(closed, 0.0, np.clip(mu, 0, None)))


def chain(out: Path, branches: int, products: int, seed: int = 7) -> Export:
    """A chain's export 2016–2018: one row per open day, branch and product (';', dd.mm.yyyy, a price column);
    the last branch opens on Sundays too, the third opens in June 2017, one product ends and one starts late."""
    rng = np.random.default_rng(seed)
    days = pd.date_range("2016-01-01", "2018-12-31", freq="D")
    frames = []
    for b in range(branches):
        name, level, sunday = f"Filiale {b + 1}", 1.3 - 0.25 * (b % 4), b == branches - 1 and branches > 1
        for i, (p, base) in enumerate(list(PRODUCTS.items())[:products]):
            keep = np.ones(len(days), bool) if sunday else days.day_of_week != 6
            keep &= days >= "2017-06-01" if b == 2 else True
            keep &= days <= "2018-06-30" if (b, i) == (1, 5) else True
            keep &= days >= "2018-03-01" if (b, i) == (0, 2) else True
            y = _series(days, p, base * level, sunday, rng)
            frames.append(pd.DataFrame({"Datum": days[keep], "Filiale": name, "Artikel": p, "Menge": y[keep]}))
    df = pd.concat(frames, ignore_index=True)
    df["Preis"] = df["Artikel"].map({p: f"{1 + i * 0.35:.2f}".replace(".", ",") for i, p in enumerate(PRODUCTS)})
    df["Datum"] = df["Datum"].dt.strftime("%d.%m.%Y")
    path = out / f"kette_{branches}x{products}.csv"
    df.to_csv(path, sep=";", index=False)
    return Export(
        f"Kette {branches}×{products} (Filiale,Artikel)",
        path,
        "Datum",
        "Filiale,Artikel",
        "Menge",
        "2019-01-02",
        branches * products,
    )


def with_total_row(e: Export, out: Path) -> Export:
    """The same export with a trailing 'Summe' row (a report export): must fail with row and column named."""
    path = out / f"{e.path.stem}_summe.csv"
    path.write_text(e.path.read_text(encoding="utf-8") + "Summe;;;123.456;\n", encoding="utf-8")
    return Export(e.name + " + Summenzeile", path, e.date_col, e.series_col, e.value_col, e.start, e.n_series)
