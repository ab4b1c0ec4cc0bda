"""The day's production plan for the demo company: pieces per branch and product (newsvendor),
trays, dough per dough type and raw materials against stock. One engine with `evals/returns`."""

from __future__ import annotations

import hashlib
import math
import pickle
import threading
from dataclasses import asdict
from datetime import date, timedelta
from pathlib import Path

import numpy as np
import pandas as pd
from pydantic import BaseModel, Field

from tools.artefacts import Artefact, fingerprint
from tools.company.catalog import BRANCH_BY_ID, PRODUCT_BY_ID, PRODUCTS
from tools.company.data import load_sales, load_stock
from tools.errors import PlanError
from tools.production.censoring import opening_hours_on
from tools.production.demo import (
    load_overrides,
    planner_history,
    product_economics,
    series_id,
    split_series,
)
from tools.production.model import DemandModel, ModelConfig
from tools.production.newsvendor import Economics, decide, demand_samples
from tools.production.selection import PlanChoice, describe_choice, stored_plan_choice

MODEL_VERSION = 5  # raise when DemandModel's fit, its settings below or planner_history change
HORIZON_DAYS = 7  # horizons the model is trained and calibrated for
MAX_AHEAD_DAYS = 21  # further ahead the lags are older and the spread is wider than stated
CHOICE_LEAD_DAYS = 1  # the inner weeks of the model choice are planned like the plan: from the day before on
_lock = threading.Lock()
_memo: dict[str, DemandModel] = {}
_choice_lock = threading.Lock()
_choice_memo: dict[str, PlanChoice] = {}  # replaced whole under the lock
LOOK_BACK_LAG_DAYS = 2  # a day gone by is planned from the sales up to two days before it (as the live plan)
_hist_lock = threading.Lock()
_hist_memo: dict[str, tuple[pd.DataFrame, str]] = {}  # replaced whole under the lock


def _save_model(model: DemandModel, path: Path) -> None:
    path.write_bytes(pickle.dumps(model, protocol=pickle.HIGHEST_PROTOCOL))


def _load_model(path: Path) -> DemandModel:
    # only files this code wrote under the data folder are read (named by their fingerprint)
    model = pickle.loads(path.read_bytes())  # noqa: S301 - own artefact, see above
    if not isinstance(model, DemandModel):
        raise ValueError("kein Nachfragemodell")
    return model


DEMAND_ARTEFACT: Artefact[DemandModel] = Artefact(
    "production-demand", version=MODEL_VERSION, suffix=".pkl", save=_save_model, load=_load_model
)
# the models of days gone by (one per cut-off day), kept apart so they never replace the live model
LOOK_BACK_ARTEFACT: Artefact[DemandModel] = Artefact(
    "production-look-back", version=MODEL_VERSION, suffix=".pkl", save=_save_model, load=_load_model, keep=6
)


class PlanItem(BaseModel):
    """Pieces to bake for one branch and product, with what they are expected to bring."""

    branch: str
    product: str
    quantity: int
    forecast: float = Field(description="point forecast of demand (pieces)")
    lower80: float
    upper80: float
    expected_returns: float
    expected_returns_eur: float = Field(description="expected leftovers × max(cost − leftover value, 0)")
    expected_fill: float
    sellout_prob: float
    critical_ratio: float
    price_eur: float
    cost_eur: float
    salvage_eur: float


class ProductTotal(BaseModel):
    """All branches together for one product."""

    product: str
    name: str
    quantity: int
    trays: int
    dough: str
    dough_kg: float
    expected_returns: float
    expected_returns_eur: float


class Material(BaseModel):
    """Raw material needed for the plan against stock."""

    name: str
    needed_kg: float
    stock_kg: float
    shortage_kg: float


class ModelChoice(BaseModel):
    """Which variant of the demand model the plan uses, chosen on past weeks only (tools/production/selection)."""

    text: str = Field(description="German, without money figures")
    cutoff: date
    weeks: int
    variant: str
    is_standard: bool = Field(description="the chosen variant is the standard settings")
    chosen_profit_eur: float | None = Field(description="realised profit of the chosen variant over the weeks")
    standard_profit_eur: float | None = Field(description="the same for the standard settings")


