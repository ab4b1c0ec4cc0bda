"""Tool `production_plan`: pieces to bake (newsvendor), dough, trays and raw materials – or the
backtest 'what would the plan have saved' against the bakery's rule."""
from __future__ import annotations

import re
from typing import Any
from datetime import date, timedelta

import numpy as np

from agents.contracts import AgentReply, Artifact, Slots, TurnContext
from tools.company.catalog import BRANCH_BY_ID, PRODUCT_BY_ID
from tools.errors import DataError

TOOL = "production_plan"
WEEKDAYS = ["Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag"]
_SAVINGS = re.compile(r"gespart|sparen|ersparnis|hätten|hätte|backtest|rückblick|vergleich|faustregel|"
                      r"regel|lohnt|gebracht|weniger (retour|wegwerf|weggeworfen)", re.I)
DETAIL_LIMIT = 6


def num(x: float, digits: int = 1) -> str:
    """German number: thousands dot, decimal comma."""
    s = f"{x:,.{digits}f}"
    return s.replace(",", "§").replace(".", ",").replace("§", ".")


def eur(x: float) -> str:
    return f"{num(x, 2)} €"


def pct(x: float, digits: int = 0) -> str:
    return f"{num(100 * x, digits)} %"


def fmt_day(day: date) -> str:
    return f"{WEEKDAYS[day.weekday()]}, {day:%d.%m.%Y}"


def _bname(b: str) -> str:
    return BRANCH_BY_ID[b].name if b in BRANCH_BY_ID else b


def _pname(p: str) -> str:
    return PRODUCT_BY_ID[p].name if p in PRODUCT_BY_ID else p


def wants_savings(text: str) -> bool:
    """True for the backtest question ('Was hätten wir … gespart?')."""
    return bool(_SAVINGS.search(text or ""))


def run(slots: Slots, ctx: TurnContext) -> AgentReply:
    """Answer a production question in German from the plan or the backtest."""
    if slots.unknown_branch:
        names = ", ".join(b.name for b in BRANCH_BY_ID.values())
        return AgentReply(text=f"„{slots.unknown_branch}“ ist keine Filiale von Korn & Kruste. Unsere Filialen: {names}.",
                          tools_called=[TOOL])
    try:
        if wants_savings(slots.text):
            if ctx.view != "full":
                return AgentReply(text="Den Rückblick mit Gewinn- und Retourenzahlen kann nur die Geschäftsführung "
                                       "abrufen. Den Backplan für morgen zeige ich Ihnen aber gern.", tools_called=[TOOL])
            return _savings_reply(slots, ctx)
        return _plan_reply(slots, ctx)
    except DataError as exc:
        return AgentReply(text=f"Die Verkaufsdaten lassen sich nicht verwenden: {exc}", tools_called=[TOOL])


