"""`synerki finance budget|liquidity|investment`: the finance tools on the command line."""

from __future__ import annotations

import json

import typer

from tools.errors import UserFacingError
from tools.format_de import day, eur, month_label, num, share

finance_app = typer.Typer(help="Finanzen: Budget, Liquidität, Investitionen", no_args_is_help=True)


def _fail(exc: Exception) -> None:
    typer.echo(f"Fehler: {exc}", err=True)
    raise typer.Exit(code=2)


@finance_app.command("budget")
def budget_cmd(
    months: int = typer.Option(12, "--months", min=1, max=36, help="Anzahl Monate ab dem laufenden Monat"),
    target: float | None = typer.Option(None, "--target", help="Budgetziel: Umsatzwachstum ggü. Vorjahr in %"),
    as_json: bool = typer.Option(False, "--json", help="Ergebnis als JSON"),
) -> None:
    """Umsatz- und Kostenprognose je Monat."""
    from tools.errors import DataError
    from tools.finance.budget import forecast_budget

    try:
        b = forecast_budget(months=months, target_growth_pct=target)
    except DataError as exc:
        _fail(exc)
    if as_json:
        print(b.model_dump_json())
        return
    for m in b.months:
        print(
            f"{month_label(m.month)}  Umsatz {eur(m.revenue):>12} [{eur(m.revenue_lower)} – {eur(m.revenue_upper)}]  "
            f"Kosten {eur(m.costs_total):>12}  Ergebnis {eur(m.result):>10}  ({m.method})"
        )


@finance_app.command("liquidity")
def liquidity_cmd(
    months: int = typer.Option(3, "--months", min=1, max=24, help="Planungszeitraum in Monaten"),
    details: bool = typer.Option(False, "--details", help="mit den Einzelposten je Tag"),
    as_json: bool = typer.Option(False, "--json", help="Ergebnis als JSON"),
) -> None:
    """Tagesgenauer Liquiditätsplan ab heute."""
    from tools.errors import DataError
    from tools.finance.liquidity import plan_liquidity

    try:
        p = plan_liquidity(months)
    except DataError as exc:
        _fail(exc)
    short = p.first_shortfall
    out = {
        "start_balance": p.start_balance,
        "days": [
            {
                "date": d.date.isoformat(),
                "inflow": d.inflow,
                "outflow": d.outflow,
                "balance": d.balance,
                **({"items": [i.model_dump() for i in d.items]} if details else {}),
            }
            for d in p.days
        ],
        "first_shortfall": short.date.isoformat() if short else None,
        "first_shortfall_reason": short.reason if short else None,
        "first_below_buffer": p.first_below_buffer.model_dump(mode="json") if p.first_below_buffer else None,
        "credit_line_exceeded": p.credit_line_exceeded.model_dump(mode="json") if p.credit_line_exceeded else None,
        "min_balance": p.min_balance,
        "min_balance_date": p.min_balance_date.isoformat(),
        "totals": p.totals,
        "assumptions": p.assumptions,
    }
    if as_json:
        print(json.dumps(out, ensure_ascii=False))
        return
    print(f"Kontostand {day(p.as_of)}: {eur(p.start_balance, cents=True)}")
    for d in p.days:
        print(f"{day(d.date)}  +{num(d.inflow, 2):>10}  -{num(d.outflow, 2):>10}  = {num(d.balance, 2):>12}")
    print(
        f"Tiefster Stand {eur(p.min_balance, cents=True)} am {day(p.min_balance_date)}; erster Tag unter 0 €: "
        f"{day(short.date) if short else 'keiner'}"
    )


@finance_app.command("investment")
def investment_cmd(
    price: float = typer.Option(..., "--price", help="Kaufpreis in EUR"),
    years: int = typer.Option(..., "--years", min=1, max=50, help="Nutzungsdauer in Jahren"),
    yearly_cashflow: float = typer.Option(..., "--yearly-cashflow", help="jährliche Ersparnis/Mehrertrag in EUR"),
    rate: float = typer.Option(0.05, "--rate", help="Zins als Anteil (0.05) oder Prozent (5)"),
    salvage: float = typer.Option(0.0, "--salvage", help="Restwert am Ende in EUR"),
    as_json: bool = typer.Option(False, "--json", help="Ergebnis als JSON"),
) -> None:
    """Kapitalwert, interner Zinsfuß und Amortisation (Zahlungen zum Jahresende)."""
    from tools.finance.investment import appraise

    try:
        r = appraise(price, years, yearly_cashflow, rate, salvage)
    except UserFacingError as exc:
        _fail(exc)
    if as_json:
        print(
            json.dumps(
                {
                    "npv": r.npv,
                    "irr": r.irr,
                    "payback_years": r.payback_years,
                    **r.model_dump(mode="json", exclude={"npv", "irr", "payback_years"}),
                },
                ensure_ascii=False,
            )
        )
        return
    irr = share(r.irr, 2) if r.irr is not None else "–"
    payback = num(r.payback_years, 1, trim=True) if r.payback_years is not None else "–"
    print(f"Kapitalwert {eur(r.npv, cents=True)}, interner Zinsfuß {irr}, Amortisation {payback} Jahre – {r.verdict}")


def register(app: typer.Typer) -> None:
    """Add `synerki finance …`."""
    app.add_typer(finance_app, name="finance")
