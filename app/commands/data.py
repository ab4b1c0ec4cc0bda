"""`synerki data generate [--force]`: write the demo company's data, train the router and print a summary;
`synerki data parameters`: show, set or import the company parameters (the tour cost's fuel rate)."""

from __future__ import annotations

import json

import typer

data_app = typer.Typer(help="Demodaten der Bäckerei Korn & Kruste", no_args_is_help=True)


@data_app.command("generate")
def generate_cmd(
    force: bool = typer.Option(False, "--force", help="auch neu erzeugen, wenn die Daten aktuell sind"),
    as_json: bool = typer.Option(False, "--json", help="Zusammenfassung als JSON"),
    defer: bool = typer.Option(
        False,
        "--defer",
        help="Ofenpläne, Rückblicke und Jahresrechnung erst nach dem Start der App im Hintergrund rechnen",
    ),
) -> None:
    """Demodaten erzeugen (falls fehlend oder veraltet), Router trainieren, Handbuch indizieren, Modelle vorberechnen."""
    from app.commands.train import train_router
    from tools.company.data import data_meta, ensure_data
    from tools.company.demo_copy import ensure_demo_data
    from tools.precompute import DEFERRED, STEPS, mark_pending

    def say(line: str) -> None:  # progress as it happens: a first start takes minutes
        if not as_json:
            print(line, flush=True)

    say("Demodaten prüfen bzw. erzeugen …")
    folder = ensure_data(force=force)
    demo_folder = ensure_demo_data(force=force)  # the lab tour's separate copy (never the live data)
    say("Router prüfen bzw. trainieren …")
    trained = train_router()
    say(trained)
    # pre-computed here so that no user waits for it: the handbook index (only changed files are re-read)
    from tools.rag import HANDBOOK_COLLECTION, HANDBOOK_DIR
    from tools.rag.store import ingest_paths

    say("Handbuch indizieren (nur geänderte Dateien) …")
    ingest_paths([HANDBOOK_DIR], HANDBOOK_COLLECTION)
    # … and the models and tables of the first questions (demand model, forecasts, budget): stored, then loaded
    from tools.precompute import precompute

    steps = [s for s in STEPS if not (defer and s in DEFERRED)]
    say("Modelle der ersten Fragen vorberechnen (beim ersten Start einige Minuten, danach nur laden) …")
    seconds = precompute(say, steps)
    if defer:
        mark_pending(DEFERRED)
        say(
            "Ofenpläne, Rückblicke und Jahresrechnung rechnet die App nach dem Start im Hintergrund "
            "(bereits gespeicherte werden nur geladen)."
        )
    meta = data_meta()
    if as_json:
        print(
            json.dumps(
                {
                    "folder": str(folder),
                    "demo_folder": str(demo_folder),
                    "router": trained,
                    "precomputed_s": seconds,
                    **meta,
                },
                ensure_ascii=False,
            )
        )
        return
    print(f"Demodaten in {folder}")
    print(f"  Kopie für den Show-Case-Rundgang (fiktiv, getrennt): {demo_folder}")
    print(f"  Verkäufe: {meta['rows_sales']} Zeilen vom {meta['first_day']} bis {meta['last_day']}")
    print(
        f"  Retourenquote: {meta['returns_rate'] * 100:.1f} %, ausverkauft an {meta['sold_out_share'] * 100:.1f} % "
        "der Filial-Artikel-Tage"
    )
    print(f"  Umsatz der letzten 12 Monate: {meta['revenue_last_12_months_eur']:,.0f} €".replace(",", "."))
    print(f"  Mitarbeitende: {meta['employees']}")


@data_app.command("pending")
def pending_cmd() -> None:
    """Vorberechnungen nachholen, die `data generate --defer` der App überlassen hat (startet `synerki serve`)."""
    from tools.precompute import run_pending

    run_pending(lambda line: print(line, flush=True))


@data_app.command("parameters")
def parameters_cmd(
    fuel: float | None = typer.Option(None, "--fuel-eur-km", help="eigener Kraftstoffsatz in € je km"),
    file: str | None = typer.Option(None, "--import", help='JSON-Datei mit {"fuel_eur_per_km": 0.24}'),
) -> None:
    """Firmenwerte zeigen, setzen oder aus einer Datei übernehmen (Kraftstoffsatz der Tourkosten)."""
    from pathlib import Path

    from tools.company.parameters import import_parameters, load_parameters, set_fuel_rate
    from tools.settings import get_settings

    today = get_settings().today()
    if file:
        params = import_parameters(Path(file), today)
    elif fuel is not None:
        params = set_fuel_rate(fuel, today)
    else:
        params = load_parameters()
    print(params.model_dump_json())


def register(app: typer.Typer) -> None:
    """Add `synerki data …`."""
    app.add_typer(data_app, name="data")
