"""One rule for every file the build reads or publishes from the content folder.

Content comes from strangers' pull requests, and a file can reach the output
by several paths: a content file read by a reader, a file of a static folder
(``images/``), a ``{static}``/``{attach}`` link in a page or an event, an
``image:`` key. Whichever path brings it, a file must be:

* **inside the content folder**: its path, once normalised, does not leave
  the folder, and no part of it is a symbolic link (a link could point
  anywhere: ``/etc/passwd``, another repository, ``/dev/zero``);
* **a regular file** (not a device, a pipe or a folder);
* **small enough**, checked on the file's size *before* it is read, and read
  with a bound all the same;
* for files published as they are, **of an allowed type, judged by its
  content** as well as by its name: an HTML page, a script or an SVG with
  script would run with the site's authority when opened directly (the
  Content-Security-Policy of pages does not protect a file opened on its own).

Each check returns messages rather than raising, so that the caller reports
them as ``path:line: field: message`` with every other problem.
"""

from __future__ import annotations

import os
import posixpath
import re
import stat
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from chapterhouse.core.problems import Problem, quote
from chapterhouse.core.svg import svg_issue

#: Largest file published as it is (pictures, PDFs).
MAX_STATIC_SIZE = 20_000_000

#: Types published as they are: their extensions and how their content starts.
_SIGNATURES: dict[str, tuple[bytes, ...]] = {
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
    ".png": (b"\x89PNG\r\n\x1a\n",),
    ".gif": (b"GIF87a", b"GIF89a"),
    ".ico": (b"\x00\x00\x01\x00",),
    ".pdf": (b"%PDF-",),
}
ALLOWED_EXTENSIONS = frozenset({*_SIGNATURES, ".webp", ".avif", ".svg", ".txt"})

_HTML_START = re.compile(rb"^\s*(?:<!doctype\s+html|<html|<head|<body|<script)", re.IGNORECASE)


@dataclass(frozen=True)
class FileIssue:
    """Why a file cannot be used: a message, an optional hint, the line it concerns."""

    message: str
    hint: str = ""
    line: int = 1


def normalise(relpath: str) -> str | None:
    """``relpath`` as a clean POSIX path inside the folder, or None when it leaves it."""
    if not relpath or "\\" in relpath or "\x00" in relpath or relpath.startswith("/"):
        return None
    clean = posixpath.normpath(relpath)
    if clean in (".", "..") or clean.startswith("../"):
        return None
    return clean


def check_path(root: Path, relpath: str) -> FileIssue | None:
    """The path rule: inside ``root``, no symbolic link on the way, a regular file."""
    clean = normalise(relpath)
    if clean is None:
        return FileIssue(
            f"{quote(relpath)} is outside the content folder",
            "link to files inside the content folder only",
        )
    current = root
    for part in clean.split("/"):
        current = current / part
        try:
            info = os.lstat(current)
        except OSError:
            return FileIssue(f"{quote(clean)} is not a file in the content folder")
        if stat.S_ISLNK(info.st_mode):
            return FileIssue(
                f"{quote(current.relative_to(root).as_posix())} is a symbolic link",
                "links can point outside the content folder: copy the file instead",
            )
    if not stat.S_ISREG(info.st_mode):
        return FileIssue(f"{quote(clean)} is not a regular file")
    return None


def read_bounded(
    root: Path, relpath: str, limit: int, head: int = 0
) -> tuple[bytes | None, FileIssue | None]:
    """Read a file under the path rule, never more than ``limit`` + 1 bytes.

    Returns (bytes, None), or (None, the issue) when the path breaks the rule or
    the file is larger than ``limit`` (checked on its size before reading).
    With ``head``, only that many first bytes are read (after the size check).
    """
    issue = check_path(root, relpath)
    if issue is not None:
        return None, issue
    path = root / relpath
    try:
        size = os.lstat(path).st_size
        if size > limit:
            return None, _too_large(size, limit)
        with open(path, "rb") as handle:
            data = handle.read(head or limit + 1)
    except OSError as error:
        return None, FileIssue(f"cannot be read: {error.strerror or error}")
    if not head and len(data) > limit:  # it grew after the check
        return None, _too_large(len(data), limit)
    return data, None


def read_found(root: Path, relpath: str, limit: int) -> tuple[bytes | None, FileIssue | None]:
    """Read a file :func:`walk` found (its folders are known to be real folders), bounded.

    The file itself is opened without following a link (``O_NOFOLLOW``), and its
    size is checked on the open file before it is read: a file replaced by a
    link since it was found is refused all the same.
    """
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0)
    try:
        descriptor = os.open(os.path.join(root, relpath), flags)
    except OSError:
        return read_bounded(root, relpath, limit)  # a link, or gone: say which, slowly
    with os.fdopen(descriptor, "rb") as handle:
        info = os.fstat(handle.fileno())
        if not stat.S_ISREG(info.st_mode):
            return None, FileIssue(f"{quote(relpath)} is not a regular file")
        if info.st_size > limit:
            return None, _too_large(info.st_size, limit)
        data = handle.read(limit + 1)
    if len(data) > limit:
        return None, _too_large(len(data), limit)
    return data, None


