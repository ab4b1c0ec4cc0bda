"""`price_change` tool: „Kann ich den Brötchenpreis um 5 Cent erhöhen?“ – money at today's volume, the volume
that may be lost, and how customers reacted to the price rises already in the sales data."""

from __future__ import annotations

import re
from datetime import date

from agents.contracts import AgentReply, Slots, TurnContext
from agents.names import group_name, product_name
from agents.nlu.normalize import fold
from agents.nlu.slots import extract_slots
from agents.plain import plain_answer
from tools.company.catalog import PRODUCTS
from tools.company.price_change import PriceChange, PriceRow, price_change
from tools.format_de import and_list, count, eur, integer, num, percent, share
from tools.number_words import NUMBER_WORDS

TOOL = "price_change"
TABLE_ROWS = 12
# „um 5 Cent“, „3 %“, „auf 4,80 €“ (folded text; „auf“, „kostet“, „für“ name the new price, not a step)
_STEP = re.compile(
    r"(?P<to>\b(?:auf|kostet|kosten|fuer|kuenftig|ab sofort)\s+(?:nur\s+|dann\s+|kuenftig\s+|kuenftig nur\s+)?)?"
    r"(?P<value>\d+(?:[.,]\d+)?)\s*(?P<unit>cent|ct|%|prozent|€|eur|euro)(?![a-z])"
    r"(?P<costs>\s+(?:kostet|kosten|kosten soll|kosten wuerde|verlang))?"  # „… 16 Euro kostet“: the new price
)
_NUMBER_WORD = re.compile(
    rf"\b({'|'.join(sorted(NUMBER_WORDS, key=len, reverse=True))})(?=\s*(?:cent|ct|%|prozent|euro)\b)"
)
_MOVE = re.compile(
    r"(?P<down>senk|billiger|guenstiger|runter|reduzier|nachlass|rabatt)|(?P<up>erhoeh|teurer|rauf|anheb|aufschlag)"
)
_COMPOUND = re.compile(r"\b(\w+?)(?:s)?preis(?:e|en)?\b")  # „Brötchenpreis“, „Brotpreise“, „Kuchenpreisen“
ASK = (
    "Um wie viel soll sich der Preis ändern? Schreiben Sie z. B. „Brötchen um 5 Cent teurer“, „alle Preise um 3 %“ "
    "oder „Roggenbrot auf 4,80 €“."
)


def _products(slots: Slots, text: str, today: date) -> tuple[list[str], str]:
    """Product ids asked about and how to name them („die Preise für Brötchen (4 Artikel)“); a compound
    („Brötchenpreis“) names its group, nothing named means every product."""
    products, groups = list(slots.products), list(slots.groups)
    if not (products or groups):
        for stem in _COMPOUND.findall(fold(text)):
            inner = extract_slots(stem, today)
            products, groups = inner.products, inner.groups
            if products or groups:
                break
    ids = products + [p.id for p in PRODUCTS if p.group in groups and p.id not in products]
    if not ids:
        return [p.id for p in PRODUCTS], f"alle Preise ({len(PRODUCTS)} Artikel)"
    named = [product_name(p) for p in products] + [group_name(g) for g in groups]
    return ids, f"die Preise für {and_list(named)}" + (f" ({len(ids)} Artikel)" if groups else "")


def _step_phrase(euros: float | None, pct: float | None, target: float | None) -> str:
    """„um 5 Cent“, „um 3 %“, „auf 2,50 €“."""
    if pct is not None:
        return f"um {num(abs(pct), trim=True)} %"
    if euros is not None:
        return f"um {num(abs(euros) * 100, 0)} Cent" if abs(euros) < 1 else f"um {eur(abs(euros), cents=True)}"
    return f"auf {eur(target or 0, cents=True)}"


