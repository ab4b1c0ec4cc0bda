"""Tool `production_plan`: pieces to bake (newsvendor), dough, trays and raw materials – or the
backtest 'what would the plan have saved' against the bakery's rule."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

import numpy as np

from agents.contracts import AgentReply, Artifact, Slots, TurnContext
from agents.names import branch_name, product_name
from agents.nlu.normalize import latest_question
from agents.nlu.weather_words import weather_scenario
from agents.operations.common import RETURNS_WORDS as _RETURNS
from agents.operations.common import asks_bakehouse_work, products_asked, resolve_day
from agents.operations.less_more import asks_less_more, less_more_reply
from agents.operations.look_back_day import look_back_reply, plan_certainty, wants_past_day
from agents.operations.materials_answer import materials_reply, wants_materials
from agents.operations.own_file_plan import own_file_plan_reply
from agents.operations.planning_time import asks_planning_time, gives_minutes, planning_time_reply
from agents.operations.returns_overview import returns_overview_reply, wants_returns_overview
from agents.operations.stocktaking import asks_stocktaking, stocktaking_reply
from agents.operations.yearly_value import wants_year, yearly_reply
from agents.own_goods import unknown_goods
from agents.plain import plain_answer
from agents.replies import unknown_branch_reply, unknown_product_reply
from tools.company.catalog import BRANCH_BY_ID, DOUGH_NAMES, PRODUCT_BY_ID
from tools.errors import DataError
from tools.format_de import WEEKDAYS, date_range, day_long, eur, integer, num, share

if TYPE_CHECKING:  # imported lazily at run time (heavy modules)
    from tools.production.backtest import PolicyResult
    from tools.production.plan import ProductionPlan
    from tools.production.savings import Savings

TOOL = "production_plan"
_SAVINGS = re.compile(
    r"gespart|sparen|\bspart\b|einspar|ersparnis|hätten|hätte|backtest|rückblick|vergleich|faustregel|"
    r"regel|lohnt|gebracht|weniger (retour|wegwerf|weggeworfen)",
    re.I,
)
DETAIL_LIMIT = 6


# "Wie viele Retouren hatten wir letzte Woche?": a past period's returns are the backtest's "tatsächlich" column


# „Was spart der Plan an Stunden?“: the Backstube hours of the pieces baked, plan against rule
_HOURS = re.compile(r"stunde|arbeitszeit|\bzeit\b|personal", re.I)


def asks_past_returns(slots: Slots, today: date) -> bool:
    """True for a question about the returns of a period gone by (answered by the backtest, not refused)."""
    return bool(_RETURNS.search(slots.text or "")) and slots.dates is not None and slots.dates.end < today


def wants_savings(text: str) -> bool:
    """True for the backtest question ('Was hätten wir … gespart?')."""
    return bool(_SAVINGS.search(text or ""))


def group_total_line(total: float) -> str:
    """The plan's forecasts of a goods group added up, and why a forecast of the whole group (one series, not the sum
    of its goods) may differ by a few pieces: the owner compares the two (trial 24)."""
    return (
        f"Prognose zusammen: {integer(total)} Stück – je Artikel gerechnet. Eine Absatzprognose für die ganze "
        "Warengruppe rechnet die Gruppe als eine Zahlenreihe und kann deshalb um einige Stück davon abweichen; "
        "der Plan richtet sich nach den einzelnen Artikeln."
    )


def run(slots: Slots, ctx: TurnContext) -> AgentReply:
    """Answer a production question in German from the plan or the backtest."""
    if slots.unknown_branch:
        return unknown_branch_reply(slots.unknown_branch, TOOL)
    if (goods := unknown_goods(slots)) is not None:  # her own export's goods are no unknown goods
        return unknown_product_reply(goods, TOOL)
    if (own_file := own_file_plan_reply(slots, ctx)) is not None:
        return own_file  # after her own file was forecast: what the plan still needs, not the demo's plan
    try:
        if asks_planning_time(slots.text) or gives_minutes(ctx.memory, slots.text):
            return planning_time_reply(slots, ctx)  # the time planning takes: her minutes × the data's selling days
        if asks_stocktaking(
            latest_question(slots.text)
        ):  # „Wann machen wir die Inventur?“: no date invented, what the data says
            return stocktaking_reply(slots, ctx)
        overview = wants_returns_overview(slots, ctx.today)
        if not overview and wants_past_day(slots, ctx.today) and not asks_past_returns(slots, ctx.today):
            return look_back_reply(slots, ctx)  # „Was hätten wir am 3. November backen sollen?“
        if overview or wants_savings(slots.text) or wants_year(slots.text) or asks_past_returns(slots, ctx.today):
            if ctx.view != "full":
                return AgentReply(
                    text="Den Rückblick mit Gewinn- und Retourenzahlen kann nur die Geschäftsführung "
                    "abrufen. Den Backplan für morgen zeige ich Ihnen aber gern.",
                    tools_called=[TOOL],
                )
            if overview:
                return returns_overview_reply(slots, ctx)
            return yearly_reply(slots, ctx) if wants_year(slots.text) else _savings_reply(slots, ctx)
        if wants_materials(slots.text):
            return materials_reply(slots, ctx)
        if ctx.view == "full" and asks_less_more(slots):  # „Was sollen wir im Januar weniger produzieren?“
            return less_more_reply(slots, ctx)
        return _plan_reply(slots, ctx)
    except DataError as exc:
        return AgentReply(text=f"Die Verkaufsdaten lassen sich nicht verwenden: {exc}", tools_called=[TOOL])


# ---------------- plan for a day ----------------
def _nothing_to_bake(day: date, branches: list[str]) -> str:
    """Why a day's plan is empty: the named branches are closed that day, or the products are not sold there."""
    from tools.company.sales import opening_window

    closed = [b for b in branches if opening_window(BRANCH_BY_ID[b], day) is None]
    if branches and len(closed) == len(branches):
        names = " und ".join(branch_name(b) for b in closed)
        verb = "hat" if len(closed) == 1 else "haben"
        return f"Für {day_long(day)} ist nichts zu backen: {names} {verb} an diesem Tag geschlossen."
    return (
        f"Für {day_long(day)} ist in dieser Auswahl nichts zu backen "
        "(Filiale geschlossen oder Produkt nicht im Sortiment)."
    )


