"""The post for each network, laid out from :class:`~.facts.Facts` and fitted to its limit.

* Mastodon: at most 500 characters, every link counting as 23;
* LinkedIn: at most 3,000 characters;
* email: a ``Subject:`` line of at most 78 characters (RFC 5322), then a plain-text body.

A post too long for its network loses, in this order: its hashtags, its speakers,
the rule of a series; then its summary is shortened (ending with "…") or left out,
then its title is shortened. Links are never cut.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from chapterhouse.announce.facts import Facts
from chapterhouse.announce.limits import (
    LINKEDIN_LIMIT,
    MASTODON_LIMIT,
    SUBJECT_LIMIT,
    Measure,
    fit,
    mastodon_length,
    plain_length,
)

#: The networks, in the order ``invoke announce`` prints them.
NETWORKS = ("email", "linkedin", "mastodon")
#: Parts left out of a post that is too long, first to last.
DROP_ORDER = ("hashtags", "speakers", "rule")
#: Parts then shortened with an ellipsis (and left out when no word fits), first to last.
SHRINK_ORDER = ("summary", "title")
SUBJECT = "Subject: "


@dataclass(frozen=True)
class Post:
    """One network's text.

    Attributes:
        network: ``email``, ``linkedin`` or ``mastodon``.
        text: What to paste (for email, the ``Subject:`` line, a blank line, the body).
        length: What the limit applies to, as the network counts it (for email, the
            ``Subject:`` line).
        limit: The network's limit.
    """

    network: str
    text: str
    length: int
    limit: int


def post(network: str, facts: Facts) -> Post:
    """The post announcing ``facts`` on ``network`` (one of :data:`NETWORKS`).

    Raises:
        TooLong: even shortened, it does not fit (links alone longer than the limit).
        ValueError: an unknown network.
    """
    if network == "mastodon":
        return _fitted(network, facts, MASTODON_LIMIT, mastodon_length)
    if network == "linkedin":
        return _fitted(network, facts, LINKEDIN_LIMIT, plain_length)
    if network == "email":
        return _email(facts)
    raise ValueError(f"unknown network {network!r}; networks: {', '.join(NETWORKS)}")


def _parts(facts: Facts) -> dict[str, str]:
    return {
        "title": facts.title,
        "summary": facts.summary,
        "notice": facts.notice,
        "when": facts.when,
        "rule": facts.rule,
        "where": facts.where,
        "speakers": facts.speakers,
        "registration": facts.registration,
        "links": "\n".join(facts.links),
        "hashtags": " ".join(facts.hashtags),
    }


def _body(parts: Mapping[str, str]) -> str:
    """Title and summary; notice; when, where, who; registration and links; hashtags."""
    sections = (
        (parts["title"], parts["summary"]),
        (parts["notice"],),
        (parts["when"], parts["rule"], parts["where"], parts["speakers"]),
        (parts["registration"], parts["links"]),
        (parts["hashtags"],),
    )
    blocks = ("\n".join(line for line in lines if line) for lines in sections)
    return "\n\n".join(block for block in blocks if block)


def _fitted(network: str, facts: Facts, limit: int, measure: Measure) -> Post:
    text = fit(_body, _parts(facts), limit, measure, DROP_ORDER, SHRINK_ORDER)
    return Post(network, text, measure(text), limit)


def _email(facts: Facts) -> Post:
    """A subject (the title and the date, the title shortened to fit), a blank line, the body."""
    parts = {"title": facts.title, "date": facts.date}
    subject = fit(_subject, parts, SUBJECT_LIMIT, plain_length, (), ("title",))
    body = _body({**_parts(facts), "hashtags": ""})
    return Post("email", f"{subject}\n\n{body}", plain_length(subject), SUBJECT_LIMIT)


def _subject(parts: Mapping[str, str]) -> str:
    title, day = parts["title"], parts["date"]
    return SUBJECT + (f"{title} – {day}" if title and day else title or day)
