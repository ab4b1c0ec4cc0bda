"""Draft texts ready to copy (evening offer, day-old price, social post, newsletter) in the firm's form of
address. Every figure in a draft comes from the signals passed in; nothing is published."""

from __future__ import annotations

import math
from datetime import date

from tools.company.catalog import PRODUCT_BY_ID
from tools.format_de import WEEKDAYS, eur, integer, num, share
from tools.marketing.models import AddressForm, Favoured, OfferDraft, ProductSignal

COMPANY = "Korn & Kruste"
# documented offer rules (prices from the catalogue price, rounded down to 5 cents, never below what a
# leftover brings otherwise – the salvage value of the production model)
EVENING_DISCOUNT = 0.30  # evening offer: 30 % off ...
EVENING_HOURS_BEFORE_CLOSE = 2  # ... from two hours before the branches close
DAY_OLD_DISCOUNT = 0.40  # "Brot vom Vortag": 40 % off the next day
DEFAULT_CLOSING_HOUR = 19  # when the branches' hours are unknown: "ab 17 Uhr"
EVENING_FROM = 16  # an offer starting earlier (short Saturday hours) is no "Abendangebot"

_WORDS: dict[str, dict[AddressForm, str]] = {
    "come": {"Sie": "Kommen Sie vorbei", "Du": "Komm vorbei"},
    "ask": {"Sie": "Fragen Sie an der Theke nach", "Du": "Frag an der Theke nach"},
    "order": {"Sie": "Bestellen Sie am besten vor", "Du": "Bestell am besten vor"},
    "your": {"Sie": "Ihr", "Du": "dein"},
    "you": {"Sie": "Sie", "Du": "du"},
    "greet": {"Sie": "Liebe Kundinnen und Kunden", "Du": "Hallo ihr Lieben"},
    "toast": {"Sie": "Toasten Sie es kurz auf – schmeckt wie frisch", "Du": "Toaste es kurz auf – schmeckt wie frisch"},
    "enjoy": {
        "Sie": "Probieren Sie es aus – schmeckt auch am zweiten Tag",
        "Du": "Probier es aus – schmeckt auch am zweiten Tag",
    },
}


def _w(key: str, form: AddressForm) -> str:
    return _WORDS[key][form]


def _ad(name: str, price: str) -> str:
    """Product and price as a customer reads them: 'Käsesahnetorte für 2,50 € je Stück', not '… (Stück) für'."""
    plain = name.removesuffix(" (Stück)")
    return f"{plain} für {price}{' je Stück' if plain != name else ''}"


def offer_price(price: float, discount: float, floor: float) -> float:
    """Catalogue price less `discount`, rounded down to 5 cents, never below `floor`."""
    return round(max(math.floor(price * (1 - discount) * 20 + 1e-9) / 20, floor), 2)


def evening_start(closing: str | None) -> int:
    """The full hour the evening offer starts: two hours before the earliest closing time."""
    hour = int(closing.split(":")[0]) if closing else DEFAULT_CLOSING_HOUR
    return max(hour - EVENING_HOURS_BEFORE_CLOSE, 0)


BREAD_GROUPS = {"brot", "broetchen"}  # "Brot vom Vortag"; other groups are offered "vom Vortag"


def _weekday(d: date | None) -> str:
    return f"{WEEKDAYS[d.weekday()]}, {d:%d.%m.}" if d else "nächster Öffnungstag"


def _is_bread(product: str) -> bool:
    p = PRODUCT_BY_ID.get(product)
    return p is not None and p.group in BREAD_GROUPS


def _returns_basis(s: ProductSignal, threshold: float) -> str:
    return (
        f"Plan {integer(s.planned)} Stück, Prognose {num(s.forecast)} Stück, erwartete Retoure "
        f"{num(s.expected_returns)} Stück = {share(s.returns_share, 0)} der Backmenge (Schwelle {share(threshold, 0)})"
    )


