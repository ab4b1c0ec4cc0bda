"""Log every quality check in the company database and report defect rates per period and product."""

from __future__ import annotations

import json
from collections import Counter
from datetime import date, datetime, time, timedelta

from pydantic import BaseModel, Field
from sqlalchemy import Column, DateTime, Integer, MetaData, String, Table, Text, insert, select

from tools.db import ensure_tables, get_engine
from tools.settings import get_settings
from tools.vision.classes import is_defect
from tools.vision.inference import ImageCheck

_META = MetaData()
CHECKS = Table(
    "vision_checks",
    _META,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("checked_at", DateTime, nullable=False, index=True),
    Column("batch", String(64), nullable=False),
    Column("image", String(255), nullable=False),
    Column("user", String(64), nullable=False, default="anonym"),
    Column("product", String(32), nullable=True, index=True),
    Column("pieces", Integer, nullable=False),
    Column("defective", Integer, nullable=False),
    Column("counts", Text, nullable=False, doc="JSON: state -> count for this product on this image"),
)


def _ensure() -> None:
    ensure_tables(_META)


def log_checks(checks: list[ImageCheck], batch: str, user: str = "anonym", when: datetime | None = None) -> int:
    """Store one row per image and product (an image without baked goods gets one row with 0 pieces)."""
    _ensure()
    when = when or get_settings().now()
    rows: list[dict[str, object]] = []
    for c in checks:
        if c.error:
            continue
        # an image without baked goods gets one row with 0 pieces, otherwise one row per product
        per_product: dict[str | None, dict[str, int]] = {p: n for p, n in c.by_product.items()} or {None: {}}
        for product, counts in per_product.items():
            rows.append(
                dict(
                    checked_at=when,
                    batch=batch,
                    image=c.image[:255],
                    user=user,
                    product=product,
                    pieces=sum(counts.values()),
                    defective=sum(n for s, n in counts.items() if is_defect(s)),
                    counts=json.dumps(counts, ensure_ascii=False),
                )
            )
    if rows:
        with get_engine().begin() as conn:
            conn.execute(insert(CHECKS), rows)
    return len(rows)


class DefectStats(BaseModel):
    """Defect figures of the logged checks in a period (optionally one product)."""

    start: date
    end: date
    product: str | None
    images: int
    pieces: int
    defective: int
    rate: float | None = Field(description="defective / pieces, None without pieces")
    by_defect: dict[str, int]
    by_product: dict[str, dict[str, float]] = Field(description="product -> {pieces, defective, rate}")


def defect_stats(start: date, end: date, product: str | None = None) -> DefectStats:
    """Aggregate the log between start and end (inclusive days)."""
    _ensure()
    q = select(CHECKS).where(
        CHECKS.c.checked_at >= datetime.combine(start, time.min),
        CHECKS.c.checked_at < datetime.combine(end + timedelta(days=1), time.min),
    )
    if product:
        q = q.where(CHECKS.c.product == product)
    with get_engine().connect() as conn:
        rows = conn.execute(q).mappings().all()
    by_defect: Counter[str] = Counter()
    per_prod: dict[str, Counter[str]] = {}
    images = set()
    for r in rows:
        images.add((r["batch"], r["image"]))
        for state, n in json.loads(r["counts"]).items():
            if is_defect(state):
                by_defect[state] += n
        if r["product"]:
            c = per_prod.setdefault(r["product"], Counter())
            c["pieces"] += r["pieces"]
            c["defective"] += r["defective"]
    pieces = sum(r["pieces"] for r in rows)
    defective = sum(r["defective"] for r in rows)
    return DefectStats(
        start=start,
        end=end,
        product=product,
        images=len(images),
        pieces=pieces,
        defective=defective,
        rate=(defective / pieces) if pieces else None,
        by_defect=dict(by_defect),
        by_product={
            p: {
                "pieces": c["pieces"],
                "defective": c["defective"],
                "rate": c["defective"] / c["pieces"] if c["pieces"] else 0.0,
            }
            for p, c in sorted(per_prod.items())
        },
    )
