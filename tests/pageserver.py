"""A local HTTP server on 127.0.0.1 serving fixture pages, with faults injected per path."""

import json
import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

# Fault "statuses" that are not HTTP statuses: answer only after a long pause, or cut the body short.
HANG = -1
TRUNCATE = -2


class PageServer:
    """routes: path -> body; page routes: page number -> body; faults: path or page -> list of (status, headers)."""

    def __init__(
        self, pages: dict[int, bytes], robots: str = "User-agent: *\nAllow: /\n", hang_seconds: float = 5.0
    ) -> None:
        self.pages = pages
        self.hang_seconds = hang_seconds
        self.robots = robots
        self.faults: dict[int, list[tuple[int, dict[str, str]]]] = {}
        self.hits: Counter[str] = Counter()
        self.headers_seen: list[dict[str, str]] = []
        self.bodies: list[dict] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802
                parts = urlsplit(self.path)
                server.hits[parts.path] += 1
                server.headers_seen.append(dict(self.headers))
                if parts.path == "/robots.txt":
                    return self._send(200, server.robots.encode(), {"Content-Type": "text/plain"})
                self._answer(int(parse_qs(parts.query).get("page_number", ["1"])[0]))

            def do_POST(self) -> None:  # noqa: N802
                """A POST source's page number comes in its JSON body, or in the URL's `page`."""
                parts = urlsplit(self.path)
                server.hits[parts.path] += 1
                server.headers_seen.append(dict(self.headers))
                body = json.loads(self.rfile.read(int(self.headers.get("Content-Length") or 0)) or b"{}")
                server.bodies.append(body)
                self._answer(int(body.get("page") or parse_qs(parts.query).get("page", ["1"])[0]))

            def _answer(self, page: int) -> None:
                server.hits[f"page{page}"] += 1
                queued = server.faults.get(page)
                body = server.pages.get(page)
                kind = "text/html" if body and body.lstrip().startswith(b"<") else "application/json"
                status, headers = queued.pop(0) if queued else (200, {})
                if status == HANG:
                    time.sleep(server.hang_seconds)
                elif status == TRUNCATE and body is not None:
                    return self._send(200, body, {"Content-Type": kind}, cut=len(body) // 2)
                elif status == 302:
                    return self._send(302, b"", headers)
                elif status != 200:
                    return self._send(status, b"fault", headers)
                if body is None:
                    return self._send(404, b"not found", {})
                return self._send(200, body, {"Content-Type": kind})

            def _send(self, status: int, body: bytes, headers: dict[str, str], cut: int | None = None) -> None:
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                try:
                    self.wfile.write(body if cut is None else body[:cut])
                except (BrokenPipeError, ConnectionResetError):  # the client gave up on a hung answer
                    return
                if cut is not None:
                    self.close_connection = True

            def log_message(self, *args: object) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def __enter__(self) -> "PageServer":
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
