"""`python -m evals.readiness [--quick]`: scripted interviews vs. intended profiles (deviation, turns per question),
and the use-case backlog of scripted firms against their expected top-3."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import yaml

from evals.readiness.backlog_eval import FIRMS, HOLDOUT, HOLDOUT2, evaluate, print_table
from evals.readiness.simulate import run_simulation
from tools.readiness.bank import DIMENSION_IDS, load_bank
from tools.readiness.mapper import ACCEPT, map_answer
from tools.readiness.scripted import run_script

COMPANIES = Path(__file__).resolve().parent / "companies.yaml"
SHORT = {
    "strategy": "Strat",
    "data": "Daten",
    "technology": "Tech",
    "processes": "Proz",
    "cooperation": "Koop",
    "governance": "Gov",
}
TOLERANCE, MAX_TURNS_PER_Q = 0.5, 1.5


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--quick", action="store_true", help="only the first three companies")
    args = ap.parse_args(argv)
    companies = yaml.safe_load(COMPANIES.read_text(encoding="utf-8"))
    if args.quick:
        companies = companies[:3]
    head = (
        f"{'Unternehmen':<34}"
        + "".join(f"{SHORT[d]:>7}" for d in DIMENSION_IDS)
        + f"{'Züge':>6}{'Fragen':>7}{'Z/F':>6}{'Rückfr':>7}{'Nachfr':>7}  fertig"
    )
    print("Abweichung Score − Soll je Dimension (Soll = von Hand kodiertes Profil)")
    print(head)
    print("-" * len(head))
    devs: list[float] = []
    missing = 0
    turns_total = questions_total = 0
    for c in companies:
        run = run_script(c["answers"])
        r = run.result
        cells = []
        for d in DIMENSION_IDS:
            s = r.scores.get(d)
            if s is None:
                missing += 1
                cells.append(f"{'n/a':>7}")
                continue
            dev = s - float(c["intended"][d])
            devs.append(dev)
            cells.append(f"{dev:+7.2f}")
        turns_total += r.turns
        questions_total += r.questions
        asks = sum(1 for ev, _ in run.transcript if ev == "askback")
        fups = len(run.state.followups)
        print(
            f"{c['name'][:33]:<34}" + "".join(cells) + f"{r.turns:>6}{r.questions:>7}{r.turns / r.questions:>6.2f}"
            f"{asks:>7}{fups:>7}  "
            f"{'ja' if run.completed else 'NEIN'}"
        )
    within = sum(1 for d in devs if abs(d) <= TOLERANCE)
    mean_abs = sum(abs(d) for d in devs) / len(devs) if devs else float("nan")
    tpq = turns_total / questions_total if questions_total else float("nan")
    print("-" * len(head))
    print(
        f"Dimensionen innerhalb ±{TOLERANCE}: {within}/{len(devs)} ({within / max(1, len(devs)):.0%}), "
        f"ohne Wert: {missing}, mittlere |Abweichung|: {mean_abs:.3f}, max |Abweichung|: {max(abs(d) for d in devs):.2f}"
    )
    print(
        f"Züge pro Frage (alle Firmen): {tpq:.3f}  (Ziel ≤ {MAX_TURNS_PER_Q}); "
        f"Züge gesamt {turns_total}, gestellte Fragen {questions_total}"
    )
    print(f"Ziel erreicht: {'ja' if within == len(devs) and missing == 0 and tpq <= MAX_TURNS_PER_Q else 'nein'}")
    level_descriptions_check()
    sim = run_simulation(10 if args.quick else 40)
    print(
        f"\nSimulierte Befragte ({sim['n']}, zufälliges wahres Profil, 15 % vage Antworten mit Rückfrage, "
        f"5 % „weiß nicht“): innerhalb ±{TOLERANCE}: {sim['within_05']:.1%} von {sim['dimensions']} Dimensionen, "
        f"mittlere |Abweichung| {sim['mean_abs']:.3f}, max {sim['max_abs']:.2f}, ohne Wert {sim['missing']}, "
        f"Züge pro Frage {sim['turns_per_question']:.3f}"
    )
    limit = 3 if args.quick else None
    print_table(
        "Use-Case-Backlog: erwartete Top 3 (vorher festgelegt) in den Top 5 – Entwicklungsfirmen (abgestimmt)",
        evaluate(FIRMS, limit),
    )
    print_table(
        "Use-Case-Backlog – zurückgehalten 1 (nach dem ersten Lauf angesehen und diagnostiziert)",
        evaluate(HOLDOUT, limit),
    )
    print_table(
        "Use-Case-Backlog – zurückgehalten 2 (vor den Branchen-Änderungen geschrieben, unberührt)",
        evaluate(HOLDOUT2, limit),
    )
    return 0


def level_descriptions_check() -> None:
    """Feed every level description of the bank as an answer to its question: is the level recovered?"""
    bank = load_bank()
    n = exact = near = asked = 0
    for q in (q for d in bank.dimensions for q in d.questions):
        for lvl, text in q.levels.items():
            m = map_answer(text, q)
            n += 1
            if m.intent != "answer" or m.value is None or m.confidence < ACCEPT:
                asked += 1
                continue
            exact += round(m.value) == lvl
            near += abs(m.value - lvl) <= 1
    print(
        f"\nStufenbeschreibungen als Antwort ({n}): Stufe exakt {exact} ({exact / n:.0%}), "
        f"±1 Stufe {near} ({near / n:.0%}), Rückfrage {asked} ({asked / n:.0%})"
    )


if __name__ == "__main__":
    sys.exit(main())
