"""Responses saved in a browser's HTTP Archive (HAR 1.2): what each listing page said, and nothing the browser sent.

Only each entry's response body, status, MIME type, time and URL (path only, no query) are read. Request headers,
cookies, query strings and post bodies are never read, so a session in the file cannot reach a listing or a log.
"""

import base64
import json
import re
import zlib
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from contracts.listing import within_dates
from spiders.records import MAX_PAGE_BYTES

SUFFIX = ".har"
# A browser's export of a long session is tens of MB; a file past this is not read at all.
MAX_HAR_BYTES = 500 * 2**20
NOT_THIS_SOURCE = "not a listing page of this source"
# Pagination and format parameters are kept so a saved page's URL still says which page it was; every other query
# parameter (a token, a session id) is dropped before anything else sees the URL.
KEPT_PARAMS = frozenset({"page", "page_number", "page_size", "pageSize", "format", "sort", "per_page", "q", "offset"})


class HarError(ValueError):
    """The file is not a readable HAR; the message is one line."""


@dataclass(frozen=True)
class SavedResponse:
    url: str
    started: datetime | None
    text: str


@dataclass(frozen=True)
class Skipped:
    url: str
    reason: str


def har_files(snapshot: Path) -> list[Path]:
    """The HAR files a snapshot names: the file itself, or the .har files in a folder."""
    if snapshot.is_file():
        return [snapshot] if snapshot.suffix.lower() == SUFFIX else []
    return sorted(p for p in snapshot.glob(f"*{SUFFIX}") if p.is_file()) if snapshot.is_dir() else []


def read_entries(path: Path) -> list[dict]:
    size = path.stat().st_size
    if size > MAX_HAR_BYTES:
        raise HarError(f"{path} is {size / 2**20:.0f} MB, over the {MAX_HAR_BYTES // 2**20} MB a HAR file may be")
    try:
        data = json.loads(path.read_bytes().decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise HarError(f"{path} is not a HAR file (not complete JSON: {str(exc).splitlines()[0]})") from None
    except RecursionError:
        raise HarError(f"{path} is not a HAR file (JSON nested too deeply)") from None
    log = data.get("log") if isinstance(data, dict) else None
    entries = log.get("entries") if isinstance(log, dict) else None
    if not isinstance(entries, list):
        raise HarError(f"{path} is not a HAR file (no log.entries): in DevTools → Network use Save all as HAR")
    return [e for e in entries if isinstance(e, dict)]


def responses(entries: list[dict], patterns: tuple[str, ...]) -> tuple[list[SavedResponse], list[Skipped]]:
    """Entries whose URL matches one of `patterns`, with decoded bodies; every other entry skipped with the reason."""
    found, skipped = [], []
    # Anchored at the host: a declared host matches itself or a subdomain (a dot boundary), never text elsewhere.
    compiled = [re.compile(r"(?:[a-z0-9-]+\.)*" + p, re.IGNORECASE) for p in patterns]
    for entry in entries:
        url = public_url(str((entry.get("request") or {}).get("url") or ""))
        if not any(p.match(_host_and_path(url)) for p in compiled):
            skipped.append(Skipped(url, NOT_THIS_SOURCE))
            continue
        response = entry.get("response") if isinstance(entry.get("response"), dict) else {}
        status = response.get("status")
        if not isinstance(status, int) or not 200 <= status < 300:
            skipped.append(Skipped(url, f"HTTP status {status}"))
            continue
        text = body_text(response.get("content") if isinstance(response.get("content"), dict) else {})
        if text is None:
            skipped.append(Skipped(url, "no body saved (export with content)"))
            continue
        found.append(SavedResponse(url, _time(entry.get("startedDateTime")), text))
    return found, skipped


def holds_secrets(entries: list[dict]) -> bool:
    """Whether any request carried cookies or an Authorization header; only header names are looked at."""
    for entry in entries:
        request = entry.get("request") if isinstance(entry.get("request"), dict) else {}
        names = {str(h.get("name", "")).lower() for h in request.get("headers") or [] if isinstance(h, dict)}
        if request.get("cookies") or names & {"cookie", "authorization", "x-api-key"}:
            return True
    return False


def public_url(url: str) -> str:
    """The URL reduced to scheme, host, path and the paging and format parameters: no credentials, no fragment, no
    `;jsessionid=…` path parameter and no other query parameter, whether split by & or by ;."""
    try:
        parts = urlsplit(url)
    except ValueError:  # an unclosed IPv6 bracket: no URL at all
        return ""
    query = "&".join(p for p in re.split(r"[&;]", parts.query) if p.split("=", 1)[0] in KEPT_PARAMS)
    path = "/".join(segment.split(";", 1)[0] for segment in parts.path.split("/"))
    host = parts.hostname or ""
    try:
        port = parts.port
    except ValueError:
        port = None
    netloc = f"{host}:{port}" if port else host
    scheme = parts.scheme if parts.scheme in ("http", "https") else ""
    return urlunsplit((scheme, netloc, path, query, "")) if scheme else ""


def _host_and_path(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.hostname or ''}{parts.path}" + (f"?{parts.query}" if parts.query else "")


def body_text(content: dict) -> str | None:
    """The response body as text: base64 decoded, gzip undone, UTF-8 (invalid bytes replaced)."""
    text = content.get("text")
    if not isinstance(text, str) or not text:
        return None
    raw = text.encode("utf-8")
    if content.get("encoding") == "base64":
        try:
            raw = base64.b64decode(text, validate=False)
        except ValueError:
            return None
    if raw[:2] == b"\x1f\x8b":
        raw = _inflate(raw)
        if raw is None:
            return None
    if len(raw) > MAX_PAGE_BYTES:
        return None
    return raw.decode("utf-8", errors="replace")


def _inflate(packed: bytes) -> bytes | None:
    """A gzip body inflated a block at a time, never past MAX_PAGE_BYTES; None when corrupt or larger."""
    inflater = zlib.decompressobj(wbits=31)
    try:
        raw = inflater.decompress(packed, MAX_PAGE_BYTES + 1)
    except zlib.error:
        return None
    return raw if inflater.eof and len(raw) <= MAX_PAGE_BYTES else None


def _time(value: object) -> datetime | None:
    """The entry's time; none when unreadable or outside the dates a listing may carry (the crawl's time is used)."""
    try:
        moment = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if within_dates(moment) else None
