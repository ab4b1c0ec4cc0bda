"""`budget_forecast`: monthly revenue, costs and result with intervals, previous year and target."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from agents.contracts import AgentReply, Artifact, Slots, TurnContext
from agents.finance.common import (
    branch_note,
    data_error_reply,
    date_axis,
    is_scenario,
    months_until,
    thousand_eur_chart,
    year_in_text,
)
from agents.finance.past_result import asks_result, past_result
from agents.nlu.normalize import fold
from agents.plain import plain_answer
from agents.replies import unknown_branch_text
from tools.charts import new_figure
from tools.errors import DataError, RequestError
from tools.finance.budget import MAX_MONTHS, forecast_budget
from tools.finance.models import COST_CATEGORIES, COST_NAMES, BudgetForecast
from tools.format_de import count, day, eur, month_label, month_long, percent, period_opening, share


def _horizon(slots: Slots, today: date) -> tuple[int | None, str]:
    """Number of months and a German note on how it was chosen."""
    if slots.months:
        return slots.months, f"die nächsten {slots.months} Monate"
    if slots.dates and slots.dates.end >= today:
        return months_until(today, slots.dates.end), f"bis {month_label(slots.dates.end)}"
    year = year_in_text(slots.text)
    if year and year >= today.year:
        return months_until(today, date(year, 12, 1)), f"bis Dez {year}"
    return None, f"bis Ende {today.year + 1}; Standard, da kein Zeitraum genannt"


def _chart(b: BudgetForecast) -> Artifact:
    fig, ax = new_figure(10, 4.8)
    x = date_axis(m.month for m in b.months)
    ax.fill_between(
        x,
        [m.revenue_lower / 1000 for m in b.months],
        [m.revenue_upper / 1000 for m in b.months],
        alpha=0.25,
        color="#2b6cb0",
        label="Umsatz 80-%-Intervall",
    )
    ax.plot(x, [m.revenue / 1000 for m in b.months], "o-", color="#2b6cb0", label="Umsatz Prognose")
    ax.plot(x, [m.costs_total / 1000 for m in b.months], "s-", color="#c05621", label="Kosten gesamt")
    prev = [(m.month, m.prev_year_revenue / 1000) for m in b.months if m.prev_year_revenue]
    if prev:
        ax.plot(*zip(*prev), "x", color="#4a5568", label="Umsatz Vorjahresmonat")
    tgt = [(m.month, m.target_revenue / 1000) for m in b.months if m.target_revenue]
    if tgt:
        ax.plot(
            *zip(*tgt),
            "--",
            color="#2f855a",
            label=f"Budgetziel (Vorjahr {percent(b.target_growth_pct, 0, signed=True)})",
        )
    return thousand_eur_chart(fig, ax, "Budgetprognose je Monat", "upper left", "budgetprognose", "Budgetprognose")


_COST_WORDS = {
    "personal": r"personal|l[oö]hne?\b|gehalt|geh[aä]lter|lohnkosten",
    "miete": r"miete|pacht",
    "energie": r"energie|strom|\bgas\b|heiz",
    "wareneinsatz": r"wareneinsatz|rohstoffkosten|zutatenkosten|materialkosten|einkaufskosten",
    "fahrzeuge": r"fahrzeug|sprit|diesel|lieferwagen|kfz",
}


def cost_decision(b: BudgetForecast, text: str) -> str | None:
    """„Was kostet uns das Personal im Monat?“: the asked cost type per month and its share, first."""
    asked = [c for c, pattern in _COST_WORDS.items() if re.search(pattern, text, re.I)]
    if not asked or not re.search(r"kost|ausgab|ausgeb|geben\b.*\baus\b|zahlen wir|teuer|wie viel", text, re.I):
        return None
    months = len(b.months)
    total = sum(m.costs_total for m in b.months)
    first, last = month_label(b.months[0].month), month_label(b.months[-1].month)
    out = []
    for c in asked:
        v = sum(m.costs[c] for m in b.months)
        if months == 1:
            out.append(
                f"{COST_NAMES[c]} kostet Sie im {first} voraussichtlich {eur(v)} ({share(v / total, 0)} der Kosten)."
            )
        else:
            out.append(
                f"{COST_NAMES[c]} kostet Sie voraussichtlich im Schnitt {eur(v / months)} im Monat "
                f"({first} – {last}; {share(v / total, 0)} der Kosten)."
            )
    return " ".join(out)


# folded text: a tax asked about (the budget plans no taxes on profit)
_TAX = re.compile(r"\b(?:gewerbe|einkommens?|koerperschaft|ertrag)s?steuer\w*|\bsteuern\b")
TAX_NOTE = (
    "Steuern auf den Gewinn (Gewerbe-, Einkommen- oder Körperschaftsteuer) rechne ich nicht aus – sie stehen nicht "
    "in Ihrer Budgetplanung; fragen Sie dazu Ihre Steuerberatung. Was ich habe, ist der Gewinn vor Steuern:"
)


def past_revenue(slots: Slots, start: date, end: date) -> AgentReply:
    """Revenue the till recorded for days gone by ("Wie viel Umsatz haben wir gestern gemacht?"): sold × price."""
    from tools.company.catalog import BRANCH_BY_ID
    from tools.company.sales_review import sales_review
    from tools.errors import RequestError

    branches = [b for b in slots.branches if b in BRANCH_BY_ID]
    where = ", ".join(BRANCH_BY_ID[b].name for b in branches) if branches else "allen Filialen zusammen"
    when = period_opening(start, end)
    try:
        revenue = sales_review(start, end, "branch", branches or None).total.revenue_eur
    except RequestError:  # nothing recorded for these days and branches
        text = f"{when} sind in {where} keine Verkäufe gespeichert (geschlossen oder noch keine Kassendaten)."
        return AgentReply(text=text, tools_called=["budget_forecast"], data={"revenue": None})
    text = (
        f"{when} haben Sie in {where} {eur(revenue)} Umsatz gemacht – laut Kassendaten (verkaufte Stück × Preis), "
        "keine Prognose. Für kommende Monate fragen Sie z. B. „Wie sieht der Umsatz im Dezember aus?“"
    )
    data: dict[str, Any] = {"start": start.isoformat(), "end": end.isoformat(), "revenue": revenue}
    data["branches"] = branches
    if asks_result(slots.text or ""):  # „Wie viel Gewinn …?“: the booked result, or why there is none
        said, figures = past_result(start, end, branches)
        booked = (
            "**So habe ich gerechnet:** Umsatz und Kosten aus den gebuchten Monatswerten Ihrer Buchhaltung "
            "(Wareneinsatz, Personal, Energie, Miete, Fahrzeuge, Sonstiges); Gewinn = Umsatz − Kosten."
        )
        text = f"{said}\n\n{booked}" if figures else f"{text} {said}"
        data["result"] = figures
    return AgentReply(text=text, tools_called=["budget_forecast"], data=data)


def _if_sales(scenario_pct: float | None) -> str:
    """' bei Absatz −10 %' in the decision of a what-if: its figures are the scenario's, not the forecast's."""
    return "" if scenario_pct is None else f" bei Absatz {percent(scenario_pct, 0, signed=True)}"


def run(slots: Slots, ctx: TurnContext) -> AgentReply:
    """Forecast the budget; a percent in a what-if question becomes a sales scenario; days gone by: the till."""
    scenario = is_scenario(slots)
    if slots.dates and slots.dates.end < ctx.today and not scenario:
        return past_revenue(slots, slots.dates.start, slots.dates.end)
    months, horizon_note = _horizon(slots, ctx.today)
    scenario_pct = slots.percent if scenario else None
    target = slots.percent if (slots.percent is not None and not scenario) else None
    scen_months = [slots.dates.start] if (scenario and slots.dates) else None
    if scen_months and slots.dates:
        scen_months = sorted({date(d.year, d.month, 1) for d in slots.dates.days()})
    try:
        b = forecast_budget(
            months=months, target_growth_pct=target, scenario_pct=scenario_pct, scenario_months=scen_months
        )
    except DataError as exc:
        return data_error_reply(exc)
    if slots.dates:  # "Budget für nächsten Monat" (also with a what-if): that month, not the months up to it as well
        asked = [m for m in b.months if m.month >= date(slots.dates.start.year, slots.dates.start.month, 1)]
        if not asked:  # „Umsatz im Dezember 2099“: said, not the 36 months before it under the label „bis Dez 2099“
            raise RequestError(
                f"Die Budgetprognose reicht höchstens bis {month_long(b.months[-1].month)} ({MAX_MONTHS} Monate "
                f"voraus); für {month_long(slots.dates.start)} wäre jede Zahl geraten. Bitte nennen Sie einen "
                "näheren Monat."
            )
        b = b.model_copy(update={"months": asked})
    first, last = b.months[0], b.months[-1]
    single = first.month == last.month
    span = month_label(first.month) if single else f"{month_label(first.month)} – {month_label(last.month)}"
    lines = [f"**Budgetprognose {span}** ({horizon_note})", ""]
    rev = sum(m.revenue for m in b.months)
    cost = sum(m.costs_total for m in b.months)
    result = "Gewinn" if rev >= cost else "Verlust"
    decision = (
        f"Im {month_long(first.month)}" if single else f"Von {month_long(first.month)} bis {month_long(last.month)}"
    ) + f" erwarte ich{_if_sales(scenario_pct)} {eur(rev)} Umsatz und {eur(abs(rev - cost))} {result}"
    missed = [m for m in b.months if m.target_revenue and m.revenue < m.target_revenue]
    if any(m.target_revenue for m in b.months):
        decision += (
            f" – das Budgetziel verfehlen Sie in {len(missed)} von {len(b.months)} Monaten."
            if missed
            else " – das Budgetziel erreichen Sie in allen vergleichbaren Monaten."
        )
    else:
        decision += "."
    if scenario_pct is not None:
        which = ", ".join(month_label(m) for m in b.scenario_months)
        where = f"in {which}" if which else "in allen Monaten"
        lines += [
            f"Szenario: Absatz {percent(scenario_pct, 0, signed=True)} {where} (Kosten passen sich über die Kostenstruktur an).",
            "",
        ]
    lines += [
        "| Monat | Umsatz | 80-%-Intervall | Kosten | Ergebnis | Vorjahr Umsatz | Budgetziel |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for m in b.months:
        lines.append(
            f"| {month_label(m.month)} | {eur(m.revenue)} | {eur(m.revenue_lower)} – {eur(m.revenue_upper)} | "
            f"{eur(m.costs_total)} | {eur(m.result)} | "
            f"{eur(m.prev_year_revenue) if m.prev_year_revenue else '–'} | "
            f"{eur(m.target_revenue) if m.target_revenue else '–'} |"
        )
    lines += [
        "",
        f"Summe: Umsatz {eur(rev)}, Kosten {eur(cost)}, Ergebnis {eur(rev - cost)} "
        f"(Umsatzrendite {share((rev - cost) / rev)}).",
    ]
    comparable = [m for m in b.months if m.prev_year_revenue]
    if comparable:
        now = sum(m.revenue for m in comparable)
        before = sum(m.prev_year_revenue or 0 for m in comparable)
        tgt = sum(m.target_revenue or 0 for m in comparable)
        below = [month_label(m.month) for m in comparable if m.target_revenue and m.revenue < m.target_revenue]
        lines.append(
            f"Gegenüber dem Vorjahr ({count(len(comparable), 'vergleichbarer Monat', 'vergleichbare Monate')}): "
            f"{eur(now)} statt {eur(before)} ({share(now / before - 1, signed=True)}); Budgetziel (Vorjahr {percent(b.target_growth_pct, 0)}) "
            f"{eur(tgt)} – " + (f"verfehlt in {', '.join(below)}." if below else "in allen Monaten erreicht.")
        )
    by_kind = {c: sum(m.costs[c] for m in b.months) for c in COST_CATEGORIES}
    lines.append(
        "Kosten nach Art: "
        + ", ".join(f"{COST_NAMES[c]} {eur(v)} ({share(v / cost, 0)})" for c, v in by_kind.items())
        + "."
    )
    if first.actual_to_date is not None and first.actual_until is not None:
        lines.append(
            f"{month_label(first.month)}: davon bereits verkauft bis {day(first.actual_until)} "
            f"{eur(first.actual_to_date)}."
        )
    methods = sorted({m.method for m in b.months})
    if not any(m.startswith("Absatzprognose") for m in methods):
        methods.append(
            "auch die nächsten Monate aus Ihren bisherigen Monatsumsätzen (die genauere Prognose je Artikel und "
            "Filiale liegt für Ihren aktuellen Datenstand noch nicht vor)"
        )
    a = b.assumptions
    method = [
        f"Umsatz: {'; '.join(methods)}. Kosten: Wareneinsatz {share(float(a['wareneinsatz_anteil']))} "
        f"vom Umsatz (letzte 12 Monate), Personal und Miete auf dem Niveau der letzten 3 Monate mit der "
        f"bisherigen Januar-Steigerung, Energie nach Vorjahresmonat, Fahrzeuge {a['fahrzeuge']}, "
        f"Sonstiges {a['sonstiges']}. Historie bis {month_label(b.history_until)}."
    ]
    decision = cost_decision(b, slots.text or "") or decision
    note = branch_note(slots)
    if slots.unknown_branch:  # „Umsatz unserer Filiale in Magdeburg?“: said first, not under the company's figures
        decision, note = f"{unknown_branch_text(slots.unknown_branch)} Für das ganze Unternehmen gilt: {decision}", None
    if _TAX.search(fold(slots.text or "")):  # „Wie viel Gewerbesteuer …?“: not in the plan, said so
        decision = f"{TAX_NOTE} {decision}"
    return AgentReply(
        text=plain_answer(decision, ([note, ""] if note else []) + lines, method),
        tools_called=["budget_forecast"],
        artifacts=[_chart(b)],
        data=b.model_dump(mode="json"),
    )
