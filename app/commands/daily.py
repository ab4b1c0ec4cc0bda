"""`synerki daily`: cron-friendly daily run – refresh the chain, store alerts, print a short summary."""

from __future__ import annotations

import logging
import uuid

import typer

log = logging.getLogger(__name__)


def daily_cmd(
    days: int = typer.Option(7, "--days", min=1, max=35, help="Tage ab morgen, die geprüft werden"),
    as_json: bool = typer.Option(False, "--json", help="Ergebnis als JSON"),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="nur eine Zeile ausgeben"),
) -> None:
    """Prognosen und Pläne auffrischen und Hinweise (Nachfragespitzen, Öfen, Personal, Liquidität, Qualität) speichern."""
    from tools.chain.alerts import daily_run, list_alerts

    try:
        s = daily_run(days=days)
    except Exception as exc:  # noqa: BLE001 - cron: one German line, exit 0, traceback logged
        error_id = uuid.uuid4().hex[:8]
        log.exception("daily run failed (Fehler-ID %s)", error_id)
        typer.echo(f"Tageslauf abgebrochen: interner Fehler (Fehler-ID {error_id}), Details im Protokoll.", err=True)
        raise typer.Exit(code=0) from exc
    if as_json:
        print(s.model_dump_json())
        return
    open_n = len(list_alerts("open"))
    typer.echo(
        f"Tageslauf {s.today:%d.%m.%Y} ({s.start:%d.%m.}–{s.end:%d.%m.}): {len(s.alerts)} Hinweise "
        f"({s.new} neu, {s.updated} aktualisiert, {s.closed} erledigt), offen insgesamt {open_n}, {s.seconds:.1f} s."
    )
    if quiet:
        return
    for a in s.alerts:
        typer.echo(f"- [{a.kind}] {a.title}: {a.text}")
    for link, why in s.missing.items():
        typer.echo(f"- nicht verfügbar: {link} ({why})")


def register(app: typer.Typer) -> None:
    """Add `synerki daily`."""
    app.command("daily")(daily_cmd)
