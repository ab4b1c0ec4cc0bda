"""Detector classes: one class per product and quality state, e.g. `brezel_verbrannt`."""

from __future__ import annotations

from tools.format_de import count

PRODUCTS: tuple[str, ...] = ("broetchen", "brezel", "croissant")
DEFECTS: tuple[str, ...] = ("ok", "verbrannt", "zu_hell", "deformiert", "gerissen")

PRODUCT_LABELS: dict[str, str] = {"broetchen": "Brötchen", "brezel": "Brezel", "croissant": "Croissant"}
PRODUCT_PLURAL: dict[str, str] = {"broetchen": "Brötchen", "brezel": "Brezeln", "croissant": "Croissants"}


def pieces_of(n: int, product: str) -> str:
    """'1 Croissant', '5 Brezeln': a count with the product's German name in the right number."""
    return count(n, PRODUCT_LABELS.get(product, product), PRODUCT_PLURAL.get(product, product))


DEFECT_LABELS: dict[str, str] = {
    "ok": "ok",
    "verbrannt": "verbrannt",
    "zu_hell": "zu hell",
    "deformiert": "deformiert",
    "gerissen": "gerissen",
}
# catalog product ids (tools.company.catalog) -> detector product
CATALOG_TO_PRODUCT: dict[str, str] = {
    "schrippe": "broetchen",
    "mehrkornbroetchen": "broetchen",
    "roggenbroetchen": "broetchen",
    "laugenbrezel": "brezel",
    "buttercroissant": "croissant",
    "schokocroissant": "croissant",
}

CLASS_NAMES: list[str] = [f"{p}_{d}" for p in PRODUCTS for d in DEFECTS]
CLASS_ID: dict[str, int] = {n: i for i, n in enumerate(CLASS_NAMES)}


def split_class(name: str) -> tuple[str | None, str]:
    """`brezel_zu_hell` -> ("brezel", "zu_hell"); a foreign class name -> (None, name)."""
    for p in PRODUCTS:
        if name.startswith(p + "_") and name[len(p) + 1 :] in DEFECTS:
            return p, name[len(p) + 1 :]
    return None, name


def is_defect(name: str) -> bool:
    """True for every class that is not an `ok` class (also for foreign class names)."""
    _, defect = split_class(name)
    return defect not in ("ok", "gut", "good")
