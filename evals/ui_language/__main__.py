"""`python -m evals.ui_language [--url URL] [--quick] [--record FILE]`: English and "du" strings of the web UI.

Logs in as each demo role in headless chromium (playwright, Debian's /usr/bin/chromium), looks at the login page,
chat, sidebar, thread list, menus, readme, sends one message and collects every visible text plus every
aria-label, title, placeholder and alt; prints per role how many strings are English (evals/ui_language/words.py)
or say "du". Without --url it starts the app itself (`synerki serve` on a free port) and stops it afterwards.
Skips with a message when playwright or chromium is missing.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from evals.ui_language.scan import CHROMIUM, Seen, scan_user
from evals.ui_language.words import du_forms, english_words

ROOT = Path(__file__).resolve().parents[2]
USERS = [("inhaberin", "korn-kruste-chefin"), ("mitarbeiter", "korn-kruste-team"), ("gast", "showcase-lab")]


def _missing_browser() -> str | None:
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "playwright ist nicht installiert"
    if not Path(CHROMIUM).exists():
        return f"chromium fehlt ({CHROMIUM})"
    return None


@contextmanager
def _app(url: str | None) -> Iterator[str]:
    """The given app, or one started here on a free port (stopped on exit)."""
    if url:
        yield url.rstrip("/")
        return
    import httpx

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {**os.environ, "PYTHONPATH": str(ROOT), "HF_HUB_OFFLINE": "1", "OMP_NUM_THREADS": "1"}
    cmd = [sys.executable, "-m", "app.cli", "serve", "--port", str(port), "--host", "127.0.0.1"]
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    started = f"http://127.0.0.1:{port}"
    try:
        deadline = time.time() + 300
        while time.time() < deadline:
            try:
                if httpx.get(started, timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(2)
        else:
            raise SystemExit("Die Web-App startete nicht innerhalb von 300 s")
        yield started
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def _report(seen: dict[str, Seen]) -> dict[tuple[str, str], list[str]]:
    """Print the table per role and the English/"du" strings; return English strings -> roles that saw them."""
    english: dict[tuple[str, str], list[str]] = {}
    du: dict[tuple[str, str], list[str]] = {}
    print(f"\n{'Rolle':<12} {'Schritte':>8} {'Texte':>6} {'Englisch':>9} {'du-Formen':>10} {'ohne Namen':>11}  lang")
    for user, s in seen.items():
        en = [key for key in s.strings if english_words(key[1])]
        informal = [key for key in s.strings if du_forms(key[1])]
        for key in en:
            english.setdefault(key, []).append(user)
        for key in informal:
            du.setdefault(key, []).append(user)
        langs = ",".join(sorted(s.langs))
        print(
            f"{user:<12} {len(s.steps):>8} {len(s.strings):>6} {len(en):>9} {len(informal):>10} "
            f"{len(s.unnamed):>11}  {langs}"
        )
    total = set().union(*(s.strings for s in seen.values()))
    print(f"{'alle (einzeln)':<12} {'':>8} {len(total):>6} {len(english):>9} {len(du):>10}")
    print("\nEnglische Texte (Art | Text | zuerst gesehen | Rollen):")
    for (kind, text), users in sorted(english.items()):
        step = next(s.strings[(kind, text)] for s in seen.values() if (kind, text) in s.strings)
        print(f"  {kind:<11} | {text[:70]!r} | {step} | {','.join(users)}")
    print('\n"du"-Formen:')
    for (kind, text), users in sorted(du.items()):
        print(f"  {kind:<11} | {text[:90]!r} | {','.join(users)}")
    unnamed = set().union(*(s.unnamed for s in seen.values()))
    print(f"\nKnöpfe ohne zugänglichen Namen: {', '.join(sorted(unnamed)) or 'keine'}")
    return english


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--url", help="eine laufende App nutzen statt eine zu starten")
    parser.add_argument("--quick", action="store_true", help="nur die Inhaberin")
    parser.add_argument("--locale", default="de-DE", help="Sprache des Browsers (de-DE, en-US …)")
    parser.add_argument("--answer-timeout", type=float, default=180, help="Sekunden bis zur ersten Antwort")
    parser.add_argument("--record", type=Path, help="die englischen Texte als JSON hierhin schreiben")
    args = parser.parse_args()
    missing = _missing_browser()
    if missing:
        print(f"übersprungen: {missing}")
        return
    users = USERS[:1] if args.quick else USERS
    started = time.process_time()
    with _app(args.url) as url:
        seen = {user: scan_user(url, user, password, args.locale, args.answer_timeout) for user, password in users}
    english = _report(seen)
    print(f"\nCPU-Sekunden dieses Prozesses: {time.process_time() - started:.1f} (Browser und App nicht mitgezählt)")
    if args.record:
        rows = [{"kind": k, "text": t, "roles": r} for (k, t), r in sorted(english.items())]
        lines = ",\n".join(" " + json.dumps(row, ensure_ascii=False) for row in rows)
        args.record.write_text(f"[\n{lines}\n]\n", encoding="utf-8")


if __name__ == "__main__":
    main()