def _step(text: str) -> tuple[float | None, float | None, float | None]:
    """(euros, percent, new price) of the change asked for, the last one named winning (a follow-up „und um
    10 Cent?“ is read after its question); the sign follows the last „senken“/„billiger“ or „erhöhen“/„teurer“."""
    t = _NUMBER_WORD.sub(lambda m: str(NUMBER_WORDS[m.group(1)]), fold(text))  # „fünf Prozent“ → „5 Prozent“
    moves = list(_MOVE.finditer(t))
    sign = -1.0 if moves and moves[-1].group("down") else 1.0
    steps = list(_STEP.finditer(t))
    if not steps:
        return None, None, None
    m = steps[-1]
    raw = m.group("value")
    value = float(raw.replace(".", "").replace(",", ".")) if "," in raw else float(raw)  # „0,50“ and „0.50“
    if m.group("unit") in ("%", "prozent"):
        return None, sign * value, None
    if m.group("unit") in ("cent", "ct"):
        return sign * value / 100, None, None
    return (None, None, value) if m.group("to") or m.group("costs") else (sign * value, None, None)


def run(slots: Slots, ctx: TurnContext) -> AgentReply:
    """Answer a price what-if from the sales data (pieces, shelf prices, past price steps) and the catalogue costs."""
    from tools.company.data import load_sales

    text = slots.text or ""
    euros, pct, target = _step(text)
    if euros is None and pct is None and target is None:
        return AgentReply(text=ASK, tools_called=[TOOL])
    ids, subject = _products(slots, text, ctx.today)
    res = price_change(load_sales(), ids, ctx.today, delta_eur=euros, delta_pct=pct, target_eur=target)
    if all(abs(r.new_price - r.price) < 0.005 for r in res.rows):  # „Landbrot auf 4,20 €“ when it costs that
        return AgentReply(text=_unchanged(res.rows), tools_called=[TOOL], data=res.model_dump(mode="json"))
    lines = _table(res) if len(res.rows) > 1 else []
    lines += [_measured(res)]
    method = [
        f"Menge: Verkäufe vom {res.since:%d.%m.} bis {res.until:%d.%m.%Y}, auf einen Monat hochgerechnet"
        f"{_season_note(res.rows)}. Rohertrag = "
        "(Preis − Herstellkosten laut Artikelstamm) × Menge. Kundenreaktion: Absatz jedes Artikels in den 8 Wochen "
        "nach einem Tag mit Preisänderungen gegenüber den 8 Wochen davor; herausgerechnet sind die übliche "
        "Schwankung des Artikels zu dieser Jahreszeit und die gemeinsame Schwankung aller Artikel an diesem Tag "
        "(Regression mit festen Effekten), Saisonware mit Verkaufspausen zählt nicht. Der Bereich ist ein "
        "80-%-Bootstrap über die Artikel."
    ]
    return AgentReply(
        text=plain_answer(_lead(res, subject, _step_phrase(euros, pct, target)), lines, method),
        tools_called=[TOOL],
        data=res.model_dump(mode="json"),
    )


def _season_note(rows: list[PriceRow]) -> str:
    """For goods whose season starts or ends in the coming weeks: how their month was estimated instead."""
    seasonal = [product_name(r.product) for r in rows if r.seasonal]
    if not seasonal:
        return ""
    named = ", ".join(seasonal[:3]) + (" …" if len(seasonal) > 3 else "")
    return (
        f"; bei {named} beginnt oder endet die Saison in den kommenden Wochen – dort rechne ich mit denselben vier "
        "Wochen des Vorjahres, angepasst an die Entwicklung der letzten vier Wochen gegenüber dem Vorjahr"
    )


def _unchanged(rows: list[PriceRow]) -> str:
    """The price asked for is today's price: nothing changes."""
    named = ", ".join(product_name(r.product) for r in rows[:3]) + (" …" if len(rows) > 3 else "")
    verb = "kostet" if len(rows) == 1 else "kosten"
    return (
        f"{named} {verb} schon heute {eur(rows[0].price, cents=True)} – bei diesem Preis ändert sich nichts. "
        "Nennen Sie einen anderen Preis oder einen Schritt, z. B. „um 10 Cent teurer“."
    )