def check_published(root: Path, relpath: str, limit: int = MAX_STATIC_SIZE) -> FileIssue | None:
    """The whole rule for a file copied to the site as it is (path, size, type by content)."""
    extension = posixpath.splitext(relpath)[1].lower()
    if extension not in ALLOWED_EXTENSIONS:
        return FileIssue(
            f"{extension or 'extension-less'} files are not published",
            "allowed: " + ", ".join(sorted(ALLOWED_EXTENSIONS)),
        )
    whole = extension in (".svg", ".txt")  # their whole text is checked; others by their start
    data, issue = read_bounded(root, relpath, limit, head=0 if whole else 64)
    if issue is not None or data is None:
        return issue
    return check_content_type(extension, data)


def check_content_type(extension: str, data: bytes) -> FileIssue | None:
    """Whether ``data`` really is a file of the type its ``extension`` says."""
    extension = extension.lower()
    if extension in _SIGNATURES:
        if not data.startswith(_SIGNATURES[extension]):
            return _not_really(extension)
        return None
    if extension == ".webp":
        return None if data[:4] == b"RIFF" and data[8:12] == b"WEBP" else _not_really(extension)
    if extension == ".avif":
        return None if data[4:8] == b"ftyp" and b"avi" in data[8:32] else _not_really(extension)
    if extension == ".txt":
        if b"\x00" in data or _HTML_START.match(data):
            return _not_really(extension)
        try:
            data.decode("utf-8")
        except UnicodeDecodeError:
            return FileIssue("the text file is not UTF-8")
        return None
    if extension == ".svg":
        return _check_svg(data)
    return _not_really(extension)


def _check_svg(data: bytes) -> FileIssue | None:
    head = data[:1024].lstrip(b"\xef\xbb\xbf \t\r\n")
    if not (head.startswith(b"<?xml") or head.startswith(b"<svg") or head.startswith(b"<!--")):
        return _not_really(".svg")
    if b"<svg" not in data:
        return _not_really(".svg")
    issue = svg_issue(data)
    if issue is not None:
        return FileIssue(
            f"the SVG contains {issue.what}", "export it again as a plain picture", issue.line
        )
    return None


def _not_really(extension: str) -> FileIssue:
    return FileIssue(
        f"the file's content is not a {extension} file",
        "export it again, or give it the extension of what it is",
    )


def _too_large(size: int, limit: int) -> FileIssue:
    return FileIssue(f"the file is {size:,} bytes; the limit is {limit:,}")


def walk(root: Path, folder: str) -> Iterator[tuple[str, FileIssue | None]]:
    """Every entry under ``root/folder``, sorted, without following links.

    Yields (content-relative path, None) for regular files and (path, issue)
    for symbolic links and other entries that are not regular files or
    folders; hidden entries (``.git``, ``.DS_Store``) are skipped.
    """
    base = os.path.join(root, folder)
    try:
        info = os.lstat(base)
    except OSError:
        return
    if stat.S_ISLNK(info.st_mode):
        yield folder, check_path(root, folder)
        return
    if stat.S_ISREG(info.st_mode):
        yield folder, None
        return
    yield from _walk_folder(root, base, folder)


def _walk_folder(root: Path, path: str, relpath: str) -> Iterator[tuple[str, FileIssue | None]]:
    """The entries of one folder (``os.scandir`` knows their types without more calls)."""
    try:
        with os.scandir(path) as listing:
            entries = sorted(listing, key=lambda entry: entry.name)
    except OSError:
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        child = f"{relpath}/{entry.name}"
        if entry.is_symlink():
            yield child, check_path(root, child)
        elif entry.is_dir(follow_symlinks=False):
            yield from _walk_folder(root, entry.path, child)
        elif entry.is_file(follow_symlinks=False):
            yield child, None
        else:
            yield child, FileIssue(f"{quote(child)} is not a regular file")


def problems_of_static_folders(
    root: Path, folders: tuple[str, ...], show: Callable[[str], str], limit: int = MAX_STATIC_SIZE
) -> list[Problem]:
    """Problems with every file of the static ``folders`` (Pelican's ``STATIC_PATHS``)."""
    problems = []
    for folder in folders:
        if normalise(folder) is None:
            problems.append(Problem(show(folder), 1, "file", f"{quote(folder)} is outside"))
            continue
        for relpath, issue in walk(root, folder):
            issue = issue or check_published(root, relpath, limit)
            if issue is not None:
                problems.append(
                    Problem(show(relpath), issue.line, "file", issue.message, issue.hint)
                )
    return problems
