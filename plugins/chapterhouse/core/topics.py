"""Topics across languages: one topic, one slug, a label per language.

``content/topics.yml`` declares the topics written differently in different
languages, once::

    data:
      fr: données
      es: datos
      en: data
    community: {fr: communauté, es: comunidad, en: community}

An event's ``topics: [datos]`` and another's ``topics: [Données]`` are then
the same topic, ``/topics/data/``, shown as "datos" on a Spanish page and
"données" on a French one. A topic the file does not declare works as it
always has: its slug is made from its text, its name is its most used
spelling.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from chapterhouse.core.frontmatter import decode, load_yaml
from chapterhouse.core.languages import LanguageError, language_tag, primary
from chapterhouse.core.problems import Problem, quote
from chapterhouse.core.slugs import is_slug, slugify

#: The file, relative to the content folder.
TOPICS_FILE = "topics.yml"
#: The most values ``topics.yml`` may hold (about 20,000 topics in ten languages).
TOPICS_MAX_VALUES = 250_000


@dataclass(frozen=True)
class DeclaredTopic:
    """A topic of ``topics.yml``: its slug and its label in each language."""

    slug: str
    labels: Mapping[str, str]

    def label(self, language: str, fallback: str = "") -> str:
        """The label in ``language`` (or in ``es`` for ``es-MX``), else ``fallback``."""
        if language in self.labels:
            return self.labels[language]
        for tag, label in self.labels.items():
            if primary(tag) == primary(language):
                return label
        return fallback


@dataclass(frozen=True)
class TopicIndex:
    """The declared topics, and how an event's topic text finds its topic.

    Attributes:
        declared: Each declared topic, by slug.
        source: The file's revision (content digest), for fingerprints; empty without a file.
    """

    declared: Mapping[str, DeclaredTopic] = field(default_factory=dict)
    source: str = ""

    def __post_init__(self) -> None:
        names: dict[str, str] = {}
        for topic in self.declared.values():
            names[_normal(topic.slug)] = topic.slug
            for label in topic.labels.values():
                names.setdefault(_normal(label), topic.slug)
        object.__setattr__(self, "_names", names)

    def slug_of(self, text: str) -> str:
        """The slug of the topic an event names with ``text`` (any label, any case)."""
        return self._names.get(_normal(text)) or slugify(text)  # type: ignore[attr-defined]

    def __fingerprint__(self) -> str:
        return f"topics:{self.source}"


def load_topics(
    raw: bytes, path: str, max_bytes: int, source: str
) -> tuple[TopicIndex, list[Problem]]:
    """Read ``topics.yml``: every problem is reported, the valid topics are kept.

    Args:
        raw: The file's bytes.
        path: The file as shown in messages.
        max_bytes: Largest file accepted.
        source: The file's revision (a digest of its bytes).
    """
    text, problems = decode(raw, path, max_bytes)
    if text is None:
        return TopicIndex(), problems
    # A network declares a topic per line: a file of thousands (a few values each) is fine.
    data, lines, problems = load_yaml(text, path, max_values=TOPICS_MAX_VALUES)
    problems = [_about_topics(problem) for problem in problems]
    if data is None:  # not a mapping, not YAML, too many values: said by load_yaml
        return TopicIndex(), problems
    declared: dict[str, DeclaredTopic] = {}
    owner: dict[str, tuple[str, int]] = {}
    for key, labels in data.items():
        line = lines.get(str(key), 1)
        topic = _topic(key, labels, path, line, lines, problems)
        if topic is None:
            continue
        clash = False
        for tag, label in topic.labels.items():
            earlier = owner.get(_normal(label))
            if earlier and earlier[0] != topic.slug:
                problems.append(
                    Problem(
                        path,
                        lines.get(f"{key}.{tag}", line),
                        f"{key}.{tag}",
                        f"the label {quote(label)} is already a label of the topic "
                        f"{quote(earlier[0])} (line {earlier[1]})",
                        "one label names one topic",
                    )
                )
                clash = True
        if clash:  # (a key written twice is refused by load_yaml)
            continue
        declared[topic.slug] = topic
        owner.setdefault(_normal(topic.slug), (topic.slug, line))
        for label in topic.labels.values():
            owner.setdefault(_normal(label), (topic.slug, line))
    return TopicIndex(declared, source), problems


def _topic(
    key: Any, labels: Any, path: str, line: int, lines: Mapping[str, int], problems: list[Problem]
) -> DeclaredTopic | None:
    slug = str(key)
    if not isinstance(key, str) or not is_slug(slug):
        problems.append(
            Problem(
                path,
                line,
                slug,
                f"{quote(key)} is not a topic slug",
                f"write it in lowercase letters, digits and hyphens: {slugify(slug)!r}",
            )
        )
        return None
    if not isinstance(labels, dict) or not labels:
        problems.append(
            Problem(
                path,
                line,
                slug,
                f"the topic's labels must map languages to labels, not {_kind(labels)}",
                f"for example {slug}: {{en: {slug}, fr: …}}",
            )
        )
        return None
    found: dict[str, str] = {}
    ok = True
    for tag, label in labels.items():
        where = lines.get(f"{slug}.{tag}", line)
        try:
            language = language_tag(tag)
        except LanguageError as error:
            problems.append(Problem(path, where, f"{slug}.{tag}", error.message, error.hint))
            ok = False
            continue
        if not isinstance(label, str) or not label.strip():
            problems.append(
                Problem(
                    path,
                    where,
                    f"{slug}.{tag}",
                    f"{quote(label)} is not a label",
                    "write the topic's name in that language",
                )
            )
            ok = False
            continue
        if language in found:
            problems.append(
                Problem(
                    path, where, f"{slug}.{tag}", f"the language {quote(language)} has two labels"
                )
            )
            ok = False
            continue
        found[language] = label.strip()
    return DeclaredTopic(slug, found) if ok else None


def _kind(value: Any) -> str:
    """What a value is, as a message names it: ``a list ['stats']``, ``the text 'x'``."""
    if isinstance(value, list):
        return f"a list {quote(value)[1:-1]}"
    if isinstance(value, str):
        return f"the text {quote(value)}"
    if value is None or value == {}:
        return "nothing"
    return quote(value)


def _about_topics(problem: Problem) -> Problem:
    """A problem the YAML reader words for front matter, worded for ``topics.yml``."""
    if problem.field != "front matter":
        return problem
    message = problem.message.replace(
        "the front matter must be a list of 'key: value' lines",
        "the file must map each topic to its labels (data: {en: data, fr: données})",
    )
    return replace(problem, field="topics", message=message)


def _normal(text: str) -> str:
    """Text compared without case, accents written two ways, or extra spaces."""
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())
