"""Tool `overview`: the whole chain demand → production → ovens → staff → money in one German answer."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from agents.contracts import AgentReply, Artifact, Slots, TurnContext
from agents.names import branch_name, product_name
from agents.operations.plan_status import oven_status_text
from agents.plain import plain_answer
from agents.replies import ASK_BRANCH, unknown_branch_reply
from tools.chain.models import LINK_NAMES, ChainCase, ChainResult, StaffingLink
from tools.errors import DataError
from tools.format_de import count, date_range, day, eur, integer, num, percent, signed_eur

LINK_TOOLS = {
    "demand": "forecast",
    "production": "production_plan",
    "ovens": "oven_schedule",
    "staffing": "staffing",
    "recruiting": "recruiting_campaign",
    "money": "liquidity",
}
NA = "nicht verfügbar"


def period_of(slots: Slots, today: date) -> tuple[date, date, str]:
    """Period from the slots; 'Advent' without dates = Advent season; default: next week (Mon–Sun)."""
    if slots.dates:
        return slots.dates.start, slots.dates.end, slots.dates.label
    if "advent" in slots.text.lower() or "weihnachtsgesch" in slots.text.lower():
        from agents.nlu.dates import parse_date_expression

        dr = parse_date_expression("Adventszeit", today)
        if dr:
            return dr.start, dr.end, dr.label
    monday = today + timedelta(days=7 - today.weekday())
    return monday, monday + timedelta(days=6), "nächste Woche (Standard, da kein Zeitraum genannt)"


def _na(case: ChainCase, link: str) -> str:
    why = case.missing.get(link)
    return f"{NA}" + (f" ({why})" if why else "")


def demand_line(case: ChainCase) -> str:
    """Link 1: forecast demand, change vs. last year, peak day, revenue."""
    d = case.demand
    if d is None:
        return f"**1. Nachfrage:** {_na(case, 'demand')}"
    change = (
        f" ({percent(d.change_pct, signed=True)} gegenüber den gleichen Wochentagen im Vorjahr)"
        if d.change_pct is not None
        else ""
    )
    return (
        f"**1. Nachfrage:** {integer(d.pieces)} Stück erwartet{change}; Spitze am {day(d.peak_day)} mit "
        f"{integer(d.peak_pieces)} Stück. Das entspricht {eur(d.revenue_eur)} Umsatz (Prognose × Verkaufspreis)."
    )


def _days(n: int) -> str:
    return count(n, "Tag", "Tage")


def production_line(case: ChainCase) -> str:
    """Link 2: pieces to bake."""
    p = case.production
    if p is None:
        return f"**2. Produktion:** {_na(case, 'production')}"
    extra = (
        f" ({_days(p.planned_days)} aus dem Backplan, {_days(p.projected_days)} mit der Absatzprognose hochgerechnet)"
        if p.projected_days
        else " (Backplan)"
    )
    return f"**2. Produktion:** → {integer(p.pieces)} Stück backen{extra}."


def oven_line(case: ChainCase) -> str:
    """Link 3: oven load on the peak day (CP-SAT schedule)."""
    o = case.ovens
    if o is None:
        return f"**3. Öfen:** {_na(case, 'ovens')}"
    fit = (
        f"es fehlen {num(o.missing_oven_hours, 1)} Ofenstunden vor den Abfahrten"
        if o.missing_oven_hours > 0
        else "alle Chargen sind vor den Abfahrten fertig"
    )
    return (
        f"**3. Öfen:** → am Spitzentag {day(o.day)} ({integer(o.pieces)} Stück) sind die Öfen zusammen zu "
        f"{percent(o.total_load_pct)} ausgelastet ({num(o.busy_hours, 1)} Ofenstunden bis zur letzten Abfahrt), "
        f"am stärksten {o.busiest_oven} mit "
        f"{percent(o.load_pct)}; {fit}, letzte Charge "
        f"fertig {o.last_end} Uhr."
    )


def oven_method(case: ChainCase) -> str:
    """How the oven link was computed, with the schedule's status in German (for the method section)."""
    o = case.ovens
    return f"Öfen: Ofenplan mit CP-SAT am Spitzentag ({oven_status_text(o.status)})." if o else ""


