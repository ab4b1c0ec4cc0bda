"""`synerki readiness …`: run the readiness interview with scripted answers, show the question bank."""

from __future__ import annotations

import json
from pathlib import Path

import typer

readiness_app = typer.Typer(help="KI-Readiness-Check (Interview und Strategie)", no_args_is_help=True)


@readiness_app.command("run")
def run_cmd(
    answers: Path = typer.Option(..., "--answers", help="JSON: {'profile': [...], '<dimension>': [Antworten ...]}"),
    as_json: bool = typer.Option(False, "--json", help="Ergebnis als JSON ausgeben"),
    report: Path | None = typer.Option(None, "--report", help="zusätzlich den HTML-Bericht hierhin schreiben"),
) -> None:
    """Das Interview mit vorgegebenen Antworten durchlaufen (gleiche Dialog-Engine wie im Chat)."""
    from tools.readiness.bank import DIMENSION_IDS
    from tools.readiness.scripted import run_script, summary

    try:
        raw = json.loads(answers.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        typer.echo(f"Die Antwortdatei konnte nicht gelesen werden: {exc}", err=True)
        raise typer.Exit(2) from None
    allowed = {"profile", *DIMENSION_IDS}
    bad = (
        [
            k
            for k, v in raw.items()
            if k not in allowed or not isinstance(v, list) or not all(isinstance(x, str) for x in v)
        ]
        if isinstance(raw, dict)
        else ["<Wurzel>"]
    )
    if bad:
        typer.echo(
            f"Ungültige Einträge in der Antwortdatei: {', '.join(bad)}. Erlaubt sind Listen von Texten unter "
            f"{', '.join(sorted(allowed))}.",
            err=True,
        )
        raise typer.Exit(2)
    run = run_script(raw)
    if report is not None:
        import shutil

        from tools.readiness.report import radar_chart, render_report
        from tools.readiness.store import compare
        from tools.readiness.strategy import build_strategy
        from tools.settings import get_settings

        comparison = compare(run.result)
        path = render_report(
            run.result,
            build_strategy(run.result),
            comparison,
            radar_chart(run.result, comparison),
            get_settings().today(),
        )
        shutil.copyfile(path, report)
    if as_json:
        print(json.dumps(summary(run), ensure_ascii=False))
        return
    from tools.format_de import num

    r = run.result
    for d in r.dimensions:
        typer.echo(f"{d.name:<32} {num(d.score, 1) if d.score is not None else '–':>5}")
    typer.echo(f"{'Gesamt':<32} {num(r.overall, 1) if r.overall is not None else '–':>5}  ({r.level})")
    typer.echo(f"Züge: {r.turns}, beantwortet: {r.answered}, offen: {r.skipped}")


@readiness_app.command("questions")
def questions_cmd() -> None:
    """Den Fragenkatalog mit den Stufenbeschreibungen ausgeben."""
    from tools.readiness.bank import load_bank

    bank = load_bank()
    for d in bank.dimensions:
        typer.echo(f"\n{d.name} ({d.id})")
        for q in d.questions:
            typer.echo(f"  [{q.id}] {q.text}")
            for lvl, txt in sorted(q.levels.items()):
                typer.echo(f"      {lvl} – {txt}")


def register(app: typer.Typer) -> None:
    """Add `synerki readiness run|questions`."""
    app.add_typer(readiness_app, name="readiness")
