"""Downloader middlewares: retries that honour Retry-After with backoff, and sign-in redirects that end a source."""

import asyncio
import re
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response
from scrapy.utils.response import response_status_message

SIGN_IN = re.compile(r"/(sign[-_]?in|log[-_]?in|auth(enticate)?|session/new)\b", re.IGNORECASE)


def retry_after_seconds(value: bytes | str | None, now: datetime | None = None) -> float | None:
    """Seconds from a Retry-After header: delta-seconds or an HTTP date."""
    if not value:
        return None
    text = value.decode("latin-1") if isinstance(value, bytes) else value
    text = text.strip()
    if text.isdigit():
        return float(text)
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError):
        return None
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


class RetryAfterMiddleware(RetryMiddleware):
    """Retries 429 and 5xx, waiting Retry-After when given, else exponential backoff."""

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> "RetryAfterMiddleware":
        middleware = super().from_crawler(crawler)
        middleware.backoff_base = crawler.settings.getfloat("RETRY_BACKOFF_BASE", 1.0)
        middleware.max_wait = crawler.settings.getfloat("RETRY_AFTER_MAX_SECONDS", 300.0)
        return middleware

    async def process_response(self, request: Request, response: Response) -> Request | Response:
        if request.meta.get("dont_retry") or response.status not in self.retry_http_codes:
            return response
        retry = self._retry(request, response_status_message(response.status))
        if retry is None:
            return response
        attempt = retry.meta.get("retry_times", 1)
        wait = retry_after_seconds(response.headers.get(b"Retry-After"))
        if wait is None:
            wait = self.backoff_base * 2 ** (attempt - 1)
        self.crawler.stats.inc_value("taskrank/retry_wait_seconds", min(wait, self.max_wait))
        await asyncio.sleep(min(wait, self.max_wait))
        return retry


class SignInRedirectMiddleware:
    """A redirect to a sign-in page means the person's session expired: stop this source, say so."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> "SignInRedirectMiddleware":
        return cls(crawler)

    def process_response(self, request: Request, response: Response) -> Response:
        location = response.headers.get(b"Location", b"").decode("latin-1")
        if (300 <= response.status < 400 and SIGN_IN.search(location)) or SIGN_IN.search(response.url):
            message = f"session expired: {request.url} redirected to a sign-in page; log in again and renew the token"
            self.crawler.stats.set_value("taskrank/close_message", message)
            asyncio.ensure_future(self.crawler.engine.close_spider_async(reason="session_expired"))
            raise IgnoreRequest(message)
        return response
