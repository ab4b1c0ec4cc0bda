"""`recruiting_campaign` tool of the hr agent: job ad, channels, timeline and costs for a staff gap."""

from __future__ import annotations

from datetime import timedelta

from agents.contracts import AgentReply, Artifact, Slots, TurnContext
from agents.hr.staffing import BACKSTUBE_WORDS, period
from agents.replies import unknown_branch_reply
from tools.chain.links import period_staffing
from tools.company.catalog import BAKERY, BRANCH_BY_ID
from tools.errors import DataError
from tools.format_de import date_range, eur, num
from tools.settings import get_settings
from tools.staffing.assumptions import load_assumptions
from tools.staffing.recruiting import Campaign, build_campaign, propose_campaigns
from tools.staffing.roles import detect_hours, detect_roles, wants_seasonal
from tools.staffing.staffing import StaffingResult

MAX_CAMPAIGNS = 3


def _sites_for(role: str, slots: Slots, result: StaffingResult) -> list[str]:
    """Requested branches, else the sites with the largest gap of that role, else a sensible default."""
    if slots.branches:
        return list(slots.branches)
    if role in ("Bäcker", "Konditor", "Fahrer") or BACKSTUBE_WORDS.search(slots.text):
        return [BAKERY.id]
    totals: dict[str, float] = {}
    for s in result.site_weeks:
        if s.role == "Verkauf" and s.gap_hours > 0:
            totals[s.site] = totals.get(s.site, 0.0) + s.gap_hours
    top = sorted(totals, key=lambda s: -totals[s])[:3]
    return top or ["stendal_markt"]


def _campaign_for(role: str, slots: Slots, ctx: TurnContext, result: StaffingResult) -> Campaign:
    a = load_assumptions()
    sites = _sites_for(role, slots, result)
    threshold = a.recruiting.threshold_hours_per_week
    if slots.branches and role == "Verkauf":  # size by the requested branches only, as the staffing answer does
        result = period_staffing(result.start, result.end, sites, ctx.today)
        threshold = 0.0  # one shop's gap is small: every missing hour counts
    rows = [w for w in result.weeks if w.role == role and w.shortage_hours > threshold]
    need_by = slots.dates.start if slots.dates and slots.dates.start > ctx.today else None
    return build_campaign(
        role,
        sites,
        headcount=slots.headcount,
        hours=detect_hours(slots.text),
        gap_rows=rows,
        seasonal=wants_seasonal(slots.text),
        need_by=need_by,
        today=ctx.today,
        total=result.total(role),
        period=(result.start, result.end),
    )


def _summary(c: Campaign) -> str:
    pay = ""
    if c.pay_min_eur is not None and c.pay_max_eur is not None:
        unit = "€/Monat" if c.pay_basis == "Monat" else "€/h"
        pay = f" Lohnspanne {num(c.pay_min_eur, 2)}–{num(c.pay_max_eur, 2)} {unit} ({c.pay_source})."
    gap = ""
    if c.shortage_hours and c.period_start and c.period_end:
        gap = (
            f" Grund: {date_range(c.period_start, c.period_end)} fehlen {num(c.shortage_hours, 1)} "
            f"{c.role}-Stunden ({c.shortage_cut})"
        )
        if c.gap_hours_max:
            gap += f"; in der stärksten Woche {num(c.gap_hours_max, 1)} h, {len(c.gap_weeks)} Wochen über der Schwelle"
        gap += "."
    channels = "\n".join(f"  - {ch.name}: {eur(ch.cost_eur)} – {ch.why}" for ch in c.channels)
    steps = "\n".join(f"  - {s.day:%d.%m.%Y}: {s.step}" for s in c.timeline)
    lines = [
        f"### {c.title}: {c.headcount} × {c.employment}, {c.hours_per_week:.0f} h/Woche – {', '.join(c.site_names)}",
        f"{gap}{pay}".strip(),
        f"Kanäle:\n{channels}",
        f"Zeitplan:\n{steps}",
        f"Kosten: Kanäle {eur(c.cost_channels_eur)} + interne Zeit {eur(c.cost_internal_eur)} "
        f"= **{eur(c.cost_total_eur)}**.",
    ]
    lines += c.notes
    return "\n".join(line for line in lines if line)