def _beyond_horizon(slots: Slots, ctx: TurnContext, day: date) -> AgentReply | None:
    """A day further ahead than the plan reaches ("Wie viele Berliner brauchen wir an Silvester?" in November):
    the owner gets the sales forecast for that day as a guide instead of a dead end; None within the horizon."""
    from tools.company.data import load_sales
    from tools.production.plan import MAX_AHEAD_DAYS

    cutoff = load_sales()["date"].max().date()
    last = cutoff + timedelta(days=MAX_AHEAD_DAYS)
    if day <= last:
        return None
    why = (
        f"Einen Backplan rechne ich höchstens bis zum {last:%d.%m.%Y} (drei Wochen nach den letzten "
        f"Verkaufsdaten); für {day_long(day)} gibt es ihn ab dem {day - timedelta(days=MAX_AHEAD_DAYS):%d.%m.%Y}."
    )
    if ctx.view != "full":  # the forecast is the owner's tool
        return AgentReply(text=f"{why} Bitte wählen Sie einen näheren Tag.", tools_called=[TOOL])
    from agents.sales import forecast

    guide = forecast.run(slots, ctx)
    text = f"{why} Als Anhaltspunkt die Absatzprognose für diesen Tag:\n\n{guide.text}"
    return guide.model_copy(update={"text": text, "tools_called": [TOOL, *guide.tools_called]})


