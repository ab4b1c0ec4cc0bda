"""Small JSON disk cache for per-day chain results, keyed by the company data version."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel

from tools.settings import get_settings

M = TypeVar("M", bound=BaseModel)
CACHE_VERSION = 3


def cache_dir() -> Path:
    """Folder of the chain's cached results."""
    return get_settings().cache_dir / "chain"


def clear_cache() -> None:
    """Remove every cached chain result (used for cold timings in evals/chain)."""
    shutil.rmtree(cache_dir(), ignore_errors=True)


def data_key() -> str:
    """Fingerprint of the company data the chain depends on (last day, rows, own sales export)."""
    from tools.company.data import data_meta, own_sales_path

    s = get_settings()
    meta = data_meta()
    own = ""
    own_path = own_sales_path()  # SYNERKI_SALES_CSV or the export uploaded in the chat (new after import/undo)
    if own_path is not None and own_path.is_file():
        own = f"{own_path}:{own_path.stat().st_mtime_ns}"
    demo = "demo" if s.demo_company else ""  # the lab tour's copy never shares results with the live data
    raw = f"{CACHE_VERSION}|{meta.get('generator_version')}|{meta.get('last_day')}|{meta.get('rows_sales')}|{own}|{s.today()}{demo}"
    return hashlib.sha1(raw.encode()).hexdigest()[:12]


def key_of(*parts: object) -> str:
    """Stable short hash of JSON-able parts."""
    return hashlib.sha1(json.dumps(parts, sort_keys=True, default=str).encode()).hexdigest()[:16]


def cached(kind: str, key: str, model: type[M], compute: Callable[[], M]) -> M:
    """Return the cached model for (kind, key) or compute, store and return it."""
    path = cache_dir() / kind / f"{key}.json"
    if path.is_file():
        try:
            return model.model_validate_json(path.read_text(encoding="utf-8"))
        except Exception:  # noqa: BLE001 - a broken cache entry is recomputed
            path.unlink(missing_ok=True)
    value = compute()
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(f".{os.getpid()}-{threading.get_ident()}.tmp")  # parallel turns write their own
    tmp.write_text(value.model_dump_json(), encoding="utf-8")
    tmp.replace(path)
    return value
