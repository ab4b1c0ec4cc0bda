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
    year_line = _yearly_line()
    _store_oven_plans()
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
    typer.echo(year_line)
    for a in s.alerts:
        typer.echo(f"- [{a.kind}] {a.title}: {a.text}")
    for link, why in s.missing.items():
        typer.echo(f"- nicht verfügbar: {link} ({why})")


def _store_oven_plans() -> None:
    """Solve and store the oven plans of the days ahead on today's data, so „Plane die Öfen für morgen“ reads them."""
    from tools.errors import UserFacingError
    from tools.precompute import store_oven_plans

    try:
        log.info("Vorberechnet: %s", store_oven_plans())
    except UserFacingError as exc:
        log.info("Ofenpläne nicht vorberechnet: %s", exc)
    except Exception:  # noqa: BLE001 - cron: the alerts are stored; the chat solves the plan when asked
        log.exception("oven plans failed")


def _yearly_line() -> str:
    """Compute (or load) the plan's last year against what was baked, so the chat answers it at once."""
    from tools.company.data import load_sales
    from tools.errors import UserFacingError
    from tools.format_de import date_range, eur, integer
    from tools.production.yearly import compute_year

    try:
        y = compute_year(load_sales())
    except UserFacingError as exc:
        return f"Jahresrechnung nicht möglich: {exc}"
    except Exception:  # noqa: BLE001 - cron: the alerts above are stored; one German line, traceback logged
        error_id = uuid.uuid4().hex[:8]
        log.exception("yearly value failed (Fehler-ID %s)", error_id)
        return f"Jahresrechnung abgebrochen: interner Fehler (Fehler-ID {error_id})."
    return (
        f"Jahresrechnung {date_range(y.start, y.end)}, Plan gegenüber „{y.base.policy}“: Retouren "
        f"{integer(-y.saved_returns, signed=True)} Stück, ausverkaufte Filial-Tage {integer(-y.fewer_soldout_days, signed=True)}, "
        f"Gewinn {eur(y.extra_profit_eur, signed=True)} ({y.cpu_seconds:.0f} CPU-s)."
    )


def register(app: typer.Typer) -> None:
    """Add `synerki daily`."""
    app.command("daily")(daily_cmd)
