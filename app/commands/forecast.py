"""`synerki forecast predict|demo`: forecasts for any sales CSV (e.g. the Kiel data) or the demo company."""

from __future__ import annotations

import sys
import time
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

import typer

if TYPE_CHECKING:
    import pandas as pd

forecast_app = typer.Typer(help="Absatzprognosen (Prophet mit Feiertagen und Wetter)", no_args_is_help=True)


def _date(s: str, opt: str) -> datetime:
    for fmt in ("%Y-%m-%d", "%d.%m.%Y"):
        try:
            return datetime.strptime(s.strip(), fmt)
        except ValueError:
            continue
    print(f"Fehler: {opt} „{s}“ ist kein Datum im Format JJJJ-MM-TT (oder TT.MM.JJJJ).", file=sys.stderr)
    raise typer.Exit(2)


def _history(sales: Path, date_col: str, series_col: str, value_col: str) -> pd.DataFrame:
    """The sales file as date, series, value; series too short to fit are left out, stopped ones named."""
    from tools.errors import DataError
    from tools.forecast.io import MIN_SERIES_DAYS, STALE_DAYS, read_series_csv, split_short_series, stale_series
    from tools.format_de import day

    hist, short = split_short_series(read_series_csv(sales, date_col, series_col, value_col))
    if short:
        more = " …" if len(short) > 10 else ""
        print(
            f"Hinweis: {len(short)} Reihe(n) mit weniger als {MIN_SERIES_DAYS} Tagen Verlauf ausgelassen: "
            + ", ".join(short[:10])
            + more,
            file=sys.stderr,
        )
    if stale := stale_series(hist):
        print(
            f"Hinweis: ohne Daten in den letzten {STALE_DAYS} Tagen der Datei (Prognose aus dem älteren Verlauf): "
            + ", ".join(f"{s} (bis {day(d.date())})" for s, d in list(stale.items())[:10]),
            file=sys.stderr,
        )
    if hist.empty:
        raise DataError(f"Keine Reihe hat mindestens {MIN_SERIES_DAYS} Tage Verlauf; eine Prognose ist nicht möglich.")
    return hist


@forecast_app.command("predict")
def predict_cmd(
    sales: Path = typer.Option(..., "--sales", help="Verkaufsdaten (CSV)"),
    date_col: str = typer.Option("date", "--date-col", help="Spalte mit dem Datum (JJJJ-MM-TT oder TT.MM.JJJJ)"),
    series_col: str = typer.Option(
        "series",
        "--series-col",
        help="Spalte mit der Reihe (z. B. Warengruppe); mehrere mit Komma, z. B. Filiale,Artikel",
    ),
    value_col: str = typer.Option("value", "--value-col", help="Spalte mit dem Wert (Absatz/Umsatz)"),
    start: str = typer.Option(..., "--start", help="erster Prognosetag JJJJ-MM-TT"),
    end: str = typer.Option(..., "--end", help="letzter Prognosetag JJJJ-MM-TT"),
    weather: Path | None = typer.Option(None, "--weather", help="Wetter-CSV (Lücken: Klimamittel)"),
    events: Path | None = typer.Option(None, "--events", help="Ereignis-CSV (fehlende Tage = 0)"),
    holidays: str = typer.Option("DE-ST", "--holidays", help="Feiertage, z. B. DE-SH; 'none' für keine"),
    out: Path = typer.Option(..., "--out", help="Ausgabe: date,series,forecast,lower,upper"),
    width: float = typer.Option(0.8, "--interval", help="Breite des Prognoseintervalls"),
) -> None:
    """Prognose für jede Reihe und jeden Tag im Zeitraum schreiben."""
    from tools.errors import UserFacingError
    from tools.forecast.api import forecast_frame
    from tools.forecast.io import read_regressor_csv

    d0, d1 = _date(start, "--start").date(), _date(end, "--end").date()
    if d1 < d0:
        print("Fehler: --end liegt vor --start.", file=sys.stderr)
        raise typer.Exit(2)
    t = time.perf_counter()
    try:
        hist = _history(sales, date_col, series_col, value_col)
        reg = None
        if weather is not None:
            reg = read_regressor_csv(weather)
        if events is not None:
            ev = read_regressor_csv(events, fill_missing_with_zero=True)
            reg = ev if reg is None else reg.merge(ev, on="date", how="outer")
            for c in ev.columns.drop("date"):
                reg[c] = reg[c].fillna(0.0)
        pred = forecast_frame(
            hist,
            d0,
            d1,
            regressors=reg,
            holidays_region=None if holidays.lower() == "none" else holidays,
            interval_width=width,
            select=True,  # model per series chosen by inner cross-validation on the past, stored as an artefact
        )
    except UserFacingError as exc:
        print(f"Fehler: {exc}", file=sys.stderr)
        raise typer.Exit(2) from None
    pred["date"] = pred["date"].dt.strftime("%Y-%m-%d")
    from tools.exports.csv import write_frame_csv

    write_frame_csv(pred, out, float_format="%.3f")  # series names from the user's file stay text in Excel
    print(
        f"{len(pred)} Zeilen ({pred['series'].nunique()} Reihen × {(d1 - d0).days + 1} Tage) nach {out} "
        f"geschrieben in {time.perf_counter() - t:.1f} s."
    )


@forecast_app.command("demo")
def demo_cmd(
    start: str = typer.Option(..., "--start", help="erster Tag JJJJ-MM-TT"),
    end: str = typer.Option(..., "--end", help="letzter Tag JJJJ-MM-TT"),
    product: list[str] = typer.Option([], "--product", help="Artikel-ID (mehrfach möglich; leer = alle)"),
    branch: list[str] = typer.Option([], "--branch", help="Filial-ID (mehrfach möglich; leer = alle)"),
    as_json: bool = typer.Option(False, "--json", help="als JSON-Zeilen ausgeben"),
) -> None:
    """Prognose der Demo-Bäckerei je Filiale und Artikel (Modelle werden zwischengespeichert)."""
    from tools.errors import UserFacingError
    from tools.forecast.api import forecast_demo

    try:
        df = forecast_demo(
            _date(start, "--start").date(),
            _date(end, "--end").date(),
            products=product or None,
            branches=branch or None,
        )
    except UserFacingError as exc:
        print(f"Fehler: {exc}", file=sys.stderr)
        raise typer.Exit(2) from None
    df["date"] = df["date"].dt.strftime("%Y-%m-%d")
    if as_json:
        print(df.to_json(orient="records", force_ascii=False))
    else:
        print(df.to_string(index=False, float_format=lambda x: f"{x:.1f}"))


@forecast_app.command("warm")
def warm_cmd() -> None:
    """Alle Demo-Reihen (Filiale × Artikel und Kettensummen je Artikel) anpassen und zwischenspeichern."""
    from tools.errors import UserFacingError
    from tools.forecast.api import demo_entries, demo_pairs

    t = time.perf_counter()
    try:
        pairs = sorted(demo_pairs())
        names = [f"{b}/{p}" for b, p in pairs] + [f"alle/{p}" for p in sorted({p for _, p in pairs})]
        demo_entries(names)
    except UserFacingError as exc:
        print(f"Fehler: {exc}", file=sys.stderr)
        raise typer.Exit(2) from None
    print(f"{len(names)} Prognosereihen bereit (Cache) in {time.perf_counter() - t:.0f} s.")


def register(app: typer.Typer) -> None:
    """Add `synerki forecast …`."""
    app.add_typer(forecast_app, name="forecast")
