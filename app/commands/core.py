"""Core commands: route, ask, chat, serve."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from pathlib import Path

import typer

from agents.contracts import Role


def _route_line(text: str) -> str:
    from agents.llm_router import configured_router
    from agents.nlu.slots import extract_slots
    from tools.settings import get_settings

    decision = configured_router().route(text)
    slots = extract_slots(text, get_settings().today())
    args = slots.model_dump(mode="json", exclude_defaults=True, exclude={"text"})
    return json.dumps(
        {
            "text": text,
            "agent": decision.agent,
            "tool": decision.tool,
            "args": args,
            "confidence": round(decision.confidence, 4),
        },
        ensure_ascii=False,
    )


def route(text: str | None = typer.Argument(None, help="Anfrage; ohne Text: eine Anfrage pro Zeile von stdin")) -> None:
    """Zeigt, an welchen Agenten und welches Werkzeug eine Anfrage ginge (JSON)."""
    if text is not None:
        print(_route_line(text))
        return
    for line in sys.stdin:
        if line.strip():
            print(_route_line(line.strip()), flush=True)


# German names a person may type for a role (the web app's logins say inhaberin, mitarbeiter, gast)
ROLE_ALIASES: dict[str, Role] = {
    "owner": "owner",
    "inhaber": "owner",
    "inhaberin": "owner",
    "chef": "owner",
    "chefin": "owner",
    "employee": "employee",
    "mitarbeiter": "employee",
    "mitarbeiterin": "employee",
    "guest": "guest",
    "gast": "guest",
}
ROLE_HELP = "owner | employee | guest (auch: inhaber, mitarbeiter, gast); ohne Angabe: employee"
# without --role the CLI has the least a member of staff has: owner data (money, wages, the account) needs
# `--role owner` on purpose (hostile test 16: a bare `synerki chat` used to be the owner)
DEFAULT_ROLE = "employee"


ROLE_NAMES: dict[Role, str] = {
    "owner": "Rolle Geschäftsführung",
    "employee": "Rolle Mitarbeitende; Geschäftszahlen mit --role owner",
    "guest": "Rolle Gast",
}


def parse_role(value: str) -> Role:
    """The role for a typed name, German or English; an unknown name ends the command with a German message."""
    role = ROLE_ALIASES.get(value.strip().lower())
    if role is None:
        typer.echo(f"Unbekannte Rolle „{value}“. Erlaubt: {ROLE_HELP}.", err=True)
        raise typer.Exit(2)
    return role


def ask(
    text: str = typer.Argument(..., help="Frage auf Deutsch"),
    role: str = typer.Option(DEFAULT_ROLE, "--role", help=ROLE_HELP),
    thread: str | None = typer.Option(None, "--thread", help="Gesprächs-ID, um fortzusetzen"),
    attach: list[Path] = typer.Option([], "--attach", help="Datei anhängen (Foto, Dokument)"),
    as_json: bool = typer.Option(False, "--json", help="Ausgabe als JSON"),
) -> None:
    """Stellt eine Frage und gibt die Antwort aus (ein vollständiger Durchlauf)."""
    who = parse_role(role)
    from agents.service import ask as run_ask
    from agents.uploads import attachment_dict

    files = [attachment_dict(p.resolve()) for p in attach]
    missing = [str(p) for p in attach if not p.exists()]
    if missing:
        typer.echo(f"Datei nicht gefunden: {', '.join(missing)}", err=True)
        raise typer.Exit(2)
    result = run_ask(
        text, role=who, thread_id=thread or f"cli-{uuid.uuid4().hex[:8]}", user=f"cli-{who}", attachments=files
    )
    if as_json:
        print(
            json.dumps(
                {
                    "text": result.text,
                    "agent": result.agent,
                    "tool": result.tool,
                    "tools_called": result.tools_called,
                    "artifacts": [a.model_dump(mode="json") for a in result.artifacts],
                },
                ensure_ascii=False,
            )
        )
    else:
        print(result.text)
        for a in result.artifacts:
            print(f"[{a.name}: {a.path}]")


def chat(
    role: str = typer.Option(DEFAULT_ROLE, "--role", help=ROLE_HELP),
    thread: str | None = typer.Option(None, "--thread"),
) -> None:
    """Chat im Terminal (Ende mit „exit“ oder Strg+D)."""
    who = parse_role(role)
    from agents.prompts import AI_NOTICE
    from agents.service import ask as run_ask

    thread_id = thread or f"chat-{uuid.uuid4().hex[:8]}"
    print(f"synerKI Assistent – Gespräch {thread_id} ({ROLE_NAMES[who]})\n{AI_NOTICE}\n")
    while True:
        try:
            text = input("Sie: ")
        except EOFError:
            break
        if text.strip().lower() in {"exit", "quit", "ende"}:
            break
        result = run_ask(text, role=who, thread_id=thread_id, user=f"cli-{who}")
        print(f"\nsynerKI: {result.text}\n")
        for a in result.artifacts:
            print(f"  [{a.name}: {a.path}]")


def serve(
    port: int = typer.Option(8000, "--port"),
    host: str = typer.Option("0.0.0.0", "--host"),
    headless: bool = typer.Option(True, "--headless/--browser"),
) -> None:
    """Startet die Web-App (Chainlit) auf http://localhost:PORT."""
    from chainlit.cli import run_chainlit  # noqa: F401  (import check)

    root = Path(__file__).resolve().parents[2]
    os.chdir(root)
    os.environ.setdefault("CHAINLIT_AUTH_SECRET", _auth_secret())
    os.environ.setdefault("CHAINLIT_APP_ROOT", str(_web_root(root)))
    args = [
        sys.executable,
        "-m",
        "chainlit",
        "run",
        str(root / "app" / "chainlit_app.py"),
        "--host",
        host,
        "--port",
        str(port),
    ]
    if headless:
        args.append("--headless")
    _start_pending_worker(root)
    os.execv(sys.executable, args)


