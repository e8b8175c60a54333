"""Item pipelines: validate against the listing contract, then write landing files atomically."""

import json
import os
import time
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from scrapy.crawler import Crawler

from contracts import Listing, SourceStats
from contracts.validation import describe
from spiders.delta import content_fingerprint, landed_fingerprints, unchanged_marker, unchanged_path
from spiders.parsing.hints import minutes_hint
from spiders.parsing.risk_flags import risk_flags
from spiders.records import SKIPPED, Candidate, Rejected
from spiders.source_health import verdict


class TextSignalsPipeline:
    """Adds what a listing's own words show: risk flags beside its parser's, and a time hint where it has none."""

    def process_item(self, item: Any) -> Any:
        if isinstance(item, Candidate):
            title, description = (_text(item.fields.get(name)) for name in ("title", "description"))
            found = risk_flags(title, description)
            item.fields["flags"] = sorted(set(item.fields.get("flags") or []) | set(found))
            # An hourly listing's "10-20 hours" is a weekly commitment, not how long one task takes.
            if item.fields.get("title_minutes_hint") is None and item.fields.get("pay_basis") != "per_hour":
                item.fields["title_minutes_hint"] = minutes_hint(title or "") or minutes_hint(description or "")
        return item


def _error_note(stats: dict[str, Any], source: str) -> str:
    """Exceptions the crawl survived, named, so nobody has to read the log to know there were any."""
    errors = stats.get("taskrank/parser_errors", 0) + sum(
        v for k, v in stats.items() if k.startswith("spider_exceptions/") and k.count("/") == 1
    )
    return f"{errors} parser errors (tracebacks in {source}.log)" if errors else ""


def _text(value: Any) -> str:
    """Scraped text for the signal readers; the contract rejects a non-string title later, with the reason."""
    return value if isinstance(value, str) else ""


class ContractPipeline:
    """Turns candidates into Listing models; anything invalid becomes a Rejected record, never an exception."""

    def process_item(self, item: Any) -> Listing | Rejected:
        if isinstance(item, Rejected):
            return item
        if not isinstance(item, Candidate):
            return Rejected(reason=f"unexpected item type {type(item).__name__}", raw=repr(item)[:500])
        try:
            return Listing.model_validate(item.fields)
        except ValidationError as exc:
            return Rejected(reason=describe(exc), raw=item.raw, page_url=item.page_url)


def companion_paths(out: Path) -> tuple[Path, Path]:
    """Rejects and stats files beside a listings file: x.jsonl -> x.rejects.jsonl, x.stats.json."""
    stem = out.name.removesuffix(".jsonl")
    return out.with_name(f"{stem}.rejects.jsonl"), out.with_name(f"{stem}.stats.json")


class LandingPipeline:
    """Writes listings and rejects under temporary names and renames them when the crawl closes.

    Given a base run's listings file (TASKRANK_BASE), a listing whose content fingerprint is the one the base landed
    is written as a small "unchanged" marker instead of in full, so a re-crawl lands only what changed.
    """

    def __init__(self, crawler: Crawler, out: Path, base: Path | None = None) -> None:
        self.crawler = crawler
        self.out = out
        self.base = base
        self.rejects_path, self.stats_path = companion_paths(out)
        self.unchanged_path = unchanged_path(out)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> "LandingPipeline":
        out = crawler.settings.get("TASKRANK_OUT")
        if not out:
            raise ValueError("TASKRANK_OUT setting (the listings file to write) is required")
        base = crawler.settings.get("TASKRANK_BASE")
        return cls(crawler, Path(out), Path(base) if base else None)

    def open_spider(self) -> None:
        self.out.parent.mkdir(parents=True, exist_ok=True)
        self.started = time.monotonic()
        self.counts = {"items": 0, "rejects": 0}
        self._base_fingerprints = landed_fingerprints(self.base) if self.base else {}
        self._landed: set[tuple[str, str]] = set()
        # Held until the close: a key seen again later in the crawl is landed in full both times instead.
        self._unchanged: dict[tuple[str, str], tuple[dict, int]] = {}
        self._listings = open(self._tmp(self.out), "w", encoding="utf-8")  # noqa: SIM115
        self._rejects = open(self._tmp(self.rejects_path), "w", encoding="utf-8")  # noqa: SIM115

    def _land_in_full(self, record: dict, fingerprint: int) -> None:
        self._listings.write(json.dumps(record | {"content_hash": fingerprint}, ensure_ascii=False) + "\n")

    def process_item(self, item: Any) -> Any:
        if isinstance(item, Listing):
            record = item.model_dump(mode="json")
            fingerprint = content_fingerprint(record)
            key = (item.platform, item.listing_id)
            if key in self._unchanged:
                self._land_in_full(*self._unchanged.pop(key))
            if key not in self._landed and self._base_fingerprints.get(key) == fingerprint:
                self._unchanged[key] = (record, fingerprint)
            else:
                self._land_in_full(record, fingerprint)
            self._landed.add(key)
            self.counts["items"] += 1
        elif isinstance(item, Rejected):
            record = {"reason": item.reason, "page_url": item.page_url, "raw": item.raw}
            self._rejects.write(json.dumps(record, default=str, ensure_ascii=False) + "\n")
            self.counts["rejects"] += 1
        return item

    def close_spider(self) -> None:
        markers = open(self._tmp(self.unchanged_path), "w", encoding="utf-8")  # noqa: SIM115
        for record, fingerprint in self._unchanged.values():
            markers.write(json.dumps(unchanged_marker(record, fingerprint), ensure_ascii=False) + "\n")
        files = ((self._listings, self.out), (self._rejects, self.rejects_path), (markers, self.unchanged_path))
        for handle, final in files:
            handle.flush()
            os.fsync(handle.fileno())
            handle.close()
            os.replace(self._tmp(final), final)
        stats = self.crawler.stats
        spider = self.crawler.spider
        http_errors = sum(
            value
            for key, value in (stats.get_stats() or {}).items()
            if key.startswith("downloader/response_status_count/") and key.rsplit("/", 1)[1][0] in "45"
        )
        result = SourceStats(
            source=spider.name,
            run_id=getattr(spider, "run_id", "adhoc"),
            mode=getattr(spider, "mode", "snapshot"),
            pages=stats.get_value("taskrank/pages", 0),
            items=self.counts["items"],
            rejects=self.counts["rejects"],
            page_errors=stats.get_value("taskrank/page_errors", 0),
            http_errors=http_errors,
            retries=stats.get_value("retry/count", 0),
            duration_seconds=round(time.monotonic() - self.started, 3),
            message=stats.get_value("taskrank/close_message", "") or _error_note(stats.get_stats() or {}, spider.name),
            unchanged=len(self._unchanged),
            base_run_id=self.base.parent.name.removeprefix("run=") if self.base else None,
            platforms=sorted({platform for platform, _ in self._landed}),
            skipped={
                key.removeprefix(SKIPPED): value
                for key, value in sorted((stats.get_stats() or {}).items())
                if key.startswith(SKIPPED)
            },
        )
        result.health = verdict(result)
        tmp = self._tmp(self.stats_path)
        tmp.write_text(result.model_dump_json(indent=2) + "\n", encoding="utf-8")
        os.replace(tmp, self.stats_path)

    @staticmethod
    def _tmp(path: Path) -> Path:
        return path.with_name(f".{path.name}.tmp")