def _lead(res: PriceChange, subject: str, step: str) -> str:
    """The money at today's volume and how much volume may go (or must come) before the margin is as today
    (`subject`: „die Preise für Brötchen (4 Artikel)“, `step`: „um 5 Cent“ or „auf 4,20 €“)."""
    up = res.rows[0].new_price > res.rows[0].price
    extra = sum(r.extra_revenue_per_month for r in res.rows)
    if len(res.rows) == 1:
        r = res.rows[0]
        by = f"{step} " if step.startswith("um ") else ""  # „um 10 Cent von 0,95 € auf 1,05 €“
        what = (
            f"den Preis für {product_name(r.product)} {by}von {eur(r.price, cents=True)} "
            f"auf {eur(r.new_price, cents=True)}"
        )
        volume = f" ({integer(r.pieces_per_month)} Stück im Monat)"
    else:
        what = f"{subject} {step}"
        volume = ""
    head = (
        f"Wenn Sie {what} {'erhöhen' if up else 'senken'}, bringt das bei gleicher Menge rund {eur(abs(extra))} "
        f"{'mehr' if up else 'weniger'} Umsatz im Monat{volume}."
    )
    even = _break_even(res.rows)
    if even is None:
        return head + " Der neue Preis liegt unter den Herstellkosten – jedes verkaufte Stück kostet Sie dann Geld."
    if up:
        return (
            head + f" Der Absatz dürfte um bis zu {share(-even)} sinken, bevor Ihr Rohertrag unter den heutigen fällt."
        )
    return head + f" Der Absatz müsste um mindestens {share(even)} steigen, damit Ihr Rohertrag gleich bleibt."


def _break_even(rows: list[PriceRow]) -> float | None:
    """The volume change at which the margin of all rows together is as today (None: below cost)."""
    if any(r.break_even_volume is None for r in rows):
        return None
    now = sum(r.pieces_per_month * (r.price - r.cost) for r in rows)
    new = sum(r.pieces_per_month * (r.new_price - r.cost) for r in rows)
    return now / new - 1 if new > 0 else None


def _measured(res: PriceChange) -> str:
    """How sales reacted to the price steps in the data, and what that means for this change."""
    if res.elasticity is None:
        return (
            "Wie Ihre Kunden auf Preise reagieren, kann ich nicht messen: In den Verkaufsdaten gibt es keine "
            "frühere Preisänderung mit genug Verlauf davor und danach."
        )
    said = (
        f"Gemessen an {count(res.measured_steps, 'früheren Preisänderung', 'früheren Preisänderungen')} in Ihren "
        f"Daten (gegenüber den Artikeln, deren Preis gleich blieb): je 1 % höherer Preis änderte sich der Absatz um "
        f"{percent(res.elasticity, 2, signed=True)}"
    )
    if res.elasticity_range is not None:
        lo, hi = res.elasticity_range
        said += f" (80-%-Bereich {num(lo, 2, signed=True)} bis {percent(hi, 2, signed=True)})"
        if lo <= 0 <= hi:
            said += " – ein Kundenverlust ist nicht klar messbar, aber auch nicht ausgeschlossen"
    expected = [r.expected_change for r in res.rows if r.expected_change is not None]
    margin = sum(r.expected_margin_change_per_month or 0 for r in res.rows)
    if expected:
        volume = sum(r.pieces_per_month * (r.expected_change or 0) for r in res.rows)
        base = sum(r.pieces_per_month for r in res.rows)
        said += f". Damit erwartet: Absatz {share(volume / base, signed=True)}, Rohertrag {eur(margin, signed=True)} im Monat."
    elif res.measured_reach is not None:  # „um 10.000 %“: far beyond every step the reaction was measured on
        said += (
            f". Ihre früheren Preisänderungen lagen bei höchstens {share(res.measured_reach, signed=True)}; für eine so "
            "große Änderung sagt diese Messung nichts – wie viel dann noch verkauft wird, kann ich nicht vorhersagen."
        )
    return said


def _table(res: PriceChange) -> list[str]:
    """The products with the most extra revenue first."""
    rows = sorted(res.rows, key=lambda r: -abs(r.extra_revenue_per_month))
    out = [
        "| Artikel | Preis | neu | Stück im Monat | Umsatz im Monat bei gleicher Menge | Absatz darf sich ändern um |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for r in rows[:TABLE_ROWS]:
        even = share(r.break_even_volume, signed=True) if r.break_even_volume is not None else "unter Kosten"
        out.append(
            f"| {product_name(r.product)} | {eur(r.price, cents=True)} | {eur(r.new_price, cents=True)} | "
            f"{integer(r.pieces_per_month)} | {eur(r.extra_revenue_per_month, signed=True)} | {even} |"
        )
    if len(rows) > TABLE_ROWS:
        out.append(f"| … {len(rows) - TABLE_ROWS} weitere Artikel | | | | | |")
    return out