class ProductionPlan(BaseModel):
    """The plan for one day."""

    day: date
    data_until: date
    items: list[PlanItem]
    products: list[ProductTotal]
    trays: dict[str, int]
    dough_kg: dict[str, float]
    materials: list[Material]
    shortages: list[Material]
    expected_returns_eur: float
    expected_fill: float
    method: str
    beyond_calibration: bool = Field(default=False, description="more than a week after the data: spread understated")
    model_choice: ModelChoice | None = None
    look_back: bool = Field(default=False, description="a day gone by, planned only from the sales before it")
    actual_sold: dict[str, float] = Field(default_factory=dict, description="look-back: pieces sold per product")
    actual_baked: dict[str, float] = Field(default_factory=dict, description="look-back: pieces baked per product")


def demand_config() -> ModelConfig:
    """The standard settings of the planner's demand model (the base the stored choice varies)."""
    return ModelConfig(region="DE-ST", train_days=730)


def catalogue_economics(hist: pd.DataFrame) -> tuple[dict[str, Economics], Economics]:
    """Catalogue price, cost and leftover value per series (owner overrides left out: the choice depends on
    the data only, so a new price never triggers a new choice on a chat request), and the fallback."""
    econ = {s: product_economics(split_series(s)[1], []) for s in hist["series"].unique()}
    return econ, product_economics("", [])


def plan_choice(hist: pd.DataFrame, data_hash: str | None = None) -> PlanChoice:
    """The model choice for this history: in memory, else the stored artefact, else chosen once (select_plan on
    the 12 weeks before the history's last day, ~25 CPU-s on the demo data; `precompute` does it) and stored."""
    key = data_hash or content_hash(hist)
    with _choice_lock:
        found = _choice_memo.get(key)
    if found is not None:
        return found
    econ, default = catalogue_economics(hist)
    choice = stored_plan_choice(hist, econ, default, demand_config(), lead_days=CHOICE_LEAD_DAYS)
    with _choice_lock:
        _choice_memo.clear()
        _choice_memo[key] = choice
    return choice


def model_choice_note(choice: PlanChoice) -> ModelChoice:
    """What the plan answer says about the choice."""
    return ModelChoice(
        text=describe_choice(choice),
        cutoff=choice.cutoff,
        weeks=choice.weeks,
        variant=choice.label(),
        is_standard=choice.is_standard(),
        chosen_profit_eur=choice.chosen_profit(),
        standard_profit_eur=choice.standard_profit(),
    )


def content_hash(frame: pd.DataFrame) -> str:
    """sha256 of a frame's values and column names (row order matters, the index does not)."""
    h = hashlib.sha256("|".join(map(str, frame.columns)).encode())
    h.update(pd.util.hash_pandas_object(frame, index=False).to_numpy().tobytes())
    return h.hexdigest()


def demand_inputs(
    hist: pd.DataFrame, data_hash: str | None = None, config: ModelConfig | None = None
) -> dict[str, object]:
    """What the demand model is fitted on: the planner history's content, the settings and the horizons."""
    return {
        "history": data_hash or content_hash(hist),
        "config": asdict(config or demand_config()),
        "horizons": [1, HORIZON_DAYS],
    }


def fitted_model(hist: pd.DataFrame, data_hash: str | None = None) -> DemandModel:
    """The demand model for this history with the stored choice's settings: in memory, else the stored
    artefact, else fitted once and stored."""
    config = plan_choice(hist, data_hash).config(demand_config())
    inputs = demand_inputs(hist, data_hash, config)
    key = fingerprint(MODEL_VERSION, inputs)
    with _lock:
        if key in _memo:
            return _memo[key]
        model = DEMAND_ARTEFACT.load_or_fit(inputs, lambda: DemandModel(config).fit(hist, 1, HORIZON_DAYS))
        _memo.clear()
        _memo[key] = model  # readers take _lock too: never seen between clear and set
        return model


def _sold_dates(sales: pd.DataFrame) -> dict[tuple[str, str], pd.DatetimeIndex]:
    return {k: pd.DatetimeIndex(v) for k, v in sales.groupby(["branch", "product"])["date"]}


def offered(dates: pd.DatetimeIndex | None, branch: str, product: str, day: date) -> bool:
    """Branch open that day and product in the assortment (seasonal: sold around the same date last year)."""
    if branch in BRANCH_BY_ID and opening_hours_on(branch, day) is None:
        return False
    if dates is None or len(dates) == 0:
        return False
    p = PRODUCT_BY_ID.get(product)
    if p is not None and p.seasonal:
        ly = pd.Timestamp(day - timedelta(days=364))
        return bool(((dates >= ly - pd.Timedelta(days=3)) & (dates <= ly + pd.Timedelta(days=3))).any())
    return (pd.Timestamp(day) - dates.max()).days <= 35


