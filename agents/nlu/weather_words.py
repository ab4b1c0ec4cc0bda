"""The weather a user names in a forecast question („wenn es am Samstag regnet“, „bei 30 Grad“).

`weather_scenario(text)` reads the kinds of day and a temperature; `without_weather(text)` drops those words,
so a follow-up („Und wenn es heiß wird?“) replaces the weather of the question before instead of adding to it.
"""

from __future__ import annotations

import re

from agents.nlu.normalize import fold, tokens
from tools.forecast.weather_scenario import Condition, WeatherScenario

# folded text (umlauts as ae/oe/ue, ß as ss); a kind masks its words for the next ones („kein Regen“ is dry)
_KINDS: list[tuple[Condition, re.Pattern[str]]] = [
    (
        "heavy_rain",
        re.compile(
            r"\b(?:stark\w* regen\w*|starkregen\w*|regnet (?:es )?(?:sehr )?stark|stark regnet|(?:in )?stroemen\w*|"
            r"schuette\w*|schuettet|wolkenbruch\w*|unwetter\w*|gewitter\w*|platzregen\w*)\b"
        ),
    ),
    ("dry", re.compile(r"\b(?:trocken\w*|kein(?:en)? regen|ohne regen)\b")),
    # before rain and cold: „Schneeregen“, „Schneefall“ are snow (precipitation on a cold day)
    ("snow", re.compile(r"\b(?:\w*schnee\w*|schneit|schneien|schneefall\w*|flocken|verschneit\w*)\b")),
    (  # compounds too: Dauerregen, Nieselregen, Regenwetter
        "rain",
        re.compile(
            r"\b(?:\w*regen\w*|regnet|regnen|regnerisch\w*|verregnet\w*|niesel\w*|schauer\w*|nass\w*|"
            r"pladder\w*|pieselt|schiffen|schifft)\b"  # Low German and colloquial: „wenn dat pladdert“
        ),
    ),
    (
        "sunny",
        re.compile(
            r"\b(?:sonnig\w*|sonnenschein|(?:die )?sonne scheint|scheint (?:die )?sonne|schoen\w* wetter|"
            r"kaiserwetter|bestes wetter|strahlend\w*|(?:bei|und|mit|viel|voller) sonne)\b"
        ),
    ),
    ("cloudy", re.compile(r"\b(?:bewoelkt\w*|bedeckt\w*|wolkig\w*|trueb\w*|grau\w* wetter|grauen? himmel)\b")),
    (
        "hot",
        re.compile(
            r"\b(?:heiss\w*|hitze\w*|hochsommer\w*|sommerlich\w*|tropisch\w*|sehr warm\w*|warm\w* wetter|"
            r"(?:wird|ist|bleibt) es (?:\w+ )?warm|es (?:wird|ist|bleibt) (?:\w+ )?warm|"
            r"warm (?:wird|ist|bleibt|waere|wuerde))\b"
        ),
    ),
    (
        "cold",
        re.compile(r"\b(?:kalt\w*|kaelte\w*|frost\w*|friert|eisig\w*|glatteis|minusgrade\w*)\b"),
    ),
]
# weather the sales model has no data for: said so rather than silently ignored
_UNMODELLED = re.compile(r"\b(?:sturm\w*|stuerm\w*|orkan\w*|\w*wind\w*|boe\w*|nebel\w*|neblig\w*)\b")
_TEMP = re.compile(r"(?<![\w.,])(minus |- ?)?(\d{1,2}(?:[.,]\d)?) ?(?:grad\b|°)(?: ?c(?:elsius)?\b)?")
# the small words that tie a weather phrase (marked §) to the request
_CONNECTED = re.compile(r"(?:\b(?:bei|mit|und|oder|wenn|falls|es|sich|dann)\s+)*§")
# words around a named weather that ask nothing of their own („und wenn es … wird?“)
WEATHER_FILLERS = {
    "wird",
    "werden",
    "wuerde",
    "waere",
    "war",
    "soll",
    "sollte",
    "sollen",
    "falls",
    "gibt",
    "kommt",
    "scheint",
    "bleibt",
    "haben",
    "hat",
    "hatten",
    "statt",
    "stattdessen",
    "dagegen",
    "eher",
    "wetter",
    "sehr",
    "richtig",
    "ganz",
    "tag",
    "tage",
    "grad",
    "celsius",
    "minus",
    "c",
    "sonne",
    # „Was passiert, wenn es schneit?“, „Was heißt das bei Regen?“: the question around a weather what-if
    "passiert",
    "passieren",
    "geschieht",
    "heisst",
    "bedeutet",
    "aendert",
    "veraendert",
    "aus",
}


def weather_scenario(text: str) -> WeatherScenario:
    """The weather named in `text` (empty when none)."""
    t = fold(text)
    kinds: list[Condition] = []
    for kind, pattern in _KINDS:
        if pattern.search(t):
            kinds.append(kind)
            t = pattern.sub(" ", t)
    m = _TEMP.search(fold(text))
    temp = None
    if m is not None:
        temp = float(m.group(2).replace(",", ".")) * (-1 if m.group(1) else 1)
    return WeatherScenario(conditions=kinds, temp_c=temp)


def unmodelled_weather(text: str) -> bool:
    """True when `text` names weather the sales model does not know (storm, wind, fog)."""
    return _UNMODELLED.search(fold(text)) is not None


def without_weather(text: str) -> str:
    """`text` with its weather words removed (the rest of the request stays)."""
    t = fold(text)
    for _, pattern in _KINDS:
        t = pattern.sub(" § ", t)
    t = _CONNECTED.sub(" ", _TEMP.sub(" § ", t))  # „bei 2 Grad und Schnee“ leaves no „bei … und“ behind
    return re.sub(r"\s+", " ", t.replace("§", " ")).strip()


def only_weather(text: str, rest: list[str]) -> bool:
    """True when `text` names weather and `rest` (its words beyond slots and fillers) is only weather talk."""
    if weather_scenario(text).is_empty():
        return False
    left = set(tokens(without_weather(text)))
    return all(w not in left or w in WEATHER_FILLERS for w in rest)
