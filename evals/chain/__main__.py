"""`python -m evals.chain [--quick] [--percent 20]`: each link's figure, consistency checks, cold/warm time.

cold = the chain's own caches (var/cache/chain: daily plans, oven schedules, budget) cleared and a
fresh process; the forecast and production models' caches are kept (their fits are the models'
business). warm = a fresh process with the chain caches filled; in-process = the same run again.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from datetime import timedelta

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("HF_HUB_OFFLINE", "1")


def _period(today):
    monday = today + timedelta(days=7 - today.weekday())
    return monday, monday + timedelta(days=6)


def _once(percent: float, quick: bool) -> dict:
    """Run the chain once in this process; figures + seconds as JSON-able dict."""
    from tools.chain.chain import run_chain
    from tools.settings import get_settings

    start, end = _period(get_settings().today())
    t = time.perf_counter()
    r = run_chain(start, end, percent=percent or None, products=["schrippe", "landbrot"] if quick else None)
    return {"seconds": round(time.perf_counter() - t, 2), "result": r.model_dump(mode="json")}


def _rows(case: dict) -> list[tuple[str, str]]:
    d, p, o, s, c, m = (case.get(k) for k in ("demand", "production", "ovens", "staffing", "campaigns", "money"))
    miss = case.get("missing", {})
    na = lambda k: f"nicht verfügbar ({miss.get(k, '')})"  # noqa: E731
    rows = [
        ("Nachfrage (Stück, Δ Vorjahr)", f"{d['pieces']:.0f} ({d['change_pct']:+.1f} %)" if d else na("demand")),
        ("Umsatz aus Prognose (€)", f"{d['revenue_eur']:.0f}" if d else na("demand")),
        (
            "Produktion (Stück)",
            f"{p['pieces']:.0f} ({p['planned_days']} geplant, {p['projected_days']} hochgerechnet)"
            if p
            else na("production"),
        ),
        (
            "Öfen Spitzentag: Auslastung gesamt / max",
            f"{o['day']}: {o['busy_hours']:.1f} h belegt, {o['total_load_pct']:.1f} % / {o['load_pct']:.1f} % ({o['busiest_oven']}), fehlend {o['missing_oven_hours']:.1f} h, {o['status']}"
            if o
            else na("ovens"),
        ),
        (
            "Personal: fehlende Stunden",
            ", ".join(f"{k} {v:.0f}" for k, v in s["shortage_hours"].items()) if s else na("staffing"),
        ),
        (
            "Recruiting-Kampagnen",
            ", ".join(f"{x['role']} {x['headcount']}× {x['cost_total_eur']:.0f} €" for x in c) or "keine"
            if c is not None
            else na("recruiting"),
        ),
        ("Finanzen: Deckungsbeitrag (€)", f"{m['contribution_eur']:.0f}" if m else na("money")),
        (
            "Finanzen: Kontostand Periodenende / Minimum",
            f"{m['balance_eur']:.0f} € / {m['min_balance_eur']:.0f} € am {m['min_balance_date']}" if m else na("money"),
        ),
    ]
    return rows


def _checks(res: dict, percent: float) -> list[tuple[str, bool]]:
    b, s = res["base"], res.get("scenario")
    out = [("alle Glieder der Basis verfügbar", not b["missing"])]
    if s:
        f = 1 + percent / 100
        out += [
            (
                "Szenario: Nachfrage = Basis × Faktor (±0,5 %)",
                bool(b["demand"] and s["demand"] and abs(s["demand"]["pieces"] / b["demand"]["pieces"] - f) < 0.005),
            ),
            (
                "Szenario: Produktion folgt (gleiche Richtung)",
                bool(
                    b["production"]
                    and s["production"]
                    and (s["production"]["pieces"] - b["production"]["pieces"]) * percent > 0
                ),
            ),
            (
                "Szenario: belegte Ofenstunden folgen (gleiche Richtung)",
                bool(b["ovens"] and s["ovens"] and (s["ovens"]["busy_hours"] - b["ovens"]["busy_hours"]) * percent > 0),
            ),
            (
                "Szenario: Personallücke je Rolle folgt",
                bool(
                    b["staffing"]
                    and s["staffing"]
                    and all(
                        (s["staffing"]["shortage_hours"].get(k, 0) - v) * percent >= -0.05
                        for k, v in b["staffing"]["shortage_hours"].items()
                    )
                ),
            ),
            (
                "Szenario: Umsatz-Δ = Faktor − 1 (±0,5 %)",
                bool(
                    b["money"] and s["money"] and abs(s["money"]["revenue_eur"] / b["money"]["revenue_eur"] - f) < 0.005
                ),
            ),
        ]
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description="End-to-end check of the chain")
    ap.add_argument("--quick", action="store_true", help="only two products (Schrippe, Landbrot)")
    ap.add_argument("--percent", type=float, default=20.0, help="scenario: demand change in % (0 = none)")
    ap.add_argument("--once", action="store_true", help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a.once:
        print(json.dumps(_once(a.percent, a.quick)))
        return 0
    from tools.chain.cache import clear_cache

    clear_cache()
    cmd = [sys.executable, "-m", "evals.chain", "--once", "--percent", str(a.percent)] + (
        ["--quick"] if a.quick else []
    )

    def fresh() -> tuple[dict, float]:
        t = time.perf_counter()
        out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout.strip().splitlines()[-1]
        return json.loads(out), time.perf_counter() - t

    cold, cold_proc = fresh()
    warm, warm_proc = fresh()
    t = time.perf_counter()
    _once(a.percent, a.quick)
    _once(a.percent, a.quick)
    inproc = (time.perf_counter() - t) / 2  # the first of these fills the process's memo
    res = warm["result"]
    print(
        f"Gesamtkette {res['start']}–{res['end']}"
        + (" (quick: Schrippe, Landbrot)" if a.quick else " (alle Artikel, alle Filialen)")
    )
    print(f"{'Glied':45s} | {'Basis':60s} | Szenario {a.percent:+.0f} %")
    print("-" * 140)
    srows = _rows(res["scenario"]) if res.get("scenario") else []
    for i, (k, v) in enumerate(_rows(res["base"])):
        print(f"{k:45s} | {v:60s} | {srows[i][1] if srows else ''}")
    print()
    checks = _checks(res, a.percent)
    for name, ok in checks:
        print(f"[{'ok' if ok else 'FEHLT'}] {name}")
    print()
    print("Zeit je Glied (warm, s):", json.dumps(warm["result"]["seconds"], ensure_ascii=False))
    print("Zeit je Glied (kalt, s):", json.dumps(cold["result"]["seconds"], ensure_ascii=False))
    print(
        f"Eine Woche Basis+Szenario: kalt {cold['seconds']:.2f} s (Prozess {cold_proc:.1f} s), "
        f"warm {warm['seconds']:.2f} s (Prozess {warm_proc:.1f} s), im laufenden Prozess {inproc:.2f} s; "
        f"Ziel < 10 s warm: {'erreicht' if warm['seconds'] < 10 else 'verfehlt'}"
    )
    print(f"Prüfungen bestanden: {sum(ok for _, ok in checks)}/{len(checks)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
