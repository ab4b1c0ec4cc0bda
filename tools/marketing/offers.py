"""Offers from the day's production plan: which products cross the returns or sell-out threshold, drafts to act
on (evening offer, day-old price, social post, newsletter) and – for the returns question – the plan change."""

from __future__ import annotations

from datetime import date

from tools.marketing.drafts import DAY_OLD_DISCOUNT, EVENING_DISCOUNT, favoured_drafts, returns_drafts
from tools.marketing.favoured import favoured_product
from tools.marketing.models import AddressForm, OfferResult, ProductSignal
from tools.marketing.signals import plan_changes, product_signals
from tools.settings import get_settings

MAX_RETURN_OFFERS = 3  # drafts for the products whose expected leftovers cost the most
MAX_FAVOURED_CANDIDATES = 6  # forecast components are read for at most this many products
METHOD = (
    "Erwartete Retouren und Ausverkauft-Wahrscheinlichkeit aus dem Produktionsplan (Newsvendor auf der "
    "kalibrierten Nachfrageverteilung); das begünstigte Produkt aus den Wetter- und Kalenderkomponenten der "
    "Absatzprognose; Angebotspreise nach festen Abschlägen vom Katalogpreis, nie unter dem Restwert."
)


def _candidates(signals: list[ProductSignal]) -> list[str]:
    """Products a post may be about: those crossing a threshold, sell-out first, then by leftover cost."""
    hit = [s for s in signals if s.rules]
    hit.sort(key=lambda s: ("sellout" not in s.rules, -s.sellout_prob, -s.expected_returns_eur))
    return [s.product for s in hit[:MAX_FAVOURED_CANDIDATES]]


def offers(
    day: date,
    branches: list[str] | None = None,
    products: list[str] | None = None,
    *,
    with_plan_change: bool = False,
    returns_threshold: float | None = None,
    sellout_threshold: float | None = None,
    address_form: AddressForm | None = None,
) -> OfferResult:
    """Signals, drafts and optionally the plan change for `day`; thresholds and form default to the settings."""
    from tools.production.plan import plan_day

    cfg = get_settings()
    r_thr = cfg.offer_returns_threshold if returns_threshold is None else returns_threshold
    s_thr = cfg.offer_sellout_threshold if sellout_threshold is None else sellout_threshold
    form: AddressForm = address_form or cfg.address_form
    plan = plan_day(day, branches, products)
    signals = product_signals(plan, r_thr, s_thr)
    returns = sorted((s for s in signals if "returns" in s.rules), key=lambda s: -s.expected_returns_eur)
    sellout = sorted((s for s in signals if "sellout" in s.rules), key=lambda s: -s.sellout_prob)
    drafts = [d for s in returns[:MAX_RETURN_OFFERS] for d in returns_drafts(s, day, form, r_thr)]
    favoured = favoured_product(day, _candidates(signals))
    if favoured is not None:
        sig = next((s for s in signals if s.product == favoured.product), None)
        drafts += favoured_drafts(favoured, sig, day, form, s_thr)
    changes = plan_changes(plan, [s.product for s in returns[:MAX_RETURN_OFFERS]]) if with_plan_change else []
    return OfferResult(
        day=day,
        data_until=plan.data_until,
        branches=sorted({i.branch for i in plan.items}),
        address_form=form,
        returns_threshold=r_thr,
        sellout_threshold=s_thr,
        signals=signals,
        returns_products=[s.product for s in returns],
        sellout_products=[s.product for s in sellout],
        favoured=favoured,
        drafts=drafts,
        plan_changes=changes,
        evening_discount=EVENING_DISCOUNT,
        day_old_discount=DAY_OLD_DISCOUNT,
        method=METHOD,
    )
