"""Tool `offers`: drafts to act on the day's plan (evening offer, day-old price, social post, newsletter) when
expected returns or the sell-out chance cross the thresholds; with the plan change for a returns question."""

from __future__ import annotations

from typing import TYPE_CHECKING

from agents.contracts import AgentReply, Slots, TurnContext
from agents.operations.common import RETURNS_WORDS as _RETURNS
from agents.operations.common import products_asked, resolve_day
from agents.plain import plain_answer
from agents.replies import unknown_branch_reply
from tools.format_de import day_long, eur, integer, num, share

if TYPE_CHECKING:
    from tools.marketing.models import OfferDraft, OfferResult, PlanChange, ProductSignal

TOOL = "offers"
TABLE_LIMIT = 6
NOTHING_PUBLISHED = "Nichts davon wird von der App veröffentlicht – kopieren Sie, was Sie verwenden möchten."


def wants_plan_change(text: str) -> bool:
    """True for the returns question ('Was können wir gegen die Retouren am Samstag tun?')."""
    return bool(_RETURNS.search(text or ""))


def run(slots: Slots, ctx: TurnContext) -> AgentReply:
    """Offers for the named day (default tomorrow) from the production plan; the returns question adds the
    plan change."""
    from tools.marketing.offers import offers

    if slots.unknown_branch:
        return unknown_branch_reply(slots.unknown_branch, TOOL)
    day, note = resolve_day(slots, ctx, past_hint="Nennen Sie einen kommenden Tag, z. B. „Abendangebot für morgen“.")
    res = offers(day, slots.branches or None, products_asked(slots), with_plan_change=wants_plan_change(slots.text))
    data = res.model_dump(mode="json")
    if not res.returns_products and not res.sellout_products:
        return AgentReply(text=note + _nothing(res), tools_called=[TOOL, "production_plan"], data=data)
    lines = [
        note + f"Schwellen (Einstellungen): erwartete Retoure über {share(res.returns_threshold, 0)} der "
        f"Backmenge oder Ausverkauft-Wahrscheinlichkeit über {share(res.sellout_threshold, 0)}."
    ]
    lines += _table(res)
    if res.plan_changes:
        lines += ["", "**Planänderung** (Backmenge laut Plan statt nach Ihrer Regel):"]
        lines += [_change_line(c) for c in res.plan_changes]
    lines += ["", f"**Entwürfe** (Anrede „{res.address_form}“) – {NOTHING_PUBLISHED}"]
    lines += [_draft_block(d) for d in res.drafts]
    method = [res.method, "Abendpreis und Vortagspreis: feste Abschläge vom Katalogpreis, auf 5 Cent abgerundet."]
    tools = [TOOL, "production_plan", "forecast"] if res.favoured else [TOOL, "production_plan"]
    return AgentReply(text=plain_answer(_decision(res), lines, method), tools_called=tools, data=data)


def _decision(res: OfferResult) -> str:
    parts = []
    if res.returns_products:
        parts.append(f"bei {_count(len(res.returns_products))} mehr Retouren als {share(res.returns_threshold, 0)}")
    if res.sellout_products:
        parts.append(
            f"bei {_count(len(res.sellout_products))} eine Ausverkauft-Wahrscheinlichkeit über "
            f"{share(res.sellout_threshold, 0)}"
        )
    what = "die Planänderung und Entwürfe" if res.plan_changes else "Entwürfe"
    return f"Für {day_long(res.day)} erwartet der Plan {' und '.join(parts)} – hier sind {what} zum Handeln."


def _count(n: int) -> str:
    return "einem Produkt" if n == 1 else f"{n} Produkten"


