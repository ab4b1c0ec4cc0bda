"""Tables for export from a tool's result (`AgentReply.data`): one builder per tool whose answer is a plan or
a table. German headers; money columns are marked so that a view without money drops them."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from agents.names import branch_name, product_name
from tools.exports.table import Column, Table
from tools.finance.models import COST_CATEGORIES, COST_NAMES
from tools.readiness.processes import DATA_TITLES, GROUP_TITLES, PAIN_TITLES

Builder = Callable[[dict[str, Any]], list[Table]]


def _branch(b: Any) -> str:
    return branch_name(str(b))


def _product(p: Any) -> str:
    return product_name(str(p))


def _day(value: Any) -> str:
    """'2026-11-28' → '28.11.2026' for titles and file names ('' when absent)."""
    return f"{date.fromisoformat(str(value)[:10]):%d.%m.%Y}" if value else ""


def _c(key: str, header: str, kind: str = "text") -> Column:
    return Column.model_validate({"key": key, "header": header, "kind": kind})


def production_plan(data: dict[str, Any]) -> list[Table]:
    """Pieces per branch and product, totals per product, raw materials."""
    if "items" not in data:
        return []
    items = [
        {**i, "branch": _branch(i["branch"]), "product": _product(i["product"]), "day": data["day"]}
        for i in data["items"]
    ]
    plan = Table(
        title=f"Produktionsplan {_day(data['day'])}",
        columns=[
            _c("day", "Datum", "date"),
            _c("branch", "Filiale"),
            _c("product", "Produkt"),
            _c("quantity", "Backmenge (Stück)", "int"),
            _c("forecast", "Prognose (Stück)", "float"),
            _c("lower80", "80-%-Spanne von (Stück)", "float"),
            _c("upper80", "80-%-Spanne bis (Stück)", "float"),
            _c("expected_returns", "erw. Retoure (Stück)", "float"),
            _c("expected_returns_eur", "erw. Retourenwert", "eur"),
            _c("sellout_prob", "Ausverkauft-Wahrscheinlichkeit", "share"),
            _c("price_eur", "Preis", "eur"),
            _c("cost_eur", "Herstellkosten", "eur"),
        ],
        rows=items,
    )
    totals = Table(
        title="Summen je Produkt",
        columns=[
            _c("name", "Produkt"),
            _c("quantity", "Backmenge (Stück)", "int"),
            _c("trays", "Bleche", "int"),
            _c("dough_kg", "Teig (kg)", "float"),
            _c("expected_returns", "erw. Retoure (Stück)", "float"),
            _c("expected_returns_eur", "erw. Retourenwert", "eur"),
        ],
        rows=data.get("products") or [],
    )
    materials = Table(
        title="Rohstoffe",
        columns=[
            _c("name", "Rohstoff"),
            _c("needed_kg", "Bedarf (kg)", "float"),
            _c("stock_kg", "Bestand (kg)", "float"),
            _c("shortage_kg", "Fehlmenge (kg)", "float"),
        ],
        rows=data.get("materials") or [],
    )
    return [plan, totals, materials]


def oven_schedule(data: dict[str, Any]) -> list[Table]:
    """Every baking job: oven, slot, times, trays and pieces."""
    rows = [{**j, "branch": _branch(j.get("branch"))} for j in data.get("jobs") or []]
    return [
        Table(
            title=f"Ofenbelegung {_day(data.get('day'))}",
            columns=[
                _c("oven", "Ofen"),
                _c("slot", "Einschub"),
                _c("name", "Produkt"),
                _c("start", "Start"),
                _c("end", "Ende"),
                _c("trays", "Bleche", "int"),
                _c("pieces", "Stück", "int"),
                _c("temperature_c", "Temperatur (°C)", "int"),
                _c("branch", "erste Filiale"),
                _c("branch_deadline", "fertig bis"),
                _c("late_min", "Verspätung (min)", "int"),
            ],
            rows=rows,
        )
    ]


def delivery_routes(data: dict[str, Any]) -> list[Table]:
    """Every stop of every tour, in driving order."""
    rows = [
        {**s, "vehicle": r["vehicle_name"], "wave": r.get("wave", ""), "departure": r["departure"]}
        for r in data.get("routes") or []
        for s in r["stops"]
    ]
    return [
        Table(
            title=f"Lieferrouten {_day(data.get('day'))}",
            columns=[
                _c("vehicle", "Fahrzeug"),
                _c("wave", "Welle"),
                _c("departure", "Abfahrt"),
                _c("name", "Filiale"),
                _c("arrival", "Ankunft"),
                _c("deadline", "spätestens"),
                _c("crates", "Kisten", "int"),
                _c("km_from_previous", "km vom vorigen Halt", "float"),
            ],
            rows=rows,
        )
    ]


def staffing(data: dict[str, Any]) -> list[Table]:
    """Needed against available hours per role and week, and per site."""
    if "weeks" not in data:
        return []
    weeks = Table(
        title="Personalbedarf je Woche",
        columns=[
            _c("week_start", "Woche ab", "date"),
            _c("role", "Rolle"),
            _c("needed_hours", "Bedarf (h)", "float"),
            _c("available_hours", "verfügbar (h)", "float"),
            _c("shortage_hours", "Fehlstunden (h)", "float"),
            _c("surplus_hours", "freie Stunden (h)", "float"),
        ],
        rows=data["weeks"],
    )
    sites = Table(
        title="je Standort",
        columns=[
            _c("week_start", "Woche ab", "date"),
            _c("role", "Rolle"),
            _c("site_name", "Standort"),
            _c("needed_hours", "Bedarf (h)", "float"),
            _c("available_hours", "verfügbar (h)", "float"),
            _c("gap_hours", "Lücke (h)", "float"),
        ],
        rows=data.get("site_weeks") or [],
    )
    return [weeks, sites]


def budget_forecast(data: dict[str, Any]) -> list[Table]:
    """Revenue, costs per category and result per month."""
    months = data.get("months") or []
    present = {k for m in months for k in (m.get("costs") or {})}
    categories = [c for c in COST_CATEGORIES if c in present] + sorted(present - set(COST_CATEGORIES))
    rows = [{**m, **{f"cost:{k}": v for k, v in (m.get("costs") or {}).items()}} for m in months]
    columns = [
        _c("month", "Monat", "date"),
        _c("revenue", "Umsatz", "eur"),
        _c("revenue_lower", "Umsatz von", "eur"),
        _c("revenue_upper", "Umsatz bis", "eur"),
        *[_c(f"cost:{k}", f"Kosten {COST_NAMES.get(k, k)}", "eur") for k in categories],
        _c("costs_total", "Kosten gesamt", "eur"),
        _c("result", "Ergebnis", "eur"),
        _c("prev_year_revenue", "Umsatz Vorjahr", "eur"),
    ]
    return [Table(title="Budgetprognose", columns=columns, rows=rows)] if months else []


def liquidity(data: dict[str, Any]) -> list[Table]:
    """Inflows, outflows and balance per day."""
    days = data.get("days") or []
    columns = [
        _c("date", "Datum", "date"),
        _c("inflow", "Einzahlungen", "eur"),
        _c("outflow", "Auszahlungen", "eur"),
        _c("balance", "Kontostand", "eur"),
    ]
    return [Table(title="Liquiditätsplan", columns=columns, rows=days)] if days else []


def offers(data: dict[str, Any]) -> list[Table]:
    """The plan's signals per product and the drafts."""
    if "signals" not in data:
        return []
    signals = Table(
        title=f"Angebote {_day(data['day'])}",
        columns=[
            _c("name", "Produkt"),
            _c("planned", "Plan (Stück)", "int"),
            _c("forecast", "Prognose (Stück)", "float"),
            _c("expected_returns", "erw. Retoure (Stück)", "float"),
            _c("expected_returns_eur", "erw. Retourenwert", "eur"),
            _c("returns_share", "Retourenquote", "share"),
            _c("sellout_prob", "Ausverkauft-Wahrscheinlichkeit", "share"),
        ],
        rows=data["signals"],
    )
    drafts = Table(
        title=f"Entwürfe {_day(data['day'])}",
        columns=[
            _c("title", "Entwurf"),
            _c("text", "Text"),
            _c("price_eur", "Angebotspreis", "eur"),
            _c("basis", "Grundlage"),
            _c("label", "Hinweis"),
        ],
        rows=data.get("drafts") or [],
    )
    return [signals, drafts]


