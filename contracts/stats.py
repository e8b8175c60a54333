"""What one crawl of one source did, and whether the source looks healthy."""

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

Health = Literal["ok", "degraded", "broken", "failed"]


class SourceStats(BaseModel):
    model_config = ConfigDict(extra="forbid")

    source: str
    run_id: str
    mode: str
    pages: int = Field(default=0, ge=0)
    items: int = Field(default=0, ge=0)
    rejects: int = Field(default=0, ge=0)
    page_errors: int = Field(default=0, ge=0)
    http_errors: int = Field(default=0, ge=0)
    retries: int = Field(default=0, ge=0)
    duration_seconds: float = Field(default=0.0, ge=0)
    health: Health = "ok"
    message: str = ""
    # Of `items`, how many landed as unchanged since `base_run_id` (their full rows stay in that run's files).
    unchanged: int = Field(default=0, ge=0)
    base_run_id: str | None = None
    platforms: list[str] = Field(default_factory=list)
    # Saved responses not read as listing pages (a HAR holds every request of a session), counted by reason.
    skipped: dict[str, int] = Field(default_factory=dict)
