"""`python -m evals.conversation [--real] [--set NAME]`: scripted multi-turn conversations (issue 16).

Scores each turn on tool, slots and key words of the answer and prints per set the share of turns,
follow-up turns and whole conversations right, then the failures. Slow tools (forecast, plans, finance)
are stubbed unless --real: their turns are scored on tool and slots only.
"""

from __future__ import annotations

import argparse
import os
import time

os.environ.setdefault("SYNERKI_TODAY", "2026-11-25")  # the dates in the data files are relative to this day

from evals.conversation.runner import SETS, TurnScore, run_set  # after fixing today


def _share(right: int, total: int) -> str:
    return f"{right}/{total} ({right / total:.1%})" if total else "–"


def report(name: str, convs: list[list[TurnScore]], seconds: float) -> None:
    turns = [t for c in convs for t in c]
    follow = [t for t in turns if t.follow]
    print(f"\n== {name}: {len(convs)} Gespräche, {len(turns)} Züge ({seconds:.0f} s)")
    print(f"Züge richtig (Werkzeug + Slots + Schlüsselwörter): {_share(sum(t.right for t in turns), len(turns))}")
    print(f"Rückfragen-Züge richtig:                           {_share(sum(t.right for t in follow), len(follow))}")
    print(
        f"Gespräche durchgehend richtig:                     {_share(sum(all(t.right for t in c) for c in convs), len(convs))}"
    )
    print(
        f"Schlüsselwörter geprüft in {sum(t.words_checked for t in turns)} Zügen (übrige Werkzeuge ohne --real nur Werkzeug/Slots)"
    )
    print(
        f"Erster Absatz ohne IDs/Fachwörter/Dateiendungen:     "
        f"{_share(sum(t.plain_checked and not any(e.startswith('im ersten Absatz') for e in t.errors) for t in turns), sum(t.plain_checked for t in turns))}"
    )
    for t in turns:
        if not t.right:
            print(f"  ✗ {t.conv} #{t.index} „{t.say}“: {'; '.join(t.errors)}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--real", action="store_true", help="run every tool for real (slow)")
    ap.add_argument("--set", choices=sorted(SETS), help="only this set")
    ap.add_argument("--only", help="only conversations whose id contains this text")
    ap.add_argument("-v", "--verbose", action="store_true", help="print each turn's time and tool")
    args = ap.parse_args(argv)
    from tools.rag.laws import sync_laws

    sync_laws(wait=True)  # the laws an employee's question may quote (minutes the first time; absent: skipped)
    for name, path in SETS.items():
        if args.set and name != args.set:
            continue
        start = time.perf_counter()
        convs = run_set(path, args.real, prefix=name, verbose=args.verbose, only=args.only)
        report(name, convs, time.perf_counter() - start)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
