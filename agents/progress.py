"""What the user sees while a tool runs: one German line naming what is being computed, before it starts."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from agents.contracts import Slots
from agents.nlu.normalize import latest_question
from agents.operations.stocktaking import asks_stocktaking
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
# what a tool answers in a situation, named as the owner would (trial 30: „Was, wenn der Januar 20 % schwächer
# wird?“ runs in the investment tool, but its step must not read „Investitionsrechnung“)
SALES_SCENARIO = "Was-wäre-wenn: Umsatz und Kontostand"
PAST_RETURNS = "Retouren-Rückblick"
STOCKTAKING = "Inventur: ruhige Tage und Bestand"  # „Wann machen wir die Inventur?“ is no production plan
# step headings named by what the owner asked, not by the engine's word (the registry's title stays for help)
_STEP_NOUN = {"demand_drivers": "Gründe für die Absatzzahlen"}
_SITUATION_TITLES = (PAST_SALES, SALES_SCENARIO, PAST_RETURNS, STOCKTAKING, *_STEP_NOUN.values())
# headings in the plural take „werden“ („Lieferrouten werden berechnet …“, not „… wird berechnet …“)
_PLURAL = frozenset({PAST_SALES, "Lieferrouten", "Angebote aus dem Plan", "Gründe für die Absatzzahlen"})


def _names(ids: list[str], names: dict[str, str]) -> str:
    shown = [names.get(i, i) for i in ids[:3]] + (["…"] if len(ids) > 3 else [])
    return and_list(shown)


def progress_text(tool: str, slots: Slots, today: date | None = None) -> str:
    """e.g. 'Absatzprognose für Roggenbrot in Gardelegen Holzmarkt (morgen) wird berechnet …'; days gone by are
    'Ist-Verkaufszahlen' – the forecast tool answers them with the actual figures."""
    what = _names(slots.products, {k: p.name for k, p in PRODUCT_BY_ID.items()}) or _names(slots.groups, GROUP_NAMES)
    where = _names(slots.branches, {k: b.name for k, b in BRANCH_BY_ID.items()})
    text = _NOUN.get(tool) or _STEP_NOUN.get(tool) or title(tool)
    if today is not None:
        text = _situation_title(tool, slots, today) or text
    noun = text
    if what and tool in {"forecast", "demand_drivers", "production_plan"}:
        text += f" für {what}"
    if where and tool in {"forecast", "demand_drivers", "production_plan", "oven_schedule", "staffing"}:
        text += f" in {where}"
    if slots.dates is not None and slots.dates.label:
        text += f" ({slots.dates.label})"
    return f"{text} {'werden' if noun in _PLURAL else 'wird'} berechnet …"


def done_text(progress: str) -> str:
    """The progress line without its „wird/werden berechnet …“, for the finished step."""
    return progress.removesuffix(" wird berechnet …").removesuffix(" werden berechnet …")


def looks_back(tool: str, slots: Slots, today: date) -> bool:
    """True when the forecast tool is asked about days gone by (it answers with the actual figures)."""
    return tool == "forecast" and slots.dates is not None and slots.dates.end < today


def _situation_title(tool: str, slots: Slots, today: date) -> str | None:
    """What the tool answers here when that is not its title: the actual sales of days gone by, a sales what-if
    (computed by the investment tool), the returns of a period gone by (computed by the production plan)."""
    if looks_back(tool, slots, today):
        return PAST_SALES
    if tool == "investment":
        from agents.finance.common import is_scenario

        amounts = slots.amounts_eur or ([slots.amount_eur] if slots.amount_eur else [])
        return SALES_SCENARIO if not amounts and is_scenario(slots) else None
    if tool in ("production_plan", "onboarding_qa") and asks_stocktaking(latest_question(slots.text)):
        return STOCKTAKING
    if tool == "production_plan":
        from agents.operations.production_plan import asks_past_returns
        from agents.operations.returns_overview import wants_returns_overview

        past = wants_returns_overview(slots, today) or asks_past_returns(slots, today)
        return PAST_RETURNS if past else None
    return None


def shown_title(tool: str, slots: Slots, today: date) -> str:
    """The tool's title as the user should read it: 'Ist-Verkaufszahlen' for a look back, not 'Absatzprognose';
    the what-if of sales, not 'Investitionsrechnung'."""
    return _situation_title(tool, slots, today) or title(tool)


def step_title(tool: str, text: str) -> str:
    """Heading of the UI step: the situation's title the progress line starts with, else the tool's title."""
    return next((t for t in _SITUATION_TITLES if text.startswith(t)), title(tool))
