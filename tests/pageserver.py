"""A local HTTP server on 127.0.0.1 serving fixture pages, with faults injected per path."""

import threading
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit


class PageServer:
    """routes: path -> body; page routes: page number -> body; faults: path or page -> list of (status, headers)."""

    def __init__(self, pages: dict[int, bytes], robots: str = "User-agent: *\nAllow: /\n") -> None:
        self.pages = pages
        self.robots = robots
        self.faults: dict[int, list[tuple[int, dict[str, str]]]] = {}
        self.hits: Counter[str] = Counter()
        self.headers_seen: list[dict[str, str]] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802
                parts = urlsplit(self.path)
                server.hits[parts.path] += 1
                server.headers_seen.append(dict(self.headers))
                if parts.path == "/robots.txt":
                    return self._send(200, server.robots.encode(), {"Content-Type": "text/plain"})
                page = int(parse_qs(parts.query).get("page_number", ["1"])[0])
                server.hits[f"page{page}"] += 1
                queued = server.faults.get(page)
                if queued:
                    status, headers = queued.pop(0)
                    if status == 302:
                        return self._send(302, b"", headers)
                    return self._send(status, b"fault", headers)
                body = server.pages.get(page)
                if body is None:
                    return self._send(404, b"not found", {})
                return self._send(200, body, {"Content-Type": "application/json"})

            def _send(self, status: int, body: bytes, headers: dict[str, str]) -> None:
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

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
