"""The lab tour's separate copy of the generated demo company: built on first use, read in a scoped context.

Inside `demo_company()` every `get_settings()` of this thread/context reads the demo folder
(`SYNERKI_DEMO_DIR`, default `var_dir/demo_company`) and ignores the owner's own sales export and
prices; turns running at the same time in other threads still read the live data.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tools.company.data import ensure_data
from tools.settings import Settings, get_settings, scoped_settings


def ensure_demo_data(force: bool = False) -> Path:
    """Generate the demo copy (same seeded generator as the live demo data) when missing or stale; its folder."""
    with scoped_settings(get_settings().as_demo()):
        return ensure_data(force=force)


@contextmanager
def demo_company() -> Iterator[Settings]:
    """Run the block on the fictional demo copy (built first if needed); yields the demo settings."""
    demo = get_settings().as_demo()
    with scoped_settings(demo):
        ensure_data()  # a file lock keeps parallel first uses from generating twice
        yield demo
