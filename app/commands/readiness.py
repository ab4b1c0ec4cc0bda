"""`synerki readiness …`: run the readiness interview with scripted answers, show the question bank."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

if TYPE_CHECKING:
    from tools.readiness.backlog import Backlog
    from tools.readiness.processes import Process
    from tools.readiness.scoring import ReadinessResult

readiness_app = typer.Typer(help="KI-Readiness-Check (Interview und Strategie)", no_args_is_help=True)


@readiness_app.command("run")
def run_cmd(
    answers: Path = typer.Option(
        ...,
        "--answers",
        help="JSON: {'profile': [...], '<dimension>': [Antworten ...]}, optional 'goals', 'processes', 'hourly_rate'",
    ),
    as_json: bool = typer.Option(False, "--json", help="Ergebnis als JSON ausgeben"),
    report: Path | None = typer.Option(None, "--report", help="zusätzlich den HTML-Bericht hierhin schreiben"),
    pdf: Path | None = typer.Option(None, "--pdf", help="zusätzlich den Bericht als PDF hierhin schreiben"),
) -> None:
    """Das Interview mit vorgegebenen Antworten durchlaufen (gleiche Dialog-Engine wie im Chat)."""
    from tools.readiness.backlog import backlog_for, processes_json, use_cases_json
    from tools.readiness.bank import DIMENSION_IDS
    from tools.readiness.scripted import run_script, summary

    try:
        raw = json.loads(answers.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        typer.echo(f"Die Antwortdatei konnte nicht gelesen werden: {exc}", err=True)
        raise typer.Exit(2) from None
    if isinstance(raw, dict):
        raw, process_items = _split_processes(raw)
    allowed = {"profile", "goals", *DIMENSION_IDS}
    extra = {"hourly_rate"}
    bad = (
        [
            k
            for k, v in raw.items()
            if k not in extra
            and (k not in allowed or not isinstance(v, list) or not all(isinstance(x, str) for x in v))
        ]
        if isinstance(raw, dict)
        else ["<Wurzel>"]
    )
    if bad:
        typer.echo(
            f"Ungültige Einträge in der Antwortdatei: {', '.join(bad)}. Erlaubt sind Listen von Texten unter "
            f"{', '.join(sorted(allowed))}, dazu Prozess-Objekte unter 'processes' und 'hourly_rate'.",
            err=True,
        )
        raise typer.Exit(2)
    processes, rate = _processes_and_rate(process_items, raw.get("hourly_rate"))
    run = run_script({k: v for k, v in raw.items() if k not in ("goals", *extra)})
    r = run.result
    backlog = backlog_for(r.profile.trade, r.scores, r.profile.employees, processes, raw.get("goals"), rate)
    if report is not None or pdf is not None:
        _write_reports(run.result, backlog, report, pdf)
    if as_json:
        out = summary(run) | {
            "goals": backlog.process_map.goals,
            "goals_assumed": backlog.process_map.goals_assumed,
            "processes": processes_json(backlog.process_map),
            "use_cases": use_cases_json(backlog),
        }
        print(json.dumps(out, ensure_ascii=False))
        return
    from tools.format_de import num

    r = run.result
    for d in r.dimensions:
        typer.echo(f"{d.name:<32} {num(d.score, 1) if d.score is not None else '–':>5}")
    typer.echo(f"{'Gesamt':<32} {num(r.overall, 1) if r.overall is not None else '–':>5}  ({r.level})")
    typer.echo(f"Züge: {r.turns}, beantwortet: {r.answered}, offen: {r.skipped}")
    mark = " (angenommen)" if backlog.process_map.assumed else ""
    typer.echo(f"\nAnwendungsfälle{mark}:")
    for u in backlog.items[:5]:
        typer.echo(f"  {u.score:>3}  {u.title}{' · Quick Win' if u.quick_win else ''}")


def _split_processes(raw: dict[str, Any]) -> tuple[dict[str, Any], list[Any]]:
    """`processes` holds the process map (objects) and the process dimension's answers (texts) side by side."""
    items = raw.get("processes")
    if not isinstance(items, list):
        return raw, []
    texts = [x for x in items if isinstance(x, str)]
    rest = {k: v for k, v in raw.items() if k != "processes"} | ({"processes": texts} if texts else {})
    return rest, [x for x in items if not isinstance(x, str)]


def _processes_and_rate(items: list[Any], hourly_rate: Any) -> tuple[list[Process] | None, float | None]:
    """The process map's processes and the `hourly_rate` of a scripted answers file (None where absent)."""
    from pydantic import ValidationError

    from tools.readiness.processes import Process

    try:
        processes = [Process.model_validate(p) for p in items] or None
        rate = float(hourly_rate) if hourly_rate is not None else None
    except (ValidationError, TypeError, ValueError) as exc:
        typer.echo(f"Ungültige Prozesse oder ungültiger Stundensatz in der Antwortdatei: {exc}", err=True)
        raise typer.Exit(2) from None
    return processes, rate


def _write_reports(result: ReadinessResult, backlog: Backlog, html: Path | None, pdf: Path | None) -> None:
    """Write the HTML and/or PDF report of a scripted run to the given paths."""
    import shutil

    from tools.readiness.report import radar_chart, render_pdf, render_report
    from tools.readiness.store import compare
    from tools.readiness.strategy import build_strategy
    from tools.settings import get_settings

    comparison = compare(result)
    strategy = build_strategy(result, backlog)
    chart = radar_chart(result, comparison)
    today = get_settings().today()
    if html is not None:
        shutil.copyfile(render_report(result, strategy, comparison, chart, today), html)
    if pdf is not None:
        shutil.copyfile(render_pdf(result, strategy, comparison, chart, today), pdf)


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
