"""Goods of the owner's own sales export named in a request: her „Brötchen“ is her product of that name, not
the demo company's group (trial 18: „und nur Brötchen?“ on her imported data found no sales)."""

from __future__ import annotations

import re

from agents.contracts import Slots
from agents.names import group_name, product_name
from tools.company.catalog import PRODUCT_BY_ID
from tools.company.data import load_sales, own_sales_path
from tools.errors import DataError


def _fold(text: str) -> str:
    return text.lower().replace("ä", "ae").replace("ö", "oe").replace("ü", "ue").replace("ß", "ss")


def named_in(names: list[str], slots: Slots) -> list[str]:
    """Those of `names` the request names, in its text or as a catalogue product or group recognised in it."""
    said = _fold(
        " ".join([slots.text or ""] + [product_name(p) for p in slots.products] + [group_name(g) for g in slots.groups])
    )
    return [n for n in names if re.search(rf"(?<!\w){re.escape(_fold(n))}(?!\w)", said)]


def own_products() -> list[str]:
    """The products of the own sales export that are not catalogue products ([] with the demo company)."""
    if own_sales_path() is None:
        return []
    try:
        sales = load_sales()
    except DataError:
        return []
    return sorted(str(p) for p in set(sales["product"]) if p not in PRODUCT_BY_ID)


def own_products_named(slots: Slots) -> list[str]:
    """The own export's products this request names; [] with the demo company or when it names none."""
    own = own_products()
    return named_in(own, slots) if own else []


def unknown_goods(slots: Slots) -> str | None:
    """Goods the request names that neither the catalogue nor the own export has (her „Käsebrötchen“ after her
    import is hers, no unknown goods), or None."""
    if not slots.unknown_product or slots.products or slots.groups:
        return None
    return None if own_products_named(slots) else slots.unknown_product
