"""The weather named in a forecast question, and a follow-up that only changes the weather."""

from __future__ import annotations

from datetime import date

import pytest

from agents.contracts import DateRange, Slots
from agents.nlu.followup import follow_up, remember
from agents.nlu.router import RouteDecision, heed_weather
from agents.nlu.weather_words import unmodelled_weather, weather_scenario, without_weather

TODAY = date(2026, 11, 25)


@pytest.mark.parametrize(
    ("text", "kinds", "temp"),
    [
        ("Am Samstag soll es regnen. Wie viele Brötchen verkaufen wir dann?", ["rain"], None),
        ("Was verkaufen wir bei Starkregen?", ["heavy_rain"], None),
        ("Und wenn es richtig schüttet?", ["heavy_rain"], None),
        ("Und wenn es trocken bleibt und kein Regen fällt?", ["dry"], None),
        ("Wie viele Schrippen bei sonnigem Wetter?", ["sunny"], None),
        ("Und wenn es 30 Grad heiß wird?", ["hot"], 30.0),
        ("bei minus 5 Grad und Schnee", ["snow"], -5.0),
        ("Was passiert, wenn es schneit?", ["snow"], None),
        ("bei Frost", ["cold"], None),
        ("28 Grad und Sonne", ["sunny"], 28.0),
        ("bei 12,5 °C", [], 12.5),
    ],
)
def test_weather_named(text: str, kinds: list[str], temp: float | None) -> None:
    s = weather_scenario(text)
    assert s.conditions == kinds and s.temp_c == temp


@pytest.mark.parametrize(
    "text",
    ["Wie viele Brötchen verkaufen wir morgen?", "Sonnenblumenbrot am 30.11.", "Wie stark wirkt das Wetter?"],
)
def test_no_weather_named(text: str) -> None:
    assert weather_scenario(text).is_empty()


def test_a_weather_follow_up_replaces_the_weather_before() -> None:
    day = DateRange(start=date(2026, 11, 28), end=date(2026, 11, 28), label="am Samstag")
    first = Slots(text="Am Samstag soll es regnen. Wie viele Brötchen in Stendal?", groups=["broetchen"], dates=day)
    memory = remember({}, "forecast", first)
    nxt = follow_up(memory, "Und wenn es 30 Grad heiß wird?", TODAY, None, True)
    assert nxt is not None and nxt.tool == "forecast"
    assert nxt.slots.groups == ["broetchen"] and nxt.slots.dates == day
    assert weather_scenario(nxt.slots.text).temp_c == 30.0
    assert "rain" not in weather_scenario(nxt.slots.text).conditions
    sunday = follow_up(memory, "Und wenn es am Sonntag stark regnet?", TODAY, None, True)
    assert sunday is not None and sunday.slots.dates is not None and sunday.slots.dates.start == date(2026, 11, 29)
    assert weather_scenario(sunday.slots.text).conditions == ["heavy_rain"]
    # more than weather: a request of its own
    assert follow_up(memory, "Und wenn es regnet, wie viele Fahrer brauchen wir?", TODAY, "staffing", False) is None
    assert "regnen" not in without_weather(first.text)


class _Scripted:
    """A router that answers from a table (the weather-free text decides)."""

    def __init__(self, table: dict[str, RouteDecision]) -> None:
        self.table = table

    def route(self, text: str) -> RouteDecision:
        return self.table[text]


def test_an_unsure_pick_is_decided_by_the_request_without_its_weather() -> None:
    text = "Schrippen in Gardelegen am Samstag bei 2 Grad und Schneefall?"
    unsure = RouteDecision(agent="operations", tool="oven_schedule", confidence=0.2, alternatives=[("forecast", 0.19)])
    sure = RouteDecision(agent="sales", tool="forecast", confidence=0.5)
    router = _Scripted({"schrippen in gardelegen am samstag ?": sure})
    assert heed_weather(router, unsure, text).tool == "forecast"
    # without the weather it is small talk – not a candidate of the whole request: the pick stays unsure
    chat = RouteDecision(agent="supervisor", tool="smalltalk", confidence=0.9)
    assert heed_weather(_Scripted({"schrippen in gardelegen am samstag ?": chat}), unsure, text).unsure
    # a weak sales pick is confirmed by the weather it names
    drivers = RouteDecision(agent="sales", tool="demand_drivers", confidence=0.26)
    stripped = _Scripted({"was passiert, ?": chat})  # small talk without the weather: not a candidate
    assert heed_weather(stripped, drivers, "Was passiert, wenn es regnet?").tool == "demand_drivers"
    assert not heed_weather(stripped, drivers, "Was passiert, wenn es regnet?").unsure
    # no weather named: untouched
    assert heed_weather(_Scripted({}), unsure, "Schrippen am Samstag?") is unsure


