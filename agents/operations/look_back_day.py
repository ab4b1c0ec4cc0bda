"""„Was hätten wir am 3. November backen sollen?“: the plan of one day gone by, computed only from the sales before
it, beside what was really baked and sold that day – clearly a look-back."""

from __future__ import annotations

import re
from datetime import date
from typing import TYPE_CHECKING

from agents.contracts import AgentReply, Slots, TurnContext
from agents.names import branch_name
from agents.operations.common import products_asked
from agents.plain import plain_answer
from tools.company.catalog import PRODUCT_BY_ID
from tools.format_de import day, day_long, integer, share

if TYPE_CHECKING:  # the plan module imports the forecast models: loaded only when a look-back runs
    from tools.production.plan import ProductionPlan

# words that ask what the plan would have saved over a period, not what to bake on that day
_SAVED = re.compile(
    r"gespart|sparen|\bspart\b|einspar|ersparnis|backtest|vergleich|faustregel|regel|lohnt|gebracht|weniger",
    re.I,
)


def wants_past_day(slots: Slots, today: date) -> bool:
    """One day gone by, asked what to bake/produce (not what the plan saves over a period)."""
    d = slots.dates
    return d is not None and d.start == d.end and d.end < today and not _SAVED.search(slots.text or "")


def look_back_reply(slots: Slots, ctx: TurnContext) -> AgentReply:
    """The day's plan from the data before it, the pieces really baked and sold, and how it was computed."""
    from tools.production.plan import look_back_plan

    assert slots.dates is not None  # wants_past_day checked it
    the_day = slots.dates.start
    plan = look_back_plan(the_day, slots.branches or None, products_asked(slots))
    where = ", ".join(branch_name(b) for b in slots.branches) if slots.branches else "alle Filialen"
    if not plan.items:
        return AgentReply(
            text=f"Rückblick auf {day_long(the_day)}: Für {where} war an diesem Tag nichts zu backen (geschlossen).",
            tools_called=["production_plan"],
            data=plan.model_dump(mode="json"),
        )
    planned = sum(t.quantity for t in plan.products)
    if ctx.view != "full":  # sold pieces are the business's sales figures: the owner's, like the sales review's
        return _baked_only(plan, planned, where)
    sold, baked = sum(plan.actual_sold.values()), sum(plan.actual_baked.values())
    decision = (
        f"Rückblick auf {day_long(the_day)} ({where}): Mit den Verkaufsdaten bis {day(plan.data_until)} hätte der "
        f"Plan {integer(planned)} Stück vorgesehen; gebacken wurden {integer(baked)}, verkauft {integer(sold)} Stück."
    )
    lines = [
        "| Produkt | Plan (Stück) | gebacken | verkauft |",
        "|---|---:|---:|---:|",
        *[
            f"| {t.name} | {integer(t.quantity)} | {integer(plan.actual_baked.get(t.product, 0))} | "
            f"{integer(plan.actual_sold.get(t.product, 0))} |"
            for t in plan.products
        ],
    ]
    short = [
        PRODUCT_BY_ID[t.product].name if t.product in PRODUCT_BY_ID else t.name
        for t in plan.products
        if plan.actual_sold.get(t.product, 0) >= t.quantity > 0
    ]
    if short:
        lines.append(f"Der Plan wäre ausverkauft gewesen bei: {', '.join(short)}.")
    method = [
        f"Für diesen Rückblick habe ich das Nachfragemodell nur mit den Verkäufen bis {day(plan.data_until)} "
        "neu angelernt – so, als wäre es damals gewesen (in seinen Grundeinstellungen) – und daraus wie beim "
        "Backplan je Filiale und Artikel die Menge gewählt, bei der sich ein weiteres Stück im Mittel nicht mehr "
        "lohnt. Gebacken und verkauft stammen aus Ihren Verkaufsdaten dieses Tages."
    ]
    return AgentReply(
        text=plain_answer(decision, lines, method),
        tools_called=["production_plan"],
        data=plan.model_dump(mode="json"),
    )


def _baked_only(plan: ProductionPlan, planned: int, where: str) -> AgentReply:
    """The look-back for staff: the plan and the pieces baked, without the sold pieces (the owner's figures)."""
    decision = (
        f"Rückblick auf {day_long(plan.day)} ({where}): Mit den Verkaufsdaten bis {day(plan.data_until)} hätte der "
        f"Plan {integer(planned)} Stück vorgesehen; gebacken wurden {integer(sum(plan.actual_baked.values()))} Stück."
    )
    lines = [
        "| Produkt | Plan (Stück) | gebacken |",
        "|---|---:|---:|",
        *[
            f"| {t.name} | {integer(t.quantity)} | {integer(plan.actual_baked.get(t.product, 0))} |"
            for t in plan.products
        ],
        "Wie viel davon verkauft wurde, sieht die Geschäftsführung.",
    ]
    data = plan.model_dump(mode="json")
    data["actual_sold"] = {}
    return AgentReply(text=plain_answer(decision, lines, []), tools_called=["production_plan"], data=data)


CHECK_WEEKS = 4  # „Wie sicher ist der Plan?“: the plan re-run on the last four weeks of the company's own days


def plan_certainty(slots: Slots, data_until: date) -> str:
    """How the plan would have done in the last CHECK_WEEKS weeks (each week planned from the data up to two days
    before it): the demand it covered, the article-days sold out and the share returned – measured, not assumed."""
    from datetime import timedelta

    from tools.production.savings import savings

    start = data_until - timedelta(days=7 * CHECK_WEEKS - 1)
    res = savings(start, data_until, slots.branches or None, products_asked(slots))
    p = res.plan
    where = ", ".join(branch_name(b) for b in slots.branches) if slots.branches else "allen Filialen"
    real = res.actual
    compared = (
        f" Zum Vergleich, was wirklich gebacken wurde: {share(real.fill_rate, 0)} gedeckt, "
        f"{share(real.returns_rate, 0)} Retoure, an {integer(real.soldout_days)} Artikel-Tagen ausverkauft."
        if real is not None
        else ""
    )
    return (
        f"Wie sicher: Ich habe den Plan für {day(start)} bis {day(data_until)} in {where} an Ihren eigenen "
        "Verkäufen nachgerechnet – jede Woche nur mit den Daten bis zwei Tage davor. Er hätte "
        f"{share(p.fill_rate, 0)} der Nachfrage gedeckt; an {integer(p.soldout_days)} Artikel-Tagen (je Artikel "
        f"und Filiale gezählt, über {CHECK_WEEKS} Wochen) wäre ein Artikel vor Ladenschluss "
        f"ausverkauft gewesen, und {share(p.returns_rate, 0)} der Ware wäre als Retoure zurückgekommen.{compared}"
    )
