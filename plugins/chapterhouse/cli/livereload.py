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
import json
import multiprocessing
import re
import sys
import threading
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from http import HTTPStatus
from io import BytesIO
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any, ClassVar, TextIO
from urllib.parse import parse_qs, urlsplit

from chapterhouse.cli.serve import SiteHandler, site_server

#: Where the page's script and the server's events are (never a path of the site).
SCRIPT_PATH = "/__chapterhouse/livereload.js"
EVENTS_PATH = "/__chapterhouse/events"
#: The script added to each HTML page.
#: The page's build number travels in the script's address: a build that ends between the
#: page's request and the event stream's start still reloads it.
SCRIPT = f"""// Added by `invoke livereload` (never part of the built site).
const build = new URL(document.currentScript.src).searchParams.get("build") || "";
new EventSource("{EVENTS_PATH}?since=" + encodeURIComponent(build))
  .addEventListener("reload", () => location.reload());
""".encode()
#: Seconds between keep-alive comments on an open event stream.
KEEP_ALIVE = 15.0
#: Host names of ``SITEURL`` that mean "this machine".
LOCAL_HOSTS = frozenset({"localhost", "127.0.0.1"})
#: Files editors and tools write and remove while saving (sed's ``sedAb12Cd``, vim's ``4913``,
#: Emacs's ``.#x`` and ``#x#``, backups ending in ``~``, swap files).
_EDITOR_FILE = re.compile(r"sed[A-Za-z0-9]{6}|4913|\.#.*|#.*#|.*~|.*\.sw[a-p]|.*\.tmp")


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
        return with_script(body, self.reloads.count)

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
        since = parse_qs(urlsplit(self.path).query).get("since", [""])[0]
        seen = int(since) if since.isdigit() else self.reloads.count
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
        overrides: Settings given to the ``pelican`` command (name, JSON value), such
            as ``("CACHE_PATH", '"/tmp/cache"')``.
    """

    content: Path
    settings: Path
    output: Path
    code: tuple[Path, ...] = ()
    theme: tuple[Path, ...] = ()
    overrides: tuple[tuple[str, str], ...] = ()

    def arguments(self) -> list[str]:
        """The ``pelican`` command's arguments that build the site."""
        paths = [str(self.content), "-s", str(self.settings), "-o", str(self.output)]
        # One -e with every override: Pelican keeps only the values of the last one.
        extra = ["-e", *(f"{name}={value}" for name, value in self.overrides)]
        return [*paths, *(extra if self.overrides else [])]

    def override(self, name: str, value: str) -> Project:
        """This project with the setting ``name`` given as ``value`` (JSON)."""
        kept = tuple((key, text) for key, text in self.overrides if key != name)
        return replace(self, overrides=(*kept, (name, value)))

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
    out: TextIO | None = None,
    changes: Iterable[set[Path]] | None = None,
) -> int:
    """Serve, build, and rebuild on every change until interrupted; return the exit status.

    Pages link to ``SITEURL``: when it is a local address on another port than the
    one served (``http://localhost:8000`` and ``--port 8765``), the site is built
    with that port instead, so that links stay on this server.

    Args:
        project: What to build and watch.
        port: Where to serve (0 picks a free port).
        out: Where to print (default standard output).
        changes: The changes to react to, each a set of paths (default: watchfiles
            on the content, the theme and the code; tests give their own).
    """
    out = out or sys.stdout
    reloads = Reloads()
    try:  # listen first: a second server on a used port must not build over the first's site
        server = site_server(
            project.output, port=port, quiet=True, handler_class=LiveSiteHandler, reloads=reloads
        )
    except OSError as error:
        print(f"error: cannot listen on 127.0.0.1:{port}: {error.strerror}", file=out)
        return 1
    served = server.server_address[1]
    handler = server.RequestHandlerClass.func  # the bound handler class (its prefix)
    project, handler.prefix = _served_as(project, served, out)
    builder = Builder(project)
    try:
        ok, why, seconds = builder.build()
        if not ok and not (project.output / "index.html").is_file():
            print(f"error: the first build failed ({why}): no site to serve", file=out)
            return 1
        threading.Thread(target=server.serve_forever, daemon=True).start()
        print(
            f"Serving {project.output} at http://127.0.0.1:{served}{handler.prefix}/ (built in "
            f"{seconds:.2f} s); rebuilding on every change (Ctrl-C to stop)",
            file=out,
            flush=True,
        )
        try:
            for changed in changes if changes is not None else _watch(project):
                code = project.is_code(changed)
                if code:  # the settings may move the site (SITEURL)
                    project, handler.prefix = _served_as(project, served, out)
                    builder.project = project
                _rebuild(builder, changed, code, reloads, out)
        except KeyboardInterrupt:
            print("Stopped.", file=out)
        finally:
            server.shutdown()
    finally:
        server.server_close()
        builder.close()
    return 0