def staffing_line(case: ChainCase) -> str:
    """Link 4: missing hours per role."""
    s = case.staffing
    if s is None:
        return f"**4. Personal:** {_na(case, 'staffing')}"
    gaps = [f"{r} {integer(h)} h" for r, h in sorted(s.shortage_hours.items(), key=lambda kv: -kv[1]) if h > 0]
    if not gaps:
        return "**4. Personal:** → der Dienstplan deckt den Bedarf, keine Stunden fehlen."
    cut = f"; {s.shortage_cut}" if s.shortage_cut else ""
    return (
        f"**4. Personal:** → es fehlen {', '.join(gaps)} "
        f"(Bedarf aus den Mengen gegen Dienstplan, Urlaub und Krankenquote{cut})."
    )


def recruiting_line(case: ChainCase) -> str:
    """Link 5: drafted recruiting campaigns."""
    if case.campaigns is None:
        return f"**5. Recruiting:** {_na(case, 'recruiting')}"
    if not case.campaigns:
        return "**5. Recruiting:** → keine Kampagne nötig (keine Lücke über der Schwelle)."
    parts = [
        f"„{c.title}“ ({c.headcount} × {c.employment}, {eur(c.cost_total_eur)}, starten bis "
        f"{c.start_campaign_by:%d.%m.}" + ("" if c.in_time else ", kommt für diesen Zeitraum zu spät") + ")"
        for c in case.campaigns
    ]
    return "**5. Recruiting:** → Kampagnen-Entwurf: " + "; ".join(parts) + "."


def money_line(case: ChainCase) -> str:
    """Link 6: revenue, costs, contribution and account balance."""
    m = case.money
    if m is None:
        return f"**6. Finanzen:** {_na(case, 'money')}"
    warn = ""
    if m.first_below_zero:
        warn = f" ⚠️ Am {m.first_below_zero:%d.%m.%Y} fällt das Konto unter 0 €."
    elif m.first_below_buffer:
        warn = f" ⚠️ Ab {m.first_below_buffer:%d.%m.%Y} unter dem Sicherheitspuffer von {eur(m.safety_buffer_eur)}."
    return (
        f"**6. Finanzen:** → Umsatz {eur(m.revenue_eur)}, Herstellkosten {eur(m.production_cost_eur)}, "
        f"Recruiting {eur(m.campaign_cost_eur)} → Deckungsbeitrag {eur(m.contribution_eur)}. Kontostand am "
        f"{m.balance_date:%d.%m.%Y}: {eur(m.balance_eur)}; tiefster Stand bis {m.horizon_end:%d.%m.}: "
        f"{eur(m.min_balance_eur)} am {m.min_balance_date:%d.%m.%Y}.{warn}"
    )


def chain_arrow(case: ChainCase, base: ChainCase | None = None) -> str:
    """One line with one figure per link, arrows between them (against base when given)."""
    parts: list[str] = []
    d, p, o, s, m = case.demand, case.production, case.ovens, case.staffing, case.money
    if base is not None:
        parts.append(f"{percent(case.percent, signed=True)} Nachfrage")
        parts.append(
            f"{integer(p.pieces - base.production.pieces, signed=True)} Stück Produktion"
            if p and base.production
            else f"Produktion {NA}"
        )
    else:
        change = f" ({percent(d.change_pct, signed=True)} ggü. Vorjahr)" if d and d.change_pct is not None else ""
        parts.append(f"{integer(d.pieces)} Stück Nachfrage{change}" if d else f"Nachfrage {NA}")
        parts.append(f"{integer(p.pieces)} Stück Produktion" if p else f"Produktion {NA}")
    parts.append(
        f"Öfen am {o.day:%d.%m.} zu {percent(o.total_load_pct)} ausgelastet ({o.busiest_oven} {percent(o.load_pct)})"
        if o
        else f"Öfen {NA}"
    )
    if s:
        worst = s.worst_role
        parts.append(f"{integer(s.shortage_hours[worst])} {worst}-Stunden fehlen" if worst else "keine Personallücke")
    else:
        parts.append(f"Personal {NA}")
    if case.campaigns:
        parts.append("Kampagne " + ", ".join(f"{c.role} ({c.headcount})" for c in case.campaigns))
    elif case.campaigns is not None:
        parts.append("keine Kampagne")
    if m and base is not None and base.money:
        parts.append(
            f"Umsatz {signed_eur(m.revenue_eur - base.money.revenue_eur)}, Kontostand am "
            f"{m.balance_date:%d.%m.} {eur(m.balance_eur)} (Basis {eur(base.money.balance_eur)})"
        )
    elif m:
        parts.append(f"Umsatz {eur(m.revenue_eur)}, Kontostand am {m.balance_date:%d.%m.} {eur(m.balance_eur)}")
    else:
        parts.append(f"Finanzen {NA}")
    return " → ".join(parts)


