"""Item pipelines: validate against the listing contract, then write landing files atomically."""

import json
import os
import time
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from scrapy import Spider, signals
from scrapy.crawler import Crawler

from contracts import Listing, SourceStats
from contracts.landing import SourceFiles, temporary, write_atomic
from contracts.validation import describe
from spiders.parsing.hints import minutes_hint
from spiders.parsing.risk_flags import risk_flags
from spiders.records import EMPTY_PROBES, SKIPPED, Candidate, Rejected


class TextSignalsPipeline:
    """Adds what a listing's own words show: risk flags beside its parser's, and a time hint where it has none."""

    def process_item(self, item: Any) -> Any:
        if isinstance(item, Candidate):
            title, description = (_text(item.fields.get(name)) for name in ("title", "description"))
            found = risk_flags(title, description)
            item.fields["flags"] = sorted(set(item.fields.get("flags") or []) | set(found))
            # An hourly listing's "10-20 hours" is a weekly commitment, not how long one task takes.
            if item.fields.get("pay_basis") != "per_hour":
                for name, text in (("title_minutes_hint", title), ("description_minutes_hint", description)):
                    if item.fields.get(name) is None:
                        item.fields[name] = minutes_hint(text)
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


class LandingPipeline:
    """Writes complete listings and rejects under temporary names and renames them when the crawl closes; the stats
    file, written last, marks the source as landed."""

    def __init__(self, crawler: Crawler, out: Path) -> None:
        self.crawler = crawler
        self.files = SourceFiles.beside(out)
        # Scrapy tells item pipelines why a crawl closed only through this signal.
        crawler.signals.connect(self.write_stats, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> "LandingPipeline":
        out = crawler.settings.get("TASKRANK_OUT")
        if not out:
            raise ValueError("TASKRANK_OUT setting (the listings file to write) is required")
        return cls(crawler, Path(out))

    def open_spider(self) -> None:
        self.files.listings.parent.mkdir(parents=True, exist_ok=True)
        self.started = time.monotonic()
        self.counts = {"items": 0, "rejects": 0, "out_of_scope": 0}
        self._listings = open(temporary(self.files.listings), "w", encoding="utf-8")  # noqa: SIM115
        self._rejects = open(temporary(self.files.rejects), "w", encoding="utf-8")  # noqa: SIM115

    def process_item(self, item: Any) -> Any:
        if isinstance(item, Listing):
            self._listings.write(item.model_dump_json() + "\n")
            self.counts["items"] += 1
        elif isinstance(item, Rejected):
            record = {"reason": str(item.reason), "page_url": item.page_url, "raw": item.raw}
            self._rejects.write(json.dumps(record, default=str, ensure_ascii=False) + "\n")
            self.counts["rejects"] += 1
            self.counts["out_of_scope"] += item.out_of_scope
        return item

    def close_spider(self) -> None:
        for handle, final in ((self._listings, self.files.listings), (self._rejects, self.files.rejects)):
            handle.flush()
            os.fsync(handle.fileno())
            handle.close()
            os.replace(temporary(final), final)

    def _empty_note(self, spider: Spider) -> str:
        """When no page held a listing: which of the spider's selectors or keys came back empty, on how many pages."""
        stats = self.crawler.stats
        pages, empty = stats.get_value("taskrank/empty_pages", 0), stats.get_value(EMPTY_PROBES) or {}
        if self.counts["items"] or not empty:
            return ""
        found = ", ".join(f"'{probe}' ({count} of {pages} pages)" for probe, count in empty.items())
        return f"no listings on {pages} pages; empty where this spider looks: {found}"

    def write_stats(self, spider: Spider, reason: str) -> None:
        stats = self.crawler.stats
        http_errors = sum(
            value
            for key, value in (stats.get_stats() or {}).items()
            if key.startswith("downloader/response_status_count/") and key.rsplit("/", 1)[1][0] in "45"
        )
        result = SourceStats(
            source=spider.name,
            run_id=getattr(spider, "run_id", "adhoc"),
            mode=getattr(spider, "landed_mode", "snapshot"),
            pages=stats.get_value("taskrank/pages", 0),
            items=self.counts["items"],
            rejects=self.counts["rejects"],
            out_of_scope=self.counts["out_of_scope"],
            page_errors=stats.get_value("taskrank/page_errors", 0),
            http_errors=http_errors,
            retries=stats.get_value("retry/count", 0),
            duration_seconds=round(time.monotonic() - self.started, 3),
            message=stats.get_value("taskrank/close_message", "")
            or _error_note(stats.get_stats() or {}, spider.name)
            or self._empty_note(spider),
            finish_reason=reason,
            skipped={
                key.removeprefix(SKIPPED): value
                for key, value in sorted((stats.get_stats() or {}).items())
                if key.startswith(SKIPPED)
            },
        )
        write_atomic(self.files.stats, result.model_dump_json(indent=2) + "\n")
