"""What one crawl of one source did: raw facts only; the warehouse judges its health against the source's history."""

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
    # Of the rejects, records read fine that are not work priced per task or hour (no pay, a salary, unpaid).
    out_of_scope: int = Field(default=0, ge=0)
    page_errors: int = Field(default=0, ge=0)
    http_errors: int = Field(default=0, ge=0)
    retries: int = Field(default=0, ge=0)
    duration_seconds: float = Field(default=0.0, ge=0)
    # Scrapy's close reason ("finished", "shutdown", "closespider_timeout"), or why the crawl process died.
    finish_reason: str = "finished"
    message: str = ""
    # Saved responses not read as listing pages (a HAR holds every request of a session), counted by reason.
    skipped: dict[str, int] = Field(default_factory=dict)
