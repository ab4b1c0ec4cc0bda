"""`staffing` tool of the hr agent: needed vs. available hours per week and role, with chart."""

from __future__ import annotations

import re
from datetime import date, timedelta

from agents.contracts import AgentReply, Artifact, Slots, TurnContext
from agents.hr.leave_answer import asks_leave, leave_reply
from agents.hr.presence_answer import asks_who, presence_reply
from agents.hr.staff_cost_answer import asks_cost, staff_cost_reply
from agents.nlu.normalize import fold, latest_question
from agents.replies import unknown_branch_reply
from agents.supervisor.offer import offer_data
from tools.chain.links import period_staffing
from tools.company.catalog import BAKERY, BRANCH_BY_ID
from tools.company.sales import opening_window
from tools.errors import DataError
from tools.format_de import and_list, date_range, day_long, num
from tools.staffing.assumptions import load_assumptions
from tools.staffing.chart import staffing_chart
from tools.staffing.recruiting import propose_campaigns
from tools.staffing.roles import detect_roles
from tools.staffing.staffing import StaffingResult, site_name

DEFAULT_WEEKS = 6
BACKSTUBE_WORDS = re.compile(r"backstube|produktion|zentrale", re.I)


OVERTIME_WORDS = re.compile(r"überstunde|ueberstunde|mehrarbeit|stundenkont|zeiterfassung", re.I)


def period(slots: Slots, today: date) -> tuple[date, date, str | None]:
    """Planning period from the slots; default: today until the Sunday of the 6th week."""
    if slots.dates is None:
        end = today - timedelta(days=today.weekday()) + timedelta(weeks=DEFAULT_WEEKS, days=-1)
        return (
            today,
            end,
            (f"Kein Zeitraum genannt – ich zeige die nächsten {DEFAULT_WEEKS} Wochen ({date_range(today, end)})."),
        )
    start, end = slots.dates.start, slots.dates.end
    return max(start, today), end, None


def sites_from(slots: Slots) -> list[str] | None:
    """Branch filter from the slots; 'Backstube' in the text adds the bakery site."""
    sites = list(slots.branches)
    if BACKSTUBE_WORDS.search(slots.text):
        sites.append(BAKERY.id)
    return sites or None


def gap_table(result: StaffingResult, roles: list[str] | None = None) -> str:
    """Markdown table of the weekly rows; 'fehlt' is the sites' own shortage, shown next to their spare hours."""
    lines = [
        "| Woche | Rolle | benötigt (h) | verfügbar (h) "
        "| fehlt an Standorten mit Lücke (h) | frei an anderen Standorten (h) |",
        "|---|---|---:|---:|---:|---:|",
    ]
    for w in result.weeks:
        if roles and w.role not in roles:
            continue
        miss = num(w.shortage_hours, 1) if w.shortage_hours > 0 else "–"
        spare = num(w.surplus_hours, 1) if w.surplus_hours > 0 else "–"
        label = w.week_label + ("*" if w.days < 7 else "")
        lines.append(
            f"| {label} | {w.role} | {num(w.needed_hours, 1)} | {num(w.available_hours, 1)} | {miss} | {spare} |"
        )
    lines.append(
        f"\nFehlstunden = {result.shortage_cut}. Darum gilt: benötigt − verfügbar = fehlt − frei; "
        "es kann also trotz insgesamt genug Stunden etwas fehlen."
    )
    if any(w.days < 7 for w in result.weeks):
        lines.append("\n\\* angebrochene Woche: nur die Tage im gewählten Zeitraum")
    return "\n".join(lines)


def totals_line(result: StaffingResult, roles: list[str] | None = None) -> str:
    """One sentence with the period's missing hours per role (the figure the campaign and overview also show)."""
    items = []
    for t in result.totals:
        if (roles and t.role not in roles) or t.shortage_hours <= 0:
            continue
        top = next(iter(t.short_sites), None)
        where = (
            f" (am meisten {site_name(top)}: {num(t.short_sites[top], 1)} h)" if top and len(t.short_sites) > 1 else ""
        )
        items.append(f"{t.role} {num(t.shortage_hours, 1)} h{where}")
    if not items:
        return ""
    return f"Im ganzen Zeitraum fehlen: {'; '.join(items)} ({result.shortage_cut})."


