"""German names of the company's ids (branches, products, product groups) for answers: one lookup for every agent.

An id the catalogue does not know (a user's own upload) is shown as plain text (`format_de.plain`) rather than dropped."""

from __future__ import annotations

from tools.company.catalog import BRANCH_BY_ID, GROUP_NAMES, PRODUCT_BY_ID
from tools.format_de import plain


def branch_name(branch_id: str) -> str:
    """'gardelegen' → 'Gardelegen Holzmarkt'."""
    return BRANCH_BY_ID[branch_id].name if branch_id in BRANCH_BY_ID else plain(branch_id)


def product_name(product_id: str) -> str:
    """'roggenbrot' → 'Roggenbrot'."""
    return PRODUCT_BY_ID[product_id].name if product_id in PRODUCT_BY_ID else plain(product_id)


def group_name(group_id: str) -> str:
    """'brot' → 'Brot'."""
    return GROUP_NAMES.get(group_id) or plain(group_id)