def returns_drafts(s: ProductSignal, day: date, form: AddressForm, threshold: float) -> list[OfferDraft]:
    """Evening offer and day-old price for a product expected to be left over."""
    basis = _returns_basis(s, threshold)
    evening = offer_price(s.price_eur, EVENING_DISCOUNT, s.salvage_eur)
    start = evening_start(s.closing)
    old = offer_price(s.price_eur, DAY_OLD_DISCOUNT, s.salvage_eur)
    bread = _is_bread(s.product)
    return [
        OfferDraft(
            kind="abendangebot",
            product=s.product,
            title=f"{'Abendangebot' if start >= EVENING_FROM else 'Angebot vor Ladenschluss'} {s.name} "
            f"({WEEKDAYS[day.weekday()]}, {day:%d.%m.})",
            text=(
                f"Ab {start} Uhr: {_ad(s.name, eur(evening, cents=True))} statt {eur(s.price_eur, cents=True)} – "
                f"solange der Vorrat reicht. {_w('come', form)}, bevor wir schließen!"
            ),
            basis=f"{basis}; Abendpreis = Katalogpreis − {share(EVENING_DISCOUNT, 0)}, ab {start} Uhr "
            f"({EVENING_HOURS_BEFORE_CLOSE} Stunden vor Ladenschluss {s.closing or 'unbekannt'})",
            price_eur=evening,
        ),
        OfferDraft(
            kind="vortag",
            product=s.product,
            title=f"{'Brot vom Vortag' if bread else 'Vom Vortag'}: {s.name} ({_weekday(s.next_open)})",
            text=(
                f"Vom Vortag, aber noch richtig gut: {_ad(s.name, eur(old, cents=True))} statt "
                f"{eur(s.price_eur, cents=True)}. {_w('toast' if bread else 'enjoy', form)}. {_w('ask', form)}!"
            ),
            basis=f"{basis}; Vortagspreis = Katalogpreis − {share(DAY_OLD_DISCOUNT, 0)}, "
            f"nie unter dem Restwert {eur(s.salvage_eur, cents=True)}",
            price_eur=old,
        ),
    ]


def _occasion(f: Favoured, day: date) -> str:
    """'Zum Adventswochenende' – the strongest positive driver as an opening phrase."""
    top = next((d for d in f.drivers if d.pct > 0), None)
    if top is None:
        return f"Am {WEEKDAYS[day.weekday()]}"
    if top.name == "Wochentag":
        return f"Am {WEEKDAYS[day.weekday()]}"
    if top.name == "Jahreszeit":
        return "Jetzt in der Saison"
    if top.name == "Wetter":
        return "Bei diesem Wetter"
    if top.name == "Weihnachtszeit":
        return "In der Weihnachtszeit"
    if top.name.startswith("Adventswochenende"):
        return "Zum Adventswochenende"
    return f"Zu {top.name}"


def _favoured_basis(f: Favoured, s: ProductSignal | None, threshold: float) -> str:
    drivers = ", ".join(f"{d.name} {num(d.pct, 0, signed=True)} %" for d in f.drivers[:3]) or "keine starken Effekte"
    weather = "" if f.weather_known else " (Wetter: Mittel der Jahreszeit, keine Wettervorhersage)"
    out = f"Prognosemodell: {drivers}; Wetter und Kalender zusammen {num(f.uplift_pct, 0, signed=True)} %{weather}"
    if s is not None:
        out += (
            f"; Ausverkauft-Wahrscheinlichkeit {share(s.sellout_prob, 0)} (Schwelle {share(threshold, 0)}), "
            f"Plan {integer(s.planned)} Stück"
        )
    return out


def favoured_drafts(
    f: Favoured, s: ProductSignal | None, day: date, form: AddressForm, threshold: float
) -> list[OfferDraft]:
    """Social-media post and newsletter text for the product the weather and calendar favour."""
    when = f"{WEEKDAYS[day.weekday()]}, {day:%d.%m.}"
    sells_out = s is not None and "sellout" in s.rules
    call = (
        f"{_w('order', form)} – die Nachfrage am {when} ist hoch."
        if sells_out
        else f"{_w('come', form)} – frisch gebacken in unseren Filialen."
    )
    opener = _occasion(f, day)
    basis = _favoured_basis(f, s, threshold)
    post = f"{opener}: {f.name} von {COMPANY}! {call} #KornUndKruste #Altmark #Bäckerei"
    reason = "" if opener.startswith("Am ") else f" – {opener[0].lower()}{opener[1:]}"
    letter = (
        f"Betreff: {opener} – {f.name}\n\n{_w('greet', form)},\n\n"
        f"{f.name} ist am {when} genau das Richtige{reason}. {call}\n\n"
        f"Herzliche Grüße\n{_w('your', form).capitalize()} Team von {COMPANY}"
    )
    return [
        OfferDraft(kind="social", product=f.product, title=f"Social-Media-Beitrag {f.name}", text=post, basis=basis),
        OfferDraft(kind="newsletter", product=f.product, title=f"Newsletter {f.name}", text=letter, basis=basis),
    ]
