"""Company parameters the owner sets (the tour cost's fuel rate): stored beside the company data in
`parameters.json`, seeded with the demo cost model's values until the owner sets or imports their own."""

from __future__ import annotations

import json
import os
import tempfile
from datetime import date
from pathlib import Path

from pydantic import BaseModel, Field

from tools.company.money import FUEL_EUR_PER_KM
from tools.errors import InputError
from tools.format_de import eur
from tools.settings import get_settings

PARAMETERS_FILE = "parameters.json"
# a fuel rate outside this band is a typo (ct for €, a litre price), not a van's running cost per km
FUEL_RATE_BAND = (0.02, 2.0)


class CompanyParameters(BaseModel):
    """The owner's own rates; `fuel_set_on` is None while the seeded default of the cost model applies."""

    fuel_eur_per_km: float = Field(default=FUEL_EUR_PER_KM, description="fuel cost per driven km (€)")
    fuel_set_on: date | None = Field(default=None, description="when the owner set the rate; None = seeded default")


def _path() -> Path:
    return get_settings().data_dir / PARAMETERS_FILE


def load_parameters() -> CompanyParameters:
    """The stored parameters, or the seeded defaults when none are stored."""
    path = _path()
    if not path.exists():
        return CompanyParameters()
    return CompanyParameters.model_validate_json(path.read_bytes())


def check_fuel_rate(rate: float) -> float:
    """The rate when it is a plausible € per km, else a German InputError saying the expected range."""
    low, high = FUEL_RATE_BAND
    if not low <= rate <= high:
        raise InputError(
            f"Ein Kraftstoffsatz von {eur(rate, cents=True)} je km ist unplausibel – erwartet sind zwischen "
            f"{eur(low, cents=True)} und {eur(high, cents=True)} je km (z. B. „0,25 € je km“)."
        )
    return rate


def set_fuel_rate(rate: float, today: date) -> CompanyParameters:
    """Store the owner's fuel rate (€ per km) as the company's; written atomically."""
    params = load_parameters().model_copy(update={"fuel_eur_per_km": check_fuel_rate(rate), "fuel_set_on": today})
    path = _path()
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".parameters-", dir=path.parent)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write(params.model_dump_json(indent=1))
    os.replace(tmp, path)
    return params


def import_parameters(path: Path, today: date) -> CompanyParameters:
    """Read the owner's parameters from a JSON file ({"fuel_eur_per_km": 0.24}) and store them."""
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        rate = float(raw["fuel_eur_per_km"])
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise InputError(
            "Die Datei braucht einen Eintrag „fuel_eur_per_km“ mit dem Kraftstoffsatz in € je km."
        ) from exc
    return set_fuel_rate(rate, today)
