"""`synerki forecast predict|demo`: forecasts for any sales CSV (e.g. the Kiel data) or the demo company."""

from __future__ import annotations

import sys
import time
from datetime import datetime
from pathlib import Path

import typer

forecast_app = typer.Typer(help="Absatzprognosen (Prophet mit Feiertagen und Wetter)", no_args_is_help=True)


def _date(s: str, opt: str) -> datetime:
    try:
        return datetime.strptime(s, "%Y-%m-%d")
    except ValueError:
        print(f"Fehler: {opt} „{s}“ ist kein Datum im Format JJJJ-MM-TT.", file=sys.stderr)
        raise typer.Exit(2) from None


@forecast_app.command("predict")
def predict_cmd(
    sales: Path = typer.Option(..., "--sales", help="Verkaufsdaten (CSV)"),
    date_col: str = typer.Option("date", "--date-col", help="Spalte mit dem Datum"),
    series_col: str = typer.Option("series", "--series-col", help="Spalte mit der Reihe (z. B. Warengruppe)"),
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
    from tools.forecast.io import read_regressor_csv, read_series_csv

    d0, d1 = _date(start, "--start").date(), _date(end, "--end").date()
    if d1 < d0:
        print("Fehler: --end liegt vor --start.", file=sys.stderr)
        raise typer.Exit(2)
    t = time.perf_counter()
    try:
        hist = read_series_csv(sales, date_col, series_col, value_col)
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
    out.parent.mkdir(parents=True, exist_ok=True)
    pred.to_csv(out, index=False, float_format="%.3f")
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