def _write_ad(c: Campaign) -> Artifact:
    s = get_settings()
    out = s.var_dir / "recruiting" / ("rundgang" if s.demo_company else "")  # the tour never overwrites real ads
    out.mkdir(parents=True, exist_ok=True)
    path = out / f"stellenanzeige-{c.role.lower().replace('ä', 'ae')}-{c.start_campaign_by:%Y%m%d}.md"
    path.write_text(
        c.job_ad + f"\n\n_Zusatzleistungen aus: {c.benefits_source}. KI-generierter Entwurf._\n", encoding="utf-8"
    )
    return Artifact(kind="file", path=path, name=f"Stellenanzeige {c.role}", mime="text/markdown")


def run(slots: Slots, ctx: TurnContext) -> AgentReply:
    """Draft campaigns for the requested roles, or for every role whose gap exceeds the threshold."""
    if slots.unknown_branch:
        return unknown_branch_reply(slots.unknown_branch, "recruiting_campaign")
    if slots.dates and slots.dates.end < ctx.today:
        return AgentReply(
            text="Der genannte Termin liegt in der Vergangenheit. Bis wann brauchen Sie die neuen "
            "Kolleginnen oder Kollegen?",
            tools_called=["recruiting_campaign"],
        )
    start, end, _ = period(slots, ctx.today)  # the staffing answer's period: both read the same figures
    end = min(end, start + timedelta(weeks=26))
    try:
        result = period_staffing(start, end, None, ctx.today)
    except DataError as exc:
        return AgentReply(
            text=f"Ich kann die Personallücken gerade nicht berechnen: {exc}", tools_called=["recruiting_campaign"]
        )
    roles = detect_roles(slots.text)
    intro: list[str] = []
    if not roles and slots.branches and not BACKSTUBE_WORDS.search(slots.text):
        # "dann mach mir eine Stellenanzeige dafür" after Havelberg's staffing: a shop's own staff sell
        roles = ["Verkauf"]
        names = ", ".join(BRANCH_BY_ID[b].name for b in slots.branches if b in BRANCH_BY_ID)
        intro.append(f"Für {names} entwerfe ich eine Kampagne für den Verkauf – das Personal der Filiale.")
    if roles:
        campaigns = [_campaign_for(r, slots, ctx, result) for r in roles[:MAX_CAMPAIGNS]]
    else:
        campaigns = propose_campaigns(result, today=ctx.today)[:MAX_CAMPAIGNS]
        threshold = load_assumptions().recruiting.threshold_hours_per_week
        if not campaigns:
            return AgentReply(
                text=f"Bis {end:%d.%m.%Y} sehe ich keine Personallücke über {num(threshold, 1)} Stunden "
                "pro Woche. Für welche Stelle soll ich eine Kampagne entwerfen – Verkauf, Bäcker, "
                "Konditor, Fahrer oder Azubi?",
                tools_called=["staffing", "recruiting_campaign"],
                data=result.model_dump(mode="json"),
            )
        intro.append(
            f"Sie haben keine Stelle genannt – ich schlage Kampagnen für die Rollen vor, deren Lücke bis "
            f"{end:%d.%m.%Y} über {num(threshold, 1)} Stunden pro Woche liegt."
        )
    total = sum(c.cost_total_eur for c in campaigns)
    parts = intro + [_summary(c) for c in campaigns]
    if len(campaigns) > 1:
        parts.append(f"Gesamtkosten aller Kampagnen: **{eur(total)}**.")
    parts.append(
        f"**Entwurf der Stellenanzeige ({campaigns[0].role})**\n\n{campaigns[0].job_ad}\n\n"
        f"_Zusatzleistungen aus: {campaigns[0].benefits_source}._"
    )
    return AgentReply(
        text="\n\n".join(parts),
        tools_called=["staffing", "recruiting_campaign"],
        artifacts=[_write_ad(c) for c in campaigns],
        data={
            "campaigns": [c.model_dump(mode="json") for c in campaigns],
            "total_cost_eur": total,
            "horizon_end": end.isoformat(),
        },
    )
