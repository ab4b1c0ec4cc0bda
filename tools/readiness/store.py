"""Anonymised readiness results in the company database, comparisons, and published adoption figures."""

from __future__ import annotations

import threading
from datetime import date
from functools import lru_cache
from statistics import mean

import yaml
from pydantic import BaseModel
from sqlalchemy import (
    Boolean,
    Column,
    Date,
    Engine,
    Float,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    func,
    insert,
    select,
    update,
)

from tools.db import ensure_tables
from tools.readiness.bank import DATA_DIR, DIMENSION_IDS
from tools.readiness.processes import ProcessMap
from tools.readiness.scoring import ReadinessResult

# smallest comparison group before falling back to a wider one: in fewer results one visitor could read another's
# scores off the mean (taking the check twice, one of them is known)
MIN_GROUP = 5

_meta = MetaData()
_SEED_LOCK = threading.Lock()
results_table = Table(
    "readiness_results",
    _meta,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("created", Date, nullable=False),
    Column("trade", String(40), nullable=False),
    Column("size_class", String(20)),
    Column("region_class", String(20)),
    Column("synthetic", Boolean, nullable=False, default=False),
    Column("label", String(80)),
    *[Column(f"s_{d}", Float) for d in DIMENSION_IDS],
    Column("overall", Float),
)


class PublishedFigure(BaseModel):
    key: str
    label: str
    percent: float
    year: int
    source: str
    size_class: str | None = None


class Comparison(BaseModel):
    """How a result compares with stored participants of the same trade and size."""

    group: str
    n: int
    n_synthetic: int
    means: dict[str, float | None]
    overall_mean: float | None
    share_below: float | None
    figures: list[PublishedFigure]


@lru_cache(maxsize=1)
def published_figures() -> list[PublishedFigure]:
    """Published adoption figures with year and source (`data/adoption.yaml`)."""
    raw = yaml.safe_load((DATA_DIR / "adoption.yaml").read_text(encoding="utf-8"))
    return [PublishedFigure.model_validate(x) for x in raw]


def _row(result: ReadinessResult, created: date, synthetic: bool, label: str | None) -> dict[str, object]:
    row: dict[str, object] = {
        "created": created,
        "trade": result.profile.trade or "sonstige",
        "size_class": result.profile.size_class,
        "region_class": result.profile.region_class,
        "synthetic": synthetic,
        "label": label,
        "overall": result.overall,
    }
    row.update({f"s_{d}": result.scores.get(d) for d in DIMENSION_IDS})
    return row


def ensure_table(engine: Engine | None = None) -> Engine:
    """Create the table and seed it once with the made-up demo participants (run through the engine)."""
    from tools.readiness.scripted import run_script

    engine = ensure_tables(_meta, engine)
    with _SEED_LOCK, engine.begin() as con:  # parallel turns seed once
        if con.execute(select(func.count()).select_from(results_table).where(results_table.c.synthetic)).scalar():
            return engine
        seeds = yaml.safe_load((DATA_DIR / "seed_participants.yaml").read_text(encoding="utf-8"))
        for s in seeds:
            run = run_script(s["answers"])
            con.execute(insert(results_table).values(**_row(run.result, date(2026, 1, 1), True, s["name"])))
    return engine


def save_result(result: ReadinessResult, created: date, engine: Engine | None = None) -> int:
    """Store trade, size class, region class and scores only (no names, no answers); returns the row id."""
    engine = ensure_table(engine)
    with engine.begin() as con:
        res = con.execute(insert(results_table).values(**_row(result, created, False, None)))
        key = res.inserted_primary_key
        assert key is not None  # an INSERT always returns its key
        return int(key[0])


def _anonymous(group: list[dict[str, object]]) -> bool:
    """Big enough to show, and no visitor readable off its mean: the synthetic rows are public (seed file), so
    a group holds no real result or at least MIN_GROUP of them."""
    real = sum(1 for r in group if not r["synthetic"])
    return len(group) >= MIN_GROUP and (real == 0 or real >= MIN_GROUP)


def compare(result: ReadinessResult, engine: Engine | None = None, exclude_id: int | None = None) -> Comparison:
    """Compare with the same trade and size class, widening to the trade, then to everybody, then to the
    fictitious participants only (the first group that reveals no single visitor)."""
    engine = ensure_table(engine)
    with engine.connect() as con:
        rows = [dict(r._mapping) for r in con.execute(select(results_table))]
    rows = [r for r in rows if r["id"] != exclude_id and r["overall"] is not None]
    p = result.profile
    groups = [
        (
            f"{p.trade_label or p.trade}, gleiche Größenklasse",
            [r for r in rows if r["trade"] == p.trade and r["size_class"] == p.size_class],
        ),
        (f"{p.trade_label or p.trade}, alle Größen", [r for r in rows if r["trade"] == p.trade]),
        ("alle Teilnehmenden", rows),
        ("fiktive Demo-Teilnehmer", [r for r in rows if r["synthetic"]]),
    ]
    label, group = next(((lbl, g) for lbl, g in groups if _anonymous(g)), groups[-1])
    means: dict[str, float | None] = {}
    for d in DIMENSION_IDS:
        vals = [r[f"s_{d}"] for r in group if r[f"s_{d}"] is not None]
        means[d] = round(mean(vals), 2) if vals else None
    overalls = [r["overall"] for r in group]
    share = (
        round(sum(1 for o in overalls if o < result.overall) / len(overalls), 2)
        if overalls and result.overall is not None
        else None
    )
    figs = [f for f in published_figures() if f.size_class in (None, p.size_class)]
    return Comparison(
        group=label,
        n=len(group),
        n_synthetic=sum(1 for r in group if r["synthetic"]),
        means=means,
        overall_mean=round(mean(overalls), 2) if overalls else None,
        share_below=share,
        figures=figs,
    )


# ---------------------------------------------------------------- process map (issue 20.1)

process_maps_table = Table(
    "readiness_process_maps",
    _meta,
    Column("thread_id", String(200), primary_key=True),
    Column("updated", Date, nullable=False),
    Column("trade", String(40), nullable=False),
    Column("map_json", Text, nullable=False),
)


def save_process_map(thread_id: str, process_map: ProcessMap, updated: date, engine: Engine | None = None) -> None:
    """Store (or replace) the finished process map of a chat thread so that later tools can read it."""
    engine = ensure_tables(_meta, engine)
    row = {"updated": updated, "trade": process_map.trade, "map_json": process_map.model_dump_json()}
    with engine.begin() as con:
        done = con.execute(update(process_maps_table).where(process_maps_table.c.thread_id == thread_id).values(**row))
        if not done.rowcount:
            con.execute(insert(process_maps_table).values(thread_id=thread_id, **row))


def load_process_map(thread_id: str, engine: Engine | None = None) -> ProcessMap | None:
    """The stored process map of a chat thread (or session id), None when it has none."""
    engine = ensure_tables(_meta, engine)
    with engine.connect() as con:
        raw = con.execute(
            select(process_maps_table.c.map_json).where(process_maps_table.c.thread_id == thread_id)
        ).scalar()
    return ProcessMap.model_validate_json(raw) if raw else None