def upload_forecast(data: dict[str, Any]) -> list[Table]:
    """The forecast of an uploaded file: one row per series and day in the file's own value column (trial 18:
    the table builder read demo-company branches and broke every forecast of an own export)."""
    value = (data.get("columns") or ["", "", "Wert"])[2] or "Wert"
    rows = [
        {"date": d["date"], "item": s["series"], "forecast": d["forecast"], "lower": d["lower"], "upper": d["upper"]}
        for s in data.get("series") or []
        for d in s["days"]
    ]
    columns = [
        _c("date", "Datum", "date"),
        _c("item", "Reihe"),
        _c("forecast", f"Prognose ({value})", "float"),
        _c("lower", "80-%-Spanne von", "float"),
        _c("upper", "80-%-Spanne bis", "float"),
    ]
    title = f"Prognose {Path(str(data.get('file'))).stem} {_day(data.get('start'))}–{_day(data.get('end'))}"
    return [Table(title=title, columns=columns, rows=rows)] if rows else []


def forecast(data: dict[str, Any]) -> list[Table]:
    """Expected pieces per day with the 80-% range, one row per series and day (trial 6: 'Export als Excel'
    after a forecast was refused); an uploaded file's forecast has its own columns (series names, its value)."""
    if data.get("file"):
        return upload_forecast(data)
    rows = [
        {
            "date": d["date"],
            "branch": _forecast_branch(s.get("branch")),
            "item": s.get("label") or str(s.get("series", "")),
            "forecast": d["forecast"],
            "lower": d["lower"],
            "upper": d["upper"],
            "open": "geschlossen" if d.get("closed") else "",
        }
        for s in data.get("series") or []
        for d in s["days"]
    ]
    columns = [
        _c("date", "Datum", "date"),
        _c("branch", "Filiale"),
        _c("item", "Artikel"),
        _c("forecast", "Prognose (Stück)", "float"),
        _c("lower", "80-%-Spanne von (Stück)", "float"),
        _c("upper", "80-%-Spanne bis (Stück)", "float"),
        _c("open", "Hinweis"),
    ]
    title = f"Absatzprognose {_day(data.get('start'))}–{_day(data.get('end'))}"
    return [Table(title=title, columns=columns, rows=rows)] if rows else []


