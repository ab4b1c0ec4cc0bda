"""All configuration in one pydantic-settings class, read from env vars and `.env`."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent.parent


class Settings(BaseSettings):
    """Runtime settings; every storage default is embedded (files under `var/`)."""

    model_config = SettingsConfigDict(env_file=".env", env_prefix="", extra="ignore")

    # where generated company data, caches, databases and charts live
    var_dir: Path = Field(default=PROJECT_ROOT / "var", alias="SYNERKI_VAR_DIR")
    # fixed "today" for reproducible tests and evaluations (default: the real date)
    today_override: date | None = Field(default=None, alias="SYNERKI_TODAY")
    # replace the demo sales with a user's own export (CSV: date, branch, product, sold)
    sales_csv: Path | None = Field(default=None, alias="SYNERKI_SALES_CSV")

    database_url: str | None = Field(default=None, alias="DATABASE_URL")
    qdrant_url: str | None = Field(default=None, alias="QDRANT_URL")
    qdrant_api_key: str | None = Field(default=None, alias="QDRANT_API_KEY")

    llm: str | None = Field(default=None, alias="SYNERKI_LLM")  # none|openai|ollama
    openai_api_key: str | None = Field(default=None, alias="OPENAI_API_KEY")
    openai_base_url: str | None = Field(default=None, alias="OPENAI_BASE_URL")
    openai_model: str = Field(default="gpt-4o-mini", alias="OPENAI_MODEL")
    ollama_host: str | None = Field(default=None, alias="OLLAMA_HOST")
    ollama_model: str = Field(default="qwen2.5:7b", alias="OLLAMA_MODEL")
    llm_timeout_s: float = Field(default=30.0, alias="SYNERKI_LLM_TIMEOUT")

    max_message_chars: int = Field(default=4000, alias="SYNERKI_MAX_MESSAGE_CHARS")
    recursion_limit: int = Field(default=12, alias="SYNERKI_RECURSION_LIMIT")
    # CPU threads of the embedding engine (knowledge-base search); 2 halves ingestion time on 2 cores
    embed_threads: int = Field(default=2, ge=1, le=64, alias="SYNERKI_EMBED_THREADS")
    # browser origins besides the app's own that may call it (comma-separated, e.g. a proxy's public URL)
    allow_origins: Annotated[list[str], NoDecode] = Field(default_factory=list, alias="SYNERKI_ALLOW_ORIGINS")
    # offers (tools/marketing): drafts when a product's expected returns exceed this share of its planned
    # pieces, or its sell-out chance exceeds this probability; texts address customers with "Sie" or "Du"
    offer_returns_threshold: float = Field(default=0.10, ge=0, le=1, alias="SYNERKI_OFFER_RETURNS_THRESHOLD")
    offer_sellout_threshold: float = Field(default=0.50, ge=0, le=1, alias="SYNERKI_OFFER_SELLOUT_THRESHOLD")
    address_form: Literal["Sie", "Du"] = Field(default="Sie", alias="SYNERKI_ADDRESS_FORM")
    # the lab tour's own copy of the generated demo company (default: var_dir/demo_company), never the live data
    demo_dir: Path | None = Field(default=None, alias="SYNERKI_DEMO_DIR")
    # True: company data is read from the demo copy and the owner's own uploads and prices are ignored
    demo_company: bool = Field(default=False, alias="SYNERKI_DEMO_COMPANY")
    # photo checks in the chat use this model instead of the shipped tray detector (e.g. a single-piece
    # checker from `synerki vision train --task classify`)
    vision_model: Path | None = Field(default=None, alias="SYNERKI_VISION_MODEL")
    # the federal laws as Markdown (../shared/data/gesetze next to the project); employees' questions that a law
    # answers quote them from there (never copied into the project); absent: no law is quoted
    laws_dir: Path = Field(default=PROJECT_ROOT.parent / "shared" / "data" / "gesetze", alias="SYNERKI_LAWS_DIR")
    # plan from a sales CSV: blend the demand model with plain Prophet (weight picked on each fit's own past
    # year) and choose the variant on 26 past weeks (issue 21; evals/returns README, fifth stop: fewer returns on
    # both out-of-time years). The first plan of a file fits plain Prophet about 20 times per series (stored
    # afterwards), so files with more than PLAN_BLEND_MAX_SERIES series plan without it
    plan_prophet_blend: bool = Field(default=True, alias="SYNERKI_PLAN_PROPHET_BLEND")
    # size of a sales export (CSV or Excel), checked while reading, before any row is parsed: beyond it the file
    # is refused with a German message (hostile test 24: a million-row workbook ran for minutes). 400.000 rows is
    # more than twice the demo company's three years (181.000 rows); a workbook's unpacked parts count too
    max_sales_rows: int = Field(default=400_000, ge=1, alias="SYNERKI_MAX_SALES_ROWS")
    max_sales_cells: int = Field(default=4_000_000, ge=1, alias="SYNERKI_MAX_SALES_CELLS")
    max_sales_unzipped_mb: int = Field(default=200, ge=1, alias="SYNERKI_MAX_SALES_UNZIPPED_MB")

    @field_validator("allow_origins", mode="before")
    @classmethod
    def _split_origins(cls, value: object) -> object:
        """`https://a.example, https://b.example` → two origins without trailing slashes."""
        if isinstance(value, str):
            return [o.strip().rstrip("/") for o in value.split(",") if o.strip()]
        return value

    @property
    def data_dir(self) -> Path:
        """Generated demo-company data (CSV/JSON); the separate demo copy when `demo_company` is set."""
        return self.demo_data_dir if self.demo_company else self.var_dir / "company"

    @property
    def demo_data_dir(self) -> Path:
        """The lab tour's separate copy of the generated demo company."""
        return self.demo_dir or self.var_dir / "demo_company"

    def as_demo(self) -> Settings:
        """These settings reading the fictional demo copy only (no own sales export, no own prices)."""
        return self.model_copy(update={"demo_company": True, "sales_csv": None})

    @property
    def cache_dir(self) -> Path:
        return self.var_dir / "cache"

    @property
    def models_dir(self) -> Path:
        """Fitted artefacts (router, …), each file named by the fingerprint of its inputs."""
        return self.var_dir / "models"

    @property
    def charts_dir(self) -> Path:
        return self.var_dir / "charts"

    @property
    def sqlite_path(self) -> Path:
        return self.var_dir / "synerki.sqlite"

    @property
    def qdrant_path(self) -> Path:
        return self.var_dir / "qdrant"

    def today(self) -> date:
        """The business date: `SYNERKI_TODAY` when set, else the real date."""
        return self.today_override or date.today()

    def now(self) -> datetime:
        """The business timestamp: today's date (one clock) with the real time of day.

        Security timers (login delays, sessions) use the real clock instead.
        """
        return datetime.combine(self.today(), datetime.now().time())


@lru_cache(maxsize=1)
def _process_settings() -> Settings:
    return Settings()


# settings for the current context only (a lab-tour step in its worker thread); None: the process-wide ones
_scoped: ContextVar[Settings | None] = ContextVar("synerki_scoped_settings", default=None)


class _SettingsAccess:
    """`get_settings()`: the context's scoped settings, else the process-wide ones."""

    def __call__(self) -> Settings:
        scoped = _scoped.get()
        return scoped if scoped is not None else _process_settings()

    def cache_clear(self) -> None:
        """Re-read the environment on the next call (tests call it after changing env)."""
        _process_settings.cache_clear()


get_settings = _SettingsAccess()


@contextmanager
def scoped_settings(settings: Settings) -> Iterator[Settings]:
    """Let `get_settings()` return `settings` inside this block, in this thread/context only (other turns
    running at the same time keep theirs)."""
    token = _scoped.set(settings)
    try:
        yield settings
    finally:
        _scoped.reset(token)