# ---------------- plan for a day ----------------
def _plan_reply(slots: Slots, ctx: TurnContext) -> AgentReply:
    from tools.production.plan import plan_day

    note = ""
    if slots.dates is None:
        day = ctx.today + timedelta(days=1)
        note = "Sie haben keinen Tag genannt, ich plane für morgen. "
    else:
        day = slots.dates.start
        if day < ctx.today:
            return AgentReply(text=f"Der {day:%d.%m.%Y} liegt in der Vergangenheit – ich plane nur für heute oder "
                                   "kommende Tage. Für einen Rückblick fragen Sie z. B. „Was hätten wir im letzten "
                                   "Monat mit dem Plan gespart?“", tools_called=[TOOL])
        if slots.dates.end != slots.dates.start:
            note = f"Ich plane den ersten Tag des Zeitraums ({day:%d.%m.%Y}). "
    if not slots.branches:
        note += "Ohne genannte Filiale plane ich für alle Filialen. "
    plan = plan_day(day, slots.branches or None, slots.products or None)
    money = ctx.view == "full"  # an employee sees quantities and ranges, never the business's money figures
    data = plan.model_dump(mode="json")
    data = data if money else without_money(data)
    if not plan.items:
        return AgentReply(text=f"{note}Für {fmt_day(day)} ist in dieser Auswahl nichts zu backen "
                               "(Filiale geschlossen oder Produkt nicht im Sortiment).",
                          tools_called=[TOOL], data=data)
    lines = [f"{note}Produktionsplan für {fmt_day(day)} (Verkaufsdaten bis {plan.data_until:%d.%m.%Y}):"]
    if plan.beyond_calibration:
        lines.append("Achtung: Der Tag liegt mehr als eine Woche nach den letzten Verkaufsdaten; die Spannen sind "
                     "für bis zu sieben Tage kalibriert, die tatsächliche Unsicherheit ist größer.")
    if len(plan.items) <= DETAIL_LIMIT:
        for i in plan.items:
            line = (f"- {_bname(i.branch)}, {_pname(i.product)}: **{i.quantity} Stück** backen. Prognose "
                    f"{num(i.forecast)} Stück (80-%-Spanne {num(i.lower80)}–{num(i.upper80)}); erwartete Retoure "
                    f"{num(i.expected_returns)} Stück")
            if money:
                line += (f" ({eur(i.expected_returns_eur)}), Ausverkauft-Wahrscheinlichkeit {pct(i.sellout_prob)}. "
                         f"Grund: Preis {eur(i.price_eur)}, Kosten {eur(i.cost_eur)}, Restwert {eur(i.salvage_eur)} → "
                         f"kritisches Verhältnis {num(i.critical_ratio, 2)}, also so viel, dass die Nachfrage in "
                         f"{pct(i.critical_ratio)} der Fälle gedeckt ist.")
            else:
                line += f", Ausverkauft-Wahrscheinlichkeit {pct(i.sellout_prob)}."
            lines.append(line)
    else:
        lines.append("| Produkt | Stück | Bleche | Teig (kg) | erw. Retoure (Stück) |" + (" erw. Retoure (€) |" if money else ""))
        lines.append("|---|---:|---:|---:|---:|" + ("---:|" if money else ""))
        for t in plan.products:
            lines.append(f"| {t.name} | {t.quantity} | {t.trays} | {num(t.dough_kg)} | {num(t.expected_returns)} |"
                         + (f" {eur(t.expected_returns_eur)} |" if money else ""))
    rich = sorted({i.product for i in plan.items if i.salvage_eur >= i.cost_eur})
    if rich and money:
        lines.append("Hinweis: Bei " + ", ".join(_pname(p) for p in rich) + " liegt der Restwert über den Herstellkosten "
                     "(Übermengen werden später verkauft); die Menge ist deshalb auf das 99-%-Quantil begrenzt.")
    lines.append("Teig je Sorte: " + ", ".join(f"{k} {num(v)} kg" for k, v in plan.dough_kg.items()) + ".")
    if plan.shortages:
        lines.append("**Fehlmengen im Lager:** " + ", ".join(
            f"{m.name} {num(m.shortage_kg)} kg (Bedarf {num(m.needed_kg)} kg, Bestand {num(m.stock_kg)} kg)"
            for m in plan.shortages) + ".")
    else:
        lines.append("Alle Rohstoffe für diesen Plan sind vorrätig.")
    if money:
        lines.append(f"Erwartete Retouren insgesamt: {eur(plan.expected_returns_eur)} (Herstellkosten minus Restwert); "
                     f"erwartete Lieferfähigkeit {pct(plan.expected_fill)}.")
        lines.append("Methode: Newsvendor – das Quantil der kalibrierten Nachfrageverteilung beim Verhältnis "
                     "(Preis − Kosten)/(Preis − Restwert); ausverkaufte Tage werden über die Ausverkaufszeit hochgerechnet.")
    else:
        lines.append(f"Erwartete Lieferfähigkeit {pct(plan.expected_fill)}.")
    return AgentReply(text="\n".join(lines), tools_called=[TOOL], data=data, artifacts=[_plan_chart(plan)])


MONEY_KEYS = {"critical_ratio"}  # derived from prices and costs


def without_money(value: Any) -> Any:
    """The JSON of a result without money figures (keys ending in `_eur` and what is derived from them)."""
    if isinstance(value, dict):
        return {k: without_money(v) for k, v in value.items() if not k.endswith("_eur") and k not in MONEY_KEYS}
    if isinstance(value, list):
        return [without_money(v) for v in value]
    return value


def _plan_chart(plan) -> Artifact:
    from tools.charts import new_figure, save_figure

    fig, ax = new_figure()
    names = [t.name.split(" (")[0] for t in plan.products]
    qty = [t.quantity for t in plan.products]
    fc = [sum(i.forecast for i in plan.items if i.product == t.product) for t in plan.products]
    x = np.arange(len(names))
    ax.bar(x, qty, color="#c8893b", label="Backmenge (Plan)")
    ax.plot(x, fc, "o", color="#333333", label="Prognose der Nachfrage")
    ax.set_xticks(x, names, rotation=45, ha="right", fontsize=8)
    ax.set_ylabel("Stück")
    ax.set_title(f"Produktionsplan {plan.day:%d.%m.%Y}")
    ax.legend()
    path = save_figure(fig, f"produktionsplan-{plan.day}")
    return Artifact(kind="image", path=path, name=f"Produktionsplan {plan.day:%d.%m.%Y}")


