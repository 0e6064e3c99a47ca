"""How long a post is for each network, and making a post fit its limit.

Mastodon counts every link as 23 characters, whatever its length; LinkedIn
and email subjects count characters. A post that is too long loses its
optional parts in a fixed order, then has its longer texts shortened word by
word with an ellipsis; a link is never cut (links are single words).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence

#: Mastodon's default post limit, and what any link counts for in it.
MASTODON_LIMIT = 500
MASTODON_URL_LENGTH = 23
#: LinkedIn's limit for a post.
LINKEDIN_LIMIT = 3000
#: RFC 5322's recommended line length, for the ``Subject:`` line of an email.
SUBJECT_LIMIT = 78
ELLIPSIS = "…"

#: A link as Mastodon finds it in a post: a scheme, then everything up to a space.
_URL = re.compile(r"https?://\S+")

Measure = Callable[[str], int]


class TooLong(ValueError):
    """Even with every optional part left out and every text shortened, the post is too long."""


def plain_length(text: str) -> int:
    """Characters (code points) of ``text``."""
    return len(text)


def mastodon_length(text: str) -> int:
    """``text``'s length as Mastodon counts it: each link counts as 23 characters.

    Code points are counted; Mastodon counts graphemes, never more than code points,
    so a text this accepts Mastodon accepts.
    """
    return len(_URL.sub("x" * MASTODON_URL_LENGTH, text))


def fits(text: str, limit: int, measure: Measure = plain_length) -> bool:
    """Whether ``text`` is at most ``limit`` long as ``measure`` counts."""
    return measure(text) <= limit


def shorten(text: str, words: int) -> str:
    """The first ``words`` words of ``text`` and an ellipsis (``text`` itself when it has no more).

    Whitespace-separated words are kept whole, so a link is kept whole or left out.
    """
    parts = text.split()
    if words >= len(parts):
        return text
    if words <= 0:
        return ""
    return " ".join(parts[:words]).rstrip(",;:.–—-") + ELLIPSIS


def fit(
    render: Callable[[Mapping[str, str]], str],
    parts: Mapping[str, str],
    limit: int,
    measure: Measure = plain_length,
    drop: Sequence[str] = (),
    shrink: Sequence[str] = (),
) -> str:
    """``render(parts)``, made to fit ``limit``.

    First the parts named in ``drop`` are left out (made empty) one after the
    other, in that order; then each part named in ``shrink`` is shortened to
    as many words as fit (see :func:`shorten`), and left out when none does.
    It stops as soon as the text fits.

    Raises:
        TooLong: nothing left to leave out or shorten, and the text is still too long.
    """
    current = dict(parts)
    text = render(current)
    if fits(text, limit, measure):
        return text
    for name in drop:
        current[name] = ""
        text = render(current)
        if fits(text, limit, measure):
            return text
    for name in shrink:
        original = parts[name]
        low, high = 0, len(original.split())  # the most words that fit is in [low, high)
        while low < high:
            middle = (low + high + 1) // 2
            trial = {**current, name: shorten(original, middle)}
            if fits(render(trial), limit, measure):
                low = middle
            else:
                high = middle - 1
        current[name] = shorten(original, low)
        text = render(current)
        if fits(text, limit, measure):
            return text
    raise TooLong(f"{measure(text)} characters where at most {limit} are allowed")
