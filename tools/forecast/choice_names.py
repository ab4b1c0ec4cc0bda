"""Plain German names for the forecast candidates of the selection (tools/forecast/selection.py), in one place.

The names carry no engine terms: they are read in the body of an answer; `METHOD_NOTE` names the engine
for the answer's method section. Base names are read from the base's configuration, so a changed grid keeps
honest names.
"""

from __future__ import annotations

from tools.forecast.model import ModelConfig
from tools.forecast.selection import DEFAULT, ENSEMBLE, PLAIN, Candidate, base_config
from tools.format_de import share

PLAIN_NAME = "einfaches Standardmodell"
PLAIN_THE = "das einfache Standardmodell"  # with its article (nominative/accusative)
ENSEMBLE_NAME = "Mittel mehrerer abgestimmter Modelle"
METHOD_NOTE = (
    "Das einfache Standardmodell ist Prophet mit den Feiertagen des Landes; die abgestimmten Modelle sind Prophet "
    "auf logarithmierten Werten mit Feiertagsfolgen, Advent und Saisonprofilen, in Varianten (Trainingsfenster, "
    "Trendsteifigkeit, Wetterspalten, Zusatzkorrektur der Reste). Gewählt wird per rollierender Kreuzvalidierung "
    "auf Ihren Daten vor dem Prognosestart; die mittlere Abweichung ist die Summe der absoluten Fehler geteilt "
    "durch die Summe der Ist-Werte (WAPE)."
)


def _years(y: float) -> str:
    words = {1.0: "einem Jahr", 2.0: "zwei Jahren", 3.0: "drei Jahren"}
    return words.get(y, f"{y:g} Jahren".replace(".", ","))


def _traits(base: str) -> list[str]:
    """What sets a tuned base apart, read from its configuration."""
    _, cfg = base_config(base)
    ref = ModelConfig()
    out = [
        f"gelernt aus bis zu {_years(cfg.train_years)} Verlauf" if cfg.train_years else "gelernt aus dem ganzen Verlauf"
    ]
    if cfg.changepoint_prior < ref.changepoint_prior:
        out.append("ruhigerer Trend")
    elif cfg.changepoint_prior > ref.changepoint_prior:
        out.append("beweglicherer Trend")
    if cfg.regressor_set == "events":
        out.append("nur Ereignisspalten, ohne Wetter")
    if cfg.residual_boost:
        out.append("mit einer Zusatzkorrektur der verbleibenden Fehler")
    return out


def candidate_name(c: Candidate) -> str:
    """German name of a candidate: its base, the short-term level correction and the blend with the standard
    model, e.g. 'abgestimmtes Modell (gelernt aus bis zu drei Jahren Verlauf, ruhigerer Trend)'."""
    if c.base == PLAIN:
        return PLAIN_NAME
    name, traits = (ENSEMBLE_NAME, []) if c.base == ENSEMBLE else ("abgestimmtes Modell", _traits(c.base))
    if c.level:
        traits.append("an das Niveau der letzten Tage angeglichen")
    if traits:
        name += f" ({', '.join(traits)})"
    if c.blend < 1.0:
        name += f", gemischt mit dem einfachen Standardmodell (Anteil {share(1 - c.blend, 0)})"
    return name


def is_default(c: Candidate) -> bool:
    """True for the selection's preset (kept unless another candidate is clearly better in every fold)."""
    return c == DEFAULT
