"""German texts for the command line's own messages (click and Typer: help panels, usage errors).

Click and Typer translate through the standard `gettext` domain "messages" and bind their texts when they are
imported, so `install_german()` must run before the first `import typer`. The catalogue below is the one source of
the German texts; it is compiled into a GNU .mo file under the data folder on first use (a few hundred bytes).
"""

from __future__ import annotations

import gettext
import os
import struct
import tempfile
from pathlib import Path
from types import MethodType
from typing import Any

from tools.settings import get_settings

DOMAIN = "messages"  # click and Typer call gettext.gettext, i.e. the default domain
PLURAL_FORMS = "nplurals=2; plural=(n != 1);"

# English message id -> German; plural entries: (singular id, plural id) -> (singular, plural)
CATALOG: dict[str, str] = {
    "Arguments": "Argumente",
    "Options": "Optionen",
    "Commands": "Befehle",
    "Error": "Fehler",
    "Usage:": "Aufruf:",
    "Aborted.": "Abgebrochen.",
    "Aborted!": "Abgebrochen!",
    "Show this message and exit.": "Zeigt diese Hilfe und beendet.",
    "Show the version and exit.": "Zeigt die Version und beendet.",
    "Try [blue]'{command_path} {help_option}'[/] for help.": "Hilfe: [blue]„{command_path} {help_option}“[/]",
    "Try '{command} {option}' for help.": "Hilfe: „{command} {option}“",
    "[default: {}]": "[Vorgabe: {}]",
    "[env var: {}]": "[Umgebungsvariable: {}]",
    "[required]": "[erforderlich]",
    "(deprecated) ": "(veraltet) ",
    "deprecated": "veraltet",
    "required": "erforderlich",
    "default: {default}": "Vorgabe: {default}",
    "env var: {var}": "Umgebungsvariable: {var}",
    "Missing argument": "Fehlendes Argument",
    "Missing option": "Fehlende Option",
    "Missing parameter": "Fehlender Parameter",
    "Missing parameter: {param_name}": "Fehlender Parameter: {param_name}",
    "Missing command.": "Es fehlt ein Befehl.",
    "Missing {param_type}": "Es fehlt: {param_type}",
    "No such command {name!r}.": "Den Befehl {name!r} gibt es nicht.",
    "No such option {name!r}.": "Die Option {name!r} gibt es nicht.",
    "Option {name!r} does not take a value.": "Die Option {name!r} nimmt keinen Wert an.",
    "Invalid value for {param_hint}: {message}": "Ungültiger Wert für {param_hint}: {message}",
    "Invalid value: {message}": "Ungültiger Wert: {message}",
    "Error: {message}": "Fehler: {message}",
    "Error: invalid input": "Fehler: ungültige Eingabe",
    "{value!r} is not a valid {number_type}.": "{value!r} ist keine gültige Zahl.",
    "{value} is not in the range {range}.": "{value} liegt nicht im Bereich {range}.",
    "{name} {filename!r} does not exist.": "{filename!r} gibt es nicht.",
    "{name} {filename!r} is a directory.": "{filename!r} ist ein Ordner.",
    "{name} {filename!r} is a file.": "{filename!r} ist eine Datei.",
    "{name} {filename!r} is not readable.": "{filename!r} ist nicht lesbar.",
    "{name} {filename!r} is not writable.": "{filename!r} ist nicht beschreibbar.",
    "Could not open file {filename!r}: {message}": "Die Datei {filename!r} ließ sich nicht öffnen: {message}",
    "Choose from:\n\t{choices}": "Erlaubt:\n\t{choices}",
    "Did you mean {possibility}?": "Meinten Sie {possibility}?",
    "file": "Datei",
    "directory": "Ordner",
    "path": "Pfad",
    "Do you want to continue?": "Möchten Sie fortfahren?",
}
PLURALS: dict[tuple[str, str], tuple[str, str]] = {
    ("Got unexpected extra argument ({args})", "Got unexpected extra arguments ({args})"): (
        "Unerwartetes zusätzliches Argument ({args})",
        "Unerwartete zusätzliche Argumente ({args})",
    ),
    ("Option {name!r} requires an argument.", "Option {name!r} requires {nargs} arguments."): (
        "Die Option {name!r} braucht einen Wert.",
        "Die Option {name!r} braucht {nargs} Werte.",
    ),
    ("{value!r} is not {choice}.", "{value!r} is not one of {choices}."): (
        "{value!r} ist nicht {choice}.",
        "{value!r} ist keiner der erlaubten Werte: {choices}.",
    ),
    ("(Did you mean one of: {possibilities}?)", "(Did you mean one of: {possibilities}?)"): (
        "(Meinten Sie eines davon: {possibilities}?)",
        "(Meinten Sie eines davon: {possibilities}?)",
    ),
}


