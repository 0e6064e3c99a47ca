"""``invoke livereload``: rebuild on every change and reload the browser at once.

The site is served as ``invoke serve`` serves it (:class:`~.serve.SiteHandler`),
with one script added to each HTML page, ``/__chapterhouse/livereload.js``: it
listens to ``/__chapterhouse/events`` (server-sent events) and reloads the page
when a build has put a new output in place. The script comes from the server's
own origin, which the theme's Content-Security-Policy allows.

* Changes are reported by watchfiles (inotify: no polling, no fixed delay).
* Builds run in a *builder* process that keeps Python, Pelican and the
  plugins loaded between them, and whose build cache is warm: a change to
  content or to the theme makes again only what it touches. A change to code
  (``plugins/``, the settings file) starts a new builder, which loads the
  code anew. (The builder is a process of its own, so that the builds, which
  fork workers on large sites, run where no server thread is.)
* A build that fails leaves the previous output served, and says why.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import sys
import threading
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from http import HTTPStatus
from io import BytesIO
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any, ClassVar, TextIO

from chapterhouse.cli.serve import SiteHandler, site_server

#: Where the page's script and the server's events are (never a path of the site).
SCRIPT_PATH = "/__chapterhouse/livereload.js"
EVENTS_PATH = "/__chapterhouse/events"
#: The script added to each HTML page.
SCRIPT = b"""// Added by `invoke livereload` (never part of the built site).
new EventSource("/__chapterhouse/events").addEventListener("reload", () => location.reload());
"""
TAG = f'<script src="{SCRIPT_PATH}" defer></script>'.encode()
#: Seconds between keep-alive comments on an open event stream.
KEEP_ALIVE = 15.0


class Reloads:
    """Builds put in place so far; page streams wait for the next one."""

    def __init__(self) -> None:
        self._count = 0
        self._changed = threading.Condition()

    @property
    def count(self) -> int:
        """How many builds were announced."""
        with self._changed:
            return self._count

    def announce(self) -> None:
        """A new output is in place: every waiting page reloads."""
        with self._changed:
            self._count += 1
            self._changed.notify_all()

    def wait_after(self, seen: int, timeout: float) -> int:
        """The count once it is past ``seen``, or ``seen`` after ``timeout`` seconds."""
        with self._changed:
            self._changed.wait_for(lambda: self._count > seen, timeout)
            return self._count


class LiveSiteHandler(SiteHandler):
    """:class:`SiteHandler` plus the reload script and the event stream."""

    reloads: ClassVar[Reloads]

    def do_GET(self) -> None:
        """The event stream, the script, or a file of the site (HTML with the script)."""
        path = self.path.split("?", 1)[0]
        if path == EVENTS_PATH:
            self._stream()
        elif path == SCRIPT_PATH:
            self._send(SCRIPT, "text/javascript; charset=utf-8")
        else:
            super().do_GET()

    def send_head(self) -> Any:
        """A site file; an HTML page (a folder's ``index.html`` too) gets the script."""
        target = Path(self.translate_path(self.path))
        if target.is_dir() and self.path.split("?", 1)[0].endswith("/"):
            target = target / "index.html"
        if target.suffix != ".html" or not target.is_file():
            return super().send_head()
        try:
            body = self.html(target.read_bytes())
        except OSError:
            return super().send_head()
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return BytesIO(body)

    def html(self, body: bytes) -> bytes:
        """``body`` with the reload script before ``</body>`` (at the end without one)."""
        return with_script(body)

    def _send(self, body: bytes, content_type: str, status: int = HTTPStatus.OK) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _stream(self) -> None:
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/event-stream")
        self.end_headers()
        seen = self.reloads.count
        try:
            self.wfile.write(b": connected\n\n")
            self.wfile.flush()
            while True:
                now = self.reloads.wait_after(seen, KEEP_ALIVE)
                message = b": still here\n\n" if now == seen else b"event: reload\ndata: \n\n"
                seen = now
                self.wfile.write(message)
                self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            return


# Building ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Project:
    """What ``invoke livereload`` builds and watches.

    Attributes:
        content: The content folder.
        settings: The settings file (``pelicanconf.py``).
        output: The output folder.
        code: Folders and files whose change needs the code loaded anew (plugins, settings).
        theme: Other folders to watch (the theme).
        options: More arguments of the ``pelican`` command (``-e CACHE_PATH=…``).
    """

    content: Path
    settings: Path
    output: Path
    code: tuple[Path, ...] = ()
    theme: tuple[Path, ...] = ()
    options: tuple[str, ...] = ()

    def arguments(self) -> list[str]:
        """The ``pelican`` command's arguments that build the site."""
        paths = [str(self.content), "-s", str(self.settings), "-o", str(self.output)]
        return [*paths, *self.options]

    def is_code(self, changed: Iterable[Path]) -> bool:
        """Whether a change is to code, which a builder cannot load again."""
        return any(p == folder or folder in p.parents for p in changed for folder in self.code)


def build_here(project: Project) -> tuple[bool, str]:
    """Build once in this process; return whether it succeeded, and why not."""
    from pelican import get_instance, parse_arguments

    try:
        pelican, _ = get_instance(parse_arguments(project.arguments()))
        pelican.run()
    except Exception as error:
        return False, str(error) or type(error).__name__
    return True, ""


def builder_process(project: Project, requests: Connection) -> None:
    """Build each time asked, with the code loaded once (run in a process of its own)."""
    import logging

    from pelican.log import init as init_logging

    init_logging(level=logging.WARNING, name="pelican")
    try:
        while requests.recv():
            requests.send(build_here(project))
    except (EOFError, KeyboardInterrupt):
        return


class Builder:
    """A process that keeps Python, Pelican and the plugins loaded between builds.

    A change to code replaces it with a new one, which loads the code anew.
    The build cache on disk makes the first build of a new process incremental too.
    """

    def __init__(self, project: Project):
        self.project = project
        self._context = multiprocessing.get_context("spawn")
        self._process: Any = None
        self._requests: Connection | None = None

    def build(self, reload_code: bool = False) -> tuple[bool, str, float]:
        """Build once; whether it succeeded, why not, and how long it took (seconds)."""
        started = time.perf_counter()
        if reload_code or self._process is None or not self._process.is_alive():
            self._start()
        assert self._requests is not None
        try:
            self._requests.send(True)
            ok, why = self._requests.recv()
        except (EOFError, OSError):
            ok, why = False, "the builder stopped"
            self._process = None
        return ok, why, time.perf_counter() - started

    def close(self) -> None:
        """Stop the builder process."""
        if self._process is not None:
            with contextlib.suppress(OSError):
                assert self._requests is not None
                self._requests.send(False)
            self._process.join(timeout=5)
            if self._process.is_alive():
                self._process.terminate()
            self._process = None

    def _start(self) -> None:
        self.close()
        ours, theirs = self._context.Pipe()
        self._process = self._context.Process(
            target=builder_process, args=(self.project, theirs), daemon=True
        )
        self._process.start()
        self._requests = ours


def livereload(
    project: Project,
    port: int,
    prefix: str = "",
    out: TextIO | None = None,
    changes: Iterable[set[Path]] | None = None,
) -> int:
    """Build, serve, and rebuild on every change until interrupted; return the exit status.

    Args:
        project: What to build and watch.
        port: Where to serve (0 picks a free port).
        prefix: The site's path (``SITEURL``'s), served under it.
        out: Where to print (default standard output).
        changes: The changes to react to, each a set of paths (default: watchfiles
            on the content, the theme and the code; tests give their own).
    """
    out = out or sys.stdout
    builder = Builder(project)
    try:
        ok, why, seconds = builder.build()
        if not ok and not (project.output / "index.html").is_file():
            print(f"error: the first build failed ({why}): no site to serve", file=out)
            return 1
        reloads = Reloads()
        try:
            server = site_server(
                project.output, port=port, prefix=prefix, quiet=True,
                handler_class=LiveSiteHandler, reloads=reloads,
            )  # fmt: skip
        except OSError as error:
            print(f"error: cannot listen on 127.0.0.1:{port}: {error.strerror}", file=out)
            return 1
        threading.Thread(target=server.serve_forever, daemon=True).start()
        print(
            f"Serving {project.output} at http://127.0.0.1:{server.server_address[1]}{prefix}/ "
            f"(built in {seconds:.2f} s); rebuilding on every change (Ctrl-C to stop)",
            file=out,
            flush=True,
        )
        with server:
            try:
                for changed in changes if changes is not None else _watch(project):
                    _rebuild(builder, project, changed, reloads, out)
            except KeyboardInterrupt:
                print("Stopped.", file=out)
            finally:
                server.shutdown()
    finally:
        builder.close()
    return 0


def _rebuild(
    builder: Builder, project: Project, changed: set[Path], reloads: Reloads, out: TextIO
) -> None:
    ok, why, seconds = builder.build(reload_code=project.is_code(changed))
    names = sorted(_shown(path) for path in changed)
    shown = ", ".join(names[:3]) + (f" and {len(names) - 3} more" if len(names) > 3 else "")
    if ok:
        reloads.announce()
        print(f"{shown}: rebuilt in {seconds:.2f} s", file=out, flush=True)
    else:
        print(f"{shown}: the build failed ({why}); the previous site is still served",
              file=out, flush=True)  # fmt: skip


def _watch(project: Project) -> Iterator[set[Path]]:
    """Sets of changed paths, as watchfiles reports them (editors' temporary files left out)."""
    from watchfiles import DefaultFilter, watch

    watched = [project.content, *project.theme, *project.code]
    for batch in watch(
        *(path for path in watched if path.exists()),
        watch_filter=DefaultFilter(),
        debounce=100,
        step=20,
    ):
        yield {Path(path) for _, path in batch}


def _shown(path: Path) -> str:
    try:
        return path.resolve().relative_to(Path.cwd()).as_posix()
    except ValueError:
        return str(path)


def with_script(body: bytes) -> bytes:
    """An HTML page with the reload script added before its last ``</body>``."""
    at = body.rfind(b"</body>")
    return body + TAG if at < 0 else body[:at] + TAG + body[at:]
