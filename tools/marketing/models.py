"""Typed results of the offers tool: the plan's signals per product, the triggered rules and the drafts."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, Field

AddressForm = Literal["Sie", "Du"]
DraftKind = Literal["abendangebot", "vortag", "social", "newsletter"]
AI_LABEL = "KI-Entwurf – bitte prüfen"  # EU AI Act Art. 50: generated text is marked as such


class ProductSignal(BaseModel):
    """One product in the day's plan, summed over the selected branches (figures from the newsvendor plan)."""

    product: str
    name: str
    branches: list[str]
    planned: int = Field(description="pieces the plan bakes")
    forecast: float = Field(description="expected demand (pieces)")
    expected_returns: float = Field(description="expected leftovers (pieces) under the demand distribution")
    returns_share: float = Field(description="expected leftovers / planned pieces")
    expected_returns_eur: float = Field(description="what the expected leftovers cost (cost − leftover value)")
    sellout_prob: float = Field(description="chance that demand reaches the planned pieces (piece-weighted)")
    price_eur: float
    salvage_eur: float
    closing: str | None = Field(default=None, description="earliest closing time of these branches that day")
    next_open: date | None = Field(default=None, description="the next day one of these branches is open")
    rules: list[Literal["returns", "sellout"]] = Field(default_factory=list, description="thresholds crossed")


class PlanChange(BaseModel):
    """The plan's pieces against the bakery's rule (mean of the last 3 same weekdays × its markup)."""

    product: str
    name: str
    plan_pieces: int
    rule_pieces: int
    plan_returns: float = Field(description="expected leftovers of the plan's pieces")
    rule_returns: float = Field(description="expected leftovers of the rule's pieces, same demand distribution")
    plan_sellout_prob: float
    rule_sellout_prob: float
    markup: float
    markup_source: str
    plan_sales: float = Field(0.0, description="expected pieces sold with the plan's pieces")
    rule_sales: float = Field(0.0, description="expected pieces sold with the rule's pieces")
    plan_profit_eur: float = Field(0.0, description="expected profit after ingredients and salvage, plan")
    rule_profit_eur: float = Field(0.0, description="expected profit after ingredients and salvage, rule")


class Driver(BaseModel):
    """What the forecast model says moves a product's demand that day (percent vs. a plain day)."""

    name: str
    pct: float


class Favoured(BaseModel):
    """The product the weather and calendar favour most that day, with the drivers behind it."""

    product: str
    name: str
    uplift_pct: float = Field(description="weather + calendar effects together, percent")
    drivers: list[Driver]
    weather_known: bool = Field(description="False: no weather forecast for the day, climatology used")


class OfferDraft(BaseModel):
    """A text ready to copy; nothing is published by the app."""

    kind: DraftKind
    product: str
    title: str
    text: str
    basis: str = Field(description="the figures the draft is based on (German)")
    price_eur: float | None = Field(default=None, description="the offer price, where the draft names one")
    label: str = AI_LABEL


class OfferResult(BaseModel):
    """Signals, triggered rules, the favoured product, drafts and (for the returns question) the plan change."""

    day: date
    data_until: date
    branches: list[str]
    address_form: AddressForm
    returns_threshold: float
    sellout_threshold: float
    signals: list[ProductSignal]
    returns_products: list[str] = Field(description="products whose expected returns share crosses the threshold")
    sellout_products: list[str] = Field(description="products whose sell-out chance crosses the threshold")
    favoured: Favoured | None = None
    drafts: list[OfferDraft] = Field(default_factory=list)
    plan_changes: list[PlanChange] = Field(default_factory=list)
    evening_discount: float
    day_old_discount: float
    published: bool = Field(default=False, description="always False: the app never publishes")
    method: str