def _cell(case: ChainCase | None, link: str, fn: Callable[[Any], str]) -> str:
    """One figure of a link, or "n. v." when the link did not run (a missing link, never a swallowed bug)."""
    value = getattr(case, link) if case is not None else None
    return NA if value is None else fn(value)


def comparison_table(r: ChainResult) -> list[str]:
    """Markdown table base vs scenario, one row per link figure."""
    b, s = r.base, r.scenario
    rows: list[tuple[str, str, str]] = []

    def add(label: str, link: str, fn: Callable[[Any], str]) -> None:
        rows.append((label, _cell(b, link, fn), _cell(s, link, fn)))

    add("Nachfrage (Stück)", "demand", lambda d: integer(d.pieces))
    add("Produktion (Stück)", "production", lambda p: integer(p.pieces))
    add("Auslastung aller Öfen am Spitzentag", "ovens", lambda o: percent(o.total_load_pct))
    add("belegte Ofenstunden am Spitzentag", "ovens", lambda o: num(o.busy_hours, 1))
    add("fehlende Ofenstunden", "ovens", lambda o: num(o.missing_oven_hours, 1))
    for role in b.staffing.shortage_hours if b.staffing else {}:
        add(f"fehlende Stunden {role}", "staffing", _shortage_of(role))
    add("Kampagnen (Personen)", "campaigns", lambda cs: str(sum(x.headcount for x in cs)))
    add("Umsatz", "money", lambda m: eur(m.revenue_eur))
    add("Deckungsbeitrag", "money", lambda m: eur(m.contribution_eur))
    add("Kontostand Periodenende", "money", lambda m: eur(m.balance_eur))
    add("tiefster Kontostand", "money", lambda m: eur(m.min_balance_eur))
    out = [f"| Kennzahl | Basis | Szenario {percent(s.percent if s else 0.0, signed=True)} |", "|---|---:|---:|"]
    return out + [f"| {a} | {x} | {y} |" for a, x, y in rows]


def _shortage_of(role: str) -> Callable[[StaffingLink], str]:
    """The cell text of one role's missing hours."""
    return lambda st: integer(st.shortage_hours.get(role, 0.0))


def tools_run(r: ChainResult) -> list[str]:
    """The domain tools that actually ran (links not missing in the base case)."""
    done = []
    for link, tool in LINK_TOOLS.items():
        if link not in r.base.missing and getattr(r.base, "campaigns" if link == "recruiting" else link) is not None:
            done.append(tool)
    return ["overview"] + done


def render(r: ChainResult, label: str, note: str = "") -> str:
    """The German answer text for a chain result."""
    lines = [f"**Gesamtüberblick {label}: {date_range(r.start, r.end)}**"]
    if note:
        lines.append(note)
    lines += ["", "Kette: " + chain_arrow(r.base), ""]
    case = r.base
    lines += [
        demand_line(case),
        production_line(case),
        oven_line(case),
        staffing_line(case),
        recruiting_line(case),
        money_line(case),
    ]
    if r.scenario:
        s = r.scenario
        lines += [
            "",
            f"**Szenario: Absatz {percent(s.percent, signed=True)}** (Nachfrage und Produktionsmengen skaliert, "
            "Öfen, Personal, Recruiting und Liquidität neu gerechnet):",
            "Kette: " + chain_arrow(s, r.base),
            "",
        ]
        lines += comparison_table(r)
        if s.campaigns:
            lines.append("")
            lines.append(recruiting_line(s))
    missing = sorted(set(r.base.missing) | set(r.scenario.missing if r.scenario else {}))
    if missing:
        reasons = r.base.missing or (r.scenario.missing if r.scenario else {})
        lines.append("")
        lines.append(
            "Nicht verfügbar: " + ", ".join(f"{LINK_NAMES.get(k, k)} ({reasons.get(k, '')})" for k in missing) + "."
        )
    method = r.notes + [
        "Nachfrage: Absatzprognose (Prophet) je Artikel und Filiale.",
        (r.base.production.source_text + "." if r.base.production else ""),
        oven_method(r.base),
        "Personal aus den Mengen der Kette gegen den Dienstplan; Liquidität: Finanzplan (Budgetprognose) plus die "
        "Zahlungen der Kette (Kampagnen, im Szenario Mehrumsatz und Mehrkosten am jeweiligen Tag).",
    ]
    return plain_answer(decision(r, label), lines, method)