def verdict(result: StaffingResult, start: date, end: date, roles: list[str] | None = None) -> str:
    """The answer to "Haben wir genug Leute?" in one sentence first: which roles lack how many hours, or none."""
    short = [t for t in result.totals if (not roles or t.role in roles) and t.shortage_hours > 0]
    # worded for "Haben wir genug Leute?" and "Brauchen wir mehr Fahrer?" alike (no leading Ja/Nein)
    when = f"Am {start:%d.%m.%Y}" if start == end else f"Im Zeitraum {date_range(start, end)}"
    if not short:
        return f"{when} reicht das Personal: die Stunden laut Dienstplan decken den Bedarf aller gezeigten Rollen."
    items = ", ".join(f"{t.role} {num(t.shortage_hours, 1)} h" for t in sorted(short, key=lambda t: -t.shortage_hours))
    return f"{when} fehlt Personal: {items}."


# „Können wir im Januar die Stunden kürzen?“, „allen 10 % weniger Stunden“: fewer hours, not the cash plan
_FEWER_HOURS = re.compile(
    r"\bstunden\b.{0,30}\b(kuerz|reduzier|runterfahr|streich|senk|zurueckfahr)|"
    r"\b(kuerz|reduzier|weniger|streich)\w*\b.{0,25}\bstunden\b|\bkurzarbeit"
)


def asks_fewer_hours(text: str) -> bool:
    """True for a question whether staff hours can be cut."""
    return _FEWER_HOURS.search(fold(latest_question(text or ""))) is not None


def fewer_hours_line(result: StaffingResult, percent: float | None) -> str:
    """Whether hours can be cut in the period: unused hours at sites with more than enough against hours missing
    elsewhere, and (when a share is named) what that share of the rostered hours would add to the gap."""
    spare = sum(t.surplus_hours for t in result.totals)
    short = sum(t.shortage_hours for t in result.totals)
    line = (
        f"Weniger Stunden: Im Zeitraum sind an Standorten mit Überhang zusammen {num(spare, 1)} h frei – nur dort "
        f"ließe sich kürzen; an anderen Standorten fehlen zugleich {num(short, 1)} h."
    )
    if percent:
        cut = sum(t.available_hours for t in result.totals) * abs(percent) / 100
        line += f" {num(abs(percent), 0)} % weniger Stunden für alle wären {num(cut, 1)} h – " + (
            "mehr, als frei ist: die Lücken würden größer." if cut > spare else "weniger, als frei ist."
        )
    return line


def closed_note(branches: list[str], start: date, end: date) -> str | None:
    """A German note when every named branch is closed on every day of the period (no sales staff needed there;
    the bakery and the drivers work for the open branches), else None."""
    days = [start + timedelta(days=i) for i in range((end - start).days + 1)]
    if not branches or len(days) > 7:
        return None
    if any(opening_window(BRANCH_BY_ID[b], d) is not None for b in branches if b in BRANCH_BY_ID for d in days):
        return None
    names = and_list([site_name(b) for b in branches])
    verb = "hat" if len(branches) == 1 else "haben"
    when = f"am {day_long(start)}" if start == end else f"vom {date_range(start, end)}"
    return (
        f"{names} {verb} {when} geschlossen – dort wird dann kein Verkaufspersonal gebraucht. "
        "Fragen Sie z. B. nach dem Personalbedarf am Samstag davor oder für die ganze Woche."
    )


