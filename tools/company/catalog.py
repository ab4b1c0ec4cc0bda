"""Master data of the demo bakery chain Korn & Kruste (Altmark): branches, products, recipes.

This is our own invented company; coordinates are the real town centres. A user's own
master data can replace it later; everything else (sales, staff, finance) is generated
from it by `tools.company.generate` with a fixed seed.
"""

from __future__ import annotations

from datetime import time
from typing import Literal

from pydantic import BaseModel, Field

GroupId = Literal["brot", "broetchen", "feingebaeck", "konditorei", "kuchen", "saison"]

GROUP_NAMES: dict[str, str] = {
    "brot": "Brot",
    "broetchen": "Brötchen",
    "feingebaeck": "Feingebäck/Croissant",
    "konditorei": "Konditorei",
    "kuchen": "Kuchen",
    "saison": "Saisongebäck",
}
# the product-group numbers of the Kiel bakery data set (for comparisons)
GROUP_KIEL_NUMBER: dict[str, int] = {
    "brot": 1,
    "broetchen": 2,
    "feingebaeck": 3,
    "konditorei": 4,
    "kuchen": 5,
    "saison": 6,
}


class OpeningHours(BaseModel):
    """Opening hours of a branch per weekday class; None = closed."""

    weekday: tuple[time, time]
    saturday: tuple[time, time] | None
    sunday: tuple[time, time] | None


class Site(BaseModel):
    id: str
    name: str
    town: str
    lat: float
    lon: float


class Branch(Site):
    opening: OpeningHours
    size: float = Field(description="relative customer volume, 1.0 = average branch")
    manager: str


BAKERY = Site(id="backstube", name="Backstube Stendal (Zentrale)", town="Stendal", lat=52.5937, lon=11.8751)

_WD = (time(6, 0), time(18, 0))
BRANCHES: list[Branch] = [
    Branch(
        id="stendal_markt",
        name="Stendal Marktplatz",
        town="Stendal",
        lat=52.6048,
        lon=11.8591,
        opening=OpeningHours(weekday=_WD, saturday=(time(6, 0), time(12, 0)), sunday=(time(7, 30), time(11, 0))),
        size=1.5,
        manager="Sabine Knusprig",
    ),
    Branch(
        id="stendal_bahnhof",
        name="Stendal Bahnhof",
        town="Stendal",
        lat=52.5965,
        lon=11.8551,
        opening=OpeningHours(
            weekday=(time(5, 30), time(19, 0)), saturday=(time(6, 0), time(14, 0)), sunday=(time(7, 0), time(12, 0))
        ),
        size=1.2,
        manager="Kerstin Lange",
    ),
    Branch(
        id="tangermuende",
        name="Tangermünde Altstadt",
        town="Tangermünde",
        lat=52.5418,
        lon=11.9695,
        opening=OpeningHours(
            weekday=(time(6, 30), time(18, 0)), saturday=(time(6, 30), time(13, 0)), sunday=(time(8, 0), time(12, 0))
        ),
        size=1.1,
        manager="Monika Schulze",
    ),
    Branch(
        id="gardelegen",
        name="Gardelegen Holzmarkt",
        town="Gardelegen",
        lat=52.5262,
        lon=11.3948,
        opening=OpeningHours(weekday=(time(6, 0), time(18, 0)), saturday=(time(6, 0), time(12, 0)), sunday=None),
        size=1.0,
        manager="Petra Wendt",
    ),
    Branch(
        id="salzwedel",
        name="Salzwedel Neuperver Straße",
        town="Salzwedel",
        lat=52.8507,
        lon=11.1527,
        opening=OpeningHours(
            weekday=(time(6, 0), time(18, 0)), saturday=(time(6, 0), time(12, 30)), sunday=(time(8, 0), time(11, 0))
        ),
        size=1.0,
        manager="Anja Brandt",
    ),
    Branch(
        id="osterburg",
        name="Osterburg Breite Straße",
        town="Osterburg",
        lat=52.7874,
        lon=11.7552,
        opening=OpeningHours(weekday=(time(6, 30), time(17, 30)), saturday=(time(6, 30), time(11, 30)), sunday=None),
        size=0.8,
        manager="Heike Vogel",
    ),
    Branch(
        id="havelberg",
        name="Havelberg Stadtinsel",
        town="Havelberg",
        lat=52.8248,
        lon=12.0741,
        opening=OpeningHours(
            weekday=(time(7, 0), time(17, 0)), saturday=(time(7, 0), time(11, 30)), sunday=(time(8, 0), time(11, 0))
        ),
        size=0.7,
        manager="Doreen Krüger",
    ),
    Branch(
        id="bismark",
        name="Bismark (Altmark) Breite Straße",
        town="Bismark",
        lat=52.6617,
        lon=11.5563,
        opening=OpeningHours(weekday=(time(6, 30), time(17, 0)), saturday=(time(6, 30), time(11, 0)), sunday=None),
        size=0.6,
        manager="Ines Hoffmann",
    ),
]

