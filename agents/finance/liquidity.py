"""`liquidity`: day-by-day cash plan, first day below zero / the safety buffer, and why."""

from __future__ import annotations

from datetime import date

from agents.contracts import AgentReply, Artifact, Slots, TurnContext
from agents.finance.common import data_error_reply, date_axis, months_until, thousand_eur_chart, with_note
from agents.finance.hire_answer import hire_reply, hire_turn
from agents.plain import METHOD_HEADING
from tools.charts import new_figure
from tools.errors import DataError
from tools.finance.liquidity import TAKINGS, plan_liquidity
from tools.finance.models import LiquidityPlan
from tools.format_de import date_range, day, eur

DEFAULT_MONTHS = 3


def _chart(p: LiquidityPlan) -> Artifact:
    fig, ax = new_figure(10, 4.5)
    x = date_axis(d.date for d in p.days)
    ax.plot(x, [d.balance / 1000 for d in p.days], color="#2b6cb0", label="Kontostand (Plan)")
    ax.axhline(p.safety_buffer_eur / 1000, color="#d69e2e", ls="--", label="Sicherheitspuffer")
    ax.axhline(0, color="#c53030", lw=1, label="0 €")
    ax.axhline(-p.credit_line_eur / 1000, color="#742a2a", ls=":", label="Ende Kreditlinie")
    return thousand_eur_chart(
        fig, ax, "Liquiditätsplan (Tagessalden)", "upper right", "liquiditaetsplan", "Liquiditätsplan"
    )


def run(slots: Slots, ctx: TurnContext) -> AgentReply:
    """Plan cash for the asked period (default: 3 months) and explain the critical days; „Können wir uns eine neue
    Verkäuferin leisten?“ is the plan with the new wages (and the budget's result with them)."""
    if hire_turn(slots.text):
        return hire_reply(slots, ctx)
    note = ""
    if slots.dates and slots.dates.end < ctx.today:
        return AgentReply(
            text=f"Der Zeitraum „{slots.dates.label}“ liegt in der Vergangenheit. Der Liquiditätsplan "
            "schaut nach vorn – nennen Sie bitte ein Datum ab heute, z. B. „bis Ende Februar“.",
            tools_called=[],
        )
    if slots.dates:
        months = months_until(ctx.today, slots.dates.end)
        note = f"bis {slots.dates.end:%d.%m.%Y}"
    elif slots.months:
        months, note = slots.months, f"für {slots.months} Monate"
    else:
        months, note = DEFAULT_MONTHS, f"für die nächsten {DEFAULT_MONTHS} Monate (Standard, da kein Zeitraum genannt)"
    try:
        p = plan_liquidity(months, end=slots.dates.end if slots.dates else None)
    except DataError as exc:
        return data_error_reply(exc)
    end = p.days[-1]
    lines = [
        *_asked_period(p, slots, ctx.today),  # „Kontostand im Januar?“: that month's figures before all else
        *_verdict(p),  # the decision first: does the money last?
        "",
        f"**Liquiditätsplan {note}**",
        "",
        f"Kontostand am {p.as_of:%d.%m.%Y}: {eur(p.start_balance)}. Geplanter Stand am {end.date:%d.%m.%Y}: "
        f"{eur(end.balance)}. Tiefster Stand: {eur(p.min_balance)} am {p.min_balance_date:%d.%m.%Y}.",
    ]
    big = sorted(((d.date, i) for d in p.days for i in d.items if i.amount <= -5000), key=lambda x: x[0])[:10]
    if big:
        lines += ["", "Größere Zahlungen:"] + [f"- {day:%d.%m.%Y}: {i.name} {eur(-i.amount)}" for day, i in big]
    takings = p.totals.get(TAKINGS, 0.0)
    outs = sorted(((k, v) for k, v in p.totals.items() if v < 0), key=lambda kv: kv[1])
    lines += [
        "",
        f"Summen im Zeitraum: Einnahmen {eur(takings)}; Ausgaben "
        + ", ".join(f"{k} {eur(-v)}" for k, v in outs[:6])
        + ".",
    ]
    data = p.model_dump(mode="json")
    text = "\n".join(lines) + f"\n\n{METHOD_HEADING} {_method(p)}"  # opened by „Woher kommt die Zahl?“
    return AgentReply(text=with_note(slots, text), tools_called=["liquidity"], artifacts=[_chart(p)], data=data)