def decision(r: ChainResult, label: str) -> str:
    """The chain in one plain sentence: how much to bake, whether ovens and staff suffice."""
    c = r.base
    when = f"{label.split(' (')[0]} ({date_range(r.start, r.end)})"
    head = f"{when[0].upper()}{when[1:]}"
    if c.production is None:
        return f"{head}: Die Backmengen lassen sich gerade nicht berechnen – die Einzelheiten stehen unten."
    parts = [f"{head}: Backen Sie insgesamt {integer(c.production.pieces)} Stück"]
    if c.demand is not None:
        parts[0] += f" für die erwarteten {integer(c.demand.pieces)} Stück Nachfrage"
    if c.ovens is not None:
        parts.append(
            f"den Öfen fehlen am {c.ovens.day:%d.%m.} rund {num(c.ovens.missing_oven_hours, 1)} Ofenstunden"
            if c.ovens.missing_oven_hours > 0
            else "die Öfen schaffen das rechtzeitig"
        )
    if c.staffing is not None:
        worst = c.staffing.worst_role
        parts.append(
            f"beim Personal fehlen {integer(c.staffing.shortage_hours[worst])} {worst}-Stunden"
            if worst and c.staffing.shortage_hours.get(worst, 0) > 0
            else "das Personal reicht"
        )
    return parts[0] + (" – " + ", ".join(parts[1:]) if len(parts) > 1 else "") + "."


def _stage_reporter(ctx: TurnContext) -> Callable[[str], None] | None:
    """Tell the user each finished link of the chain while the rest is still computed."""
    report = ctx.progress
    if report is None:
        return None
    done: list[str] = []

    def on_link(link: str) -> None:
        name = LINK_NAMES.get(link, link)
        done.append(f"{name} (Szenario)" if name in done else name)
        report("overview", "Gesamtüberblick: " + ", ".join(f"{d} ✓" for d in done) + " – der Rest wird berechnet …")

    return on_link


def run(slots: Slots, ctx: TurnContext) -> AgentReply:
    """Run the chain for the asked period (default: next week), with a scenario when a percent is given."""
    from tools.chain.chain import run_chain
    from tools.chain.pieces import plan_window

    if slots.unknown_branch:
        return unknown_branch_reply(slots.unknown_branch, "overview", ASK_BRANCH)
    start, end, label = period_of(slots, ctx.today)
    note = ""
    try:
        first, _ = plan_window()
    except DataError:  # no usable sales data: the chain reports every link as missing
        first = ctx.today
    if end < first:
        return AgentReply(
            text=f"Der Zeitraum „{label}“ liegt in der Vergangenheit. Der Gesamtüberblick schaut nach "
            f"vorn – nennen Sie bitte einen Zeitraum ab dem {first:%d.%m.%Y}, z. B. „nächste Woche“.",
            tools_called=["overview"],
        )
    if start < first:
        note = f"Hinweis: Ich rechne ab dem {first:%d.%m.%Y}; für frühere Tage liegen schon Ist-Zahlen vor."
        start = first
    scenario = slots.percent if slots.percent else None
    result = run_chain(
        start,
        end,
        percent=scenario,
        branches=slots.branches or None,
        products=slots.products or None,
        on_link=_stage_reporter(ctx),
    )
    sel = []
    if slots.branches:
        sel.append("nur Filialen " + ", ".join(branch_name(b) for b in slots.branches))
    if slots.products:
        sel.append("nur Artikel " + ", ".join(product_name(p) for p in slots.products))
    if sel:
        note = (note + " " if note else "") + "Auswahl: " + "; ".join(sel) + "."
    from tools.chain.chart import chain_chart

    path = chain_chart(result)
    artifacts = [Artifact(kind="image", path=path, name="Gesamtkette")] if path else []
    return AgentReply(
        text=render(result, label, note),
        tools_called=tools_run(result),
        artifacts=artifacts,
        data=result.model_dump(mode="json"),
    )
