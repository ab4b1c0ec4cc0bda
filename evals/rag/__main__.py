"""`python -m evals.rag [--quick] [--calibrate] [--no-laws]`: retrieval figures as a table."""
from __future__ import annotations

import argparse
import os
import sys

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

from evals.rag.runner import LAWS_COLLECTION, LAWS_DIR, load, metrics, p95, prepare, run_set  # noqa: E402
from tools.rag import HANDBOOK_COLLECTION  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser(description="RAG-Evaluation (Handbuch, Gesetze, unbeantwortbare Fragen)")
    ap.add_argument("--quick", action="store_true", help="nur jede dritte Frage, ohne Gesetze")
    ap.add_argument("--no-laws", action="store_true", help="Gesetze überspringen")
    ap.add_argument("--calibrate", action="store_true", help="Merkmale der besten Treffer ausgeben")
    ap.add_argument("--misses", action="store_true", help="Fehlgriffe ausgeben")
    ap.add_argument("--no-holdout", action="store_true", help="Hold-out-Set auslassen (beim Abstimmen)")
    args = ap.parse_args()
    laws = not (args.quick or args.no_laws)
    if laws and not LAWS_DIR.is_dir():
        print(f"Hinweis: {LAWS_DIR} fehlt – Gesetzesfragen werden übersprungen.")
        laws = False
    step = 3 if args.quick else 1
    for name, note in prepare(laws).items():
        print(f"Ingestion {name}: {note}")
    handbook = run_set(load("questions_handbook.jsonl")[::step], HANDBOOK_COLLECTION)
    unanswerable = run_set(load("questions_unanswerable.txt")[::step], HANDBOOK_COLLECTION)
    fresh = run_set(load("questions_handbook_fresh.jsonl")[::step], HANDBOOK_COLLECTION)
    fresh_neg = run_set(load("questions_unanswerable_fresh.txt")[::step], HANDBOOK_COLLECTION)
    # held-out set: written before the retrieval was tuned and never used for tuning
    holdout, holdout_neg = [], []
    if not args.no_holdout:
        holdout = run_set(load("questions_handbook_holdout.jsonl")[::step], HANDBOOK_COLLECTION)
        holdout_neg = run_set(load("questions_unanswerable_holdout.txt")[::step], HANDBOOK_COLLECTION)
    rows = [("Handbuch", metrics(handbook)), ("Handbuch-neu", metrics(fresh))]
    if holdout:
        rows.append(("Handbuch-HO", metrics(holdout)))
    latencies = [o.latency_ms for o in handbook + unanswerable + fresh + fresh_neg + holdout + holdout_neg]
    law_out = []
    if laws:
        law_out = run_set(load("questions_gesetze.jsonl")[::step], LAWS_COLLECTION)
        rows.append(("Gesetze", metrics(law_out)))
        latencies += [o.latency_ms for o in law_out]
    print()
    print(f"{'Fragenset':<12}{'n':>5}{'recall@1':>10}{'recall@5':>10}{'MRR':>8}{'beantwortet':>13}")
    for label, m in rows:
        print(f"{label:<12}{m['n']:>5}{m['recall@1']:>10.3f}{m['recall@5']:>10.3f}{m['mrr']:>8.3f}{m['answered']:>13.3f}")
    print()
    for label, neg, pos in (("Abstimmungsset", unanswerable, handbook), ("neues Set", fresh_neg, fresh),
                            ("Hold-out-Set", holdout_neg, holdout)):
        if not neg and not pos:
            continue
        refused = sum(not o.found for o in neg) / max(1, len(neg))
        wrongly = sum(not o.found for o in pos) / max(1, len(pos))
        print(f"{label}: {len(neg)} unbeantwortbare Fragen, korrekt „nicht in den Unterlagen“ {refused:.3f}; "
              f"beantwortbare fälschlich abgelehnt {wrongly:.3f}")
    print(f"Suchlatenz: p50 {sorted(latencies)[len(latencies) // 2]:.1f} ms, p95 {p95(latencies):.1f} ms "
          f"({len(latencies)} Suchen)")
    if args.calibrate:
        print("\nset\trank\tdense\tsparse\tcoverage\tfrage")
        for label, outs in (("hb", handbook), ("neg", unanswerable), ("hb-neu", fresh), ("neg-neu", fresh_neg)):  # no hold-out: never tune on it
            for o in outs:
                h = o.top[0] if o.top else None
                if h:
                    print(f"{label}\t{o.rank}\t{h.dense:.3f}\t{h.sparse:.2f}\t{h.coverage:.2f}\t{o.q}")
    if args.misses:
        for label, outs in (("Handbuch", handbook), ("Handbuch-neu", fresh), ("Gesetze", law_out)):
            for o in outs:
                if o.rank != 1:
                    print(f"[{label}] rank={o.rank} {o.q}\n    -> {o.top[0].source} :: {o.top[0].heading}" if o.top else o.q)
    return 0


if __name__ == "__main__":
    sys.exit(main())
