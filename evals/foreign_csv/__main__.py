"""`python -m evals.foreign_csv [--quick]`: both CSV commands on exports the project has never seen (issue 21.2).

`synerki forecast predict` (14 days) and `synerki plan production` (7 days) run as subprocesses, each with its
own empty var folder (so the per-series model choice by inner cross-validation is computed, not loaded), on
the Kiel file re-exported as German Excel, with gaps and late/early series, and on a synthetic chain with two
key columns, closed Sundays and holidays. Printed per run: the outcome and the CPU seconds of the command and
all its worker processes. `--quick`: a chain of 2 × 3 series only. Kiel variants need ../shared/data.
"""

from __future__ import annotations

import argparse
import ctypes
import os
import resource
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from evals.foreign_csv.exports import Export, chain, kiel_variants, with_total_row

ROOT = Path(__file__).resolve().parents[2]
KIEL = ROOT.parent / "shared" / "data" / "kiel_bakery"


def _subreaper() -> bool:
    """Adopt orphaned worker processes (joblib's pool outlives its parent briefly) so their CPU time counts."""
    try:
        return ctypes.CDLL("libc.so.6").prctl(36, 1, 0, 0, 0) == 0  # PR_SET_CHILD_SUBREAPER
    except OSError:
        return False


def _cpu_children() -> float:
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def _run(args: list[str], var: Path, extra_env: dict[str, str] | None = None) -> tuple[int, str, float, float]:
    """(exit code, last output line, CPU seconds incl. workers, wall seconds) of one CLI call."""
    env = os.environ | {"SYNERKI_VAR_DIR": str(var), "OMP_NUM_THREADS": "1", "HF_HUB_OFFLINE": "1"}
    env |= extra_env or {}
    env["PYTHONPATH"] = str(ROOT)
    cpu0, t0 = _cpu_children(), time.time()
    p = subprocess.run([sys.executable, "-m", "app.cli", *args], cwd=ROOT, env=env, capture_output=True, text=True)
    while True:  # reap adopted workers before reading the bill
        try:
            os.wait()
        except ChildProcessError:
            break
    text = (p.stdout + p.stderr).splitlines()
    done = [ln for ln in text if "Zeilen" in ln]  # the success line, else the German error
    blend = [ln.split(" (")[0].split(":")[0] for ln in text if "Prophet-Mischung" in ln]
    errors = [ln for ln in text if ln.startswith(("Fehler", "„"))]
    msg = (done or errors or text or [""])[-1]
    msg = msg.split(" nach /")[0].split(": /")[0] + (f" – {blend[0]}" if blend else "")
    return p.returncode, msg, _cpu_children() - cpu0, time.time() - t0


def _commands(e: Export, out: Path) -> dict[str, list[str]]:
    cols = ["--sales", str(e.path), "--date-col", e.date_col, "--series-col", e.series_col, "--value-col", e.value_col]
    start = e.start
    day = date.fromisoformat(start)
    end7, end14 = (day + timedelta(days=6)).isoformat(), (day + timedelta(days=13)).isoformat()
    return {
        "forecast predict": ["forecast", "predict", *cols, "--start", start, "--end", end14, "--holidays", "DE-SH"]
        + ["--out", str(out / "prognose.csv")],
        "plan production": ["plan", "production", *cols, "--start", start, "--end", end7, "--holidays", "DE-SH"]
        + ["--price", "1", "--cost", "0.35", "--out", str(out / "plan.csv")],
    }


def blend_cpu(sizes: list[tuple[int, int]], blend: list[str]) -> None:
    """CPU seconds of `plan production` on chains of branches × products: a file's first plan, then next week's
    re-run with one more week of data (same var folder), with the Prophet blend on and/or off."""
    import pandas as pd

    print(f"{'Reihen':>7}{'Mischung':>10}{'erster Plan CPU s':>19}{'Folgewoche CPU s':>18}  Hinweis")
    with tempfile.TemporaryDirectory(prefix="blend-cpu-") as tmp:
        out = Path(tmp)
        for b, p in sizes:
            e = chain(out, b, p)
            d = pd.read_csv(e.path, sep=";")
            early = out / f"{e.path.stem}_frueher.csv"
            d[pd.to_datetime(d["Datum"], format="%d.%m.%Y") <= "2018-12-24"].to_csv(early, sep=";", index=False)
            for on in blend:
                var = out / f"var-{b}x{p}-{on}"
                env = {"SYNERKI_PLAN_PROPHET_BLEND": on}
                runs = []
                for path, start in ((early, "2018-12-26"), (e.path, "2019-01-02")):
                    week = Export(e.name, path, e.date_col, e.series_col, e.value_col, start, e.n_series)
                    args = _commands(week, out)["plan production"]
                    runs.append(_run(args, var, env))
                note = runs[0][1].split(" – ")[-1][:60]
                print(f"{e.n_series:>7}{on:>10}{runs[0][2]:>19.1f}{runs[1][2]:>18.1f}  {note}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--quick", action="store_true", help="nur eine kleine Kette (2 × 3 Reihen)")
    ap.add_argument("--blend-cpu", default="", help="z. B. 2x3,7x7: CPU des Plans je Kettengröße, Mischung an/aus")
    ap.add_argument("--blend", default="1,0", help="mit --blend-cpu: 1 (an), 0 (aus) oder 1,0")
    a = ap.parse_args()
    if a.blend_cpu:
        _subreaper()
        sizes = [tuple(int(x) for x in s.split("x")) for s in a.blend_cpu.split(",")]
        blend_cpu([(b, p) for b, p in sizes], a.blend.split(","))
        return
    counted = _subreaper()
    with tempfile.TemporaryDirectory(prefix="foreign-csv-") as tmp:
        out = Path(tmp)
        exports = [chain(out, 2, 3)] if a.quick else [chain(out, 4, 8)]
        exports.append(with_total_row(exports[0], out))
        if not a.quick and KIEL.is_dir():
            exports = kiel_variants(KIEL, out) + exports
        elif not a.quick:
            print(f"Kiel-Varianten übersprungen: {KIEL} fehlt.")
        print(f"{'Datei':<44}{'Befehl':<18}{'Reihen':>7}{'Code':>5}{'CPU s':>8}{'Wand s':>8}  Ausgabe")
        for i, e in enumerate(exports):
            for name, args in _commands(e, out).items():
                rc, msg, cpu, wall = _run(args, out / f"var{i}-{name.split()[0]}")
                print(f"{e.name[:43]:<44}{name:<18}{e.n_series:>7}{rc:>5}{cpu:>8.1f}{wall:>8.1f}  {msg[:90]}")
    if not counted:
        print("Hinweis: CPU-Zeit der Arbeitsprozesse evtl. unvollständig (kein prctl).")


if __name__ == "__main__":
    main()
