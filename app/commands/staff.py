"""`synerki staff gaps|campaign`: staffing gaps per week and role, recruiting campaign drafts."""

from __future__ import annotations

import json
from datetime import date, timedelta

import typer

staff_app = typer.Typer(help="Personalbedarf und Recruiting", no_args_is_help=True)


def _today() -> date:
    from tools.settings import get_settings

    return get_settings().today()


def _check_branch(branch: list[str] | None) -> list[str] | None:
    from tools.company.catalog import BAKERY, BRANCH_BY_ID

    for b in branch or []:
        if b not in BRANCH_BY_ID and b != BAKERY.id:
            typer.echo(f"Unbekannte Filiale „{b}“. Gültig: {', '.join([BAKERY.id, *BRANCH_BY_ID])}", err=True)
            raise typer.Exit(2)
    return branch or None


@staff_app.command("gaps")
def gaps(
    weeks: int = typer.Option(6, "--weeks", min=1, max=26, help="Anzahl Wochen ab heute"),
    start: str | None = typer.Option(None, "--start", help="Startdatum JJJJ-MM-TT (Standard: heute)"),
    branch: list[str] = typer.Option(None, "--branch", help="Filial-ID (mehrfach möglich) oder 'backstube'"),
    source: str = typer.Option("auto", "--source", help="Bedarf aus: auto|history|forecast"),
    chart: bool = typer.Option(False, "--chart", help="Diagramm als PNG schreiben"),
    as_json: bool = typer.Option(False, "--json", help="Ausgabe als JSON"),
) -> None:
    """Benötigte vs. verfügbare Stunden je Woche und Rolle."""
    from tools.staffing.chart import staffing_chart
    from tools.staffing.staffing import compute_staffing

    today = _today()
    if source not in ("auto", "history", "forecast"):
        typer.echo("--source muss auto, history oder forecast sein.", err=True)
        raise typer.Exit(2)
    try:
        first = date.fromisoformat(start) if start else today
    except ValueError:
        typer.echo("Bitte das Datum als JJJJ-MM-TT angeben, z. B. 2026-12-01.", err=True)
        raise typer.Exit(2) from None
    if first < today:
        typer.echo("Das Startdatum liegt in der Vergangenheit; die Planung beginnt frühestens heute.", err=True)
        raise typer.Exit(2)
    end = first - timedelta(days=first.weekday()) + timedelta(weeks=weeks, days=-1)
    result = compute_staffing(first, end, _check_branch(branch), today=today, source=source)  # type: ignore[arg-type]
    path = staffing_chart(result) if chart else None
    if as_json:
        data = result.model_dump(mode="json")
        data["chart"] = str(path) if path else None
        print(json.dumps(data, ensure_ascii=False))
        return
    typer.echo(f"Personalbedarf {first:%d.%m.%Y}–{end:%d.%m.%Y} (Bedarf: {result.demand_source})")
    typer.echo(f"{'Woche':<24}{'Rolle':<10}{'benötigt':>10}{'verfügbar':>11}{'fehlt*':>9}{'frei*':>9}")
    for w in result.weeks:
        typer.echo(
            f"{w.week_label:<24}{w.role:<10}{w.needed_hours:>10.1f}{w.available_hours:>11.1f}"
            f"{w.shortage_hours:>9.1f}{w.surplus_hours:>9.1f}"
        )
    typer.echo(f"* fehlt/frei: {result.shortage_cut}.")
    if path:
        typer.echo(f"Diagramm: {path}")


@staff_app.command("campaign")
def campaign(
    role: str | None = typer.Option(
        None, "--role", help="z. B. Verkauf, Verkäuferin, Bäcker, Fahrer, Azubi; ohne: Vorschläge für alle Lücken"
    ),
    branch: list[str] = typer.Option(None, "--branch", help="Filial-ID (mehrfach möglich)"),
    headcount: int | None = typer.Option(None, "--headcount", min=1, max=20),
    hours: float | None = typer.Option(None, "--hours", min=1, max=48, help="Wochenstunden je Stelle"),
    seasonal: bool = typer.Option(False, "--seasonal", help="befristete Aushilfe"),
    weeks: int = typer.Option(8, "--weeks", min=1, max=26, help="Planungshorizont für die Lücken"),
    as_json: bool = typer.Option(False, "--json", help="Ausgabe als JSON"),
) -> None:
    """Kampagnenentwurf: Stellenanzeige, Kanäle, Zeitplan und Kosten."""
    from tools.company.catalog import BAKERY
    from tools.staffing.assumptions import load_assumptions
    from tools.staffing.recruiting import build_campaign, propose_campaigns
    from tools.staffing.roles import detect_roles
    from tools.staffing.staffing import compute_staffing

    today = _today()
    sites = _check_branch(branch)
    result = compute_staffing(today, today + timedelta(weeks=weeks), today=today)
    if role:
        roles = detect_roles(role) or ([role] if role in ("Bäcker", "Konditor", "Verkauf", "Fahrer", "Azubi") else [])
        if not roles:
            typer.echo(f"Unbekannte Rolle „{role}“. Möglich: Verkauf, Bäcker, Konditor, Fahrer, Azubi.", err=True)
            raise typer.Exit(2)
        r = roles[0]
        threshold = load_assumptions().recruiting.threshold_hours_per_week
        if sites:
            rows = [
                w
                for w in compute_staffing(today, today + timedelta(weeks=weeks), sites, today=today).weeks
                if w.role == r and w.shortage_hours > 0
            ]
        else:
            rows = [w for w in result.weeks if w.role == r and w.shortage_hours > threshold]
        default_site = (
            [BAKERY.id] if r != "Verkauf" else [w.worst_site for w in rows if w.worst_site][:1] or ["stendal_markt"]
        )
        campaigns = [
            build_campaign(
                r,
                sites or default_site,
                headcount=headcount,
                hours=hours,
                gap_rows=rows,
                seasonal=seasonal,
                today=today,
            )
        ]
    else:
        campaigns = propose_campaigns(result, today=today)
    if as_json:
        print(json.dumps([c.model_dump(mode="json") for c in campaigns], ensure_ascii=False))
        return
    if not campaigns:
        typer.echo("Keine Lücke über der Schwelle – keine Kampagne nötig.")
    for c in campaigns:
        typer.echo(f"{c.title}: {c.headcount} × {c.employment}, {c.hours_per_week:.0f} h – {', '.join(c.site_names)}")
        typer.echo(
            f"  Start Kampagne: {c.start_campaign_by:%d.%m.%Y}, frühester Arbeitsbeginn: "
            f"{c.earliest_start_work:%d.%m.%Y}, Kosten: {c.cost_total_eur:.2f} €"
        )
        for ch in c.channels:
            typer.echo(f"  - {ch.name}: {ch.cost_eur:.0f} €")
        typer.echo("")
        typer.echo(c.job_ad)
        typer.echo("")


def register(app: typer.Typer) -> None:
    """Add `synerki staff …`."""
    app.add_typer(staff_app, name="staff")