DoughType = Literal[
    "roggensauerteig",
    "weizenteig",
    "dinkelteig",
    "laugenteig",
    "plunderteig",
    "mürbeteig",
    "biskuit",
    "hefeteig",
    "stollenteig",
    "lebkuchenteig",
    "baumkuchenmasse",
]
DOUGH_NAMES: dict[str, str] = {
    "roggensauerteig": "Roggensauerteig",
    "weizenteig": "Weizenteig",
    "dinkelteig": "Dinkelteig",
    "laugenteig": "Laugenteig",
    "plunderteig": "Plunderteig",
    "mürbeteig": "Mürbeteig",
    "biskuit": "Biskuit",
    "hefeteig": "Hefeteig",
    "stollenteig": "Stollenteig",
    "lebkuchenteig": "Lebkuchenteig",
    "baumkuchenmasse": "Baumkuchenmasse",
}


class Recipe(BaseModel):
    """Dough and raw materials per piece (kg), bake parameters per tray."""

    dough: DoughType
    dough_kg: float
    ingredients_kg: dict[str, float] = Field(description="raw material -> kg per piece")
    bake_minutes: int
    temperature_c: int
    pieces_per_tray: int


class Product(BaseModel):
    id: str
    name: str
    group: GroupId
    unit: str = "Stück"
    price_eur: float
    cost_eur: float = Field(description="production cost per piece (materials, energy, labour)")
    salvage_eur: float = Field(description="value of an unsold piece (next-day sale, animal feed)")
    base_daily: float = Field(description="mean daily demand at a branch of size 1.0")
    sweet: bool = False
    seasonal: Literal["advent", "silvester", None] = None
    synonyms: list[str] = Field(default_factory=list)
    recipe: Recipe


def _r(dough: DoughType, kg: float, ing: dict[str, float], minutes: int, temp: int, per_tray: int) -> Recipe:
    return Recipe(
        dough=dough, dough_kg=kg, ingredients_kg=ing, bake_minutes=minutes, temperature_c=temp, pieces_per_tray=per_tray
    )


