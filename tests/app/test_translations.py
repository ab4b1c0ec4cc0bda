"""The UI's own German texts (Chainlit translation files of the project)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("language", ["de-DE", "en-US"])
def test_step_status_reads_as_german_before_any_tool_title(language: str) -> None:
    """Chainlit writes '<status> <tool title>'; 'Verwendete Show-Case-Rundgang' (browser trial) is wrong German
    for most titles: the status must not be an inflected adjective."""
    status = json.loads((ROOT / ".chainlit" / "translations" / f"{language}.json").read_text(encoding="utf-8"))["chat"][
        "messages"
    ]["status"]
    for title in ["Show-Case-Rundgang", "Absatzprognose", "Angebote aus dem Plan"]:
        for word in (status["using"], status["used"]):
            label = f"{word} {title}"
            assert word.endswith(":") and not word.lower().startswith("verwendete"), label


@pytest.mark.parametrize("theme", ["dark", "light"])
def test_own_logo_replaces_chainlits(theme: str) -> None:
    """Browser trial: the start screen showed the 'Chainlit' logo to visitors; Chainlit serves public/logo_<theme>.*"""
    import xml.etree.ElementTree as ET

    path = ROOT / "public" / f"logo_{theme}.svg"
    root = ET.parse(path).getroot()
    assert root.tag.endswith("svg") and "synerKI" in "".join(root.itertext()).replace(" ", "")