def memoised_history(sales: pd.DataFrame) -> tuple[pd.DataFrame, str]:
    """Planner history and its content hash, memoised per content of the loaded sales table (built by one
    thread while the others wait; published only when complete)."""
    key = content_hash(sales)
    with _hist_lock:
        found = _hist_memo.get(key)
        if found is None:
            hist = planner_history(sales)
            found = (hist, content_hash(hist))
            _hist_memo.clear()
            _hist_memo[key] = found
        return found


def plan_day(day: date, branches: list[str] | None = None, products: list[str] | None = None) -> ProductionPlan:
    """Newsvendor quantities per branch × product for `day`, with trays, dough and raw materials vs stock."""
    sales = load_sales()
    hist, hist_hash = memoised_history(sales)
    cutoff = hist["date"].max().date()
    if day <= cutoff:
        raise PlanError(
            f"Für den {day:%d.%m.%Y} liegen schon Verkaufszahlen vor; ich plane ab dem "
            f"{cutoff + timedelta(days=1):%d.%m.%Y}."
        )
    if (day - cutoff).days > MAX_AHEAD_DAYS:
        raise PlanError(
            f"Ich plane höchstens bis zum {cutoff + timedelta(days=MAX_AHEAD_DAYS):%d.%m.%Y} "
            "(drei Wochen nach den letzten Verkaufsdaten) – bitte wählen Sie einen näheren Tag."
        )
    known_b = sorted(sales["branch"].unique())
    known_p = sorted(sales["product"].unique())
    bs = [b for b in (branches or known_b) if b in known_b]
    ps = [p for p in (products or known_p) if p in known_p]
    if not bs or not ps:
        raise PlanError("Für diese Filiale bzw. dieses Produkt gibt es keine Verkaufsdaten.")
    model = fitted_model(hist, hist_hash)
    items = _items(model, _sold_dates(sales), day, bs, ps)
    plan = _assemble(day, cutoff, items)
    plan.beyond_calibration = (day - cutoff).days > HORIZON_DAYS
    plan.model_choice = model_choice_note(plan_choice(hist, hist_hash))
    plan.method += " " + plan.model_choice.text
    return plan


def look_back_plan(day: date, branches: list[str] | None = None, products: list[str] | None = None) -> ProductionPlan:
    """The plan a day gone by would have got: the demand model fitted only on the sales up to LOOK_BACK_LAG_DAYS
    before it (standard settings: the stored model choice was made on later data), beside what was really sold
    and baked that day."""
    sales = load_sales()
    hist, _ = memoised_history(sales)
    cut = pd.Timestamp(day) - pd.Timedelta(days=LOOK_BACK_LAG_DAYS)
    if day > hist["date"].max().date():
        raise PlanError(f"Für den {day:%d.%m.%Y} liegen noch keine Verkaufszahlen vor – das ist kein Rückblick.")
    past = hist[hist["date"] <= cut]
    if past["date"].nunique() < 120:
        raise PlanError(f"Vor dem {day:%d.%m.%Y} gibt es zu wenige Verkaufstage, um den Tag nachzurechnen.")
    bs = [b for b in (branches or sorted(sales["branch"].unique())) if b in set(sales["branch"])]
    ps = [p for p in (products or sorted(sales["product"].unique())) if p in set(sales["product"])]
    if not bs or not ps:
        raise PlanError("Für diese Filiale bzw. dieses Produkt gibt es keine Verkaufsdaten.")
    config = demand_config()
    model = LOOK_BACK_ARTEFACT.load_or_fit(
        demand_inputs(past, None, config), lambda: DemandModel(config).fit(past, 1, HORIZON_DAYS)
    )
    before = sales[pd.to_datetime(sales["date"]) <= cut]
    plan = _assemble(day, cut.date(), _items(model, _sold_dates(before), day, bs, ps))
    that_day = sales[(pd.to_datetime(sales["date"]) == pd.Timestamp(day)) & sales["branch"].isin(bs)]
    that_day = that_day[that_day["product"].isin(ps)]
    plan.look_back = True
    plan.actual_sold = {str(k): float(v) for k, v in that_day.groupby("product")["sold"].sum().items()}
    if "baked" in that_day:
        plan.actual_baked = {str(k): float(v) for k, v in that_day.groupby("product")["baked"].sum().items()}
    return plan


