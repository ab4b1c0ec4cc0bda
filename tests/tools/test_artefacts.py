"""A fingerprinted artefact is fitted once per set of inputs, even when many threads ask at once."""

from __future__ import annotations

import json
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from tools.artefacts import Artefact, fingerprint


def _save(value: dict[str, int], path: Path) -> None:
    path.write_text(json.dumps(value))


def _load(path: Path) -> dict[str, int]:
    return dict(json.loads(path.read_text()))


TABLE: Artefact[dict[str, int]] = Artefact("table", version=1, suffix=".json", save=_save, load=_load)


def test_fingerprint_depends_on_inputs_and_version_not_on_key_order() -> None:
    assert fingerprint(1, {"a": 1, "b": 2}) == fingerprint(1, {"b": 2, "a": 1})
    assert fingerprint(1, {"a": 1}) != fingerprint(1, {"a": 2})
    assert fingerprint(1, {"a": 1}) != fingerprint(2, {"a": 1})


def test_many_threads_fit_once_and_all_get_the_result(fresh_var: Path) -> None:
    fits: list[int] = []
    lock = threading.Lock()

    def fit() -> dict[str, int]:
        with lock:
            fits.append(1)
        time.sleep(0.2)  # slow enough that the other threads arrive while it runs
        return {"n": 42}

    with ThreadPoolExecutor(8) as pool:
        results = list(pool.map(lambda _: TABLE.load_or_fit({"data": "x"}, fit), range(8)))
    assert fits == [1]
    assert results == [{"n": 42}] * 8
    assert [p.name for p in TABLE.folder().glob("*.json")] == [TABLE.path({"data": "x"}).name]


def test_new_inputs_or_refit_fit_again_and_replace_the_old_file(fresh_var: Path) -> None:
    TABLE.load_or_fit({"data": "x"}, lambda: {"n": 1})
    assert TABLE.load_or_fit({"data": "x"}, lambda: {"n": 2}) == {"n": 1}
    assert TABLE.load_or_fit({"data": "x"}, lambda: {"n": 3}, refit=True) == {"n": 3}
    assert TABLE.load_or_fit({"data": "y"}, lambda: {"n": 4}) == {"n": 4}
    assert not TABLE.stored({"data": "x"}) and TABLE.stored({"data": "y"})


def test_keep_holds_the_newest_files_for_inputs_asked_in_turn(fresh_var: Path) -> None:
    several: Artefact[dict[str, int]] = Artefact("several", version=1, suffix=".json", save=_save, load=_load, keep=2)
    for n, data in enumerate(["a", "b", "c"]):
        several.load_or_fit({"data": data}, lambda n=n: {"n": n})
        time.sleep(0.01)  # distinct modification times
    assert [several.stored({"data": d}) for d in "abc"] == [False, True, True]
    assert several.load_or_fit({"data": "b"}, lambda: {"n": 99}) == {"n": 1}
