"""`python -m evals.speed.first_start [--var DIR] [--wait-background]`: the phases of a first start from an empty
data folder, each in CPU seconds (own process and its children) and wall seconds.

What `scripts/run.sh` does after the install, phase by phase: `synerki data generate` split into its sub-steps
(demo data, the lab tour's copy, router training, handbook index, each pre-computation of `tools/precompute.py`),
then `synerki serve` until /login answers and the first owner question (`synerki ask`, while the server runs).
Steps that `tools.precompute.DEFERRED` names run after the server start in a background worker; with
`--wait-background` the run waits for it and reports its time too. Each phase is its own process, so its figure
includes Python's imports (the `imports` line shows what that alone costs). Takes several minutes.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

FIRST_QUESTION = "Wie viele Brötchen verkaufen wir nächste Woche in Stendal?"
ROOT = Path(__file__).resolve().parents[2]

# each phase as a tiny program: the code run.sh reaches through `synerki data generate`
IMPORTS = "import tools.settings, tools.company.data, tools.precompute"
PHASES: dict[str, str] = {
    "Demodaten": "from tools.company.data import ensure_data; ensure_data()",
    "Kopie für den Rundgang": "from tools.company.demo_copy import ensure_demo_data; ensure_demo_data()",
    "Router": "from app.commands.train import train_router; print(train_router())",
    "Handbuch-Index": "from tools.rag import HANDBOOK_COLLECTION as C, HANDBOOK_DIR as D\n"
    "from tools.rag.store import ingest_paths; ingest_paths([D], C)",
}


@dataclass
class Phase:
    """One measured phase."""

    name: str
    cpu_s: float
    wall_s: float

    def __post_init__(self) -> None:
        print(self.line(), flush=True)  # as it is measured: the whole run takes minutes

    def line(self) -> str:
        return f"{self.name:<60} {self.cpu_s:8.1f} {self.wall_s:8.1f}"


def _children_cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def _run_code(code: str, env: dict[str, str]) -> tuple[float, float]:
    """CPU and wall seconds of `python -c code` (its worker processes included: they are reaped before it exits)."""
    cpu, wall = _children_cpu(), time.perf_counter()
    subprocess.run([sys.executable, "-c", code], env=env, cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    return _children_cpu() - cpu, time.perf_counter() - wall


def _proc_cpu(pid: int) -> float:
    """CPU seconds of a running process and its live descendants (Linux /proc)."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0.0
    todo = [pid]
    while todo:
        p = todo.pop()
        try:
            fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / tick
            children = Path(f"/proc/{p}/task/{p}/children").read_text().split()
        except OSError:
            continue
        todo.extend(int(c) for c in children)
    return total


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _precompute_names(attribute: str) -> list[str]:
    """The step names in `tools.precompute.<attribute>` of the checkout measured (read in a fresh interpreter, so
    the clone's code answers, not this one's)."""
    code = f"import tools.precompute as p; print(' '.join(getattr(p, {attribute!r}, ())))"
    out = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    return out.stdout.split()


def _serve_and_ask(env: dict[str, str], wait_background: bool, phases: list[Phase]) -> None:
    """Start the server, time /login, ask the first owner question, optionally wait for the background worker."""
    port = _free_port()
    t0 = time.perf_counter()
    server = subprocess.Popen(
        [sys.executable, "-m", "app.cli", "serve", "--port", str(port)],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        cpu_at_login = 0.0
        while time.perf_counter() - t0 < 600:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/login", timeout=5) as r:
                    if r.status == 200:
                        cpu_at_login = _proc_cpu(server.pid)
                        break
            except OSError:
                time.sleep(0.5)
        phases.append(Phase("Server bis /login antwortet", cpu_at_login, time.perf_counter() - t0))
        ask = f"from app.cli import main; import sys; sys.argv = ['synerki', 'ask', {FIRST_QUESTION!r}, '--role', 'owner']; main()"
        cpu, wall = _run_code(ask, env)
        phases.append(Phase(f"erste Antwort („{FIRST_QUESTION}“, synerki ask)", cpu, wall))
        if wait_background:
            last_cpu = 0.0
            marker = Path(env["SYNERKI_VAR_DIR"]) / "precompute-pending.json"
            t1 = time.perf_counter()
            while marker.exists() and time.perf_counter() - t1 < 1800:
                time.sleep(2)
                last_cpu = _proc_cpu(server.pid)
            phases.append(
                Phase("Hintergrund bis fertig (Server-Prozessbaum gesamt)", last_cpu, time.perf_counter() - t0)
            )
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)


def measure(var_dir: Path, wait_background: bool) -> list[Phase]:
    """Every phase of a first start in `var_dir` (which must not exist yet or be empty)."""
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "SYNERKI_VAR_DIR": str(var_dir),
        "HF_HUB_OFFLINE": "1",
        "TRANSFORMERS_OFFLINE": "1",
        "YOLO_OFFLINE": "1",
    }
    env.setdefault("SYNERKI_TODAY", "2026-11-25")
    phases: list[Phase] = []
    cpu, wall = _run_code(IMPORTS, env)
    phases.append(Phase("imports (in jeder Phase enthalten)", cpu, wall))
    for name, code in PHASES.items():
        cpu, wall = _run_code(code, env)
        phases.append(Phase(name, cpu, wall))
    deferred = _precompute_names("DEFERRED")
    for step in _precompute_names("STEPS"):
        if step in deferred:
            continue
        cpu, wall = _run_code(f"from tools.precompute import STEPS; print(STEPS[{step!r}]())", env)
        phases.append(Phase(f"vorberechnet: {step}", cpu, wall))
    if deferred:
        code = f"from tools.precompute import mark_pending; mark_pending({deferred!r})"
        subprocess.run([sys.executable, "-c", code], env=env, cwd=ROOT, check=True)
    _serve_and_ask(env, wait_background, phases)
    return phases


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--var", type=Path, help="leerer Datenordner (Standard: ein temporärer, danach gelöscht)")
    ap.add_argument("--wait-background", action="store_true", help="auf die Hintergrund-Vorberechnung warten")
    args = ap.parse_args()
    var_dir = args.var or Path(tempfile.mkdtemp(prefix="synerki-first-start-"))
    try:
        phases = measure(var_dir, args.wait_background)
    finally:
        if args.var is None:
            shutil.rmtree(var_dir, ignore_errors=True)
    print(f"\n{'Phase':<60} {'CPU-s':>8} {'Wand-s':>8}")
    for p in phases:
        print(p.line())
    before_login = [p for p in phases if not p.name.startswith(("imports", "erste", "Hintergrund"))]
    print(
        f"{'bis zur Anmeldung (ohne Installation)':<60} {sum(p.cpu_s for p in before_login):8.1f} "
        f"{sum(p.wall_s for p in before_login):8.1f}"
    )


if __name__ == "__main__":
    main()
