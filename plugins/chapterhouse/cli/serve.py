"""``invoke serve``: the built site on http://localhost, the way a static host serves it.

Folders are served by their ``index.html``, calendars as ``text/calendar``,
and a path that does not exist gets the site's own ``404.html`` with status
404, as GitHub Pages and Netlify do (Pelican's development server sends an
empty reply). A site published under a sub-path (``SITEURL`` ending in
``/meetup``) is served under that path too.
"""

from __future__ import annotations

import functools
import sys
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar, TextIO
from urllib.parse import urlsplit


class SiteHandler(SimpleHTTPRequestHandler):
    """Serves one built site folder (``directory``) under ``prefix``."""

    extensions_map: ClassVar[dict[str, str]] = {
        **SimpleHTTPRequestHandler.extensions_map,
        ".ics": "text/calendar; charset=utf-8",
        ".xml": "application/xml; charset=utf-8",
        ".json": "application/json; charset=utf-8",
        ".mjs": "text/javascript",
        ".webmanifest": "application/manifest+json",
    }
    prefix: ClassVar[str] = ""
    quiet: ClassVar[bool] = False

    def translate_path(self, path: str) -> str:
        """Map a URL path to a file; outside ``prefix`` nothing exists."""
        if self.prefix:
            clean = urlsplit(path).path
            if clean != self.prefix and not clean.startswith(self.prefix + "/"):
                return str(Path(self.directory) / ".missing")
            path = path[len(self.prefix) :] or "/"
        return super().translate_path(path)

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        """A missing page gets the site's ``404.html`` (with status 404)."""
        page = Path(self.directory) / "404.html"
        if code != HTTPStatus.NOT_FOUND or not page.is_file() or self.command != "GET":
            super().send_error(code, message, explain)
            return
        body = self.html(page.read_bytes())
        self.send_response(HTTPStatus.NOT_FOUND)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def html(self, body: bytes) -> bytes:
        """An HTML page as sent (a subclass may add to it)."""
        return body

    def end_headers(self) -> None:
        """Tell browsers to check again: a development server serves a site that changes.

        Any origin may read the files, as on GitHub Pages (``events.json`` for
        the events widget on a partner's page).
        """
        self.send_header("Cache-Control", "no-cache")
        self.send_header("Access-Control-Allow-Origin", "*")
        super().end_headers()

    def log_message(self, format: str, *args: object) -> None:
        """Log requests unless quiet."""
        if not self.quiet:
            super().log_message(format, *args)


def site_server(
    output: Path,
    host: str = "127.0.0.1",
    port: int = 8000,
    prefix: str = "",
    quiet: bool = False,
    handler_class: type[SiteHandler] = SiteHandler,
    **attributes: object,
) -> ThreadingHTTPServer:
    """An HTTP server for the site in ``output`` (``port`` 0 picks a free one).

    ``handler_class``: :class:`SiteHandler` or a subclass, given ``attributes`` too.
    """
    handler = type(
        "BoundSiteHandler",
        (handler_class,),
        {"prefix": prefix.rstrip("/"), "quiet": quiet, **attributes},
    )
    return ThreadingHTTPServer((host, port), functools.partial(handler, directory=str(output)))


def serve(output: Path, port: int, prefix: str = "", out: TextIO | None = None) -> int:
    """Serve ``output`` until interrupted; return the exit status."""
    out = out or sys.stdout
    if not (output / "index.html").is_file():
        print(f"error: {output} holds no built site: run `invoke build` first", file=out)
        return 1
    try:
        server = site_server(output, port=port, prefix=prefix)
    except OSError as error:
        print(f"error: cannot listen on 127.0.0.1:{port}: {error.strerror}", file=out)
        return 1
    print(f"Serving {output} at http://127.0.0.1:{port}{prefix}/ (Ctrl-C to stop)", file=out)
    with server:
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            print("Stopped.", file=out)
    return 0