def _items(
    model: DemandModel, sold_dates: dict[tuple[str, str], pd.DatetimeIndex], day: date, bs: list[str], ps: list[str]
) -> list[PlanItem]:
    """Newsvendor quantities per branch × product offered on `day`, from the demand model's forecast."""
    pairs = [(b, p) for b in bs for p in ps if offered(sold_dates.get((b, p)), b, p, day)]
    ovs = load_overrides()
    items: list[PlanItem] = []
    if pairs:
        targets = pd.DataFrame({"date": pd.Timestamp(day), "series": [series_id(b, p) for b, p in pairs]})
        pred = model.predict(targets)
        for _, row in pred.iterrows():
            b, p = split_series(row["series"])
            econ = product_economics(p, ovs)
            d = demand_samples(row["log_forecast"], model.residuals(row["series"], day.weekday()))
            dec = decide(d, econ, integer=True)
            items.append(
                PlanItem(
                    branch=b,
                    product=p,
                    quantity=int(dec.quantity),
                    forecast=round(float(row["forecast"]), 1),
                    lower80=round(float(np.quantile(d, 0.1)), 1),
                    upper80=round(float(np.quantile(d, 0.9)), 1),
                    expected_returns=round(dec.expected_returns, 2),
                    expected_returns_eur=round(dec.expected_returns * max(econ.cost - econ.salvage, 0.0), 2),
                    expected_fill=round(dec.expected_fill, 4),
                    sellout_prob=round(dec.sellout_prob, 4),
                    critical_ratio=round(dec.critical_ratio, 4),
                    price_eur=econ.price,
                    cost_eur=econ.cost,
                    salvage_eur=econ.salvage,
                )
            )
    return items


def _assemble(day: date, cutoff: date, items: list[PlanItem]) -> ProductionPlan:
    """Totals per product, trays, dough per dough type and raw materials against stock."""
    totals: list[ProductTotal] = []
    dough: dict[str, float] = {}
    need: dict[str, float] = {}
    for pid in [p.id for p in PRODUCTS] + sorted({i.product for i in items} - set(PRODUCT_BY_ID)):
        its = [i for i in items if i.product == pid]
        if not its:
            continue
        q = sum(i.quantity for i in its)
        prod = PRODUCT_BY_ID.get(pid)
        trays = math.ceil(q / prod.recipe.pieces_per_tray) if prod else 0
        dkg = q * prod.recipe.dough_kg if prod else 0.0
        if prod:
            dough[prod.recipe.dough] = round(dough.get(prod.recipe.dough, 0.0) + dkg, 2)
            for mat, kg in prod.recipe.ingredients_kg.items():
                need[mat] = need.get(mat, 0.0) + q * kg
        totals.append(
            ProductTotal(
                product=pid,
                name=prod.name if prod else pid,
                quantity=q,
                trays=trays,
                dough=prod.recipe.dough if prod else "",
                dough_kg=round(dkg, 2),
                expected_returns=round(sum(i.expected_returns for i in its), 1),
                expected_returns_eur=round(sum(i.expected_returns_eur for i in its), 2),
            )
        )
    try:
        stock = load_stock()
    except Exception:  # noqa: BLE001 - no stock file: shortages cannot be judged
        stock = {}
    mats = [
        Material(
            name=m,
            needed_kg=round(kg, 2),
            stock_kg=round(stock.get(m, 0.0), 2),
            shortage_kg=round(max(0.0, kg - stock.get(m, 0.0)), 2),
        )
        for m, kg in sorted(need.items())
    ]
    exp_dem = sum(i.forecast for i in items)
    fill = sum(i.expected_fill * i.forecast for i in items) / exp_dem if exp_dem > 0 else 1.0
    return ProductionPlan(
        day=day,
        data_until=cutoff,
        items=items,
        products=totals,
        trays={t.product: t.trays for t in totals},
        dough_kg=dough,
        materials=mats,
        shortages=[m for m in mats if m.shortage_kg > 0],
        expected_returns_eur=round(sum(i.expected_returns_eur for i in items), 2),
        expected_fill=round(fill, 4),
        method=(
            "Newsvendor: Quantil der kalibrierten Nachfrageverteilung beim kritischen Verhältnis "
            "(Preis − Kosten)/(Preis − Restwert); Punktprognose Gradient Boosting, Quantile aus "
            "Out-of-fold-Residuen je Filiale/Produkt; ausverkaufte Tage hochgerechnet."
        ),
    )
