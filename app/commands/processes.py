"""`synerki readiness processes`: the process map of a trade, from typical values or scripted answers."""

from __future__ import annotations

import json
from pathlib import Path

import typer

from app.commands.readiness import readiness_app


@readiness_app.command("processes")
def processes_cmd(
    trade: str = typer.Option("sonstige", "--trade", help="Branche (baeckerei, handwerk, kfz, pflege, …)"),
    answers: Path | None = typer.Option(
        None, "--answers", help="JSON: {'answers': ['so 10 Stunden, …', …], 'goals': '…'}; ohne: typische Werte"
    ),
    as_json: bool = typer.Option(False, "--json", help="die Prozesslandkarte als JSON ausgeben"),
    chart: Path | None = typer.Option(None, "--chart", help="zusätzlich das Bild (PNG) hierhin schreiben"),
) -> None:
    """Die Prozesslandkarte durchlaufen (gleicher Dialog wie im Chat); ohne Antworten alles „angenommen“."""
    from tools.readiness.process_chart import process_chart, process_table
    from tools.readiness.process_dialogue import result_map, run_script

    raw: dict[str, object] = {}
    if answers is not None:
        try:
            raw = json.loads(answers.read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError) as exc:
            typer.echo(f"Die Antwortdatei konnte nicht gelesen werden: {exc}", err=True)
            raise typer.Exit(2) from None
        texts, goals = raw.get("answers", []), raw.get("goals")
        if (
            not isinstance(texts, list)
            or not all(isinstance(x, str) for x in texts)
            or not isinstance(goals, str | None)
        ):
            typer.echo("Erwartet: {'answers': [Texte …], 'goals': 'Text'}.", err=True)
            raise typer.Exit(2)
    listed = raw.get("answers")
    m = result_map(
        run_script(
            trade,
            [str(x) for x in listed] if isinstance(listed, list) else None,
            str(raw["goals"]) if raw.get("goals") else None,
        )
    )
    if chart is not None:
        import shutil

        shutil.copyfile(process_chart(m), chart)
    if as_json:
        print(m.model_dump_json())
        return
    typer.echo(process_table(m))
    typer.echo("Engpässe: " + (", ".join(p.title for p in m.bottlenecks()) or "–"))
    typer.echo("Ziele" + (" (angenommen)" if m.goals_assumed else "") + ": " + "; ".join(m.goals))


def register(app: typer.Typer) -> None:
    """The command hangs on `synerki readiness` (registered by app.commands.readiness)."""
