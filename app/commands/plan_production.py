"""`synerki plan production`: the day's plan for the demo bakery, or a plan from a user's sales CSV."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta
from pathlib import Path

import typer

from app.commands._groups import plan_app
from tools.errors import UserFacingError


def _day(text: str | None, name: str) -> date | None:
    if text is None:
        return None
    for fmt in ("%Y-%m-%d", "%d.%m.%Y"):
        try:
            return datetime.strptime(text.strip(), fmt).date()
        except ValueError:
            continue
    typer.echo(f"{name}: „{text}“ ist kein Datum im Format JJJJ-MM-TT (oder TT.MM.JJJJ).", err=True)
    raise typer.Exit(2)


@plan_app.command("production")
def production(
    day: str | None = typer.Option(None, "--date", help="Tag JJJJ-MM-TT (Standard: morgen)"),
    branch: list[str] = typer.Option([], "--branch", help="Filial-ID (mehrfach möglich; Standard: alle)"),
    product: list[str] = typer.Option([], "--product", help="Produkt-ID (mehrfach möglich; Standard: alle)"),
    as_json: bool = typer.Option(False, "--json", help="Ausgabe als JSON"),
    sales: Path | None = typer.Option(None, "--sales", help="eigene Verkaufsdaten (CSV) statt der Demo-Firma"),
    date_col: str = typer.Option("date", "--date-col", help="Spalte mit dem Datum (JJJJ-MM-TT oder TT.MM.JJJJ)"),
    series_col: str | None = typer.Option(
        None,
        "--series-col",
        help="Spalte mit der Reihe (z. B. Artikel); mehrere mit Komma, z. B. Filiale,Artikel; leer = Summe",
    ),
    value_col: str = typer.Option("value", "--value-col", help="Spalte mit dem Absatz (Menge oder Umsatz)"),
    start: str | None = typer.Option(None, "--start", help="erster Plantag JJJJ-MM-TT"),
    end: str | None = typer.Option(None, "--end", help="letzter Plantag JJJJ-MM-TT"),
    price: float | None = typer.Option(None, "--price", help="Verkaufspreis je Einheit"),
    cost: float | None = typer.Option(None, "--cost", help="Herstellkosten je Einheit"),
    salvage: float | None = typer.Option(None, "--salvage", help="Wert einer übrig gebliebenen Einheit (Standard 0)"),
    set_key: str | None = typer.Option(
        None,
        "--set",
        help="Produkt- oder Warengruppen-ID: --price/--cost/--salvage für die Demo-Bäckerei dauerhaft speichern",
    ),
    prices: Path | None = typer.Option(
        None,
        "--prices",
        help="CSV je Reihe oder Artikel: series,price,cost[,salvage] oder Artikel,Preis,Kosten[,Restwert]",
    ),
    holidays: str | None = typer.Option(None, "--holidays", help="Feiertage, z. B. DE-SH"),
    weather: Path | None = typer.Option(None, "--weather", help="Wetter-CSV mit Datumsspalte"),
    events: Path | None = typer.Option(None, "--events", help="Ereignis-CSV mit Datumsspalte"),
    out: Path | None = typer.Option(None, "--out", help="Ausgabe-CSV des Plans"),
) -> None:
    """Backmengen als Newsvendor-Optimum (Demo-Bäckerei oder eigene CSV-Datei)."""
    from tools.errors import DataError

    if set_key is not None:
        from tools.production.demo import EconomicsOverride, product_economics, set_override

        try:
            set_override(EconomicsOverride(key=set_key, price=price, cost=cost, salvage=salvage))
        except UserFacingError as exc:
            typer.echo(str(exc), err=True)
            raise typer.Exit(1) from None
        given = {"Preis": price, "Kosten": cost, "Restwert": salvage}
        typer.echo(
            f"Gespeichert für {set_key}: "
            + ", ".join(f"{k} {v:.2f} €" for k, v in given.items() if v is not None)
            + " (übrige Werte aus dem Katalog).",
            err=True,
        )
        from tools.company.catalog import PRODUCT_BY_ID

        if set_key in PRODUCT_BY_ID:
            print(product_economics(set_key).model_dump_json())
        return
    if sales is not None:
        s, e = _day(start, "--start"), _day(end, "--end")
        if s is None or e is None or price is None or cost is None or out is None:
            typer.echo("Mit --sales sind --start, --end, --price, --cost und --out nötig.", err=True)
            raise typer.Exit(2)
        from tools.production.csvplan import plan_from_csv

        try:
            plan = plan_from_csv(
                sales,
                date_col,
                series_col,
                value_col,
                s,
                e,
                price,
                cost,
                salvage or 0.0,
                prices,
                holidays,
                weather,
                events,
            )
        except UserFacingError as exc:
            typer.echo(str(exc), err=True)
            raise typer.Exit(1) from None
        from tools.exports.csv import write_frame_csv

        write_frame_csv(plan, out)  # product names from the user's file stay text in Excel
        if plan.attrs.get("note"):
            typer.echo(str(plan.attrs["note"]), err=True)
        typer.echo(f"{len(plan)} Zeilen geschrieben: {out}", err=True)
        return
    from tools.errors import PlanError
    from tools.production.plan import plan_day
    from tools.settings import get_settings

    d = _day(day, "--date") or get_settings().today() + timedelta(days=1)
    try:
        plan = plan_day(d, branch or None, product or None)
    except (PlanError, DataError) as exc:
        typer.echo(str(exc), err=True)
        raise typer.Exit(1) from None
    if as_json:
        print(plan.model_dump_json())
        return
    print(f"Produktionsplan für {plan.day:%d.%m.%Y} (Daten bis {plan.data_until:%d.%m.%Y})")
    for t in plan.products:
        print(f"  {t.name:38s} {t.quantity:6d} Stück  {t.trays:4d} Bleche  {t.dough_kg:8.1f} kg {t.dough}")
    print("Teig je Sorte: " + ", ".join(f"{k} {v:.1f} kg" for k, v in plan.dough_kg.items()))
    if plan.shortages:
        print("Fehlmengen: " + ", ".join(f"{m.name} {m.shortage_kg:.1f} kg" for m in plan.shortages))
    else:
        print("Alle Rohstoffe sind vorrätig.")
    print(
        json.dumps(
            {"erwartete_retouren_eur": plan.expected_returns_eur, "erwartete_lieferfaehigkeit": plan.expected_fill},
            ensure_ascii=False,
        )
    )


def register(app: typer.Typer) -> None:
    """The command hangs on the shared `plan` group; nothing to add here."""
    return None