# ---------------- backtest against the rule ----------------
def _period(slots: Slots, ctx: TurnContext, last_data: date) -> tuple[date, date, str]:
    from tools.production.savings import last_month

    if slots.dates is not None:
        s, e = slots.dates.start, slots.dates.end
        if e > last_data:
            try:
                s, e = s.replace(year=s.year - 1), e.replace(year=e.year - 1)
            except ValueError:
                s = e = last_data + timedelta(days=1)
        if e <= last_data and (e - s).days >= 6:
            return s, e, ""
        if e <= last_data:
            return e - timedelta(days=6), e, "Ich rechne mindestens eine Woche zurück. "
    s, e = last_month(ctx.today)
    return s, min(e, last_data), "Ohne genannten Zeitraum rechne ich den letzten Monat durch. "


def _savings_reply(slots: Slots, ctx: TurnContext) -> AgentReply:
    from tools.company.data import load_sales
    from tools.production.savings import savings

    last_data = load_sales()["date"].max().date()
    start, end, note = _period(slots, ctx, last_data)
    markup = 1 + slots.percent / 100 if slots.percent is not None and slots.percent > -50 else None
    res = savings(start, end, slots.branches or None, slots.products or None, markup)
    p, r = res.plan, res.rule
    lines = [f"{note}Rückblick {res.start:%d.%m.%Y}–{res.end:%d.%m.%Y} ({res.series} Filiale×Produkt-Reihen), "
             f"jede Woche geplant mit den Daten bis zwei Tage vorher:",
             f"Vergleichsregel: Mittel der letzten 3 gleichen Wochentage × {num(res.markup, 2)} "
             f"(Aufschlag {res.markup_source}).",
             "| | Plan | Regel | " + ("tatsächlich gebacken |" if res.actual else ""),
             "|---|---:|---:|" + ("---:|" if res.actual else "")]

    def row(label: str, f) -> str:
        vals = [f(p), f(r)] + ([f(res.actual)] if res.actual else [])
        return f"| {label} | " + " | ".join(vals) + " |"

    lines += [row("gebacken (Stück)", lambda x: num(x.baked, 0)),
              row("Retouren (Stück)", lambda x: num(x.returned, 0)),
              row("Retourenquote", lambda x: pct(x.returns_rate, 1)),
              row("Lieferquote (verkauft/Nachfrage)", lambda x: pct(x.fill_rate, 1)),
              row("ausverkauft (Filiale×Produkt-Tage)", lambda x: num(x.soldout_days, 0)),
              row("Gewinn", lambda x: eur(x.profit_eur))]
    verb = "weniger" if res.saved_returns >= 0 else "mehr"
    lines.append(f"Mit dem Plan wären es {num(abs(res.saved_returns), 0)} Stück Retouren {verb} gewesen "
                 f"({eur(res.saved_returns_eur)} Herstellkosten minus Restwert) und "
                 f"{eur(res.extra_profit_eur)} {'mehr' if res.extra_profit_eur >= 0 else 'weniger'} Gewinn als mit der Regel.")
    lines.append(f"Als Nachfrage zählt {res.demand_source}. Der Plan selbst lernt nur aus den Verkäufen und rechnet "
                 "ausverkaufte Tage über die Ausverkaufszeit hoch.")
    return AgentReply(text="\n".join(lines), tools_called=[TOOL], data=res.model_dump(mode="json"),
                      artifacts=[_savings_chart(res)])


def _savings_chart(res) -> Artifact:
    from tools.charts import new_figure, save_figure

    fig, ax = new_figure()
    x = np.arange(len(res.weeks))
    ax.bar(x - 0.2, [w.rule_returned for w in res.weeks], 0.4, color="#999999", label=f"Regel × {num(res.markup, 2)}")
    ax.bar(x + 0.2, [w.plan_returned for w in res.weeks], 0.4, color="#c8893b", label="Plan (Newsvendor)")
    ax.set_xticks(x, [f"ab {w.week_start:%d.%m.}" for w in res.weeks])
    ax.set_ylabel("Retouren (Stück)")
    ax.set_title(f"Retouren je Woche {res.start:%d.%m.%Y}–{res.end:%d.%m.%Y}")
    ax.legend()
    path = save_figure(fig, "retouren-rueckblick")
    return Artifact(kind="image", path=path, name="Retouren: Plan gegen Regel")
