"""`python -m evals.rag [--quick] [--calibrate] [--no-laws] [--employee-laws]`: retrieval figures as a table."""

from __future__ import annotations

import argparse
import os
import sys

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

from evals.rag.runner import LAWS_COLLECTION, LAWS_DIR, load, metrics, p95, prepare, run_set, share  # noqa: E402
from tools.rag import HANDBOOK_COLLECTION  # noqa: E402

# (label, answerable questions, unanswerable questions, used for tuning?)
HANDBOOK_SETS = [
    ("Handbuch", "questions_handbook.jsonl", "questions_unanswerable.txt", True),
    ("Handbuch-neu", "questions_handbook_fresh.jsonl", "questions_unanswerable_fresh.txt", True),
    # written before the second tuning round and never tuned on
    ("Handbuch-HO", "questions_handbook_holdout.jsonl", "questions_unanswerable_holdout.txt", False),
    # written by someone who saw only the headings, before the USE encoder was chosen; never tuned on
    ("Handbuch-blind", "questions_handbook_blind.jsonl", "questions_unanswerable_blind.txt", False),
]


def employee_laws(misses: bool, no_holdout: bool) -> int:
    """The employee law sets through the chat's law search: right law and § quoted, or no law where none answers."""
    from evals.rag.law_answers import LAW_SETS, ask, law_figures, load_laws
    from tools.rag.laws import law_files, sync_laws

    if not law_files() or not sync_laws(wait=True):
        print("Hinweis: die Gesetze fehlen (SYNERKI_LAWS_DIR) – Gesetzesfragen werden übersprungen.")
        return 0
    print(f"{'Fragenset':<16}{'n':>4}{'Treffer':>9}{'falscher §':>12}{'stumm':>8}{'fälschl. beantw.':>18}")
    for label, name, tuned in LAW_SETS:
        if no_holdout and not tuned:
            continue
        outs = [ask(q) for q in load_laws(name)]
        f = law_figures(outs)
        print(
            f"{label + ('' if tuned else '*'):<16}{f['n']:>4}{f['hit']:>9.3f}{f['wrong_paragraph']:>12.3f}"
            f"{f['silent']:>8.3f}{f['wrong_answered']:>18.3f}"
        )
        if misses and tuned:
            for o in outs:
                if not o.right:
                    print(f"   ✗ {o.q} → {o.quoted or '—'} (erwartet {o.expected or '—'})")
    print("Treffer: richtiges Gesetz und § zitiert (beantwortbare Fragen); fälschlich beantwortet: ein Gesetz zitiert,")
    print("wo keines der sieben antwortet. * nie zum Abstimmen verwendet")
    return 0


def main() -> int:
    ap = argparse.ArgumentParser(description="RAG-Evaluation (Handbuch, Gesetze, unbeantwortbare Fragen)")
    ap.add_argument("--quick", action="store_true", help="nur jede dritte Frage, ohne Gesetze")
    ap.add_argument("--no-laws", action="store_true", help="Gesetze überspringen")
    ap.add_argument("--calibrate", action="store_true", help="Merkmale der besten Treffer ausgeben")
    ap.add_argument(
        "--employee-laws", action="store_true", help="nur die Gesetzesfragen von Mitarbeitenden (Trefferquote, falsch)"
    )
    ap.add_argument("--misses", action="store_true", help="Fehlgriffe ausgeben")
    ap.add_argument("--no-holdout", action="store_true", help="nicht abgestimmte Sets auslassen (beim Abstimmen)")
    args = ap.parse_args()
    if args.employee_laws:
        return employee_laws(args.misses, args.no_holdout)
    laws = not (args.quick or args.no_laws)
    if laws and not LAWS_DIR.is_dir():
        print(f"Hinweis: {LAWS_DIR} fehlt – Gesetzesfragen werden übersprungen.")
        laws = False
    step = 3 if args.quick else 1
    for name, note in prepare(laws).items():
        print(f"Ingestion {name}: {note}")
    runs = [
        (label, tuned, run_set(load(pos)[::step], HANDBOOK_COLLECTION), run_set(load(neg)[::step], HANDBOOK_COLLECTION))
        for label, pos, neg, tuned in HANDBOOK_SETS
        if tuned or not args.no_holdout
    ]
    rows = [(label, metrics(pos)) for label, _, pos, _ in runs]
    untuned = [o for _, tuned, pos, _ in runs if not tuned for o in pos]
    if untuned:
        rows.append(("HB ungetunt", metrics(untuned)))
    latencies = [o.latency_ms for _, _, pos, neg in runs for o in pos + neg]
    law_out = []
    if laws:
        law_out = run_set(load("questions_gesetze.jsonl")[::step], LAWS_COLLECTION)
        rows.append(("Gesetze", metrics(law_out)))
        latencies += [o.latency_ms for o in law_out]
    print()
    print(f"{'Fragenset':<14}{'n':>5}{'recall@1':>10}{'recall@5':>10}{'MRR':>8}{'beantwortet':>13}")
    for label, m in rows:
        print(
            f"{label:<14}{m['n']:>5}{m['recall@1']:>10.3f}{m['recall@5']:>10.3f}{m['mrr']:>8.3f}{m['answered']:>13.3f}"
        )
    print()
    print("Entscheidung „nicht in den Unterlagen“ (sicher / unsicher mit Zitat / nichts):")
    for label, _, pos, neg in runs:
        print(
            f"  {label}: {len(neg)} unbeantwortbare Fragen: korrekt „nicht in den Unterlagen“ "
            f"{share(neg, 'keine'):.3f}, unsicher {share(neg, 'unsicher'):.3f}, fälschlich beantwortet "
            f"{share(neg, 'sicher'):.3f} | beantwortbare: sicher {share(pos, 'sicher'):.3f}, "
            f"unsicher {share(pos, 'unsicher'):.3f}, fälschlich abgelehnt {share(pos, 'keine'):.3f}"
        )
    print(
        f"Suchlatenz: p50 {sorted(latencies)[len(latencies) // 2]:.1f} ms, p95 {p95(latencies):.1f} ms "
        f"({len(latencies)} Suchen)"
    )
    handbook, unanswerable = runs[0][2], runs[0][3]
    fresh, fresh_neg = runs[1][2], runs[1][3]
    if args.calibrate:
        print("\nset\trank\te5\tuse\te5_z\tsparse\tcoverage\tfrage")
        for label, outs in (
            ("hb", handbook),
            ("neg", unanswerable),
            ("hb-neu", fresh),
            ("neg-neu", fresh_neg),
        ):  # no hold-out: never tune on it
            for o in outs:
                h = o.top[0] if o.top else None
                if h:
                    print(
                        f"{label}\t{o.rank}\t{h.dense:.3f}\t{h.dense_use:.3f}\t{h.dense_z:.2f}\t{h.sparse:.2f}\t{h.coverage:.2f}\t{o.q}"
                    )
    if args.misses:
        for label, outs in (("Handbuch", handbook), ("Handbuch-neu", fresh), ("Gesetze", law_out)):
            for o in outs:
                if o.rank != 1:
                    print(
                        f"[{label}] rank={o.rank} {o.q}\n    -> {o.top[0].source} :: {o.top[0].heading}"
                        if o.top
                        else o.q
                    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