def _asked_period(p: LiquidityPlan, slots: Slots, today: date) -> list[str]:
    """„Wie sieht der Kontostand im Januar aus?“: the balance within a named period that lies ahead (lowest,
    highest, at its end), so the answer speaks of the month asked; [] when none was named."""
    asked = slots.dates
    if asked is None or asked.start <= today:
        return []
    days = [d for d in p.days if asked.start <= d.date <= asked.end]
    if not days:
        return []
    low = min(days, key=lambda d: d.balance)
    high = max(days, key=lambda d: d.balance)
    if len(days) == 1:  # „Wie sieht das Konto morgen aus?“: one day has one balance, not a range
        on = day(days[0].date)
        words = asked.label if asked.label and not any(c.isdigit() for c in asked.label) else ""
        when = f"{words[0].upper()}{words[1:]} ({on})" if words else f"Am {on}"
        return [f"{when} stehen Sie laut Plan bei {eur(days[0].balance)}.", ""]
    label = asked.label or f"im Zeitraum {date_range(asked.start, asked.end)}"
    return [
        f"{label[0].upper()}{label[1:]} liegt Ihr Kontostand laut Plan zwischen {eur(low.balance)} "
        f"(am {day(low.date)}) und {eur(high.balance)} (am {day(high.date)}); am {day(days[-1].date)} "
        f"stehen Sie bei {eur(days[-1].balance)}.",
        "",
    ]


def _method(p: LiquidityPlan) -> str:
    """How the plan is computed, in plain words: which data, which calculation, what is left out."""
    a = p.assumptions
    return (
        f"Ich beginne mit Ihrem Kontostand vom {p.as_of:%d.%m.%Y} ({eur(p.start_balance)}) und rechne Tag für Tag "
        "weiter: Dazu kommen die erwarteten Tageseinnahmen aus der Umsatzprognose des Budgets (nach Wochentagen "
        "verteilt, an Feiertagen geschlossen), ab gehen die Zahlungen zu ihren festen Terminen – "
        f"Lieferantenrechnungen {a['zahlungsziel_tage']} Tage nach dem Einkauf, Löhne am {a['lohntag']}., Miete am "
        f"{a['miettag']}., Umsatzsteuer am {a['ust_vorauszahlung_tag']}. des Monats. Der Kontostand eines Tages ist "
        f"der des Vortags plus Einnahmen minus Ausgaben. Nicht enthalten: {a['nicht_enthalten']}."
    )


def _verdict(p: LiquidityPlan) -> list[str]:
    """Whether the money lasts: credit line, first day below 0 €, below the buffer, or enough."""
    out: list[str] = []
    if p.credit_line_exceeded:
        out.append(
            f"⚠️ Am {p.credit_line_exceeded.date:%d.%m.%Y} reicht auch die Kreditlinie "
            f"({eur(p.credit_line_eur)}) nicht mehr: {p.credit_line_exceeded.reason}."
        )
    if p.first_shortfall:
        short = p.first_shortfall
        spent = short.reason.split(" – ", 1)[1] if " – " in short.reason else ""  # „größte Ausgaben …: …“
        out.append(
            f"⚠️ Aus eigenem Geld reicht es nicht: Am {short.date:%d.%m.%Y} fällt der Kontostand auf "
            f"{eur(short.balance)}" + (f" – {spent}" if spent else "") + "."
        )
        if not p.credit_line_exceeded:
            out[-1] += (
                f" Die Kreditlinie von {eur(p.credit_line_eur)} überbrückt das – am tiefsten stehen Sie bei "
                f"{eur(p.min_balance)} am {p.min_balance_date:%d.%m.%Y}."
            )
    elif p.first_below_buffer:
        out.append(
            f"Der Kontostand bleibt über 0 €, unterschreitet aber den Sicherheitspuffer von "
            f"{eur(p.safety_buffer_eur)} am {p.first_below_buffer.date:%d.%m.%Y} – {p.first_below_buffer.reason}."
        )
    else:
        out.append(
            f"Der Kontostand bleibt im ganzen Zeitraum über dem Sicherheitspuffer von {eur(p.safety_buffer_eur)} "
            "– die Liquidität reicht."
        )
    return out