PRODUCTS: list[Product] = [
    Product(
        id="landbrot",
        name="Altmärker Landbrot",
        group="brot",
        price_eur=4.20,
        cost_eur=1.45,
        salvage_eur=0.60,
        base_daily=28,
        synonyms=["landbrot", "roggenmischbrot", "mischbrot", "graubrot"],
        recipe=_r(
            "roggensauerteig",
            1.05,
            {"Roggenmehl 1150": 0.42, "Weizenmehl 1050": 0.18, "Salz": 0.012, "Hefe": 0.006},
            55,
            230,
            8,
        ),
    ),
    Product(
        id="roggenbrot",
        name="Roggenbrot",
        group="brot",
        price_eur=4.50,
        cost_eur=1.55,
        salvage_eur=0.60,
        base_daily=14,
        synonyms=["roggenbrot", "roggenbrote", "schwarzbrot", "sauerteigbrot"],
        recipe=_r("roggensauerteig", 1.10, {"Roggenmehl 1150": 0.60, "Salz": 0.013}, 60, 230, 8),
    ),
    Product(
        id="dinkelbrot",
        name="Dinkelvollkornbrot",
        group="brot",
        price_eur=5.20,
        cost_eur=1.90,
        salvage_eur=0.60,
        base_daily=10,
        synonyms=["dinkelbrot", "dinkelvollkornbrot", "vollkornbrot", "dinkel"],
        recipe=_r(
            "dinkelteig", 0.95, {"Dinkelvollkornmehl": 0.55, "Saaten": 0.06, "Salz": 0.011, "Hefe": 0.008}, 50, 220, 8
        ),
    ),
    Product(
        id="kastenweissbrot",
        name="Kastenweißbrot",
        group="brot",
        price_eur=3.10,
        cost_eur=0.95,
        salvage_eur=0.40,
        base_daily=9,
        synonyms=["weißbrot", "weissbrot", "toastbrot", "kastenbrot"],
        recipe=_r(
            "weizenteig", 0.80, {"Weizenmehl 550": 0.48, "Butter": 0.02, "Salz": 0.009, "Hefe": 0.012}, 40, 220, 10
        ),
    ),
    Product(
        id="schrippe",
        name="Weizenbrötchen (Schrippe)",
        group="broetchen",
        price_eur=0.45,
        cost_eur=0.12,
        salvage_eur=0.03,
        base_daily=260,
        synonyms=[
            "schrippe",
            "schrippen",
            "semmel",
            "semmeln",
            "weizenbrötchen",
            "brötchen",
            "brötchens",
            "weck",
            "wecken",
            "rundstück",
            "rundstücke",
            "schrippchen",
        ],
        recipe=_r("weizenteig", 0.06, {"Weizenmehl 550": 0.036, "Salz": 0.0007, "Hefe": 0.001}, 18, 240, 40),
    ),
    Product(
        id="mehrkornbroetchen",
        name="Mehrkornbrötchen",
        group="broetchen",
        price_eur=0.75,
        cost_eur=0.21,
        salvage_eur=0.04,
        base_daily=90,
        synonyms=["mehrkornbrötchen", "körnerbrötchen", "kornbrötchen", "vollkornbrötchen"],
        recipe=_r(
            "dinkelteig",
            0.07,
            {"Weizenmehl 1050": 0.025, "Dinkelvollkornmehl": 0.012, "Saaten": 0.008, "Salz": 0.0008, "Hefe": 0.001},
            20,
            235,
            35,
        ),
    ),
    Product(
        id="roggenbroetchen",
        name="Roggenbrötchen",
        group="broetchen",
        price_eur=0.65,
        cost_eur=0.18,
        salvage_eur=0.03,
        base_daily=60,
        synonyms=["roggenbrötchen", "roggenschrippe", "kümmelbrötchen"],
        recipe=_r(
            "roggensauerteig", 0.07, {"Roggenmehl 1150": 0.025, "Weizenmehl 1050": 0.015, "Salz": 0.0008}, 20, 235, 35
        ),
    ),
    Product(
        id="laugenbrezel",
        name="Laugenbrezel",
        group="broetchen",
        price_eur=0.95,
        cost_eur=0.26,
        salvage_eur=0.03,
        base_daily=70,
        synonyms=["brezel", "brezeln", "breze", "laugenbrezel", "laugenbrezeln", "brezn", "laugengebäck"],
        recipe=_r(
            "laugenteig", 0.09, {"Weizenmehl 550": 0.055, "Butter": 0.003, "Salz": 0.002, "Hefe": 0.001}, 16, 230, 30
        ),
    ),
    Product(
        id="buttercroissant",
        name="Buttercroissant",
        group="feingebaeck",
        price_eur=1.40,
        cost_eur=0.42,
        salvage_eur=0.10,
        base_daily=55,
        sweet=True,
        synonyms=["croissant", "croissants", "buttercroissant", "hörnchen", "butterhörnchen"],
        recipe=_r(
            "plunderteig", 0.07, {"Weizenmehl 550": 0.032, "Butter": 0.022, "Zucker": 0.004, "Hefe": 0.002}, 18, 200, 24
        ),
    ),
    Product(
        id="schokocroissant",
        name="Schokocroissant",
        group="feingebaeck",
        price_eur=1.70,
        cost_eur=0.52,
        salvage_eur=0.10,
        base_daily=30,
        sweet=True,
        synonyms=["schokocroissant", "schokoladencroissant", "pain au chocolat", "schokohörnchen"],
        recipe=_r(
            "plunderteig",
            0.08,
            {"Weizenmehl 550": 0.032, "Butter": 0.022, "Zucker": 0.004, "Schokolade": 0.012, "Hefe": 0.002},
            18,
            200,
            24,
        ),
    ),
    Product(
        id="apfeltasche",
        name="Apfeltasche",
        group="feingebaeck",
        price_eur=1.90,
        cost_eur=0.60,
        salvage_eur=0.10,
        base_daily=25,
        sweet=True,
        synonyms=["apfeltasche", "apfeltaschen", "plunder", "apfelplunder"],
        recipe=_r(
            "plunderteig",
            0.10,
            {"Weizenmehl 550": 0.035, "Butter": 0.02, "Zucker": 0.012, "Äpfel": 0.04, "Hefe": 0.002},
            20,
            200,
            20,
        ),
    ),
    Product(
        id="schwarzwaelder",
        name="Schwarzwälder Kirschtorte (Stück)",
        group="konditorei",
        price_eur=3.80,
        cost_eur=1.30,
        salvage_eur=0.0,
        base_daily=18,
        sweet=True,
        synonyms=["schwarzwälder", "kirschtorte", "schwarzwälder kirschtorte", "torte", "torten"],
        recipe=_r(
            "biskuit",
            0.15,
            {"Weizenmehl 405": 0.02, "Zucker": 0.03, "Eier": 0.03, "Sahne": 0.06, "Kirschen": 0.04, "Schokolade": 0.01},
            35,
            180,
            12,
        ),
    ),
    Product(
        id="kaesesahne",
        name="Käsesahnetorte (Stück)",
        group="konditorei",
        price_eur=3.60,
        cost_eur=1.20,
        salvage_eur=0.0,
        base_daily=15,
        sweet=True,
        synonyms=["käsesahne", "käsesahnetorte", "sahnetorte"],
        recipe=_r(
            "biskuit",
            0.14,
            {"Weizenmehl 405": 0.015, "Zucker": 0.03, "Eier": 0.025, "Sahne": 0.05, "Quark": 0.05},
            35,
            180,
            12,
        ),
    ),
    Product(
        id="bienenstich",
        name="Bienenstich (Stück)",
        group="kuchen",
        price_eur=2.40,
        cost_eur=0.75,
        salvage_eur=0.15,
        base_daily=22,
        sweet=True,
        synonyms=["bienenstich"],
        recipe=_r(
            "hefeteig",
            0.12,
            {"Weizenmehl 550": 0.04, "Butter": 0.02, "Zucker": 0.025, "Mandeln": 0.01, "Sahne": 0.03, "Hefe": 0.002},
            25,
            190,
            20,
        ),
    ),
    Product(
        id="streuselkuchen",
        name="Streuselkuchen (Stück)",
        group="kuchen",
        price_eur=1.90,
        cost_eur=0.55,
        salvage_eur=0.15,
        base_daily=28,
        sweet=True,
        synonyms=["streuselkuchen", "streusel", "blechkuchen", "kuchen"],
        recipe=_r(
            "hefeteig", 0.11, {"Weizenmehl 550": 0.05, "Butter": 0.025, "Zucker": 0.03, "Hefe": 0.002}, 25, 190, 20
        ),
    ),
    Product(
        id="kaesekuchen",
        name="Käsekuchen (Stück)",
        group="kuchen",
        price_eur=2.30,
        cost_eur=0.70,
        salvage_eur=0.15,
        base_daily=20,
        sweet=True,
        synonyms=["käsekuchen", "quarkkuchen", "käsekuchens"],
        recipe=_r(
            "mürbeteig",
            0.13,
            {"Weizenmehl 405": 0.02, "Butter": 0.012, "Zucker": 0.025, "Eier": 0.02, "Quark": 0.06},
            60,
            170,
            20,
        ),
    ),
    Product(
        id="stollen",
        name="Christstollen (750 g)",
        group="saison",
        price_eur=14.90,
        cost_eur=5.10,
        salvage_eur=4.50,
        base_daily=6,
        sweet=True,
        seasonal="advent",
        synonyms=["stollen", "christstollen", "weihnachtsstollen", "butterstollen"],
        recipe=_r(
            "stollenteig",
            0.75,
            {"Weizenmehl 550": 0.28, "Butter": 0.14, "Zucker": 0.05, "Rosinen": 0.18, "Mandeln": 0.04, "Hefe": 0.015},
            60,
            180,
            10,
        ),
    ),
    Product(
        id="pfefferkuchen",
        name="Pfefferkuchen (Tüte 250 g)",
        group="saison",
        price_eur=3.90,
        cost_eur=1.10,
        salvage_eur=0.90,
        base_daily=10,
        sweet=True,
        seasonal="advent",
        synonyms=["pfefferkuchen", "lebkuchen", "printen"],
        recipe=_r(
            "lebkuchenteig",
            0.25,
            {"Roggenmehl 1150": 0.06, "Weizenmehl 550": 0.04, "Honig": 0.08, "Zucker": 0.03},
            15,
            180,
            12,
        ),
    ),
    Product(
        id="baumkuchen",
        name="Salzwedeler Baumkuchen (Stück)",
        group="saison",
        price_eur=4.50,
        cost_eur=1.60,
        salvage_eur=1.00,
        base_daily=5,
        sweet=True,
        seasonal="advent",
        synonyms=["baumkuchen", "salzwedeler baumkuchen"],
        recipe=_r(
            "baumkuchenmasse",
            0.15,
            {"Weizenmehl 405": 0.02, "Butter": 0.04, "Zucker": 0.035, "Eier": 0.05},
            45,
            200,
            10,
        ),
    ),
    Product(
        id="pfannkuchen",
        name="Pfannkuchen (Berliner)",
        group="saison",
        price_eur=1.30,
        cost_eur=0.38,
        salvage_eur=0.05,
        base_daily=12,
        sweet=True,
        seasonal="silvester",
        synonyms=["pfannkuchen", "berliner", "krapfen", "kreppel"],
        recipe=_r(
            "hefeteig",
            0.07,
            {"Weizenmehl 550": 0.035, "Butter": 0.006, "Zucker": 0.01, "Marmelade": 0.015, "Hefe": 0.002},
            8,
            175,
            30,
        ),
    ),
]

BRANCH_BY_ID: dict[str, Branch] = {b.id: b for b in BRANCHES}
PRODUCT_BY_ID: dict[str, Product] = {p.id: p for p in PRODUCTS}
HOLIDAY_SUBDIV = "ST"  # Sachsen-Anhalt, for the `holidays` package (country DE)
