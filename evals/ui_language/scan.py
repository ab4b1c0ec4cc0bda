"""Walk the web app in headless chromium as one user and collect every string a user reads or hears."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]
QUESTION = "Was können Sie alles?"  # "Sie": the user's own words are not counted anyway

# every visible text node and every label a screen reader or tooltip shows; what the user typed (own messages,
# thread titles taken from them) is marked "user" and not judged. The names Chromium computes for the
# accessibility tree are added in `look` (aria_names).
COLLECT = """() => {
  const out = [];
  const user = (el) => !!el.closest('[data-step-type="user_message"], #thread-history [data-sidebar="menu-button"]');
  const shown = (el) => {
    if (!el.getClientRects().length) return false;
    const s = getComputedStyle(el);
    return s.visibility !== "hidden" && s.display !== "none";
  };
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode, el = node.parentElement, text = node.nodeValue.trim();
    if (!text || !el || ["SCRIPT", "STYLE", "NOSCRIPT"].includes(el.tagName)) continue;
    const hidden = el.closest(".sr-only");
    if (!hidden && !shown(el)) continue;
    out.push([hidden ? "sr-only" : "text", text, user(el)]);
  }
  for (const attr of ["aria-label", "title", "placeholder", "alt", "aria-description", "aria-placeholder"]) {
    for (const el of document.querySelectorAll("[" + attr + "]")) {
      const value = (el.getAttribute(attr) || "").trim();
      if (value) out.push([attr, value, user(el)]);
    }
  }
  out.push(["<title>", document.title, false]);
  return {strings: out, lang: document.documentElement.lang,
          unnamed: [...document.querySelectorAll("button, [role=button], [aria-haspopup]")].filter(
            (b) => shown(b) && !b.innerText.trim() && !b.getAttribute("aria-label") && !b.getAttribute("title")
              && !b.querySelector(".sr-only")).map((b) => b.id || "Symbol " + (b.querySelector("svg") ?
              [...b.querySelector("svg").classList].filter((c) => c.startsWith("lucide-")).join(" ") || "svg" : "?"))};
}"""

# a node of the accessibility tree with its computed name: what a screen reader announces (`- button "Senden"`)
ARIA_NAME = re.compile(r'^\s*- ([a-z]+) "((?:[^"\\]|\\.)*)"', re.MULTILINE)


def aria_names(snapshot: str, user_texts: set[str]) -> list[list[object]]:
    """[kind, name, by_user] per named node of a playwright aria snapshot; a name holding user text is the user's."""
    return [[f"Name ({role})", name, any(u in name for u in user_texts)] for role, name in ARIA_NAME.findall(snapshot)]


@dataclass
class Seen:
    """Strings seen by one user: (kind, text) -> the step where it was first seen."""

    strings: dict[tuple[str, str], str] = field(default_factory=dict)
    user_strings: set[str] = field(default_factory=set)
    langs: set[str] = field(default_factory=set)
    unnamed: set[str] = field(default_factory=set)
    steps: list[str] = field(default_factory=list)

    def add(self, step: str, found: dict[str, Any]) -> None:
        self.steps.append(step)
        self.langs.add(found["lang"] or "(leer)")
        self.unnamed.update(found["unnamed"])
        for kind, text, by_user in found["strings"]:
            if by_user:
                self.user_strings.add(text)
            else:
                self.strings.setdefault((kind, text), step)


def scan_user(url: str, user: str, password: str, locale: str, answer_timeout_s: float) -> Seen:
    """Log in, look at login page, chat, sidebar, menus and readme, send one message; collect strings after each."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout
    from playwright.sync_api import sync_playwright

    seen = Seen()
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page(locale=locale, viewport={"width": 1280, "height": 900})
        page.set_default_timeout(15_000)

        def look(step: str, wait_ms: int = 400) -> None:
            page.wait_for_timeout(wait_ms)
            found = page.evaluate(COLLECT)
            user_texts = {text for _, text, by_user in found["strings"] if by_user}
            found["strings"] += aria_names(page.locator("body").aria_snapshot(), user_texts)
            seen.add(step, found)

        def hover(selector: str, step: str) -> None:
            target = page.locator(selector).first
            try:
                if target.count() and target.is_visible():
                    target.hover()
                    look(f"{step} (Hover)", wait_ms=1100)  # tooltips open after about a second
            except PlaywrightTimeout:
                return

        def click(selector: str, step: str, then_escape: bool = True) -> None:
            """Open a menu/dialog if it is there (cheap), collect, close it again."""
            target = page.locator(selector).first
            try:
                if not target.count() or not target.is_visible():
                    return
                target.hover()
                look(f"{step} (Hover)", wait_ms=1100)  # tooltips open after about a second
                target.click()
                look(step)
            except PlaywrightTimeout:
                return
            if then_escape:
                page.keyboard.press("Escape")
                page.wait_for_timeout(200)

        page.goto(f"{url}/login")
        page.wait_for_selector("input#email")
        look("Anmeldeseite")
        page.fill("input#email", user)
        page.fill("input#password", password)
        page.keyboard.press("Enter")
        page.wait_for_selector("#chat-input", timeout=60_000)
        look("Chat")
        # the sidebar is open on a wide window: closed and opened again, so the thread list stays in view
        click("#sidebar-trigger-button", "Seitenleiste zu", then_escape=False)
        click("#sidebar-trigger-button >> nth=-1", "Seitenleiste auf", then_escape=False)  # now in the header
        hover("#thread-history [data-sidebar='menu-button']", "Gesprächsliste")
        for selector, step in [
            ("#thread-options", "Gesprächsmenü"),
            ("#search-chats-button", "Suche"),
            ("#new-chat-button", "Neuer Chat"),
            ("#theme-toggle", "Design-Menü"),
            ("#user-nav-button", "Benutzermenü"),
            ("#chat-settings-open-modal", "Einstellungen"),
            ("#readme-button", "Anleitung"),
        ]:
            click(selector, step)
        for item, step in [("#rename-thread", "Umbenennen"), ("#delete-thread", "Löschen")]:
            click("#thread-options", "Gesprächsmenü", then_escape=False)
            click(item, step)  # the dialog is only looked at, closed with Escape
        hover("#upload-button", "Anhängen")
        page.fill("#chat-input", QUESTION)  # the send button takes the pointer only with text in the input
        hover("#chat-submit", "Senden")
        _send(page, QUESTION)
        look("Nachricht gesendet")
        try:
            page.wait_for_function("document.body.innerText.includes('KI-System')", timeout=answer_timeout_s * 1000)
        except PlaywrightTimeout:
            seen.steps.append("keine Antwort")
        look("Antwort")
        hover("[data-step-type='assistant_message']", "Antwort")
        for selector, step in [
            ("[data-step-type='assistant_message'] button:has(svg)", "Knöpfe der Antwort"),
            ("#stop-button", "Stopp"),
        ]:
            click(selector, step)
        browser.close()
    return seen


def _send(page: Any, question: str) -> None:
    """Type the question and send it; the input can show before the websocket is connected: retry until taken."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    for _ in range(5):
        page.fill("#chat-input", question)
        page.keyboard.press("Enter")
        try:
            page.wait_for_function("document.querySelector('#chat-input').innerText.trim() === ''", timeout=10_000)
            return
        except PlaywrightTimeout:
            continue
