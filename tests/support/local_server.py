"""A local HTTP server on 127.0.0.1 with fixed routes: an article page, plain text, a PDF, an
empty page, redirects (one a loop), an oversized page and a slow one. The only network the
tests use."""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

PAGE = b"""<!DOCTYPE html>
<html><head><title>Port Elin council</title><script>var tracking = "disastrous";</script></head>
<body><nav><a href="/">Home</a> | <a href="/sport">Sport</a></nav>
<article><h1>The harbour vote</h1>
<p>The council called the old plan disastrous and said the new bridge would open in 2027.</p>
<p>Opponents answered that only traitors would sell the waterfront to developers from outside.</p>
<p>The vote takes place on the fourteenth of April in the town hall, and everyone may attend.</p>
</article><footer>Copyright Port Elin Gazette</footer></body></html>"""

ROUTES: dict[str, tuple[int, dict[str, str], bytes]] = {
    "/page.html": (200, {"Content-Type": "text/html; charset=utf-8"}, PAGE),
    "/notes.txt": (200, {"Content-Type": "text/plain; charset=utf-8"}, b"Plain notes about the harbour."),
    "/scan.pdf": (200, {"Content-Type": "application/pdf"}, b"%PDF-1.7"),
    "/empty.html": (200, {"Content-Type": "text/html"}, b"<html><body></body></html>"),
    "/moved": (302, {"Location": "/page.html"}, b""),
    "/loop": (302, {"Location": "/loop"}, b""),
    "/big.html": (200, {"Content-Type": "text/html"}, b"<html><body>" + b"x" * 50_000 + b"</body></html>"),
}


class _Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        if self.path == "/slow":
            time.sleep(3)
        status, headers, body = ROUTES.get(self.path, (404, {"Content-Type": "text/plain"}, b"missing"))
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@contextlib.contextmanager
def local_server() -> Iterator[str]:
    """A server on 127.0.0.1 answering ROUTES (``/slow`` after 3 seconds); yields its base URL."""
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()
