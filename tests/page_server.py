"""Saved article pages (tests/pages/, fictional outlets and people) served over HTTP on this
machine, beside pages that misbehave in each way the desk refuses: for the tests of reading an
article from its address (desk/fetching.py)."""

import threading
import time
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

PAGES = Path(__file__).parent / "pages"
FLOOD_PAGE = (PAGES / "harbour-courier-flood.html").read_bytes()


class PageHandler(BaseHTTPRequestHandler):
    """The saved pages under /pages/, and pages that misbehave in the ways the desk refuses."""

    def do_GET(self):  # noqa: N802 - the name http.server calls
        self.server.asked.append(self.path)
        path, query = urlsplit(self.path).path, parse_qs(urlsplit(self.path).query)
        if path.startswith("/pages/"):
            self.send(200, "text/html", (PAGES / path.removeprefix("/pages/")).read_bytes())
        elif path == "/redirect":
            self.send(302, "text/html", b"", Location=query["to"][0])
        elif path == "/round":
            self.send(302, "text/html", b"", Location="/round")
        elif path == "/slow":
            time.sleep(3)
            self.send(200, "text/html", FLOOD_PAGE)
        elif path == "/trickle":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            for _ in range(60):
                self.wfile.write(b" ")
                self.wfile.flush()
                time.sleep(0.1)
        elif path == "/big":
            self.send(200, "text/html", b"<p>" + b"word " * 20_000 + b"</p>")
        elif path == "/big-unannounced":
            # No Content-Length: only counting what arrives stops it.
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            for _ in range(100):
                self.wfile.write(b"<p>" + b"word " * 200 + b"</p>")
        elif path == "/picture.png":
            self.send(200, "image/png", b"\x89PNG\r\n\x1a\n" + b"\0" * 100)
        else:
            self.send(404, "text/html", b"<h1>Not found</h1>")

    def send(self, status, content_type, body, **headers):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


class PageServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        pass  # the desk hanging up on a page too big or too slow is the point


@contextmanager
def serving():
    """A server of the saved pages on this machine, in a thread, for as long as it is used."""
    httpd = PageServer(("127.0.0.1", 0), PageHandler)
    httpd.asked = []
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield httpd
    finally:
        httpd.shutdown()
        httpd.server_close()
