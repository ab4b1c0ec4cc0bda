"""Who of the staff is at work on a day: not on vacation, not reported sick, the site open.

There is no shift plan with times in the data; this is the roster's presence (vacation and sick notes).
"""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel

from tools.company.models import Employee
from tools.staffing.roster import is_operating
from tools.staffing.staffing import load_staff

Status = Literal["da", "Urlaub", "krank"]


class Presence(BaseModel):
    """One employee on one day."""

    name: str
    role: str
    site: str
    status: Status


class SitePresence(BaseModel):
    """Presence at one site on one day; `open` is False when the site does not work that day."""

    site: str
    open: bool
    people: list[Presence]

    def present(self) -> list[Presence]:
        """Those at work."""
        return [p for p in self.people if p.status == "da"]


def _status(emp: Employee, day: date) -> Status:
    if any(a <= day <= b for a, b in emp.vacation):
        return "Urlaub"
    return "krank" if day in emp.sick_days else "da"


def presence(day: date, sites: list[str], today: date) -> list[SitePresence]:
    """Presence per asked site (ids as in the staff list: branch ids or 'backstube')."""
    staff = load_staff(today)
    return [
        SitePresence(
            site=s,
            open=is_operating(s, day),
            people=[
                Presence(name=e.name, role=e.role, site=s, status=_status(e, day))
                for e in sorted(staff, key=lambda e: (e.role, e.name))
                if e.site == s
            ],
        )
        for s in sites
    ]
