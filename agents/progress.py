"""What the user sees while a tool runs: one German line naming what is being computed, before it starts."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from agents.contracts import Slots
from agents.registry import title
from tools.company.catalog import BRANCH_BY_ID, GROUP_NAMES, PRODUCT_BY_ID
from tools.format_de import and_list

# called with (tool, German text) before a tool runs and with (tool, None) when it has finished
ProgressHook = Callable[[str, str | None], None]
# answers that come at once: a step for them would only flicker
INSTANT = frozenset({"help", "smalltalk", "out_of_scope", "interview", "process_map", "alerts"})
_NOUN = {
    "onboarding_qa": "Antwort aus dem Mitarbeiterhandbuch",
    "quality_check": "Fotoprüfung",
    "data_import": "Import der Verkaufsdaten",
    "lab_tour": "Nächste Station des Rundgangs",
}
PAST_SALES = "Ist-Verkaufszahlen"  # the forecast tool answers days gone by with the actual figures


def _names(ids: list[str], names: dict[str, str]) -> str:
    shown = [names.get(i, i) for i in ids[:3]] + (["…"] if len(ids) > 3 else [])
    return and_list(shown)


def progress_text(tool: str, slots: Slots, today: date | None = None) -> str:
    """e.g. 'Absatzprognose für Roggenbrot in Gardelegen Holzmarkt (morgen) wird berechnet …'; days gone by are
    'Ist-Verkaufszahlen' – the forecast tool answers them with the actual figures."""
    what = _names(slots.products, {k: p.name for k, p in PRODUCT_BY_ID.items()}) or _names(slots.groups, GROUP_NAMES)
    where = _names(slots.branches, {k: b.name for k, b in BRANCH_BY_ID.items()})
    text = _NOUN.get(tool, title(tool))
    if today is not None and looks_back(tool, slots, today):
        text = PAST_SALES
    if what and tool in {"forecast", "demand_drivers", "production_plan"}:
        text += f" für {what}"
    if where and tool in {"forecast", "demand_drivers", "production_plan", "oven_schedule", "staffing"}:
        text += f" in {where}"
    if slots.dates is not None and slots.dates.label:
        text += f" ({slots.dates.label})"
    return f"{text} wird berechnet …"


def looks_back(tool: str, slots: Slots, today: date) -> bool:
    """True when the forecast tool is asked about days gone by (it answers with the actual figures)."""
    return tool == "forecast" and slots.dates is not None and slots.dates.end < today


def shown_title(tool: str, slots: Slots, today: date) -> str:
    """The tool's title as the user should read it: 'Ist-Verkaufszahlen' for a look back, not 'Absatzprognose'."""
    return PAST_SALES if looks_back(tool, slots, today) else title(tool)


def step_title(tool: str, text: str) -> str:
    """Heading of the UI step: the tool's title, or 'Ist-Verkaufszahlen' when the forecast tool looks back."""
    return PAST_SALES if text.startswith(PAST_SALES) else title(tool)
