"""The config file: sources, profiles, exchange rates and where data lives."""

import os
import tomllib
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from contracts import CURRENCIES, Profile
from taskrank.errors import TaskrankError
from warehouse.lake import CATALOG_ENV, Lake, LakeError
from warehouse.lake import from_environment as lake_from_environment

# Extra real-label files for every config (os.pathsep-separated), e.g. the shared real MTurk exports.
EXPORTS_ENV = "TASKRANK_LABELLED_EXPORTS"
DEMO_CONFIG = Path(str(resources.files("taskrank") / "demo" / "config.toml"))


class SourceConfig(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    enabled: bool = True
    mode: Literal["snapshot", "live"] = "snapshot"
    snapshot: Path | None = None
    base_url: str | None = None


class FxConfig(BaseModel):
    model_config = ConfigDict(extra="forbid")

    as_of: date
    per_usd: dict[str, float]

    @field_validator("per_usd")
    @classmethod
    def _codes(cls, value: dict[str, float]) -> dict[str, float]:
        bad = sorted(c for c in value if c not in CURRENCIES)
        if bad:
            raise ValueError(f"unknown currencies {bad}")
        if any(rate <= 0 for rate in value.values()):
            raise ValueError("every rate must be positive")
        return value


class ModelConfig(BaseModel):
    model_config = ConfigDict(extra="forbid")

    synthetic_labels: int = Field(default=0, ge=0, description="rows of SYNTHETIC labels to add; demos only")
    seed: int = 7
    community_times: Path | None = None
    labelled_exports: list[Path] = Field(default_factory=list, description="requesters' exports with real times")


class WarehouseConfig(BaseModel):
    """Where the warehouse lives: a DuckDB file in the data folder, or a DuckLake whose catalog is in PostgreSQL."""

    model_config = ConfigDict(extra="forbid")

    backend: Literal["duckdb", "ducklake"] = "duckdb"
    data_path: Path | None = Field(default=None, description="the lake's Parquet files; default <data_dir>/lake")
    catalog_env: str = Field(default=CATALOG_ENV, description="environment variable holding the catalog's DSN")
    catalog_schema: str | None = Field(default=None, pattern=r"^[a-z_][a-z0-9_]*$", description="PostgreSQL schema")


class AlertRule(BaseModel):
    """Push new listings that clear these bars to apprise URLs; each listing once."""

    model_config = ConfigDict(extra="forbid")

    name: str = Field(pattern=r"^[A-Za-z0-9_-]+$")
    profile: str
    urls: list[str] = Field(min_length=1, description="apprise URLs; ${VAR} is filled from the environment")
    min_rate: float | None = Field(default=None, ge=0, description="per hour; default: the profile's minimum")
    min_probability: float = Field(default=0.5, ge=0, le=1, description="chance of clearing the minimum")
    platforms: list[str] = Field(default_factory=list)
    keywords: list[str] = Field(default_factory=list)
    max_listings: int = Field(default=10, ge=1, description="most listings in one message")
    send_digest: bool = Field(default=False, description="also send the day's Markdown digest")


class Config(BaseModel):
    model_config = ConfigDict(extra="forbid")

    path: Path
    data_dir: Path
    writer_wait_seconds: float = Field(default=30.0, ge=0)
    # A crawl past a week is a mistake in the config, not a crawl (and a larger number overflows the clock).
    crawl_timeout_seconds: float = Field(default=1800.0, gt=0, le=7 * 24 * 3600)
    digest_top: int = Field(default=15, ge=1)
    default_profile: str | None = None
    fx: FxConfig
    model: ModelConfig = Field(default_factory=ModelConfig)
    warehouse: WarehouseConfig = Field(default_factory=WarehouseConfig)
    sources: list[SourceConfig] = Field(default_factory=list)
    profiles: list[Profile] = Field(default_factory=list)
    alerts: list[AlertRule] = Field(default_factory=list)

    @property
    def landing_dir(self) -> Path:
        return self.data_dir / "landing"

    @property
    def warehouse_path(self) -> Path:
        return self.data_dir / "taskrank.duckdb"

    @property
    def store(self) -> Path | Lake:
        """The warehouse to open: its DuckDB file, or the DuckLake (its catalog read from the environment now)."""
        if self.warehouse.backend == "duckdb":
            return self.warehouse_path
        try:
            data_path = self.warehouse.data_path or self.data_dir / "lake"
            return lake_from_environment(data_path, self.warehouse.catalog_env, self.warehouse.catalog_schema)
        except LakeError as exc:
            raise TaskrankError(str(exc)) from None

    @property
    def model_dir(self) -> Path:
        return self.data_dir / "model"

    @property
    def digests_dir(self) -> Path:
        return self.data_dir / "digests"

    @model_validator(mode="after")
    def _alert_profiles(self) -> "Config":
        names = {p.name for p in self.profiles}
        for alert in self.alerts:
            if alert.profile not in names:
                raise ValueError(f"alert {alert.name!r} names profile {alert.profile!r}, which is not in this file")
        return self

    @model_validator(mode="after")
    def _profile_currencies(self) -> "Config":
        for profile in self.profiles:
            currency = profile.min_hourly_rate.currency
            if currency not in self.fx.per_usd:
                raise ValueError(
                    f"profile {profile.name!r} wants {currency} but [fx] has no {currency} rate; add {currency} = "
                    "<units per US dollar> under [fx]"
                )
        return self

    def chosen_profile(self, name: str | None) -> Profile:
        """The named profile, else the only one, else default_profile."""
        if name is not None:
            return self.profile(name)
        if len(self.profiles) == 1:
            return self.profiles[0]
        if self.default_profile is not None:
            return self.profile(self.default_profile)
        known = ", ".join(p.name for p in self.profiles) or "none"
        raise TaskrankError(f"say which profile with --profile, or set default_profile in {self.path}: {known}")

    def profile(self, name: str) -> Profile:
        for profile in self.profiles:
            if profile.name == name:
                return profile
        known = ", ".join(p.name for p in self.profiles) or "none"
        raise TaskrankError(f"unknown profile {name!r}; profiles in {self.path}: {known}")

    def source(self, name: str) -> SourceConfig | None:
        return next((s for s in self.sources if s.name == name), None)


def load_config(path: Path | None = None) -> Config:
    """Read a config file (default: $TASKRANK_CONFIG, else the bundled demo); relative paths are from the file."""
    path = path or (Path(os.environ["TASKRANK_CONFIG"]) if os.environ.get("TASKRANK_CONFIG") else DEMO_CONFIG)
    if not path.is_file():
        raise TaskrankError(f"config file not found: {path}")
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise TaskrankError(f"config file {path} is not valid TOML: {exc}") from None
    except RecursionError:
        raise TaskrankError(f"config file {path} is not valid TOML: nested too deeply") from None
    except UnicodeDecodeError:
        raise TaskrankError(f"config file {path} is not UTF-8 text: save it as UTF-8") from None
    for table in ("sources", "profiles", "alerts"):
        if not isinstance(raw.get(table, []), list) or not all(isinstance(t, dict) for t in raw.get(table, [])):
            raise TaskrankError(f"config file {path}: write each of {table} as [[{table}]] (an array of tables)")
    if not isinstance(raw.get("fx", {}), dict):
        raise TaskrankError(f"config file {path}: fx must be a table: [fx] with one line per currency")
    base = path.parent
    configured_dir = raw.pop("data_dir", "data")
    data_dir = os.environ.get("TASKRANK_DATA_DIR") or configured_dir
    if Path(data_dir).exists() and not Path(data_dir).is_dir():
        raise TaskrankError(f"data folder {data_dir} is a file; point data_dir or TASKRANK_DATA_DIR at a folder")
    for source in raw.get("sources", []):
        if source.get("snapshot"):
            source["snapshot"] = base / source["snapshot"]
    lake = raw.get("warehouse")
    if isinstance(lake, dict) and lake.get("data_path"):
        lake["data_path"] = base / lake["data_path"]
    model = raw.get("model")
    if isinstance(model, dict):
        if model.get("community_times"):
            model["community_times"] = base / model["community_times"]
        if isinstance(model.get("labelled_exports"), list):
            model["labelled_exports"] = [base / p if isinstance(p, str) else p for p in model["labelled_exports"]]
        if os.environ.get(EXPORTS_ENV):
            model.setdefault("labelled_exports", []).extend(
                Path(p) for p in os.environ[EXPORTS_ENV].split(os.pathsep) if p
            )
    elif model is None and os.environ.get(EXPORTS_ENV):
        raw["model"] = {"labelled_exports": [Path(p) for p in os.environ[EXPORTS_ENV].split(os.pathsep) if p]}
    fx = raw.pop("fx", {"as_of": date(2026, 1, 1), "USD": 1.0})
    as_of = fx.pop("as_of", None)
    if not isinstance(as_of, date):
        stated = "no as_of" if as_of is None else f"as_of = {as_of!r}"
        raise TaskrankError(
            f"config file {path}: [fx] has {stated}: give the date its rates are from, unquoted, "
            "e.g. as_of = 2026-11-01"
        )
    try:
        return Config(path=path, data_dir=Path(data_dir), fx={"as_of": as_of, "per_usd": fx}, **raw)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        message = first["msg"].removeprefix("Value error, ")
        raise TaskrankError(f"config file {path}: {where + ': ' if where else ''}{message}") from None
