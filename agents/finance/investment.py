"""`investment`: NPV, IRR, payback and liquidity effect of a purchase; sales what-if scenarios."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date

import numpy as np

from agents.contracts import AgentReply, Artifact, Slots, TurnContext
from agents.finance.common import data_error_reply, is_scenario, plain_amounts, with_note
from agents.nlu.normalize import fold, latest_question
from tools.charts import new_figure, save_figure
from tools.company.data import load_account
from tools.errors import DataError
from tools.finance.investment import appraise, cash_purchase_effect, sales_scenario
from tools.finance.models import InvestmentResult, ScenarioResult
from tools.format_de import eur, month_label, num, percent, share

DEFAULT_RATE_PCT = 5.0  # Kalkulationszins when none is named (typical loan rate for SMEs)
DEFAULT_YEARS = 10  # useful life of bakery equipment when none is named


def _amount(liq: Mapping[str, float | str | None], key: str) -> float:
    """A money figure of the cash-purchase effect (those entries are always numbers)."""
    value = liq[key]
    if value is None or isinstance(value, str):
        raise TypeError(f"{key} is not an amount: {value!r}")
    return float(value)


def _chart(r: InvestmentResult) -> Artifact:
    fig, ax = new_figure(9, 4.2)
    years = np.arange(len(r.cashflows))
    cum = np.cumsum(r.cashflows) / 1000
    disc = np.cumsum([cf / (1 + r.rate) ** t for t, cf in enumerate(r.cashflows)]) / 1000
    ax.bar(years, cum, color="#90cdf4", label="kumulierter Zahlungsstrom")
    ax.plot(years, disc, "o-", color="#2b6cb0", label=f"abgezinst mit {share(r.rate)}")
    ax.axhline(0, color="#4a5568", lw=1)
    ax.set_xlabel("Jahr")
    ax.set_ylabel("Tsd. €")
    ax.set_title("Investition – Amortisation")
    ax.legend(fontsize=8)
    return Artifact(kind="image", path=save_figure(fig, "investition"), name="Investitionsrechnung")


def _scenario_chart(s: ScenarioResult) -> Artifact:
    fig, ax = new_figure(7, 4)
    labels = ["Ergebnis", "Tiefster Kontostand"]
    base = [s.base_result / 1000, s.base_min_balance / 1000]
    scen = [s.scenario_result / 1000, s.scenario_min_balance / 1000]
    xs = np.arange(len(labels))
    ax.bar(xs - 0.2, base, 0.4, color="#a0aec0", label="Basis")
    ax.bar(xs + 0.2, scen, 0.4, color="#2b6cb0", label=f"Absatz {percent(s.percent, 0, signed=True)}")
    ax.set_xticks(xs, labels)
    ax.set_ylabel("Tsd. €")
    ax.set_title("Szenario – Wirkung auf Ergebnis und Konto")
    ax.legend(fontsize=8)
    return Artifact(kind="image", path=save_figure(fig, "szenario"), name="Szenario")


def _scenario(slots: Slots, ctx: TurnContext) -> AgentReply:
    months = sorted({date(d.year, d.month, 1) for d in slots.dates.days()}) if slots.dates else None
    if slots.dates and slots.dates.end < ctx.today:
        return AgentReply(
            text="Das Szenario betrifft einen vergangenen Zeitraum – bitte nennen Sie kommende Monate.", tools_called=[]
        )
    s = sales_scenario(float(slots.percent or 0), months)
    which = "in " + ", ".join(month_label(m) for m in s.months) if months else "in allen Prognosemonaten"
    text = "\n".join(
        [
            _scenario_lead(s, which, load_account().credit_line_eur),
            "",
            f"**Szenario: Absatz {percent(s.percent, 0, signed=True)} {which}**",
            "",
            f"- Umsatz: {eur(abs(s.delta_revenue))} {'mehr' if s.delta_revenue >= 0 else 'weniger'}",
            f"- Kosten (Wareneinsatz, Fahrzeuge, Sonstiges wachsen mit): {eur(s.delta_costs)}",
            f"- Ergebnis: {eur(s.base_result)} → {eur(s.scenario_result)} ({eur(s.delta_result)})",
            f"- Tiefster Kontostand im Zeitraum: {eur(s.base_min_balance)} → {eur(s.scenario_min_balance)}",
            "",
            "Grundlage: Budgetprognose (Monatsmodell aus den Umsätzen) und Liquiditätsplan mit geänderten Umsätzen; "
            "Personal, Miete und Energie bleiben gleich.",
        ]
    )
    return AgentReply(
        text=with_note(slots, text),
        tools_called=["investment", "budget_forecast", "liquidity"],
        artifacts=[_scenario_chart(s)],
        data=s.model_dump(mode="json"),
    )


def _scenario_lead(s: ScenarioResult, which: str, credit_line: float) -> str:
    """The scenario's decision first: the result's change and the lowest balance against the credit line."""
    move = "sinkt" if s.percent < 0 else "steigt"
    lead = (
        f"Wenn der Absatz {which} um {percent(abs(s.percent), 0)} {move}, ändert sich Ihr Ergebnis dort um "
        f"{eur(s.delta_result, signed=True)}, und Ihr tiefster Kontostand im Zeitraum liegt bei "
        f"{eur(s.scenario_min_balance)} statt {eur(s.base_min_balance)}"
    )
    if s.scenario_min_balance < -credit_line:
        return f"{lead} – mehr, als Ihre Kreditlinie von {eur(credit_line)} abdeckt."
    if s.scenario_min_balance < 0:
        return f"{lead} – die Kreditlinie von {eur(credit_line)} deckt das noch ab."
    return f"{lead}."


_ARTICLE = r"\b(?:ein|eine|einen|einer|ne|nen|die|der|den|das|unsere[nmr]?)\s+"
_ADJECTIVE = r"(?:(?:neue|gebrauchte|zweite|weitere)[nrsm]?\s+)?"
_PURCHASE = re.compile(_ARTICLE + _ADJECTIVE + r"([A-ZÄÖÜ][\wäöüß-]{2,})")
# typed all in lower case ("rechnet sich ein lieferwagen für 28.000€"): any noun-like word after the article
_PURCHASE_LOWER = re.compile(_ARTICLE + _ADJECTIVE + r"([a-zäöüß][\wäöüß-]{3,})")
_NOT_A_PURCHASE = {"investition", "anschaffung", "kauf", "summe", "sich", "uns", "jährlich", "jaehrlich", "ganze"}


def purchase_name(text: str) -> str | None:
    """The thing to be bought as the user named it ("Lohnt sich ein neuer Ofen …" → "Ofen"), if any."""
    text = text or ""
    lower_case = not re.search(r"[A-ZÄÖÜ]", text[1:]) and re.search(r"\d", text)  # named with its price
    found = _PURCHASE.search(text) or (_PURCHASE_LOWER.search(text) if lower_case else None)
    name = found.group(1) if found else None
    if name is None or name.lower() in _NOT_A_PURCHASE or name.lower().endswith("lich"):
        return None
    return name[0].upper() + name[1:]


def _cash_line(liq: Mapping[str, float | str | None]) -> str:
    """The account if the price is paid from it (lowest balance, below zero or below the safety buffer)."""
    if liq["below_zero_on"]:
        return (
            f"Liquidität bei Barkauf am {date.fromisoformat(str(liq['pay_day'])):%d.%m.%Y}: der Kontostand fiele am "
            f"{date.fromisoformat(str(liq['below_zero_on'])):%d.%m.%Y} unter 0 € (tiefster Stand {eur(_amount(liq, 'min_balance'))}, "
            f"Kreditlinie {eur(_amount(liq, 'credit_line'))}) – eine Finanzierung schont die Liquidität."
        )
    if liq["below_buffer_on"]:
        return (
            f"Liquidität bei Barkauf: der Kontostand bliebe über 0 €, unterschritte aber den Sicherheitspuffer "
            f"({eur(_amount(liq, 'safety_buffer'))}) ab {date.fromisoformat(str(liq['below_buffer_on'])):%d.%m.%Y}; "
            f"tiefster Stand {eur(_amount(liq, 'min_balance'))}."
        )
    return (
        f"Liquidität bei Barkauf: tiefster Kontostand in den nächsten 3 Monaten {eur(_amount(liq, 'min_balance'))} "
        f"statt {eur(_amount(liq, 'base_min_balance'))} – bleibt über dem Sicherheitspuffer."
    )


# „und was macht das mit dem Konto?“ about a purchase: its effect on the account
_ACCOUNT = re.compile(r"\b(?:konto\w*|kontostand|liquiditaet|geld auf der bank|bank)\b")


def asks_account(text: str) -> bool:
    """True when the latest question of `text` asks what a purchase does to the account."""
    return _ACCOUNT.search(fold(latest_question(text))) is not None


def run(slots: Slots, ctx: TurnContext) -> AgentReply:
    """Appraise the named purchase; a percent what-if on sales becomes a scenario."""
    amounts = slots.amounts_eur or ([slots.amount_eur] if slots.amount_eur else [])
    if len(amounts) < 2:
        extra = [a for a in plain_amounts(slots.text) if a not in amounts]
        amounts = amounts + extra
    try:
        if not amounts and is_scenario(slots):
            return _scenario(slots, ctx)
        what = purchase_name(slots.text)
        thing = f"die Anschaffung „{what}“" if what else "die Anschaffung"
        if not amounts:
            return AgentReply(
                text=f"Ob sich {thing} lohnt, rechne ich Ihnen gern aus. Dafür brauche ich den Kaufpreis und die "
                "jährliche Ersparnis oder den Mehrertrag, z. B. „Lohnt sich ein Ofen für 48.000 €, der jährlich "
                "9.000 € spart, 10 Jahre Nutzung, 5 % Zins?“",
                tools_called=[],
            )
        if len(amounts) == 1 and asks_account(slots.text):  # the cash effect needs the price only
            return AgentReply(
                text=f"{_cash_line(cash_purchase_effect(amounts[0]))}\n\nOb sich {thing} lohnt, rechne ich Ihnen aus, "
                "sobald Sie die jährliche Ersparnis oder den Mehrertrag nennen.",
                tools_called=["liquidity"],
            )
        if len(amounts) == 1:
            return AgentReply(
                text=f"Wie viel spart oder bringt {thing} für {eur(amounts[0])} pro Jahr? "
                "Mit diesem Betrag rechne ich Kapitalwert, internen Zinsfuß und Amortisation.",
                tools_called=[],
            )
        price = max(amounts[:2])
        yearly = min(amounts[:2])
        notes = []
        years = slots.years or DEFAULT_YEARS
        if not slots.years:
            notes.append(f"Nutzungsdauer {DEFAULT_YEARS} Jahre (Annahme, keine genannt)")
        rate_pct = slots.percent if slots.percent is not None and slots.percent > 0 else DEFAULT_RATE_PCT
        if slots.percent is None:
            notes.append(
                f"Kalkulations- und Finanzierungszins {percent(DEFAULT_RATE_PCT, 0)} (Annahme, keiner genannt)"
            )
        r = appraise(price, years, yearly, rate_pct)
        liq = cash_purchase_effect(price)
    except DataError as exc:
        return data_error_reply(exc)
    subject = f"Die Investition „{what}“" if what else "Die Investition"
    verdict = {
        "lohnt sich": f"✅ {subject} **lohnt sich** unter diesen Annahmen",
        "lohnt sich nicht": f"❌ {subject} **lohnt sich nicht** unter diesen Annahmen",
    }.get(r.verdict, f"⚠️ {subject} verdient ihren Preis zurück, **deckt aber den Zins nicht**")
    lines = [
        f"**Investitionsrechnung: {eur(price)}, {eur(yearly)} pro Jahr, {years} Jahre, Zins {share(r.rate)}**",
        "",
        f"{verdict}: Kapitalwert {eur(r.npv)}.",
        f"- Interner Zinsfuß: {share(r.irr) if r.irr is not None else 'nicht bestimmbar'}",
        f"- Amortisation: {num(r.payback_years) + ' Jahre' if r.payback_years is not None else 'nicht innerhalb der Nutzungsdauer'}"
        f" (abgezinst: {num(r.discounted_payback_years) + ' Jahre' if r.discounted_payback_years is not None else 'nie'})",
        f"- Die Investition trägt sich ab {eur(r.break_even_cashflow)} Ersparnis pro Jahr (Kapitalwert = 0).",
        f"- Voll finanziert: Rate {eur(r.loan_monthly_rate)} pro Monat gegenüber {eur(yearly / 12)} Ersparnis pro Monat.",
        "",
    ]
    cash = _cash_line(liq)
    if asks_account(slots.text):  # „und was macht das mit dem Konto?“: the cash effect first
        lines.insert(0, cash + "\n")
    else:
        lines.append(cash)
    lines.append(
        "Annahmen: Zahlungen jeweils zum Jahresende, gleichbleibende jährliche Ersparnis, kein Restwert"
        + ("; " + "; ".join(notes) if notes else "")
        + "."
    )
    data = {"investment": r.model_dump(mode="json"), "liquidity_cash_purchase": liq}
    return AgentReply(
        text=with_note(slots, "\n".join(lines)),
        tools_called=["investment", "liquidity"],
        artifacts=[_chart(r)],
        data=data,
    )