def _table(res: OfferResult) -> list[str]:
    hit = [s for s in res.signals if s.rules]
    hit.sort(key=lambda s: ("sellout" not in s.rules, -s.expected_returns_eur, -s.sellout_prob))
    rows = [
        "| Produkt | Plan (Stück) | erw. Retoure (Stück) | Retourenwert | Retourenquote | Ausverkauft-W. |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    rows += [_row(s) for s in hit[:TABLE_LIMIT]]
    if len(hit) > TABLE_LIMIT:
        rows.append(
            f"\n… und {len(hit) - TABLE_LIMIT} weitere Produkte über einer Schwelle (vollständig in den Daten)."
        )
    return rows


def _row(s: ProductSignal) -> str:
    return (
        f"| {s.name} | {integer(s.planned)} | {num(s.expected_returns)} | {eur(s.expected_returns_eur, cents=True)} | "
        f"{share(s.returns_share, 0)} | "
        f"{share(s.sellout_prob, 0)} |"
    )


def _change_line(c: PlanChange) -> str:
    verb = "weniger" if c.plan_returns <= c.rule_returns else "mehr"
    return (
        f"- {c.name}: **{integer(c.plan_pieces)} Stück** statt {integer(c.rule_pieces)} nach Ihrer Regel "
        f"(Mittel der letzten 3 gleichen Wochentage × {num(c.markup, 2)}, {c.markup_source}) → erwartete Retoure "
        f"{num(c.plan_returns)} statt {num(c.rule_returns)} Stück ({num(abs(c.rule_returns - c.plan_returns))} "
        f"{verb}), Ausverkauft-Wahrscheinlichkeit {share(c.plan_sellout_prob, 0)} statt "
        f"{share(c.rule_sellout_prob, 0)}. {_change_reason(c)}Den Rest fängt das Angebot unten auf."
    )


def _change_reason(c: PlanChange) -> str:
    """One plain sentence from the model's figures why the plan bakes more (or less) than the rule ('' if equal)."""
    gain = c.plan_profit_eur - c.rule_profit_eur
    money = (
        f" – zusammen {eur(gain, cents=True)} mehr Ertrag nach Wareneinsatz, die Retoure schon abgezogen"
        if gain >= 0.005
        else ""
    )
    if c.plan_pieces > c.rule_pieces:
        return (
            f"Warum mehr: Nach Ihrer Regel wäre die Ware mit {share(c.rule_sellout_prob, 0)} Wahrscheinlichkeit vor "
            f"Ladenschluss ausverkauft; von den {integer(c.plan_pieces - c.rule_pieces)} Stück mehr verkaufen sich im "
            f"Mittel {num(c.plan_sales - c.rule_sales)}{money}. "
        )
    if c.plan_pieces < c.rule_pieces:
        return (
            f"Warum weniger: Von den {integer(c.rule_pieces - c.plan_pieces)} Stück mehr nach Ihrer Regel würden sich "
            f"im Mittel nur {num(c.rule_sales - c.plan_sales)} verkaufen{money}. "
        )
    return ""


def _draft_block(d: OfferDraft) -> str:
    quoted = "\n".join(f"> {line}" if line else ">" for line in d.text.split("\n"))
    # a blank line ends the quote: the basis is no part of the text to copy
    return f"\n**{d.title}** ({d.label})\n{quoted}\n\n_Grundlage: {d.basis}._"


def _nothing(res: OfferResult) -> str:
    if not res.signals:
        return f"Für {day_long(res.day)} ist in dieser Auswahl nichts geplant – also auch kein Angebot nötig."
    top_r = max(res.signals, key=lambda s: s.returns_share)
    top_s = max(res.signals, key=lambda s: s.sellout_prob)
    return (
        f"Für {day_long(res.day)} liegt kein Produkt über den Schwellen – kein Angebot nötig. Höchste erwartete "
        f"Retourenquote: {top_r.name} mit {share(top_r.returns_share, 0)} ({num(top_r.expected_returns)} von "
        f"{integer(top_r.planned)} Stück; Schwelle {share(res.returns_threshold, 0)}); höchste "
        f"Ausverkauft-Wahrscheinlichkeit: {top_s.name} mit {share(top_s.sellout_prob, 0)} (Schwelle "
        f"{share(res.sellout_threshold, 0)})."
    )
