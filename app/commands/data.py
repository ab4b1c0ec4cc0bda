"""`synerki data generate [--force]`: write the demo company's data, train the router and print a summary."""

from __future__ import annotations

import json

import typer

data_app = typer.Typer(help="Demodaten der Bäckerei Korn & Kruste", no_args_is_help=True)


@data_app.command("generate")
def generate_cmd(
    force: bool = typer.Option(False, "--force", help="auch neu erzeugen, wenn die Daten aktuell sind"),
    as_json: bool = typer.Option(False, "--json", help="Zusammenfassung als JSON"),
) -> None:
    """Demodaten erzeugen (falls fehlend oder veraltet), Router trainieren, Handbuch indizieren, Modelle vorberechnen."""
    from app.commands.train import train_router
    from tools.company.data import data_meta, ensure_data
    from tools.company.demo_copy import ensure_demo_data

    folder = ensure_data(force=force)
    demo_folder = ensure_demo_data(force=force)  # the lab tour's separate copy (never the live data)
    trained = train_router()
    # pre-computed here so that no user waits for it: the handbook index (only changed files are re-read)
    from tools.rag import HANDBOOK_COLLECTION, HANDBOOK_DIR
    from tools.rag.store import ingest_paths

    ingest_paths([HANDBOOK_DIR], HANDBOOK_COLLECTION)
    # … and the models and tables of the first questions (demand model, forecasts, budget): stored, then loaded
    from tools.precompute import precompute

    notes: list[str] = []
    seconds = precompute(notes.append)
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
    print(trained)
    print("\n".join(notes))
    print(f"Demodaten in {folder}")
    print(f"  Kopie für den Show-Case-Rundgang (fiktiv, getrennt): {demo_folder}")
    print(f"  Verkäufe: {meta['rows_sales']} Zeilen vom {meta['first_day']} bis {meta['last_day']}")
    print(
        f"  Retourenquote: {meta['returns_rate'] * 100:.1f} %, ausverkauft an {meta['sold_out_share'] * 100:.1f} % "
        "der Filial-Artikel-Tage"
    )
    print(f"  Umsatz der letzten 12 Monate: {meta['revenue_last_12_months_eur']:,.0f} €".replace(",", "."))
    print(f"  Mitarbeitende: {meta['employees']}")


def register(app: typer.Typer) -> None:
    """Add `synerki data …`."""
    app.add_typer(data_app, name="data")