def test_a_question_around_the_weather_still_only_changes_the_weather() -> None:
    """Trial 9: „Was passiert, wenn es schneit?“ after a forecast asked back „Meinen Sie …?“."""
    day = DateRange(start=date(2026, 11, 30), end=date(2026, 11, 30), label="am Montag")
    memory = remember({}, "forecast", Slots(text="Wie viel Brot am Montag in Salzwedel?", groups=["brot"], dates=day))
    nxt = follow_up(memory, "Was passiert, wenn es schneit?", TODAY, "help", True)
    assert nxt is not None and nxt.tool == "forecast" and nxt.slots.dates == day and nxt.slots.groups == ["brot"]
    assert weather_scenario(nxt.slots.text).conditions == ["snow"]


def test_storm_is_weather_the_model_does_not_know() -> None:
    assert unmodelled_weather("wenn es stürmt") and unmodelled_weather("bei Orkanböen")
    assert weather_scenario("wenn es stürmt").is_empty()
    assert not unmodelled_weather("Wie viel Gewinn machen wir?")


def test_pieces_of_a_day_under_some_weather_are_the_forecast_not_the_drivers() -> None:
    """Trial 9: „… für Freitag 28 Grad … wie viel Kuchen wir dann verkaufen würden“ went to the demand drivers."""
    drivers = RouteDecision(agent="sales", tool="demand_drivers", confidence=0.6, alternatives=[("forecast", 0.2)])
    text = "Freitag 28 Grad – wie viel Kuchen verkaufen wir dann?"
    assert heed_weather(_Scripted({}), drivers, text, dated=True).tool == "forecast"
    # no day named, or no amount asked: the drivers stay („Verkaufen wir bei Regen weniger Brötchen?“)
    assert heed_weather(_Scripted({}), drivers, text, dated=False).tool == "demand_drivers"
    assert heed_weather(_Scripted({}), drivers, "Verkaufen wir bei Regen weniger?", dated=False) is drivers


def test_goods_on_a_day_under_some_weather_without_an_effect_word_are_the_forecast() -> None:
    drivers = RouteDecision(agent="sales", tool="demand_drivers", confidence=0.6)
    snow = "Schrippen in Gardelegen am Samstag bei 2 Grad und Schneefall?"
    assert heed_weather(_Scripted({}), drivers, snow, dated=True).tool == "forecast"
    assert heed_weather(_Scripted({}), drivers, "Wie stark wirkt Regen am Samstag?", dated=True) is drivers


def test_low_german_rain_and_getting_warm_are_weather() -> None:
    assert weather_scenario("Wat verkööp wi, wenn dat morgen pladdert?").conditions == ["rain"]
    assert weather_scenario("und wenn's richtig warm wird?").conditions == ["hot"]
    assert weather_scenario("warme Brötchen am Morgen").is_empty()


def test_a_weather_follow_up_after_the_plan_is_the_forecast_what_if() -> None:
    day = DateRange(start=date(2026, 11, 26), end=date(2026, 11, 26), label="morgen")
    first = Slots(text="Wie viele Brötchen brauchen wir morgen in Tangermünde?", groups=["broetchen"], dates=day)
    nxt = follow_up(remember({}, "production_plan", first), "und bei 30 Grad?", TODAY, None, True)
    assert nxt is not None and nxt.tool == "forecast" and nxt.slots.dates == day
    assert weather_scenario(nxt.slots.text).temp_c == 30.0


class _Unsure:
    """A router that reads nothing sure in any text."""

    def route(self, text: str) -> RouteDecision:
        return RouteDecision(agent="supervisor", tool="help", confidence=0.1)


def test_a_what_if_of_a_days_weather_is_the_sales_what_if() -> None:
    """Hostile test 22: „Was wäre, wenn es morgen 35 Grad heiß wird?“ was asked back („Investitionsrechnung oder
    Ofenbelegung?“): a what-if naming only a day and its weather asks what that weather does to the sales. A question
    about something else under the weather stays unsure."""
    unsure = RouteDecision(agent="finance", tool="investment", confidence=0.25, alternatives=[("oven_schedule", 0.2)])
    picked = heed_weather(_Unsure(), unsure, "Was wäre, wenn es morgen 35 Grad heiß wird?", dated=True)
    assert picked.tool == "forecast" and not picked.unsure and picked.alternatives[0] == ("investment", 0.25)
    assert heed_weather(_Unsure(), unsure, "Was wäre, wenn es 35 Grad heiß wird?", dated=False).unsure  # no day
    assert heed_weather(_Unsure(), unsure, "Soll ich morgen bei Regen die Tische rausstellen?", dated=True).unsure
