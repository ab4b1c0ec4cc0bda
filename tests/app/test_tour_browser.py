"""A guest clicks through the show-case lab tour in a real browser; every demonstrator must show its result
(issue 20.3; skipped without Debian's chromium and playwright)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
playwright = pytest.importorskip("playwright.sync_api")
if not shutil.which("chromium"):
    pytest.skip("chromium ist nicht installiert", allow_module_level=True)

from tests.app.test_browser import ARGS  # noqa: E402  (after the skips: that module needs playwright too)

START = "Was kann KI in einer Bäckerei?"
# per station: words that only its demonstrator's result contains (from the agents' own answer texts)
RESULTS = [
    ("Absatzprognose", ["verkaufen Sie voraussichtlich"]),
    ("Produktionsplan", ["Backen Sie am"]),
    ("Qualitätskontrolle per Foto", ["Teile erkannt"]),
    ("Antwort aus dem Handbuch", ["In unseren Unterlagen steht dazu", "Quelle:"]),
    ("Personalbedarf und Recruiting-Kampagne", ["Im ganzen Zeitraum fehlen", "Gesamtkosten aller Kampagnen"]),
    ("Budget und Liquidität", ["Umsatz und", "Kontostand am"]),
    ("Die Kette in einem Bild", ["Kette:", "Check starten"]),
]
STATION_TIMEOUT_MS = 300_000  # a cold server fits the forecast, the plan and the chain on first use


def _wait_for(page, text: str, timeout: int = STATION_TIMEOUT_MS) -> None:
    try:
        page.wait_for_function(f"document.body.innerText.includes({text!r})", timeout=timeout)
    except playwright.TimeoutError:
        page.screenshot(path=str(Path(os.environ.get("SYNERKI_VAR_DIR", ".")) / "tour-browser-failure.png"))
        raise


def _start_tour(page, server: str) -> None:
    page.goto(f"{server}/login")
    page.fill("input#email", "gast")
    page.fill("input#password", "showcase-lab")
    page.keyboard.press("Enter")
    page.wait_for_selector("#chat-input", timeout=60_000)
    for _ in range(5):  # the starter can show before the websocket is connected: click until it is taken
        starter = page.get_by_text(START, exact=True)
        if starter.count():
            starter.first.click()
        else:  # the starters are gone once a message was sent; type the question instead
            page.fill("#chat-input", START)
            page.keyboard.press("Enter")
        try:
            page.wait_for_function(f"document.body.innerText.split({START!r}).length > 1", timeout=10_000)
            return
        except playwright.TimeoutError:
            continue


def test_guest_clicks_through_every_station_of_the_tour(server: str) -> None:
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page(locale="de-DE")
        _start_tour(page, server)
        seen: list[str] = []
        for i, (title, words) in enumerate(RESULTS, start=1):
            _wait_for(page, f"Station {i} von {len(RESULTS)}: {title}")
            for word in words:
                _wait_for(page, word, timeout=30_000)
            seen.append(title)
            if i < len(RESULTS):
                button = page.get_by_role("button", name="Weiter ▶")
                button.last.wait_for(timeout=30_000)
                button.last.click()
        text = page.inner_text("body")
        images = page.locator("img").count()
        browser.close()
    assert seen == [t for t, _ in RESULTS]
    assert text.count("fiktive Beispiel-Bäckerei") >= len(RESULTS)  # every station says the bakery is fictional
    assert "frei erfunden" in text and "Check starten" in text
    assert images >= 6  # forecast, plan, checked tray, staffing, budget/liquidity and chain pictures
    assert "nicht zur Verfügung" not in text
