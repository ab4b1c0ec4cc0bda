"""The process map's table and picture, and the map stored per thread for the backlog."""

from __future__ import annotations

from PIL import Image

from tools.readiness.process_chart import process_chart, process_table
from tools.readiness.process_defaults import default_map
from tools.readiness.processes import Process, ProcessMap
from tools.readiness.store import load_process_map, save_process_map
from tools.settings import get_settings


def _map_with_answer() -> ProcessMap:
    m = default_map("baeckerei")
    m.processes[0] = Process(
        id="produktion", title="Produktion & Backplanung", group="wertschoepfung", hours_per_week=60,
        pains=["fehler", "doppelt", "spitzen"], data=["excel"], software=[],
    )  # fmt: skip
    return m


def test_table_marks_assumed_rows_and_bottlenecks() -> None:
    m = _map_with_answer()
    table = process_table(m)
    rows = table.splitlines()
    assert rows[0].startswith("| Ablauf | Gruppe | Std./Woche | Was hakt | Daten |")
    assert len(rows) == 2 + len(m.processes)
    first = next(r for r in rows if "Produktion" in r)
    assert "⚠" in first and "Ihre Angabe" in first and "| 60 |" in first and "Doppelerfassung" in first
    assert sum("angenommen" in r for r in rows) == len(m.processes) - 1
    assert "DATEV" in next(r for r in rows if "Buchhaltung" in r)


def test_picture_is_produced() -> None:
    path = process_chart(_map_with_answer())
    assert path.exists() and path.parent == get_settings().charts_dir
    with Image.open(path) as img:
        w, h = img.size
    assert w >= 1000 and h >= 400


def test_map_is_stored_per_thread(database: object) -> None:
    m = _map_with_answer()
    assert load_process_map("pm-thread-none") is None
    save_process_map("pm-thread-1", m, get_settings().today())
    again = load_process_map("pm-thread-1")
    assert again == m and again is not None and not again.processes[0].assumed
    m.goals = ["Retouren senken"]
    save_process_map("pm-thread-1", m, get_settings().today())
    stored = load_process_map("pm-thread-1")
    assert stored is not None and stored.goals == ["Retouren senken"]
