"""Accuracy of the process-answer parser on free-text answers it was not tuned on (issue 20.1).

Usage: python -m evals.process_map [--quick] [-v]   (--quick: the first 10 answers)
"""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Any

import yaml

from tools.readiness.process_parse import parse_answer

HERE = Path(__file__).resolve().parent
TOLERANCE = 0.15  # hours within 15 % count as right


def _hours_right(got: float | None, want: float | None) -> bool:
    if got is None or want is None:
        return got is None and want is None
    return abs(got - want) <= TOLERANCE * max(want, 1.0)


def main(argv: list[str]) -> int:
    cases: list[dict[str, Any]] = yaml.safe_load((HERE / "answers.yaml").read_text(encoding="utf-8"))
    if "--quick" in argv:
        cases = cases[:10]
    hits = {"hours": 0, "pains": 0, "data": 0, "software": 0, "all": 0}
    start = time.process_time()
    for c in cases:
        p = parse_answer(c["say"])
        ok = {
            "hours": _hours_right(p.hours, c["hours"]),
            "pains": set(p.pains) == set(c["pains"]),
            "data": set(p.data) == set(c["data"]),
            "software": set(p.software) == set(c.get("software", [])),
        }
        ok["all"] = all(ok.values())
        for k, v in ok.items():
            hits[k] += v
        if "-v" in argv and not ok["all"]:
            wrong = ", ".join(k for k, v in ok.items() if not v and k != "all")
            print(f"✗ {c['say']!r}: {wrong} – got {p.hours} {p.pains} {p.data} {p.software}")
    cpu = time.process_time() - start
    n = len(cases)
    print(f"\n== Prozess-Antworten: {n} freie Antworten, {1000 * cpu / max(n, 1):.2f} ms CPU je Antwort ==")
    print("| Feld | richtig |")
    print("|---|---|")
    for k, v in hits.items():
        print(f"| {'alles' if k == 'all' else k} | {v}/{n} ({100 * v / n:.0f} %) |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
