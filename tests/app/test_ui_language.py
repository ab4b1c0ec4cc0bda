"""Every UI text is German and says "Sie": the translation files and the label table of public/labels_de.js."""

from __future__ import annotations

import json
import re
import tomllib
from importlib.resources import files
from pathlib import Path
from typing import Any

import pytest

from evals.ui_language.words import du_forms, english_words

ROOT = Path(__file__).resolve().parents[2]
TRANSLATIONS = ROOT / ".chainlit" / "translations"
LABELS_JS = ROOT / "public" / "labels_de.js"
FOUND = ROOT / "evals" / "ui_language" / "english_before.json"


def _flat(tree: dict[str, Any], prefix: str = "") -> dict[str, str]:
    out: dict[str, str] = {}
    for key, value in tree.items():
        if isinstance(value, dict):
            out.update(_flat(value, f"{prefix}{key}."))
        else:
            out[prefix + key] = value
    return out


def _load(path: Path) -> dict[str, str]:
    return _flat(json.loads(path.read_text(encoding="utf-8")))


def _js_table(name: str) -> dict[str, str]:
    """A table of labels_de.js, written as JSON between /* NAME-BEGIN */ and /* NAME-END */."""
    text = LABELS_JS.read_text(encoding="utf-8")
    match = re.search(rf"/\* {name}-BEGIN \*/(.*?)/\* {name}-END \*/", text, re.DOTALL)
    assert match, f"{name} fehlt in {LABELS_JS.name}"
    return json.loads(match.group(1))


GERMAN = _load(TRANSLATIONS / "de-DE.json")


def test_german_translation_has_every_key_of_chainlits_english() -> None:
    english = _flat(json.loads(files("chainlit").joinpath("translations/en-US.json").read_text(encoding="utf-8")))
    missing = sorted(set(english) - set(GERMAN))
    assert not missing, missing
    assert all(GERMAN[key].strip() for key in english), [k for k in english if not GERMAN[k].strip()]


@pytest.mark.parametrize("key", sorted(GERMAN))
def test_german_translation_is_german_and_formal(key: str) -> None:
    text = GERMAN[key]
    assert not english_words(text), (key, text, english_words(text))
    assert not du_forms(text), (key, text)


def test_every_language_file_is_the_german_one() -> None:
    """Chainlit re-creates missing language files in their own language, so each is kept as a copy of de-DE
    (a browser whose language is not forced to de-DE still gets German); they once drifted apart."""
    different = [p.name for p in sorted(TRANSLATIONS.glob("*.json")) if _load(p) != GERMAN]
    assert not different, different


def test_config_forces_german_and_loads_the_label_script() -> None:
    config = tomllib.loads((ROOT / ".chainlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["UI"]["language"] == "de-DE"
    loader = (ROOT / config["UI"]["custom_js"].lstrip("/")).read_text(encoding="utf-8")
    assert '"labels_de.js"' in loader


def _bundle() -> str:
    """Chainlit's compiled frontend (where its hard-coded English lives)."""
    assets = Path(str(files("chainlit").joinpath("frontend/dist/assets")))
    return "".join(p.read_text(encoding="utf-8", errors="ignore") for p in assets.glob("index-*.js"))


def test_label_table_covers_every_english_label_the_eval_found() -> None:
    """Strings the eval found before the fix: those in Chainlit's bundle are keys of LABELS, the others came from
    our translation file and are gone from it."""
    labels, bundle = _js_table("LABELS"), _bundle()
    found = json.loads(FOUND.read_text(encoding="utf-8"))
    assert found, "the eval's record is empty"
    translated = set(GERMAN.values())
    for row in found:
        if row["kind"].startswith("Name ("):
            continue  # names the browser computes from the labels, texts and alts the other rows hold
        text = row["text"]
        if text in bundle or text.split("+")[0] in bundle:  # "Ctrl+k" is joined at run time
            assert text in labels, row
        else:
            assert text not in translated, row


def test_label_table_answers_in_german() -> None:
    for table in ("LABELS", "NAMES"):
        for english, german in _js_table(table).items():
            assert not english_words(german) and not du_forms(german), (table, english, german)
    # the eval would notice each of them (only "logo" is German as well: it is there for a better picture text)
    assert [key for key in _js_table("LABELS") if not english_words(key)] == ["logo"]


def test_label_table_keys_are_in_chainlits_bundle() -> None:
    """A key Chainlit no longer ships would be dead weight: each one occurs in the installed frontend."""
    bundle = _bundle()
    # a shortcut ("Ctrl+k", "Notifications alt+T") is joined at run time: only the word before it is in the bundle
    absent = [key for key in _js_table("LABELS") if key.split("+")[0].removesuffix(" alt") not in bundle]
    assert not absent, absent


def test_served_page_says_german() -> None:
    """Chainlit's compiled index.html carries lang="en"; the page builder we install replaces exactly that tag."""
    from app.page_language import ENGLISH_TAG, GERMAN_TAG, german_page

    index = files("chainlit").joinpath("frontend/dist/index.html").read_text(encoding="utf-8")
    assert ENGLISH_TAG in index
    page = german_page(lambda root_path: index)("")
    assert GERMAN_TAG in page and ENGLISH_TAG not in page
