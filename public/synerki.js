// German texts where Chainlit's page has English ones compiled in (loaded via custom_js in .chainlit/config.toml).
(function () {
  "use strict";

  // German names for the buttons and labels Chainlit has in English or not at all: public/labels_de.js
  const labels = document.createElement("script");
  labels.src = new URL("labels_de.js", document.currentScript.src).href;
  document.head.appendChild(labels);

  // Login: a refused login would show a toast "Unauthorized: credentialssignin" next to the form's message.
  // Throwing a plain Error skips the toast; the form then shows auth.login.errors.<detail> from our
  // translation files ("credentialssignin" or "logindelayed").
  const originalFetch = window.fetch.bind(window);
  window.fetch = async function (input, init) {
    const response = await originalFetch(input, init);
    const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
    const method = ((init && init.method) || (input && input.method) || "GET").toUpperCase();
    if (!response.ok && method === "POST" && new URL(url, window.location.href).pathname.endsWith("/login")) {
      let detail = "credentialssignin";
      try {
        const body = await response.clone().json();
        if (body && typeof body.detail === "string") detail = body.detail;
      } catch (e) {
        // not JSON: keep the generic message
      }
      throw new Error(detail);
    }
    return response;
  };

  // Uploads: the browser's own checks (too large, too many files) report in English.
  const GERMAN = [
    [/^File is larger than (\d+) MB$/, "Die Datei ist größer als $1 MB. Bitte verkleinern Sie sie."],
    [/^Too many files$/, "Zu viele Dateien auf einmal. Bitte laden Sie weniger Dateien gleichzeitig hoch."],
    [/^File type must be .*$/, "Dieser Dateityp wird nicht unterstützt."],
  ];

  function translate(node) {
    if (node.nodeType !== Node.TEXT_NODE) return;
    const text = node.nodeValue.trim();
    for (const [pattern, german] of GERMAN) {
      if (pattern.test(text)) {
        node.nodeValue = text.replace(pattern, german);
        return;
      }
    }
  }

  function walk(root) {
    if (root.nodeType === Node.TEXT_NODE) return translate(root);
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) translate(walker.currentNode);
  }

  function start() {
    new MutationObserver(function (mutations) {
      for (const m of mutations) {
        if (m.type === "characterData") translate(m.target);
        m.addedNodes.forEach(walk);
      }
    }).observe(document.body, { childList: true, subtree: true, characterData: true });
  }

  if (document.body) start();
  else document.addEventListener("DOMContentLoaded", start);
})();
