"""Business data (tools/db.py) on SQLite and PostgreSQL, also when the first turns of a process arrive together."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import date, datetime

from tools.db import database_url, get_engine, libpq_url, sync_url
from tools.vision.inference import ImageCheck


def test_postgres_urls_use_the_installed_drivers() -> None:
    assert sync_url("postgresql://u@h/db") == "postgresql+psycopg://u@h/db"
    assert sync_url("postgres://u@h/db") == "postgresql+psycopg://u@h/db"
    assert sync_url("postgresql+asyncpg://u@h/db") == "postgresql+psycopg://u@h/db"
    assert sync_url("sqlite:///x.sqlite") == "sqlite:///x.sqlite"
    assert libpq_url("postgresql+psycopg://u@h/db") == "postgresql://u@h/db"


def test_quality_log_from_parallel_turns(database: str) -> None:
    """Eight quality checks logged at once into a new database: tables created once, every row kept."""
    from tools.vision.log import defect_stats, log_checks

    assert get_engine().dialect.name == ("postgresql" if database.startswith("postgres") else "sqlite")
    assert database_url() == sync_url(database)
    check = ImageCheck(
        image="blech.jpg",
        label="verbrannt",
        pieces=3,
        defects={"verbrannt": 1},
        by_product={"brezel": {"brezel_ok": 2, "brezel_verbrannt": 1}},
    )
    when = datetime(2026, 11, 24, 6, 30)

    def log(i: int) -> int:
        return log_checks([check.model_copy(update={"image": f"blech-{i}.jpg"})], batch=f"b{i}", user="anna", when=when)

    with ThreadPoolExecutor(8) as pool:
        assert list(pool.map(log, range(8))) == [1] * 8
    stats = defect_stats(date(2026, 11, 24), date(2026, 11, 24))
    assert (stats.images, stats.pieces, stats.defective) == (8, 24, 8)
    assert stats.by_defect == {"brezel_verbrannt": 8}


def test_readiness_store_is_seeded_once_by_parallel_turns(database: str) -> None:
    from sqlalchemy import func, select

    from tools.readiness.store import ensure_table, results_table

    with ThreadPoolExecutor(4) as pool:
        engines = list(pool.map(lambda _: ensure_table(), range(4)))
    with engines[0].connect() as con:
        seeded = con.execute(select(func.count()).select_from(results_table)).scalar()
    again = ensure_table()
    with again.connect() as con:
        assert con.execute(select(func.count()).select_from(results_table)).scalar() == seeded >= 6