def _forecast_branch(branch: Any) -> str:
    """'alle Filialen', the branch's name, or empty for a series of an uploaded file (it names no branch)."""
    if not branch:
        return ""
    return "alle Filialen" if branch == "alle" else _branch(branch)


def process_map(data: dict[str, Any]) -> list[Table]:
    """The process map: one row per process with hours, what hurts, data and whether it is assumed."""
    pmap = data.get("process_map") or {}
    rows = [
        {
            "title": p["title"],
            "group": GROUP_TITLES.get(p["group"], p["group"]),
            "hours": p.get("hours_per_week"),
            "pains": ", ".join(PAIN_TITLES.get(x, x) for x in p.get("pains") or []),
            "data": ", ".join(p.get("software") or [DATA_TITLES.get(d, d) for d in p.get("data") or []]),
            "source": "angenommen" if p.get("assumed") else "Ihre Angabe",
        }
        for p in pmap.get("processes") or []
    ]
    columns = [
        _c("title", "Ablauf"),
        _c("group", "Gruppe"),
        _c("hours", "Std./Woche", "float"),
        _c("pains", "Was hakt"),
        _c("data", "Daten"),
        _c("source", "Quelle"),
    ]
    return [Table(title="Prozesslandkarte", columns=columns, rows=rows)] if rows else []


BUILDERS: dict[str, Builder] = {
    "process_map": process_map,
    "forecast": forecast,
    "production_plan": production_plan,
    "oven_schedule": oven_schedule,
    "delivery_routes": delivery_routes,
    "staffing": staffing,
    "budget_forecast": budget_forecast,
    "liquidity": liquidity,
    "offers": offers,
}