def mo_bytes() -> bytes:
    """The catalogue as a GNU .mo file (format of the gettext manual: header, two offset tables, strings)."""
    header = f"Content-Type: text/plain; charset=UTF-8\nPlural-Forms: {PLURAL_FORMS}\n"
    pairs = {"": header, **CATALOG}
    pairs.update({f"{s}\0{p}": f"{ts}\0{tp}" for (s, p), (ts, tp) in PLURALS.items()})
    ids = sorted(pairs)
    keys = [k.encode() for k in ids]
    values = [pairs[k].encode() for k in ids]
    n = len(ids)
    start = 7 * 4 + 16 * n  # strings follow the header and both tables
    offsets: list[int] = []
    blob = b""
    for s in keys + values:
        offsets += [len(s), start + len(blob)]
        blob += s + b"\0"
    head = struct.pack("Iiiiiii", 0x950412DE, 0, n, 7 * 4, 7 * 4 + 8 * n, 0, 0)
    return head + struct.pack(f"{4 * n}i", *offsets) + blob


def _write(root: Path, data: bytes) -> None:
    mo = root / "de" / "LC_MESSAGES" / f"{DOMAIN}.mo"
    if not mo.is_file() or mo.read_bytes() != data:
        mo.parent.mkdir(parents=True, exist_ok=True)
        tmp = mo.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_bytes(data)
        tmp.replace(mo)  # atomic: a second process never reads half a file


def install_german() -> Path:
    """Write the catalogue (when changed) and make gettext's default domain German; returns the locale folder.
    A data folder that cannot be written falls back to the temp folder (the CLI must start in any case)."""
    data = mo_bytes()
    root = get_settings().var_dir / "cache" / "locale"
    try:
        _write(root, data)
    except OSError:
        root = Path(tempfile.gettempdir()) / f"synerki-locale-{os.getuid() if hasattr(os, 'getuid') else 0}"
        _write(root, data)
    gettext.bindtextdomain(DOMAIN, str(root))
    os.environ["LANGUAGE"] = "de"  # the product speaks German whatever the terminal's locale says
    return root


HELP_OPTION_DE = "Zeigt diese Hilfe und beendet."
USAGE_DE = "Aufruf: "


def _format_usage(self: Any, ctx: Any, formatter: Any) -> None:
    """click's usage line with a German prefix (the prefix is a literal there, no gettext)."""
    formatter.write_usage(ctx.command_path, " ".join(self.collect_usage_pieces(ctx)), prefix=USAGE_DE)


def german_help_options(command: Any, name: str = "synerki") -> Any:
    """Typer's own --help option and usage line are English without gettext: German help text, usage prefix and
    placeholders on `command` and every sub-command (built once per start, a few milliseconds)."""
    ctx = command.make_context(name, [], resilient_parsing=True)
    option = command.get_help_option(ctx)
    if option is not None:
        option.help = HELP_OPTION_DE
    command.options_metavar = "[OPTIONEN]"
    if hasattr(command, "subcommand_metavar"):
        command.subcommand_metavar = "BEFEHL [ARGUMENTE]..."
    command.format_usage = MethodType(_format_usage, command)
    for sub_name, sub in getattr(command, "commands", {}).items():
        german_help_options(sub, sub_name)
    return command