def _plan_reply(slots: Slots, ctx: TurnContext) -> AgentReply:
    from tools.production.plan import plan_day

    day, note = resolve_day(
        slots,
        ctx,
        past_hint="Für einen Rückblick fragen Sie z. B. „Was hätten wir im letzten Monat mit dem Plan gespart?“",
    )
    beyond = _beyond_horizon(slots, ctx, day)
    if beyond is not None:
        return beyond
    if not slots.branches:
        note += "Ohne genannte Filiale plane ich für alle Filialen. "
    plan = plan_day(day, slots.branches or None, products_asked(slots))
    money = ctx.view == "full"  # an employee sees quantities and ranges, never the business's money figures
    data = plan.model_dump(mode="json")
    data = data if money else without_money(data)
    if not plan.items:
        return AgentReply(text=f"{note}{_nothing_to_bake(day, slots.branches)}", tools_called=[TOOL], data=data)
    lines = [f"{note}Produktionsplan für {day_long(day)} (Verkaufsdaten bis {plan.data_until:%d.%m.%Y}):"]
    method: list[str] = []
    if plan.beyond_calibration:
        lines.append(
            "Achtung: Der Tag liegt mehr als eine Woche nach den letzten Verkaufsdaten; die Spannen sind "
            "für bis zu sieben Tage kalibriert, die tatsächliche Unsicherheit ist größer."
        )
    if len(plan.items) <= DETAIL_LIMIT:
        for i in plan.items:
            line = (
                f"- {branch_name(i.branch)}, {product_name(i.product)}: **{integer(i.quantity)} Stück** backen. Prognose "
                f"{integer(i.forecast)} Stück (80-%-Spanne {integer(i.lower80)}–{integer(i.upper80)}); erwartete Retoure "
                f"{num(i.expected_returns)} Stück"
            )
            if money:
                line += f" ({eur(i.expected_returns_eur, cents=True)})"
                method.append(
                    f"{product_name(i.product)} in {branch_name(i.branch)}: Preis {eur(i.price_eur, cents=True)}, Kosten "
                    f"{eur(i.cost_eur, cents=True)}, Restwert {eur(i.salvage_eur, cents=True)} → kritisches "
                    f"Verhältnis {num(i.critical_ratio, 2)}, also so viel, dass die Nachfrage in "
                    f"{share(i.critical_ratio, 0)} der Fälle gedeckt ist."
                )
            line += f", Ausverkauft-Wahrscheinlichkeit {share(i.sellout_prob, 0)}."
            lines.append(line)
    else:
        lines.append(
            "| Produkt | Stück | Bleche | Teig (kg) | erw. Retoure (Stück) |" + (" erw. Retoure (€) |" if money else "")
        )
        lines.append("|---|---:|---:|---:|---:|" + ("---:|" if money else ""))
        for t in plan.products:
            lines.append(
                f"| {t.name} | {integer(t.quantity)} | {integer(t.trays) if t.trays else '–'} | "
                f"{num(t.dough_kg) if t.dough_kg else '–'} | {num(t.expected_returns)} |"
                + (f" {eur(t.expected_returns_eur, cents=True)} |" if money else "")
            )
    if slots.groups:
        lines.append(group_total_line(sum(i.forecast for i in plan.items)))
    rich = sorted({i.product for i in plan.items if i.salvage_eur >= i.cost_eur})
    if rich and money:
        method.append(
            "Bei " + ", ".join(product_name(p) for p in rich) + " liegt der Restwert über den Herstellkosten "
            "(Übermengen werden später verkauft); die Menge ist deshalb auf das 99-%-Quantil begrenzt."
        )
    doughs = {k: v for k, v in plan.dough_kg.items() if v > 0}
    if doughs:
        lines.append(
            "Teig je Sorte: " + ", ".join(f"{DOUGH_NAMES.get(k, k)} {num(v)} kg" for k, v in doughs.items()) + "."
        )
    else:  # an own export's goods have no recipe here (trial 18: „Teig je Sorte: .“, „alle Rohstoffe vorrätig“)
        lines.append(
            "Für diese Artikel ist kein Rezept hinterlegt – Teig, Bleche und Rohstoffe rechne ich deshalb nicht."
        )
    if plan.shortages:
        lines.append(
            "**Fehlmengen im Lager:** "
            + ", ".join(
                f"{m.name} {num(m.shortage_kg)} kg (Bedarf {num(m.needed_kg)} kg, Bestand {num(m.stock_kg)} kg)"
                for m in plan.shortages
            )
            + "."
        )
    elif doughs:
        lines.append("Alle Rohstoffe für diesen Plan sind vorrätig.")
    if money:
        lines.append(
            f"Erwartete Retouren insgesamt: {eur(plan.expected_returns_eur, cents=True)} "
            "(Herstellkosten minus Restwert); "
            f"erwartete Lieferfähigkeit {share(plan.expected_fill, 0)}."
        )
        method.insert(
            0,
            "Je Filiale und Produkt backe ich so viel, dass ein weiteres Stück sich im Mittel "
            "nicht mehr lohnt – die Menge reicht mit der Wahrscheinlichkeit (Preis − Kosten)/(Preis − Restwert); "
            "je höher die Marge und je billiger die Retoure, desto mehr. Tage, an denen ausverkauft war, rechne ich "
            "über die Uhrzeit des Ausverkaufs auf die wirkliche Nachfrage hoch.",
        )
    else:
        lines.append(f"Erwartete Lieferfähigkeit {share(plan.expected_fill, 0)}.")
        method.append(
            "Aus der Prognose der Nachfrage und ihrer Spanne wird die Menge gewählt, bei der "
            "fehlende Ware und Retouren sich am besten ausgleichen; ausverkaufte Tage werden über die "
            "Ausverkaufszeit hochgerechnet."
        )
    if plan.model_choice is not None:
        method.append(_choice_line(plan, money))
    if not weather_scenario(slots.text or "").is_empty():  # said, not silently ignored
        lines.append(
            "Hinweis: Das Wetter, das Sie nennen, ändert diesen Backplan nicht – er rechnet mit dem üblichen Wetter "
            "dieser Tage. Wie stark es den Absatz bewegt, zeigt die Prognose, z. B. „Wie viele Brötchen verkaufen "
            "wir am Samstag, wenn es regnet?“"
        )
    if asks_bakehouse_work(slots.text or ""):  # the bakehouse's day: the ovens follow from these pieces
        lines.append("Wann was in welchen Ofen kommt, zeigt der Ofenplan – fragen Sie z. B. „und die Öfen?“.")
    text = plain_answer(_plan_decision(plan), lines, method)
    if slots.how_sure:  # „Wie sicher ist das?“: the plan re-run on the last weeks, shown below the decision
        data["certainty"] = plan_certainty(slots, plan.data_until)
    return AgentReply(text=text, tools_called=[TOOL], data=data, artifacts=[_plan_chart(plan)])


