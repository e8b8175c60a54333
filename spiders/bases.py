"""Shared spider bases: a platform spider is a name, URLs and a pure parse function."""

import os
import re
from collections.abc import AsyncIterator, Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, ClassVar
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import scrapy
from scrapy.http import JsonRequest, Response, TextResponse

from spiders import har
from spiders.probes import empty_probes
from spiders.records import (
    EMPTY_PROBES,
    MALFORMED,
    MAX_PAGE_BYTES,
    SKIPPED,
    Candidate,
    Page,
    PageContext,
    Rejected,
    read_page,
    stamped,
)


class ListingSpider(scrapy.Spider):
    """Reads a folder of saved pages (snapshot) or fetches pages and follows pagination (live)."""

    platform: ClassVar[str]
    live_url: ClassVar[str]
    page_param: ClassVar[str] = "page_number"  # "" for a single URL that does not paginate
    # A source whose pages are asked for by POST: the JSON body for page N (paging then lives in the body).
    page_body: ClassVar[Callable[[int], dict] | None] = None
    credential_env: ClassVar[str | None] = None
    credential_header: ClassVar[str] = "Cookie"
    # Regular expressions for the URLs (host and path) of the responses this spider reads out of a HAR file.
    har_urls: ClassVar[tuple[str, ...]] = ()
    parse_page: ClassVar[Callable[[str, PageContext], Page]]
    # Where listings are found (CSS selectors, `json:` key paths): named in the crawl's message when none are found.
    probes: ClassVar[tuple[str, ...]] = ()
    # A source whose pages are not a platform's own (the catalog) lands its listings under this mode.
    source_mode: ClassVar[str | None] = None
    # Pages read when the config names none: a folder, or one file.
    default_snapshot: ClassVar[Path | None] = None

    @property
    def landed_mode(self) -> str:
        """The mode its listings land under: the crawl's (snapshot, live), or the source's own (catalog)."""
        return self.source_mode or self.mode

    def __init__(
        self,
        mode: str = "snapshot",
        snapshot: str | None = None,
        run_id: str = "adhoc",
        observed_at: str | None = None,
        base_url: str | None = None,
        run_sources: str = "",
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        if mode not in {"snapshot", "live"}:
            raise ValueError(f"mode must be snapshot or live, not {mode!r}")
        self.mode = mode
        self.snapshot = Path(snapshot) if snapshot else self.default_snapshot
        self.run_id = run_id
        self.observed_at = datetime.fromisoformat(observed_at) if observed_at else datetime.now(UTC)
        self.base_url = base_url or self.live_url
        self.run_sources = frozenset(filter(None, run_sources.split(",")))

    @classmethod
    def har_patterns(cls) -> tuple[str, ...]:
        """URL patterns of the responses this spider reads in a HAR file; by default its live page's host and path."""
        if cls.har_urls:
            return cls.har_urls
        parts = urlsplit(cls.live_url)
        return (re.escape(f"{parts.hostname}{parts.path}"),) if parts.hostname else ()

    async def start(self) -> AsyncIterator[Any]:
        if self.mode == "snapshot":
            if self.snapshot is not None and har.har_files(self.snapshot):
                for item in self._from_har(har.har_files(self.snapshot)):
                    yield item
                return
            if self.snapshot is None or not self.snapshot.exists():
                self.stop(f"snapshot folder not found: {self.snapshot}")
                return
            single = self.snapshot.is_file() or self.snapshot.is_symlink()
            entries = [(self.snapshot, skip_reason(self.snapshot))] if single else snapshot_entries(self.snapshot)
            for path, skipped in entries:
                if skipped is not None:
                    self.logger.warning("skipped %s: %s", path, skipped)
                    self.crawler.stats.inc_value(f"{SKIPPED}{skipped}")
                    continue
                yield scrapy.Request(path.resolve().as_uri(), callback=self.parse, dont_filter=True)
            return
        self._headers = {}
        if not self.base_url:
            self.stop(f"{self.name} reads any board: set base_url for the source in the config")
            return
        if self.credential_env:
            secret = os.environ.get(self.credential_env)
            if not secret:
                self.stop(f"missing credentials: set {self.credential_env} to your own session for {self.name}")
                return
            self._headers[self.credential_header] = secret
        yield self._request(self.page_url(1), 1)

    def _from_har(self, files: list[Path]) -> Iterator[Any]:
        """Each matching response of the HAR files through the same parse as a saved page, at the entry's time."""
        for path in files:
            try:
                entries = har.read_entries(path)
            except har.HarError as exc:
                self.stop(str(exc))
                return
            found, skipped = har.responses(entries, self.har_patterns())
            for entry in skipped:
                self.crawler.stats.inc_value(f"{SKIPPED}{entry.reason}")
            for saved in found:
                request = scrapy.Request(saved.url, meta={"observed_at": saved.started}, dont_filter=True)
                yield from self.parse(
                    TextResponse(saved.url, body=saved.text.encode(), encoding="utf-8", request=request)
                )

    def stop(self, message: str) -> None:
        """End this source with a message the run summary shows; other sources go on."""
        self.crawler.stats.set_value("taskrank/close_message", message)
        self.logger.error(message)

    def page_url(self, page: int) -> str:
        if not self.page_param:
            return self.base_url
        parts = urlsplit(self.base_url)
        query = dict(parse_qsl(parts.query))
        query[self.page_param] = str(page)
        return urlunsplit(parts._replace(query=urlencode(query)))

    def parse(self, response: Response) -> Iterator[Any]:
        self.crawler.stats.inc_value("taskrank/pages")
        observed_at = response.meta.get("observed_at") or self.observed_at
        ctx = PageContext(self.run_id, observed_at, self.landed_mode, response.url, self.run_sources, self.platform)
        body = response_text(response)
        page, error = read_page(type(self).parse_page, body, ctx)
        if not any(isinstance(r, Candidate) for r in page.records):
            empty = self.crawler.stats.get_value(EMPTY_PROBES) or {}
            for probe in empty_probes(body, self.probes):
                empty[probe] = empty.get(probe, 0) + 1
            self.crawler.stats.set_value(EMPTY_PROBES, empty)
            self.crawler.stats.inc_value("taskrank/empty_pages")
        if error is not None:
            self.crawler.stats.inc_value("taskrank/parser_errors")
            self.logger.error(f"parser error on {response.url}", exc_info=error)
        for record in (stamped(r, ctx) for r in page.records):
            if isinstance(record, Rejected) and record.reason.startswith(MALFORMED):
                self.crawler.stats.inc_value("taskrank/page_errors")
            yield record
        if self.mode != "live":
            return
        if page.next_url:
            yield self._request(response.urljoin(page.next_url))
        elif page.next_page:
            yield self._request(self.page_url(page.next_page), page.next_page)

    def _request(self, url: str, page: int | None = None) -> scrapy.Request:
        """The session goes only to the configured site's own scheme, host and port; elsewhere it is left behind.
        A POST source's page goes as its JSON body."""
        headers = self._headers if origin(url) == origin(self.base_url) else {}
        if self._headers and not headers:
            self.crawler.stats.inc_value("taskrank/offsite_links")
            self.logger.warning(f"{origin(url)} is not {origin(self.base_url)}: followed without your session")
        if self.page_body is not None and page is not None:
            return JsonRequest(url, data=self.page_body(page), callback=self.parse, headers=headers)
        return scrapy.Request(url, callback=self.parse, headers=headers)


def origin(url: str) -> tuple[str, str, int | None]:
    """Scheme, host and port, the port made explicit for http and https."""
    parts = urlsplit(url)
    default = {"http": 80, "https": 443}.get(parts.scheme)
    return parts.scheme, (parts.hostname or "").lower(), parts.port or default


def snapshot_files(folder: Path) -> list[Path]:
    """Every saved page in a folder, in a stable order; hidden files and notes are skipped."""
    return [path for path, reason in snapshot_entries(folder) if reason is None]


def snapshot_entries(folder: Path) -> list[tuple[Path, str | None]]:
    """Every file of a snapshot folder with why it is skipped (None: it is read), in a stable order.

    Only regular files inside the folder are read: a link (which may point anywhere, an environment file included)
    and a page over MAX_PAGE_BYTES are skipped with the reason, never opened.
    """
    return [
        (path, skip_reason(path))
        for path in sorted(folder.rglob("*"))
        if not path.name.startswith(".")
        and path.suffix.lower() not in {".md", ".txt"}
        and (path.is_symlink() or path.is_file())
    ]


def skip_reason(path: Path) -> str | None:
    """Why a saved page is not read (a link, or a page over MAX_PAGE_BYTES); None when it is read."""
    if path.is_symlink():
        return "a link, not a saved page (only files inside the folder are read)"
    if path.stat().st_size > MAX_PAGE_BYTES:
        return f"a page over {MAX_PAGE_BYTES // 2**20} MB"
    return None


def response_text(response: Response) -> str:
    """The body as text whatever response class the file extension produced."""
    text = getattr(response, "text", None)
    return text if isinstance(text, str) else response.body.decode("utf-8", errors="replace")
