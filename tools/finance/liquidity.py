"""Day-by-day liquidity plan from the account balance, takings and the payment rules.

Inflows: daily takings = the budget's monthly revenue spread over the open days by weekday
weights. Outflows: wages, rent, supplier invoices (material share of takings, paid after the
payment terms), VAT advance for the previous month, and the account's other fixed payments.
"""

from __future__ import annotations

import calendar
from collections import defaultdict
from datetime import date, timedelta

import pandas as pd

from tools.company.data import load_account, load_finance_monthly, load_sales
from tools.company.models import Account, FixedPayment
from tools.errors import RequestError
from tools.finance.budget import MAX_MONTHS, forecast_budget
from tools.finance.calendar import day_weight, month_weight, weekday_weights
from tools.finance.models import BudgetForecast, CashDay, CashItem, LiquidityPlan, Shortfall
from tools.format_de import eur
from tools.settings import get_settings

TAKINGS = "Tageseinnahmen (Kasse/Karte)"


def on_pay_day(day: date, pay_day: int) -> bool:
    """True if a monthly payment due on `pay_day` falls on `day` (clipped to the month's length)."""
    return day.day == min(pay_day, calendar.monthrange(day.year, day.month)[1])


def _fixed_due(p: FixedPayment, day: date) -> bool:
    return on_pay_day(day, p.day) and (day.month - p.first_month) % p.every_months == 0


def _reason(items: list[CashItem], balance: float, threshold: float) -> str:
    """German explanation: the largest outflows of the day that pushed the balance under the threshold."""
    outs = sorted((i for i in items if i.amount < 0), key=lambda i: i.amount)[:3]
    parts = ", ".join(f"{i.name} {eur(-i.amount)}" for i in outs)
    return f"Kontostand {eur(balance)} unter {eur(threshold)}" + (
        f" – größte Ausgaben an diesem Tag: {parts}" if parts else ""
    )


def _too_far(last: date, end: date) -> str:
    """German reason why a cash plan up to `end` is not made: the budget's takings reach only to `last`'s month
    (beyond it a month's takings counted as 0 € – a shortfall that is not there)."""
    from tools.format_de import month_long

    return (
        f"Den Liquiditätsplan rechne ich höchstens bis {month_long(last)} – so weit reicht die Budgetprognose, "
        f"aus der die Einnahmen kommen. Für {month_long(end)} wäre jede Zahl geraten; nennen Sie bitte einen "
        "näheren Zeitraum, z. B. „bis Ende nächsten Jahres“."
    )