def _choice_line(plan: ProductionPlan, money: bool) -> str:
    """Which model variant was chosen on the last weeks, with its realised profit against the standard's."""
    mc = plan.model_choice
    assert mc is not None
    chosen, standard = mc.chosen_profit_eur, mc.standard_profit_eur
    if not money or chosen is None or standard is None:
        return mc.text
    chosen, standard = round(chosen), round(standard)  # the difference shown is that of the figures shown
    if mc.is_standard:
        return (
            f"{mc.text} Das ist die Standardeinstellung ({eur(chosen)} Gewinn über alle Filialen und Produkte "
            "in diesen Wochen)."
        )
    return (
        f"{mc.text} In diesen {mc.weeks} Wochen hätte sie über alle Filialen und Produkte {eur(chosen)} Gewinn "
        f"gebracht, die Standardeinstellung {eur(standard)} ({eur(chosen - standard, signed=True)})."
    )


def _plan_decision(plan: ProductionPlan) -> str:
    """The plan in one sentence a baker would say."""
    when = f"am {WEEKDAYS[plan.day.weekday()]}, {plan.day:%d.%m.}"
    if len(plan.items) == 1:
        i = plan.items[0]
        covered = 1 - i.sellout_prob
        chance = "hoher" if covered >= 0.75 else "mittlerer" if covered >= 0.5 else "geringer"
        return (
            f"Backen Sie {when} in {branch_name(i.branch)} {integer(i.quantity)} Stück {product_name(i.product)} – das reicht mit "
            f"{chance} Wahrscheinlichkeit ({share(covered, 0)}) bis Ladenschluss."
        )
    total = sum(i.quantity for i in plan.items)
    trays = sum(t.trays for t in plan.products)
    branches = sorted({i.branch for i in plan.items})
    n_products = len({i.product for i in plan.items})
    # one branch is named („für Gardelegen Holzmarkt“), several are counted
    where = branch_name(branches[0]) if len(branches) == 1 else f"{len(branches)} Filialen"
    return (
        f"Backen Sie {when} insgesamt {integer(total)} Stück{f' auf {integer(trays)} Blechen' if trays else ''} – "
        f"{n_products} Artikel für "
        f"{where}; so reicht die Ware mit hoher Wahrscheinlichkeit "
        f"(erwartete Lieferfähigkeit {share(plan.expected_fill, 0)}) bis Ladenschluss."
    )