def _served_as(project: Project, port: int, out: TextIO) -> tuple[Project, str]:
    """The project as this server builds it, and the path its site is served under."""
    from chapterhouse.cli.project import UsageError, load_project

    try:
        config = load_project(project.settings, project.content).config
    except UsageError as error:  # the build will say what is wrong; serve at the root
        print(f"warning: {error}", file=out)
        return project, ""
    parts = urlsplit(config.site_url)
    if parts.hostname in LOCAL_HOSTS and parts.port != port:
        here = f"{parts.scheme}://{parts.hostname}:{port}{parts.path}".rstrip("/")
        project = project.override("SITEURL", json.dumps(here))
    return project, config.site_path


def _rebuild(
    builder: Builder, changed: set[Path], code: bool, reloads: Reloads, out: TextIO
) -> None:
    ok, why, seconds = builder.build(reload_code=code)
    names = sorted(_shown(path) for path in changed)
    shown = ", ".join(names[:3]) + (f" and {len(names) - 3} more" if len(names) > 3 else "")
    if ok:
        reloads.announce()
        print(f"{shown}: rebuilt in {seconds:.2f} s", file=out, flush=True)
    else:
        print(f"{shown}: the build failed ({why}); the previous site is still served",
              file=out, flush=True)  # fmt: skip


def _watch(project: Project) -> Iterator[set[Path]]:
    """Sets of changed paths, as watchfiles (inotify) reports them; editors' files left out.

    A watched *file* (the settings) that an editor saves by writing a new file and
    renaming it over the old one is a new file: after it changed, it is watched anew.
    """
    from watchfiles import DefaultFilter, watch

    default = DefaultFilter()

    def wanted(change: Any, path: str) -> bool:
        return default(change, path) and not is_editor_file(path)

    watched = [path for path in (project.content, *project.theme, *project.code) if path.exists()]
    files = {path.resolve() for path in watched if path.is_file()}
    while True:
        for batch in watch(*watched, watch_filter=wanted, debounce=100, step=20):
            changed = {Path(path) for _, path in batch}
            yield changed
            if {path.resolve() for path in changed} & files:
                break  # watch the settings file's new inode


def is_editor_file(path: str | Path) -> bool:
    """Whether ``path`` is a temporary file of an editor or tool, not a change to build."""
    return bool(_EDITOR_FILE.fullmatch(Path(path).name))


def _shown(path: Path) -> str:
    try:
        return path.resolve().relative_to(Path.cwd()).as_posix()
    except ValueError:
        return str(path)


def with_script(body: bytes, build: int = 0) -> bytes:
    """An HTML page with the reload script (for build number ``build``) before ``</body>``."""
    tag = script_tag(build)
    at = body.rfind(b"</body>")
    return body + tag if at < 0 else body[:at] + tag + body[at:]


def script_tag(build: int) -> bytes:
    """The script element added to pages served after ``build`` builds."""
    return f'<script src="{SCRIPT_PATH}?build={build}"></script>'.encode()
