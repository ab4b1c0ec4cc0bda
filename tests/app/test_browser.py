"""A real browser logs in and chats, as a new user would (skipped without Debian's chromium and playwright)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
playwright = pytest.importorskip("playwright.sync_api")
if not shutil.which("chromium"):
    pytest.skip("chromium ist nicht installiert", allow_module_level=True)

ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def _login_and_send(page, server: str, user: str, password: str, question: str) -> None:
    page.goto(f"{server}/login")
    page.fill("input#email", user)
    page.fill("input#password", password)
    page.keyboard.press("Enter")
    page.wait_for_selector("#chat-input", timeout=60_000)
    for _ in range(5):  # the input can show before the websocket is connected: resend until it is taken
        page.fill("#chat-input", question)
        page.keyboard.press("Enter")
        try:
            page.wait_for_function(
                "document.querySelector('#chat-input').innerText.trim() === '' && "
                f"document.body.innerText.split({question!r}).length > 2",
                timeout=10_000,
            )
            return
        except playwright.TimeoutError:
            continue


def _chat(server: str, user: str, password: str, question: str) -> str:
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page(locale="de-DE")
        _login_and_send(page, server, user, password, question)
        # the first answer of a session ends with the AI-system notice (EU AI Act Art. 50)
        try:
            page.wait_for_function("document.body.innerText.includes('Ich bin ein KI-System')", timeout=120_000)
        except playwright.TimeoutError:
            page.screenshot(path=str(Path(os.environ.get("SYNERKI_VAR_DIR", ".")) / "browser-failure.png"))
            raise
        page.wait_for_timeout(1500)
        text = page.inner_text("body")
        browser.close()
        return text


def test_guest_gets_help_for_guest_tools(server: str) -> None:
    text = _chat(server, "gast", "showcase-lab", "Was kannst du alles?")
    assert "KI-Readiness" in text and "KI-System" in text
    assert "Liquiditätsplan" not in text


def test_employee_is_refused_finance(server: str) -> None:
    text = _chat(server, "mitarbeiter", "korn-kruste-team", "Zeig mir den Liquiditätsplan für die nächsten 3 Monate")
    assert "nicht zur Verfügung" in text


def test_slow_tool_shows_a_progress_step_before_its_answer(server: str) -> None:
    """A forecast fits a model: the open step naming it must be visible while the answer is not there yet."""
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page(locale="de-DE")
        _login_and_send(
            page,
            server,
            "inhaberin",
            "korn-kruste-chefin",
            "Wie viele Roggenbrote verkaufen wir übermorgen in Gardelegen?",
        )
        try:
            page.wait_for_function("document.body.innerText.includes('wird berechnet')", timeout=120_000)
            answered_early = page.evaluate("document.body.innerText.includes('Ich bin ein KI-System')")
            page.wait_for_function("document.body.innerText.includes('Ich bin ein KI-System')", timeout=240_000)
        except playwright.TimeoutError:
            page.screenshot(path=str(Path(os.environ.get("SYNERKI_VAR_DIR", ".")) / "browser-failure.png"))
            raise
        text = page.inner_text("body")
        browser.close()
    assert not answered_early, "der Fortschritt erschien erst mit der Antwort"
    assert "Roggenbrot" in text and "Gardelegen" in text


def test_method_section_is_folded_under_the_answer(server: str) -> None:
    """'So habe ich gerechnet' is a closed step below the answer: the method shows only after a click."""
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page(locale="de-DE")
        _login_and_send(
            page,
            server,
            "inhaberin",
            "korn-kruste-chefin",
            "Wie viele Roggenbrote verkaufen wir übermorgen in Gardelegen?",
        )
        try:
            page.wait_for_function("document.body.innerText.includes('Ich bin ein KI-System')", timeout=240_000)
            page.wait_for_function("document.body.innerText.includes('So habe ich gerechnet')", timeout=20_000)
        except playwright.TimeoutError:
            page.screenshot(path=str(Path(os.environ.get("SYNERKI_VAR_DIR", ".")) / "browser-failure.png"))
            raise
        folded = page.inner_text("body")
        page.get_by_text("So habe ich gerechnet").last.click()
        page.wait_for_function("document.body.innerText.includes('Zeitreihenmodell')", timeout=20_000)
        browser.close()
    assert "Roggenbrot" in folded and "Zeitreihenmodell" not in folded  # the method stays folded away