MONEY_KEYS = {"critical_ratio"}  # derived from prices and costs


def without_money(value: Any) -> Any:
    """The JSON of a result without money figures (keys ending in `_eur` and what is derived from them)."""
    if isinstance(value, dict):
        return {k: without_money(v) for k, v in value.items() if not k.endswith("_eur") and k not in MONEY_KEYS}
    if isinstance(value, list):
        return [without_money(v) for v in value]
    return value


def _plan_chart(plan: ProductionPlan) -> Artifact:
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


def money_line(saved_pieces: float, saved_eur: float) -> str:
    """The returns' value saved by the plan; when pieces and value move apart (fewer pieces, yet more value),
    say why instead of leaving two figures that seem to contradict each other (browser trial 5)."""
    mixed = (saved_pieces >= 0) != (saved_eur >= 0)
    why = ""
    if mixed:
        why = (
            " – weniger Stück, aber mehr höherwertige Ware unter den Retouren"
            if saved_pieces >= 0
            else " – mehr Stück, aber günstigere Ware unter den Retouren"
        )
    more_less = "weniger" if saved_eur >= 0 else "mehr"
    return f"In Geld: {eur(abs(saved_eur), cents=True)} {more_less} Retourenwert mit dem Plan (Herstellkosten minus Restwert){why}."


def _scope(slots: Slots) -> str:
    """' bei Brötchen in Osterburg Breite Straße': the goods and branches a look back covers ('' for all)."""
    from tools.company.catalog import GROUP_NAMES

    goods = [PRODUCT_BY_ID[p].name for p in slots.products if p in PRODUCT_BY_ID]
    goods = goods or [GROUP_NAMES[g] for g in slots.groups if g in GROUP_NAMES]
    places = [BRANCH_BY_ID[b].name for b in slots.branches if b in BRANCH_BY_ID]
    what = f" bei {', '.join(goods)}" if goods else ""
    return what + (f" in {', '.join(places)}" if places else "")


