// German names for what screen readers and tooltips announce where Chainlit's page has English compiled in
// (aria-label, title, placeholder, alt, screen-reader-only texts, a few toasts) or gives an icon button no name
// at all. Loaded by public/synerki.js. The two tables between the markers are JSON: tests/app/test_ui_language.py
// reads them (every English label evals/ui_language found must be a key of LABELS).
(function () {
  "use strict";

  // English text → German; a text "<key>: <detail>" (Chainlit's error toasts) keeps its detail.
  // "" = decorative picture: screen readers skip it.
  const LABELS = /* LABELS-BEGIN */ {
    "A modal with a larger view of the PDF.": "Großansicht der PDF-Datei",
    "An error occurred": "Ein Fehler ist aufgetreten",
    "An error occurred while loading the content": "Der Inhalt konnte nicht geladen werden",
    "Close": "Schließen",
    "Close lightbox": "Großansicht schließen",
    "Close toast": "Meldung schließen",
    "Couldn't resume chat": "Das Gespräch konnte nicht fortgesetzt werden",
    "Ctrl+k": "Strg+K",
    "Download PDF": "PDF herunterladen",
    "Error fetching threads": "Die Gespräche konnten nicht geladen werden",
    "Failed to copy": "Kopieren fehlgeschlagen",
    "Failed to load thread": "Das Gespräch konnte nicht geladen werden",
    "Go to next page": "Zur nächsten Seite",
    "Go to previous page": "Zur vorherigen Seite",
    "Image": "",
    "Listening": "Hört zu …",
    "Mode option icon": "",
    "More pages": "Weitere Seiten",
    "Next": "Weiter",
    "Next slide": "Nächstes Bild",
    "Notifications alt+T": "Benachrichtigungen (Alt+T)",
    "Open PDF in a larger view": "PDF groß anzeigen",
    "Output": "Ergebnis",
    "Previous": "Zurück",
    "Previous slide": "Vorheriges Bild",
    "Print/Open PDF": "PDF drucken oder öffnen",
    "Select": "Bitte auswählen",
    "Select profile": "Profil wählen",
    "Suggestions": "Vorschläge",
    "Tasks": "Aufgaben",
    "Toggle Sidebar": "Seitenleiste ein- oder ausblenden",
    "Toggle theme": "Design wählen",
    "Unshare": "Freigabe aufheben",
    "View PDF": "PDF anzeigen",
    "logo": "synerKI Assistent",
    "pagination": "Seitennavigation",
    "user image": "Profilbild"
  } /* LABELS-END */;

  // icon buttons Chainlit leaves without a name (CSS selector → German aria-label; the icon classes are lucide's)
  const NAMES = /* NAMES-BEGIN */ {
    "#chat-submit": "Nachricht senden",
    "#stop-button": "Aufgabe stoppen",
    "#upload-button": "Dateien anhängen",
    "#new-chat-button": "Neuer Chat",
    "#search-chats-button": "Gespräche durchsuchen",
    "#sidebar-trigger-button": "Seitenleiste ein- oder ausblenden",
    "#thread-options": "Optionen für dieses Gespräch",
    "#user-nav-button": "Benutzermenü",
    "button:has(> svg.lucide-copy)": "In Zwischenablage kopieren",
    "button:has(> svg.lucide-check)": "Kopiert",
    "button:has(> svg.lucide-thumbs-up)": "Hilfreich",
    "button:has(> svg.lucide-thumbs-down)": "Nicht hilfreich",
    "button:has(> svg.lucide-arrow-down)": "Zum Ende des Gesprächs",
    "button:has(> svg.lucide-eye)": "Passwort anzeigen",
    "button:has(> svg.lucide-eye-off)": "Passwort verbergen"
  } /* NAMES-END */;

  // the browser's HTTP status text before the detail of Chainlit's error toasts ("Unauthorized: …"); the detail
  // itself comes German from the server (app/api_language.py)
  const STATUS = /* STATUS-BEGIN */ {
    "Bad Request": "Ungültige Anfrage",
    "Unauthorized": "Nicht angemeldet",
    "Forbidden": "Nicht erlaubt",
    "Not Found": "Nicht gefunden",
    "Method Not Allowed": "Nicht erlaubt",
    "Content Too Large": "Zu groß",
    "Payload Too Large": "Zu groß",
    "Unprocessable Content": "Ungültige Anfrage",
    "Unprocessable Entity": "Ungültige Anfrage",
    "Too Many Requests": "Zu viele Versuche",
    "Internal Server Error": "Interner Fehler",
    "Service Unavailable": "Vorübergehend nicht erreichbar"
  } /* STATUS-END */;

  // a whole toast Chainlit joins at run time from a LABELS key and a text its server sends ("<key>: <text>")
  const JOINED = /* JOINED-BEGIN */ {
    "Couldn't resume chat: Thread not found.": "Dieses Gespräch gibt es nicht (mehr) oder es gehört zu einer anderen Anmeldung. Hier können Sie ein neues beginnen."
  } /* JOINED-END */;

  const ATTRIBUTES = ["aria-label", "title", "placeholder", "alt"];
  const OURS = "data-synerki-name"; // marks an aria-label set from NAMES (renewed when the icon changes)
  const USER_TEXT = '[data-step-type="user_message"], [contenteditable="true"], textarea, input';

  function german(text) {
    const trimmed = text.trim();
    if (Object.prototype.hasOwnProperty.call(JOINED, trimmed)) return JOINED[trimmed];
    if (Object.prototype.hasOwnProperty.call(LABELS, trimmed)) return LABELS[trimmed];
    const colon = trimmed.indexOf(": ");
    if (colon > 0 && Object.prototype.hasOwnProperty.call(LABELS, trimmed.slice(0, colon))) {
      return LABELS[trimmed.slice(0, colon)] + trimmed.slice(colon);
    }
    if (colon > 0 && Object.prototype.hasOwnProperty.call(STATUS, trimmed.slice(0, colon))) {
      return STATUS[trimmed.slice(0, colon)] + trimmed.slice(colon);
    }
    return null;
  }

  function fixAttributes(el) {
    for (const name of ATTRIBUTES) {
      const value = el.getAttribute(name);
      const translated = value === null ? null : german(value);
      if (translated !== null && translated !== value) el.setAttribute(name, translated);
    }
  }

  function fixText(node) {
    const parent = node.parentElement;
    if (!parent || parent.closest(USER_TEXT)) return;
    const translated = german(node.nodeValue);
    if (translated !== null) node.nodeValue = translated;
  }

  function nameButtons(root) {
    for (const [selector, name] of Object.entries(NAMES)) {
      const found = root.querySelectorAll(selector);
      const all = root.matches && root.matches(selector) ? [root, ...found] : found;
      for (const el of all) {
        if (el.hasAttribute("aria-label") && !el.hasAttribute(OURS)) continue; // Chainlit named it itself
        if (el.getAttribute("aria-label") !== name) el.setAttribute("aria-label", name);
        el.setAttribute(OURS, "");
      }
    }
  }

  function fix(root) {
    if (root.nodeType === Node.TEXT_NODE) return fixText(root);
    if (root.nodeType !== Node.ELEMENT_NODE) return;
    fixAttributes(root);
    root.querySelectorAll("[" + ATTRIBUTES.join("],[") + "]").forEach(fixAttributes);
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) fixText(walker.currentNode);
    nameButtons(root);
  }

  // changes are collected and handled once per frame: streaming answers change the page many times a second
  const pending = new Set();
  let scheduled = false;
  function later(node) {
    pending.add(node);
    if (scheduled) return;
    scheduled = true;
    requestAnimationFrame(function () {
      scheduled = false;
      const nodes = Array.from(pending);
      pending.clear();
      nodes.forEach(function (n) {
        if (n.isConnected) fix(n);
      });
    });
  }

  function start() {
    document.documentElement.lang = "de";
    fix(document.body);
    new MutationObserver(function (mutations) {
      for (const m of mutations) {
        if (m.type === "attributes" && m.attributeName === "id") later(m.target); // upload-button-loading → upload-button
        else if (m.type === "attributes") fixAttributes(m.target);
        else if (m.type === "characterData") fixText(m.target);
        else {
          m.addedNodes.forEach(later);
          // an icon swapped inside a button (copy → check, eye → eye-off): its name is set again
          const button = m.target.closest && m.target.closest("button");
          if (button) later(button);
        }
      }
    }).observe(document.body, {
      childList: true,
      subtree: true,
      characterData: true,
      attributes: true,
      attributeFilter: ATTRIBUTES.concat(["id"]),
    });
  }

  if (document.body) start();
  else document.addEventListener("DOMContentLoaded", start);
})();
