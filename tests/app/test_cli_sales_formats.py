"""`synerki forecast predict` and `synerki plan production` on a chain's German export (issue 21.2)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

import tools.forecast.selection as sel
from app.cli import app

runner = CliRunner()


def chain_export(path: Path) -> Path:
    """Two branches × one bread plus a product introduced ten days before the end; German Excel notation,
    closed on Sundays (no rows), an extra column."""
    rng = np.random.default_rng(3)
    days = pd.date_range("2024-01-01", "2024-09-30", freq="D")
    rows = []
    for branch, level in (("Altstadt", 40.0), ("Hafen", 15.0)):
        for d in days[days.day_of_week != 6]:
            rows.append((d, branch, "Roggenbrot", level * (1.4 if d.day_of_week == 5 else 1.0) * rng.lognormal(0, 0.1)))
    rows += [(d, "Altstadt", "Neu", 5.0) for d in days[-10:]]
    df = pd.DataFrame(rows, columns=["Datum", "Filiale", "Artikel", "Menge"])
    df["Datum"] = df["Datum"].dt.strftime("%d.%m.%Y")
    df["Menge"] = df["Menge"].map(lambda v: f"{v:.2f}".replace(".", ","))
    df.insert(0, "Kasse", "1")
    df.sample(frac=1, random_state=0).to_csv(path, sep=";", index=False)
    return path


@pytest.fixture()
def small_grid(monkeypatch: pytest.MonkeyPatch) -> None:
    """Two bases instead of six: the same code path, a test-sized bill."""
    monkeypatch.setattr(sel, "BASES", {"tuned": (False, {"train_years": 1.0}), sel.PLAIN: (True, {})})
    monkeypatch.setattr(sel, "TUNED", ["tuned"])


def test_missing_key_column_is_named_by_both_commands(tmp_path: Path) -> None:
    f = chain_export(tmp_path / "kette.csv")
    common = ["--sales", str(f), "--date-col", "Datum", "--series-col", "Filiale,Produkt", "--value-col", "Menge"]
    res = runner.invoke(
        app, ["forecast", "predict", *common, "--start", "2024-10-01", "--end", "2024-10-02", "--out", "x.csv"]
    )
    assert res.exit_code == 2 and "fehlt die Spalte „Produkt“" in res.output, res.output
    res = runner.invoke(
        app,
        ["plan", "production", *common, "--start", "01.10.2024", "--end", "02.10.2024"]
        + ["--price", "4", "--cost", "1.5", "--out", str(tmp_path / "p.csv")],
    )
    assert res.exit_code == 1 and "fehlt die Spalte „Produkt“" in res.output, res.output


@pytest.mark.usefixtures("small_grid")
def test_forecast_of_a_chain_export_with_two_key_columns(tmp_path: Path, fresh_var: Path) -> None:
    f = chain_export(tmp_path / "kette.csv")
    out = tmp_path / "prognose.csv"
    res = runner.invoke(
        app,
        ["forecast", "predict", "--sales", str(f), "--date-col", "Datum", "--series-col", "Filiale,Artikel"]
        + ["--value-col", "Menge", "--start", "01.10.2024", "--end", "14.10.2024", "--out", str(out)],
    )
    assert res.exit_code == 0, res.output
    assert "ausgelassen: Altstadt/Neu" in res.output  # ten days of history cannot be fitted, the rest goes on
    pred = pd.read_csv(out)
    assert sorted(pred["series"].unique()) == ["Altstadt/Roggenbrot", "Hafen/Roggenbrot"]
    assert len(pred) == 2 * 14
    week = pred.assign(wd=pd.to_datetime(pred["date"]).dt.day_of_week)
    alt = week[week["series"] == "Altstadt/Roggenbrot"]
    assert (alt.loc[alt["wd"] == 6, "forecast"] == 0).all()  # closed on Sundays
    assert 30 < alt.loc[alt["wd"] < 5, "forecast"].mean() < 50
    hafen = week[(week["series"] == "Hafen/Roggenbrot") & (week["wd"] < 5)]
    assert 10 < hafen["forecast"].mean() < 20