def _start_pending_worker(root: Path) -> None:
    """Start the background worker for what `data generate --defer` left (nothing on later starts): a separate,
    lower-priority process, so the event loop and the first answers are not slowed by the GIL; it ends with the
    server (SIGTERM when its parent dies) and, once done, is not started again."""
    from tools.precompute import PENDING_FILE, STEP_TITLES, pending_steps
    from tools.settings import get_settings

    steps = pending_steps()
    if not steps:
        return
    log_path = get_settings().var_dir / "precompute-pending.log"
    print(
        f"Im Hintergrund wird vorbereitet: {', '.join(STEP_TITLES.get(s, s) for s in steps)} (einmalig nach dem ersten Start; "
        f"Fortschritt in {log_path}, offen laut {PENDING_FILE}).",
        flush=True,
    )
    with open(log_path, "a", encoding="utf-8") as out:
        subprocess.Popen(
            [sys.executable, "-m", "app.cli", "data", "pending"],
            cwd=root,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
            preexec_fn=_background_child,
        )


def _background_child() -> None:
    """In the worker before exec: lower priority and SIGTERM once the server process is gone."""
    import ctypes
    import signal

    os.nice(10)
    pr_set_pdeathsig = 1
    try:
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(pr_set_pdeathsig, signal.SIGTERM)
    except (OSError, AttributeError):  # not glibc Linux: the worker then ends on its own when done
        pass


# what Chainlit reads from its app root; linked from the project into the data folder's web root
_WEB_FILES = (".chainlit", "public", "chainlit.md", "chainlit_de-DE.md")


def _web_root(project: Path) -> Path:
    """Chainlit's app root inside the data folder: Chainlit keeps uploads and shown files under `<root>/.files`
    and deletes that whole folder when the server stops, so each data folder needs its own root; the
    configuration, translations and welcome page are links to the project's."""
    from tools.settings import get_settings

    web = get_settings().var_dir / "web"
    web.mkdir(parents=True, exist_ok=True)
    for name in _WEB_FILES:
        source, link = project / name, web / name
        if not source.exists():
            continue
        if link.is_symlink() and link.resolve() == source.resolve():
            continue
        if link.is_symlink() or link.is_file():
            link.unlink()
        link.symlink_to(source, target_is_directory=source.is_dir())
    return web


def _auth_secret() -> str:
    """A per-installation secret for Chainlit's login tokens, created once under var/."""
    import secrets

    from tools.settings import get_settings

    path = get_settings().var_dir / ".chainlit_secret"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(48))
        path.chmod(0o600)
    return path.read_text().strip()


def register(app: typer.Typer) -> None:
    app.command()(route)
    app.command()(ask)
    app.command()(chat)
    app.command()(serve)
