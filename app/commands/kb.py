"""`synerki kb ingest|search|status`: the knowledge base (company documents in Qdrant)."""

from __future__ import annotations

import json
from pathlib import Path

import typer

kb_app = typer.Typer(help="Wissensdatenbank: Dokumente einlesen und durchsuchen", no_args_is_help=True)


@kb_app.command("ingest")
def ingest(
    paths: list[Path] = typer.Argument(None, help="Ordner oder Dateien (Standard: das Mitarbeiterhandbuch)"),
    collection: str = typer.Option("handbuch", "--collection", help="Name der Sammlung"),
    as_json: bool = typer.Option(False, "--json", help="Ausgabe als JSON"),
) -> None:
    """Liest Markdown-, Text-, PDF- und DOCX-Dateien ein; geänderte werden ersetzt, gelöschte entfernt."""
    from tools.rag import HANDBOOK_DIR
    from tools.rag.store import ingest_paths

    paths = paths or [HANDBOOK_DIR]
    missing = [str(p) for p in paths if not p.exists()]
    if missing:
        typer.echo(f"Nicht gefunden: {', '.join(missing)}", err=True)
        raise typer.Exit(2)
    report = ingest_paths(list(paths), collection)
    if as_json:
        print(report.model_dump_json())
        return
    typer.echo(
        f"Sammlung „{collection}“: {len(report.added)} neu, {len(report.updated)} aktualisiert, "
        f"{len(report.unchanged)} unverändert, {len(report.removed)} entfernt, {report.chunks} Abschnitte eingelesen."
    )
    for name, why in report.skipped.items():
        typer.echo(f"  übersprungen: {name} ({why})", err=True)


@kb_app.command("search")
def search(
    query: str = typer.Argument(..., help="Suchanfrage auf Deutsch"),
    collection: str = typer.Option("handbuch", "--collection", help="Name der Sammlung"),
    top_k: int = typer.Option(5, "--top-k", min=1, max=50, help="Anzahl Treffer"),
    as_json: bool = typer.Option(False, "--json", help="Ausgabe als JSON-Liste"),
) -> None:
    """Hybride Suche (Bedeutung + Stichworte); Treffer, der beste zuerst."""
    from tools.rag.search import search as run_search
    from tools.rag.store import count

    result = run_search(query, collection, top_k=top_k)
    if not result.hits and count(collection) == 0:
        typer.echo(
            f"Die Sammlung „{collection}“ ist leer oder existiert nicht. "
            f"Lesen Sie zuerst Dokumente ein: synerki kb ingest ORDNER --collection {collection}",
            err=True,
        )
    if as_json:
        hits = [{"source": h.source, "heading": h.heading, "text": h.text, "score": h.score} for h in result.hits]
        print(json.dumps(hits, ensure_ascii=False))
        return
    for i, h in enumerate(result.hits, start=1):
        typer.echo(f"{i}. [{h.score:.3f}] {h.source} – {h.heading}")
        typer.echo("   " + h.text[:300].replace("\n", " ") + ("…" if len(h.text) > 300 else ""))
    typer.echo(f"({result.latency_ms:.0f} ms)")


@kb_app.command("status")
def status(collection: str = typer.Option("handbuch", "--collection", help="Name der Sammlung")) -> None:
    """Zeigt die Dateien einer Sammlung und die Zahl der Abschnitte."""
    from tools.rag.store import count, stored_files

    files = stored_files(collection)
    typer.echo(f"Sammlung „{collection}“: {len(files)} Dateien, {count(collection)} Abschnitte")
    for key in sorted(files):
        typer.echo(f"  {Path(key).name}")


def register(app: typer.Typer) -> None:
    """Adds `synerki kb …`."""
    app.add_typer(kb_app, name="kb")