def plan_liquidity(
    months: int = 3,
    budget: BudgetForecast | None = None,
    account: Account | None = None,
    extra_payments: dict[date, list[CashItem]] | None = None,
    end: date | None = None,
) -> LiquidityPlan:
    """Cash plan from today for `months` months (or up to `end`); names the first day below 0 €, the buffer and the credit line."""
    account = account or load_account()
    today = get_settings().today()
    if end is None or end < today:
        end = (pd.Timestamp(today) + pd.DateOffset(months=max(1, int(months))) - pd.Timedelta(days=1)).date()
    months_needed = (end.year - today.year) * 12 + end.month - today.month + 1
    own_budget = budget is None
    budget = budget or forecast_budget(months=min(months_needed + 1, MAX_MONTHS), bottom_up=False)
    by_month = {pd.Timestamp(m.month): m for m in budget.months}
    fin = load_finance_monthly().set_index("month")
    last_month = pd.Timestamp(end.replace(day=1))
    if own_budget and last_month not in by_month and last_month not in fin.index:  # its takings would be 0 €
        raise RequestError(_too_far(max(by_month, default=last_month).date(), end))
    sales = load_sales()
    weights = weekday_weights(sales)
    material_share = float(budget.assumptions["wareneinsatz_anteil"])
    vat = account.vat_rate_food
    # takings per day: actual sales in the past (for supplier invoices), budget spread on the future
    by_day = (sales["sold"] * sales["price_eur"]).groupby(sales["date"].dt.normalize()).sum()
    past_rev = pd.Series(by_day.to_numpy(), index=by_day.index.date)  # dates of a few hundred days, not 180k rows
    remaining_weight: dict[pd.Timestamp, float] = {}
    first_month = pd.Timestamp(today).to_period("M").to_timestamp()
    for m in by_month:
        open_days = pd.date_range(max(m, pd.Timestamp(today)), m + pd.offsets.MonthEnd(0))
        remaining_weight[m] = (
            sum(day_weight(d.date(), weights) for d in open_days) if m == first_month else month_weight(m, weights)
        )

    def takings(day: date) -> float:
        if day < today:
            return float(past_rev.get(day, 0.0))
        m = pd.Timestamp(day).to_period("M").to_timestamp()
        bm = by_month.get(m)
        if bm is None or remaining_weight.get(m, 0) <= 0:
            return 0.0
        open_part = bm.revenue - (bm.actual_to_date or 0.0)
        return open_part * day_weight(day, weights) / remaining_weight[m]

    def month_revenue(m: pd.Timestamp) -> float:
        if m in fin.index:
            return float(fin.at[m, "revenue"])
        return by_month[m].revenue if m in by_month else 0.0

    balance = account.balance_eur
    days: list[CashDay] = []
    totals: dict[str, float] = defaultdict(float)
    terms = account.supplier_payment_terms_days
    day = today
    while day <= end:
        items: list[CashItem] = []
        t = takings(day)
        if t > 0:
            items.append(CashItem(name=TAKINGS, amount=round(t, 2)))
        invoice = takings(day - timedelta(days=terms)) * material_share * (1 + vat)
        if invoice > 0:
            items.append(CashItem(name=f"Lieferantenrechnungen (Zahlungsziel {terms} Tage)", amount=-round(invoice, 2)))
        if on_pay_day(day, account.wage_day):
            items.append(CashItem(name="Löhne und Gehälter inkl. Sozialabgaben", amount=-account.monthly_wages_eur))
        if on_pay_day(day, account.rent_day):
            items.append(CashItem(name="Mieten (Filialen und Backstube)", amount=-account.monthly_rent_eur))
        if on_pay_day(day, account.vat_advance_day):
            prev = pd.Timestamp(day.replace(day=1)) - pd.DateOffset(months=1)
            gross = month_revenue(prev)
            payable = gross * vat / (1 + vat) - gross * material_share * vat
            if payable > 0:
                items.append(
                    CashItem(name=f"Umsatzsteuer-Vorauszahlung {prev.strftime('%m/%Y')}", amount=-round(payable, 2))
                )
        items += [
            CashItem(name=p.name, amount=-p.amount_eur) for p in account.other_fixed_payments if _fixed_due(p, day)
        ]
        items += (extra_payments or {}).get(day, [])
        inflow = sum(i.amount for i in items if i.amount > 0)
        outflow = -sum(i.amount for i in items if i.amount < 0)
        balance += inflow - outflow
        for i in items:
            key = (
                "Lieferantenrechnungen"
                if i.name.startswith("Lieferanten")
                else "Umsatzsteuer-Vorauszahlungen"
                if i.name.startswith("Umsatzsteuer")
                else i.name
            )
            totals[key] += i.amount
        days.append(
            CashDay(
                date=day, inflow=round(inflow, 2), outflow=round(outflow, 2), balance=round(balance, 2), items=items
            )
        )
        day += timedelta(days=1)

    def first_below(threshold: float) -> Shortfall | None:
        for d in days:
            if d.balance < threshold:
                return Shortfall(
                    date=d.date, balance=d.balance, threshold=threshold, reason=_reason(d.items, d.balance, threshold)
                )
        return None

    low = min(days, key=lambda d: d.balance)
    return LiquidityPlan(
        start_balance=account.balance_eur,
        as_of=account.as_of,
        days=days,
        first_shortfall=first_below(0.0),
        first_below_buffer=first_below(account.safety_buffer_eur),
        credit_line_exceeded=first_below(-account.credit_line_eur),
        min_balance=low.balance,
        min_balance_date=low.date,
        credit_line_eur=account.credit_line_eur,
        safety_buffer_eur=account.safety_buffer_eur,
        totals={k: round(v, 2) for k, v in totals.items()},
        assumptions={
            "umsatz": "Budgetprognose je Monat, verteilt nach Wochentagsgewichten auf die Öffnungstage",
            "wareneinsatz_anteil": material_share,
            "umsatzsteuer_satz": vat,
            "zahlungsziel_tage": terms,
            "lohntag": account.wage_day,
            "miettag": account.rent_day,
            "ust_vorauszahlung_tag": account.vat_advance_day,
            "nicht_enthalten": "Kraftstoff und Reparaturen der Fahrzeuge, neue Investitionen",
        },
    )
