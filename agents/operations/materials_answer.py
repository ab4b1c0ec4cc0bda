"""„Haben wir genug Mehl für morgen?“ / „Wie viel Roggenmehl brauchen wir diese Woche?“: raw materials of the
production plans against the stock, the shortage first."""

from __future__ import annotations

import re
from datetime import timedelta

from agents.contracts import AgentReply, Slots, TurnContext
from agents.nlu.normalize import fold
from agents.operations.common import products_asked
from agents.plain import plain_answer
from tools.errors import RequestError
from tools.format_de import date_range, day_long, num
from tools.production.materials import MAX_DAYS, MaterialNeed, MaterialsReport, materials_need

TOOL = "production_plan"
_MATERIALS = re.compile(  # whole words: „Buttercroissant“, „Käsesahnetorte“, „Hefezopf“ are products, not materials
    r"\b\w*mehl\b|\b(?:rohstoff|rohware|zutat)\w*|\b(?:butter|zucker|hefe|eier|quark|sahne|mehlvorrat)\b"
    r"|\bvorrat|\bvorraete\b|lagerbestand|\blager\b|\bbestand\b|nachbestell|\beinkauf",
    re.I,
)


_ORDERING = re.compile(r"bestell|knapp|ausgeh|vorrat|vorraete|lager")


def wants_materials(text: str) -> bool:
    """True for a question about raw materials (need, stock, ordering)."""
    return bool(_MATERIALS.search(fold(text or "")))


def _named(report: MaterialsReport, text: str) -> list[MaterialNeed]:
    """The materials the question names („Roggenmehl“, „Mehl“, „Butter“); all when none is named."""
    t = fold(text)
    words = [w for w in re.findall(r"[a-z]+", t) if len(w) >= 4]
    hits = [m for m in report.materials if any(w in fold(m.name).replace(" ", "") for w in words)]
    return hits or report.materials


def _span(report: MaterialsReport) -> str:
    if report.start == report.end:
        return f"für {day_long(report.start)}"
    return f"für {date_range(report.start, report.end)}"


def _decision(report: MaterialsReport, shown: list[MaterialNeed], how_much: bool, yes_no: bool) -> str:
    short = [m for m in shown if m.shortage_kg > 0]
    if how_much and len(shown) <= 3:
        need = ", ".join(f"{num(m.needed_kg)} kg {m.name}" for m in shown)
        text = f"Sie brauchen {_span(report)} {need} (Bestand: " + ", ".join(num(m.stock_kg) + " kg" for m in shown)
        if not short:
            return text + ") – das reicht."
        first = min(m.first_short_day for m in short if m.first_short_day is not None)
        gap = ", ".join(f"{num(m.shortage_kg)} kg {m.name}" for m in short)
        return f"{text}) – es fehlen {gap}, knapp ab {day_long(first)}. Bestellen Sie vorher nach."
    if short:
        short.sort(key=lambda m: (m.first_short_day or report.end, -m.shortage_kg))
        parts = ", ".join(f"{m.name}: {num(m.shortage_kg)} kg" for m in short[:5])  # „Weizenmehl 550: 826,7 kg“
        if len(short) > 5:
            parts += f" und {len(short) - 5} weitere (siehe Tabelle)"
        first = short[0].first_short_day or report.start
        lead = "Nein – " if yes_no else ""
        span = _span(report) if yes_no else _span(report)[0].upper() + _span(report)[1:]
        return f"{lead}{span} fehlen {parts}; knapp wird es ab {day_long(first)}. Bestellen Sie vorher nach."
    if len(shown) <= 3:
        parts = ", ".join(f"{m.name}: {num(m.needed_kg)} kg (Bestand {num(m.stock_kg)} kg)" for m in shown)
        return f"Das reicht {_span(report)}: Sie brauchen {parts}."
    return f"{_span(report)[0].upper()}{_span(report)[1:]} reichen alle {len(shown)} Rohstoffe des Plans – nichts muss nachbestellt werden."


def materials_reply(slots: Slots, ctx: TurnContext) -> AgentReply:
    """Need of the named (or all) raw materials for the asked days (default: tomorrow) against the stock."""
    if slots.dates is None and _ORDERING.search(fold(slots.text or "")):
        start, end = ctx.today + timedelta(days=1), ctx.today + timedelta(days=7)
        note = "Sie haben keinen Zeitraum genannt, ich rechne für die nächsten sieben Tage. "
    elif slots.dates is None:
        start = end = ctx.today + timedelta(days=1)
        note = "Sie haben keinen Tag genannt, ich rechne für morgen. "
    else:
        start, end, note = max(slots.dates.start, ctx.today), slots.dates.end, ""
        until = re.search(r"\bbis\b", fold(slots.text))
        if until and start > ctx.today + timedelta(days=1):  # „Reicht die Butter bis Freitag / bis Weihnachten?“
            if not re.search(r"\bbis\s+(zum\s+)?ende\b", fold(slots.text)):
                end = start  # up to the first day named, every day from tomorrow on
            start = ctx.today + timedelta(days=1)
        if end < ctx.today:
            raise RequestError(
                f"Der Zeitraum {date_range(slots.dates.start, end)} liegt in der Vergangenheit – den Rohstoffbedarf "
                "rechne ich für heute oder kommende Tage."
            )
        if (end - start).days >= MAX_DAYS:
            note = f"Ich rechne höchstens {MAX_DAYS} Tage voraus. "
    report = materials_need(start, end, slots.branches or None, products_asked(slots))
    shown = _named(report, slots.text or "")
    yes_no = bool(re.match(r"\s*(haben|hat|reicht|reichen|ist|sind|gibt|muessen|brauchen)\b", fold(slots.text or "")))
    how_much = bool(re.match(r"\s*(wie ?viel|wieviel)", fold(slots.text or "")))
    table = ["| Rohstoff | Bedarf (kg) | Bestand (kg) | fehlt (kg) |", "|---|---:|---:|---:|"]
    table += [
        f"| {m.name} | {num(m.needed_kg)} | {num(m.stock_kg)} | {num(m.shortage_kg) if m.shortage_kg else '–'} |"
        for m in shown
    ]
    figures = [f"{note}Rohstoffe {_span(report)} (aus den Produktionsplänen):", *table]
    method = [
        "Bedarf = geplante Backmengen je Tag × Rezeptur (kg je Stück), über die Tage summiert; Bestand = Ihre "
        "aktuelle Bestandsliste, ohne Lieferungen, die bis dahin noch kommen."
    ]
    return AgentReply(
        text=plain_answer(_decision(report, shown, how_much, yes_no), figures, method),
        tools_called=[TOOL],
        data=report.model_dump(mode="json"),
    )
