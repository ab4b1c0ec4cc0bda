"""Plain German first (issue 16 item 3): the first paragraph of an answer names no ids (products, branches,
tools, dough types, groups), no English status or engine words and no file suffixes – attached files, whose
names the answer may quote, excepted."""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

# engine and status words that belong in "So habe ich gerechnet" at most (case-insensitive)
ENGINE_WORDS = (
    "feasible",
    "infeasible",
    "optimal",
    "newsvendor",
    "quantile",
    "quantil",
    "prophet",
    "cp-sat",
    "or-tools",
    "solver",
    "status",
    "unknown",
    "none",
    "null",
    "nan",
    "true",
    "false",
)
_SUFFIX = re.compile(r"\w\.(?:md|csv|xlsx?|pdf|json|txt|docx?|png|jpe?g|pkl|yaml|py)\b", re.IGNORECASE)
_SLOT_CODE = re.compile(r"\b[A-Z]\d-[A-Z]\d\b")  # oven slots such as 'E1-D3'


@lru_cache(maxsize=1)
def catalog_ids() -> tuple[str, ...]:
    """Ids of branches, products, dough types, product groups and registered tools (all lower case)."""
    from agents.registry import TOOLS
    from tools.company.catalog import BRANCH_BY_ID, DOUGH_NAMES, GROUP_NAMES, PRODUCT_BY_ID

    return tuple(sorted({*BRANCH_BY_ID, *PRODUCT_BY_ID, *DOUGH_NAMES, *GROUP_NAMES, *TOOLS}))


def first_paragraph(text: str) -> str:
    """The answer's opening paragraph (up to the first blank line)."""
    return text.strip().split("\n\n", 1)[0]


def plain_problems(text: str, attached: Iterable[str] = ()) -> list[str]:
    """What in the first paragraph is not plain German: ids (case-sensitive, display names are capitalised),
    engine words, file suffixes and slot codes."""
    head = first_paragraph(text)
    for name in attached:
        head = head.replace(name, "")
    found = [i for i in catalog_ids() if re.search(rf"(?<![\w-]){re.escape(i)}(?![\w-])", head)]
    found += [w for w in ENGINE_WORDS if re.search(rf"(?<![\w-]){re.escape(w)}(?![\w-])", head, re.IGNORECASE)]
    found += _SUFFIX.findall(head) + _SLOT_CODE.findall(head)
    return found