def run(slots: Slots, ctx: TurnContext) -> AgentReply:
    """Compare needed and rostered hours; propose campaigns where a gap exceeds the threshold."""
    if slots.unknown_branch:
        return unknown_branch_reply(slots.unknown_branch, "staffing")
    if asks_who(slots.text):  # „Wer muss am Samstag arbeiten?“: the people, not the hours
        return presence_reply(slots, ctx, sites_from(slots))
    if asks_cost(slots.text):  # „Was kostet uns eine Verkäuferin im Monat?“: the contracts, not the hours needed
        return staff_cost_reply(slots, ctx, sites_from(slots))
    if asks_leave(slots.text):  # „Welche Urlaubsanträge liegen vor?“: the leave entered, no invented requests
        return leave_reply(slots, ctx, sites_from(slots))
    start, end, default_note = period(slots, ctx.today)
    if end < ctx.today:
        return AgentReply(
            text="Dieser Zeitraum liegt in der Vergangenheit. Die Personalplanung schaut nach vorn – "
            "nennen Sie bitte Wochen ab heute, z. B. „Personalbedarf im Dezember“.",
            tools_called=["staffing"],
        )
    if (end - start).days > 7 * 26:
        end = start + timedelta(weeks=26)
    closed = closed_note(slots.branches, start, end)
    if closed:  # „Personalbedarf in Gardelegen am Sonntag?“: nobody is needed in a closed shop
        return AgentReply(text=closed, tools_called=["staffing"])
    roles = [r for r in detect_roles(slots.text) if r != "Azubi"] or None
    try:
        result = period_staffing(start, end, sites_from(slots), ctx.today)  # the overview's figures
    except DataError as exc:
        return AgentReply(text=f"Ich kann den Personalbedarf gerade nicht berechnen: {exc}", tools_called=["staffing"])
    if not result.weeks:
        return AgentReply(
            text="Für diesen Zeitraum und diese Auswahl habe ich keine Daten zu Bedarf oder Dienstplan.",
            tools_called=["staffing"],
            data=result.model_dump(mode="json"),
        )
    shown = [w for w in result.weeks if not roles or w.role in roles]
    threshold = load_assumptions().recruiting.threshold_hours_per_week
    campaigns = [c for c in propose_campaigns(result, today=ctx.today) if not roles or c.role in roles]
    parts: list[str] = [verdict(result, start, end, roles)]
    if default_note:
        parts.append(default_note)
    if asks_fewer_hours(slots.text):  # „Können wir im Januar die Stunden kürzen?“
        parts.append(fewer_hours_line(result, slots.percent))
    if OVERTIME_WORDS.search(slots.text or ""):
        parts.append(
            "Überstunden selbst sind in Ihren Daten nicht erfasst (keine Zeiterfassung). Hier sehen Sie den Bedarf "
            "gegen den Dienstplan: wo Stunden fehlen, entstehen Überstunden oder Lücken im Laden."
        )
    where = ", ".join(site_name(s) for s in result.sites) if sites_from(slots) else "alle Standorte"
    parts.append(
        f"**Personalbedarf {date_range(start, end)}** ({where}). Bedarf aus: "
        f"{result.demand_source}; verfügbar laut Dienstplan nach Urlaub, Feiertagen und "
        f"erwartetem Krankenstand."
    )
    parts.append(gap_table(result, roles))
    worst = sorted((w for w in shown if w.shortage_hours > 0), key=lambda w: -w.shortage_hours)[:3]
    if worst:
        items = "; ".join(
            f"{w.role} in {w.week_label}: {num(w.shortage_hours, 1)} h fehlen"
            + (f" (am stärksten: {site_name(w.worst_site)})" if w.worst_site else "")
            for w in worst
        )
        parts.append(f"Größte Lücken: {items}.")
        parts.append(totals_line(result, roles))
    else:
        parts.append("In diesem Zeitraum reichen die Stunden laut Dienstplan für alle gezeigten Rollen.")
    if result.tours_per_day is not None and (not roles or "Fahrer" in roles):
        parts.append(f"Auslieferung: im Schnitt {num(result.tours_per_day, 1)} Touren pro Tag.")
    if campaigns:
        names = ", ".join(f"{c.role} ({c.headcount} × {c.hours_per_week:.0f} h, {c.employment})" for c in campaigns)
        parts.append(
            f"Die Lücke liegt über der Schwelle von {num(threshold, 1)} h pro Woche bei: {names}. "
            "Soll ich dafür eine Recruiting-Kampagne entwerfen? Fragen Sie z. B. "
            f"„Recruiting-Kampagne für {campaigns[0].role}“."
        )
    chart = staffing_chart(result)
    artifacts = [Artifact(kind="image", path=chart, name="Personalbedarf je Woche")] if chart else []
    data = result.model_dump(mode="json")
    if campaigns:  # „ok mach“ to „Soll ich dafür eine Recruiting-Kampagne entwerfen?“ runs the campaign
        data.update(offer_data("recruiting_campaign", f"Recruiting-Kampagne für {campaigns[0].role}"))
    data["proposed_campaigns"] = [
        {
            "role": c.role,
            "headcount": c.headcount,
            "hours_per_week": c.hours_per_week,
            "employment": c.employment,
            "cost_total_eur": c.cost_total_eur,
            "start_campaign_by": c.start_campaign_by.isoformat(),
        }
        for c in campaigns
    ]
    data["threshold_hours_per_week"] = threshold
    return AgentReply(text="\n\n".join(parts), tools_called=["staffing"], artifacts=artifacts, data=data)