def _savings_reply(slots: Slots, ctx: TurnContext) -> AgentReply:
    from tools.company.data import load_sales
    from tools.production.savings import savings

    last_data = load_sales()["date"].max().date()
    start, end, note = _period(slots, ctx, last_data)
    markup = 1 + slots.percent / 100 if slots.percent is not None and slots.percent > -50 else None
    res = savings(start, end, slots.branches or None, products_asked(slots), markup)
    p, r = res.plan, res.rule
    lines = [
        f"{note}Rückblick {date_range(res.start, res.end)} ({res.series} {'Kombination' if res.series == 1 else 'Kombinationen'} aus Filiale und Produkt):",
        "| | Plan | Regel | " + ("tatsächlich gebacken |" if res.actual else ""),
        "|---|---:|---:|" + ("---:|" if res.actual else ""),
    ]

    def row(label: str, f: Callable[[PolicyResult], str]) -> str:
        vals = [f(p), f(r)] + ([f(res.actual)] if res.actual else [])
        return f"| {label} | " + " | ".join(vals) + " |"

    lines += [
        row("gebacken (Stück)", lambda x: integer(x.baked)),
        row("Retouren (Stück)", lambda x: integer(x.returned)),
        row("Retourenquote", lambda x: share(x.returns_rate, 1)),
        row("Lieferquote (verkauft/Nachfrage)", lambda x: share(x.fill_rate, 1)),
        row("ausverkauft (Filiale×Produkt-Tage)", lambda x: integer(x.soldout_days)),
        row("Gewinn", lambda x: eur(x.profit_eur, cents=True)),
    ]
    hours = [res.plan_bake_hours, res.rule_bake_hours] + ([res.actual_bake_hours] if res.actual else [])
    if all(h is not None for h in hours):
        lines.insert(4, "| Backstunden (Backstube) | " + " | ".join(f"{num(h or 0.0, 0)} h" for h in hours) + " |")
    verb = "weniger" if res.saved_returns >= 0 else "mehr"
    profit = f"{eur(abs(res.extra_profit_eur), cents=True)} {'mehr' if res.extra_profit_eur >= 0 else 'weniger'}"
    decision = (
        f"Mit dem Plan hätten Sie im Zeitraum {date_range(res.start, res.end)} {integer(abs(res.saved_returns))} Stück "
        f"Retouren {verb} gehabt und {profit} Gewinn gemacht als mit Ihrer bisherigen Regel."
    )
    if res.actual is not None and asks_past_returns(slots, ctx.today):  # the question first, then the comparison
        decision = (
            f"Im Zeitraum {date_range(res.start, res.end)} hatten Sie{_scope(slots)} {integer(res.actual.returned)} "
            "Stück Retouren "
            f"(Retourenquote {share(res.actual.returns_rate, 1)}). Mit dem Plan wären es {integer(abs(res.saved_returns))} "
            f"Stück {verb} gewesen als mit Ihrer bisherigen Regel, bei {profit} Gewinn."
        )
    lines.append(money_line(res.saved_returns, res.saved_returns_eur))
    if _HOURS.search(slots.text or "") and res.plan_bake_hours is not None and res.rule_bake_hours is not None:
        decision += " " + _hours_sentence(res.rule_bake_hours - res.plan_bake_hours)
    method = [
        "Jede Woche wurde mit den Daten bis zwei Tage vorher geplant (Newsvendor).",
        f"Vergleichsregel: Mittel der letzten 3 gleichen Wochentage × {num(res.markup, 2)} "
        f"(Aufschlag {res.markup_source}).",
        f"Als Nachfrage zählt {res.demand_source}. Der Plan selbst lernt nur aus den Verkäufen und rechnet "
        "ausverkaufte Tage über die Ausverkaufszeit hoch.",
    ]
    return AgentReply(
        text=plain_answer(decision, lines, method),
        tools_called=[TOOL],
        data=res.model_dump(mode="json"),
        artifacts=[_savings_chart(res)],
    )


def _hours_sentence(saved: float) -> str:
    """The Backstube hours the plan saves (or costs) against the rule, as a sentence."""
    if abs(saved) < 0.5:
        return "An Backstunden ändert der Plan praktisch nichts."
    verb = "weniger" if saved > 0 else "mehr"
    return f"In der Backstube bräuchten Sie dafür {num(abs(saved), 0)} Arbeitsstunden {verb}."


def _savings_chart(res: Savings) -> Artifact:
    from tools.charts import new_figure, save_figure

    fig, ax = new_figure()
    x = np.arange(len(res.weeks))
    ax.bar(x - 0.2, [w.rule_returned for w in res.weeks], 0.4, color="#999999", label=f"Regel × {num(res.markup, 2)}")
    ax.bar(x + 0.2, [w.plan_returned for w in res.weeks], 0.4, color="#c8893b", label="Plan (Newsvendor)")
    ax.set_xticks(x, [f"ab {w.week_start:%d.%m.}" for w in res.weeks])
    ax.set_ylabel("Retouren (Stück)")
    ax.set_title(f"Retouren je Woche {date_range(res.start, res.end)}")
    ax.legend()
    path = save_figure(fig, "retouren-rueckblick")
    return Artifact(kind="image", path=path, name="Retouren: Plan gegen Regel")
