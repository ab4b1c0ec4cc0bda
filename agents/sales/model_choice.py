"""German sentences on which forecast variant each series got and why (issue 21): the figures are the inner
cross-validation scores of the stored selection (`SeriesChoice.cv_wape`, `plain_wape`, `Selection.scores`)."""

from __future__ import annotations

from typing import Any

from tools.forecast.choice_names import METHOD_NOTE, PLAIN_NAME, PLAIN_THE, candidate_name, is_default
from tools.forecast.selection import DEFAULT, PLAIN, Selection, SeriesChoice
from tools.format_de import integer, share

INTRO = (
    "So habe ich die Prognoseart gewählt: Für jede Reihe habe ich an früheren Zeitpunkten Ihrer Daten so getan, "
    "als wüsste ich nur, was davor lag, mit jeder Variante vorhergesagt und mit Ihren tatsächlichen Zahlen "
    "verglichen (Rückblick-Test). "
    "Voreingestellt ist das Mittel mehrerer abgestimmter Modelle; eine andere Variante nehme ich nur, wenn sie "
    "insgesamt und in jedem einzelnen Test genauer war."
)
GROUP = "zu wenig eigener Verlauf – Wahl der ganzen Gruppe (alle Reihen Ihrer Datei gemeinsam getestet)"


def _tests(ch: SeriesChoice) -> str:
    """'3 Rückblick-Tests auf Ihren eigenen Daten (zusammen 84 Tage)' (dative after 'in'/'aus')."""
    days = f"zusammen {integer(ch.n_test_days)} Tage"
    if ch.n_folds == 1:
        return f"einem Rückblick-Test auf Ihren eigenen Daten ({days})"
    if ch.n_folds > 1:
        return f"{ch.n_folds} Rückblick-Tests auf Ihren eigenen Daten ({days})"
    return f"Rückblick-Tests auf Ihren eigenen Daten ({days})"


def _plain_ahead(ch: SeriesChoice) -> str:
    """Honest note when the standard model scored lower overall but was not chosen (not better in every test)."""
    if ch.cv_wape is None or ch.plain_wape is None or ch.candidate.base == PLAIN or ch.plain_wape >= ch.cv_wape:
        return ""
    return (
        f" {PLAIN_THE[0].upper()}{PLAIN_THE[1:]} lag insgesamt vorn ({share(ch.plain_wape)}), war aber nicht in jedem Test genauer "
        "als die Voreinstellung – ein Vorsprung nur in einzelnen Tests kann Zufall sein."
    )


def choice_sentence(series: str, ch: SeriesChoice, default_wape: float | None, tests_said: bool = False) -> str:
    """One sentence: the variant chosen for `series`, why, and its mean deviation in the inner tests
    (`tests_said`: the number of tests is already in the intro, shared by every series)."""
    name = candidate_name(ch.candidate)
    if ch.cv_wape is None or ch.plain_wape is None:
        return f"„{series}“: {GROUP}; für einen eigenen Rückblick-Test reichen die Daten nicht. Gewählt: {name}."
    fig = f"mittlere Abweichung {share(ch.cv_wape)}"
    plain = f"{PLAIN_NAME}: {share(ch.plain_wape)}"
    where = "" if tests_said else f" (in {_tests(ch)})"
    if ch.scope == "group":
        return f"„{series}“: {GROUP}. Gewählt: {name}; in {_tests(ch)} dieser Reihe: {fig} ({plain})."
    if is_default(ch.candidate):
        return (
            f"„{series}“: bei der Voreinstellung geblieben, keine Variante war in jedem Test klar genauer{where}: "
            f"{name}, {fig} ({plain})." + _plain_ahead(ch)
        )
    ref = f"Voreinstellung: {share(default_wape)}" if default_wape is not None else ""
    refs = "; ".join(r for r in (ref, "" if ch.candidate.base == PLAIN else plain) if r)
    return (
        f"„{series}“: gewählt, weil insgesamt und in jedem Test genauer als die Voreinstellung{where}: "
        f"{name}, {fig} ({refs})." + _plain_ahead(ch)
    )


def _shared_tests(sel: Selection, names: list[str]) -> str | None:
    """The tests every shown series with its own tests had, when they are the same for all ('3 Rückblick-Tests …')."""
    own = [ch for n in names if (ch := sel.choices.get(n)) is not None and ch.scope == "series" and ch.cv_wape]
    kinds = {(ch.n_folds, ch.n_test_days) for ch in own}
    return _tests(own[0]) if len(kinds) == 1 else None


SPLIT_NAMES = {
    "summer": "getrennt für Juni–August und das übrige Jahr",
    "seasons": "getrennt für Juni–September, Dezember und das übrige Jahr",
}


def split_sentence(sel: Selection) -> str | None:
    """Which weekly profiles the tuned variants use and how the two options scored in the tests (None without
    scores, e.g. an artefact from before this choice)."""
    sc = sel.split_scores
    if len(sc) < 2 or sel.weekly_split not in sc:
        return None
    other = next(k for k in sc if k != sel.weekly_split)
    return (
        f"Wochenprofile der abgestimmten Modelle: {SPLIT_NAMES.get(sel.weekly_split, sel.weekly_split)} – nach dem "
        f"Rückblick-Test gewählt (typische Abweichung je Reihe und Test {share(sc[sel.weekly_split])} gegenüber "
        f"{share(sc[other])} {SPLIT_NAMES.get(other, other).replace('getrennt', 'bei Trennung')})."
    )


def choice_lines(sel: Selection | None, names: list[str], shown: dict[str, str] | None = None) -> list[str]:
    """The intro and one sentence per shown series ([] without a selection); `shown` maps a series to the name
    the answer uses for it ("Warengruppe 2")."""
    if sel is None:
        return []
    shared = _shared_tests(sel, names)
    lines = [INTRO + (f" Getestet habe ich je Reihe in {shared}." if shared else "")]
    if (split := split_sentence(sel)) is not None:
        lines.append(split)
    for n in names:
        ch = sel.choices.get(n)
        if ch is not None:
            label = (shown or {}).get(n, n)
            default = sel.scores.get(n, {}).get(DEFAULT.label())
            lines.append(f"- {choice_sentence(label, ch, default, tests_said=shared is not None)}")
    return lines


def choice_data(sel: Selection | None, name: str) -> dict[str, Any] | None:
    """The chosen variant of one series as JSON (German name, id, scope, inner-CV figures)."""
    ch = sel.choices.get(name) if sel is not None else None
    if ch is None:
        return None
    return {
        "name": candidate_name(ch.candidate),
        "label": ch.candidate.label(),
        "scope": ch.scope,
        "cv_wape": ch.cv_wape,
        "plain_wape": ch.plain_wape,
        "n_folds": ch.n_folds,
        "n_test_days": ch.n_test_days,
    }


def method_note() -> str:
    """The engine behind the German names, for the answer's method section."""
    return METHOD_NOTE
