"""German usage errors for the command line.

Typer ≥ 0.25 ships its own copy of click whose error texts are English literals (no gettext), and value
checks go through pydantic, whose messages are English too. The texts are translated where they are
formatted: every usage-error class's `format_message` passes its English text through `german()`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

_KIND = {"option": "die Option", "argument": "das Argument", "parameter": "die Angabe"}
_PATH = {"File": "Die Datei", "Directory": "Der Ordner", "Path": "Der Pfad"}
# (English pattern, German replacement); applied in order, each at most once
_RULES: list[tuple[str, str | Callable[[re.Match[str]], str]]] = [
    (r"^Missing (option|argument|parameter) (.+?)\.", lambda m: f"Es fehlt {_KIND[m[1]]} {m[2]}."),
    (r"^Invalid value for (.+?): ", r"Ungültiger Wert für \1: "),
    (r"^Invalid value: ", "Ungültiger Wert: "),
    (r"^No such option: (\S+)", r"Die Option \1 gibt es nicht."),
    (r"\(Possible options: (.+)\)$", r"(Mögliche Optionen: \1)"),
    (r"Did you mean (.+)\?$", r"Meinten Sie \1?"),
    (r"Option ('[^']+') requires an argument\.", r"Die Option \1 braucht einen Wert."),
    (r"Option ('[^']+') requires (\d+) arguments\.", r"Die Option \1 braucht \2 Werte."),
    (r"Option ('[^']+') does not take a value\.", r"Die Option \1 nimmt keinen Wert an."),
    (r"Got unexpected extra argument(?:s|\(s\))? \((.*)\)", r"Unerwartete zusätzliche Angabe: \1"),
    (r"\b(File|Directory|Path) ('.*') does not exist\.", lambda m: f"{_PATH[m[1]]} {m[2]} gibt es nicht."),
    (r"\b(File|Directory|Path) ('.*') is a directory\.", lambda m: f"{_PATH[m[1]]} {m[2]} ist ein Ordner."),
    (r"\b(File|Directory|Path) ('.*') is a file\.", lambda m: f"{_PATH[m[1]]} {m[2]} ist eine Datei."),
    (r"\b(File|Directory|Path) ('.*') is not readable\.", lambda m: f"{_PATH[m[1]]} {m[2]} ist nicht lesbar."),
    (r"\b(File|Directory|Path) ('.*') is not writable\.", lambda m: f"{_PATH[m[1]]} {m[2]} ist nicht beschreibbar."),
    (r"Input should be a valid integer.*$", "Bitte eine ganze Zahl angeben, z. B. 7."),
    (r"Input should be a valid (number|float).*$", "Bitte eine Zahl angeben, z. B. 0.8."),
    (r"Input should be a valid boolean.*$", "Bitte ja oder nein angeben (true/false)."),
    (r"Input should be a valid date.*$", "Bitte ein Datum als JJJJ-MM-TT angeben."),
    (r"Input should be greater than or equal to (\S+)$", r"Erlaubt ist mindestens \1."),
    (r"Input should be less than or equal to (\S+)$", r"Erlaubt ist höchstens \1."),
    (r"Input should be greater than (\S+)$", r"Erlaubt ist mehr als \1."),
    (r"Input should be less than (\S+)$", r"Erlaubt ist weniger als \1."),
    (r"Input should be (.+)$", lambda m: "Erlaubt ist " + m[1].replace(" or ", " oder ") + "."),
    (r"(?:Value error, )?('[^']*') is not one of (.+?)\.?$", r"\1 ist nicht erlaubt. Erlaubt: \2."),
    (r"Value ('.*') is not a valid (\w+)\.", r"\1 ist kein gültiger Wert."),
]
_ERROR_CLASSES = ("ClickException", "UsageError", "BadParameter", "MissingParameter", "NoSuchOption", "BadOptionUsage")


def german(message: str) -> str:
    """The German form of an English click/Typer/pydantic usage message; unknown texts stay as they are."""
    out = message
    for pattern, repl in _RULES:
        out = re.sub(pattern, repl, out, count=1)
    return out


def _translated(format_message: Callable[[Any], str]) -> Callable[[Any], str]:
    def fmt(self: Any) -> str:
        return german(format_message(self))

    fmt._german = True  # type: ignore[attr-defined]
    return fmt


def install_german_errors() -> None:
    """Wrap `format_message` of Typer's usage-error classes once (a second call changes nothing)."""
    try:
        from typer import exceptions as base
        from typer._click import exceptions as exc  # Typer's own click copy (Typer ≥ 0.25)
    except ImportError:  # older Typer uses click itself, which the gettext catalogue already translates
        return
    classes = [getattr(base, "TyperException", None)] + [getattr(exc, name, None) for name in _ERROR_CLASSES]
    for cls in classes:
        own = cls.__dict__.get("format_message") if cls is not None else None
        if own is not None and not getattr(own, "_german", False):
            cls.format_message = _translated(own)  # type: ignore[union-attr]
