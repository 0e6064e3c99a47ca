"""Problems found in content files, and how they are reported.

Every check in Chapterhouse reports through :class:`Problem` so that the build,
``invoke validate`` and the tests all print the same ``path:line: field: message``
lines. Nothing here imports Pelican.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with one content file.

    Attributes:
        path: The file as the person running the build knows it
            (``content/events/x.md``).
        line: 1-based line of the offending key or value (1 when the problem
            concerns the whole file).
        field: The front-matter key, dotted for nested values
            (``venue.geo``, ``speakers.1.url``), or ``file`` / ``front matter``.
        message: What is wrong, quoting the bad value back.
        hint: Optional advice (``did you mean 'start'?``).
    """

    path: str
    line: int
    field: str
    message: str
    hint: str = ""

    def format(self) -> str:
        """Render as ``path:line: field: message (hint)``, on one line, control characters shown."""
        path, field, message = printable(self.path), printable(self.field), printable(self.message)
        text = f"{path}:{self.line}: {field}: {message}"
        if self.hint:
            text += f" ({printable(self.hint)})"
        return text

    def github_annotation(self) -> str:
        """Render as a GitHub Actions ``::error`` workflow command."""
        message = f"{printable(self.field)}: {printable(self.message)}"
        if self.hint:
            message += f" ({printable(self.hint)})"
        path, title = printable(self.path), printable("Chapterhouse: " + self.field)
        return (
            f"::error file={_escape_property(path)},line={self.line},"
            f"title={_escape_property(title)}::{_escape_data(message)}"
        )


class ContentError(Exception):
    """Raised when content is invalid; carries every problem found."""

    def __init__(self, problems: Iterable[Problem]):
        self.problems: tuple[Problem, ...] = tuple(sorted(set(problems)))
        super().__init__(self.report())

    def report(self) -> str:
        """All problems, one per line, sorted by file and line."""
        return "\n".join(problem.format() for problem in self.problems)


class FieldError(ValueError):
    """A single front-matter value is wrong; converted into a :class:`Problem`.

    Args:
        message: What is wrong, quoting the value.
        hint: Optional advice.
        field: Sub-field (``geo`` inside ``venue``), appended to the field path.
    """

    def __init__(self, message: str, hint: str = "", field: str = ""):
        super().__init__(message)
        self.message = message
        self.hint = hint
        self.field = field

    @property
    def errors(self) -> tuple[FieldError, ...]:
        """Every error this one stands for (itself, or each of a :class:`FieldErrors`)."""
        return (self,)

    def within(self, prefix: str) -> FieldError:
        """The same error(s), located under the sub-field ``prefix``."""
        return FieldError(self.message, self.hint, _join(prefix, self.field))


class FieldErrors(FieldError):
    """Several values of one front-matter key are wrong (a mapping, a list): all are reported."""

    def __init__(self, errors: Iterable[FieldError]):
        flat = tuple(single for error in errors for single in error.errors)
        first = flat[0] if flat else FieldError("is not valid")
        super().__init__(first.message, first.hint, first.field)
        self._errors = flat or (first,)

    @property
    def errors(self) -> tuple[FieldError, ...]:
        """Each error, with its sub-field."""
        return self._errors

    def within(self, prefix: str) -> FieldError:
        """The errors, each located under the sub-field ``prefix``."""
        return FieldErrors(error.within(prefix) for error in self._errors)


def _join(prefix: str, field: str) -> str:
    return f"{prefix}.{field}" if prefix and field else prefix or field


def quote(value: object, limit: int = 80) -> str:
    r"""Quote a bad value back to the user, shortened, on one line, control characters shown.

    A value can hold terminal escape sequences or line breaks meant to forge
    other messages; they are written as ``\\x1b``, ``\\n``… instead.
    """
    if isinstance(value, str):
        text = value
    elif isinstance(value, float) and isinstance(getattr(value, "text", None), str):
        text = value.text  # a YAML float as its author wrote it (frontmatter.WrittenFloat)
    else:
        text = repr(value)
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    return f"'{printable(text)}'"


def printable(text: str) -> str:
    """``text`` with control and invisible formatting characters written as escapes."""
    if text.isprintable():
        return text
    return "".join(_visible(char) for char in text)


def _visible(char: str) -> str:
    if char == "\n":
        return "\\n"
    if char == "\r":
        return "\\r"
    if unicodedata.category(char) in ("Cc", "Cf", "Zl", "Zp") and char not in "\u200d":
        return f"\\u{ord(char):04x}" if ord(char) > 0xFF else f"\\x{ord(char):02x}"
    return char


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")
