"""The language menu of a page, and its ``hreflang`` alternates.

A site-wide page (home, listings, chapters, topics, search) exists in each of
the site's languages: its menu links to the same page in each, and those are
its ``hreflang`` alternates (for search engines, in the page's head and in
``sitemap.xml``). An event's or a chapter's page exists once, in its own
language: its menu links to each language's home page.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from chapterhouse.core.languages import is_right_to_left
from chapterhouse.site.urls import Urls


@dataclass(frozen=True)
class LanguageLink:
    """One entry of the language menu.

    Attributes:
        tag: The language.
        name: Its name in itself (``Español``), as a menu shows it.
        href: Link to the page (root-relative).
        absolute: Its absolute URL (``hreflang`` alternates, sitemap).
        direction: ``ltr`` or ``rtl``.
        current: The page being shown.
        same_page: This page in that language (else that language's home page).
    """

    tag: str
    name: str
    href: str
    absolute: str
    direction: str
    current: bool
    same_page: bool


def language_menu(
    urls: Urls, own_name: Callable[[str], str], base: str | None, language: str
) -> tuple[LanguageLink, ...]:
    """The menu of a page: the page ``base`` in each language, or each language's home.

    Args:
        urls: The site's URLs.
        own_name: A language's name in itself.
        base: The site-wide page's path in the first language (``events/``), or
            ``None`` for a page that exists in one language only.
        language: The page's language.

    Returns:
        Nothing when the site has one language.
    """
    if len(urls.languages) < 2:
        return ()
    links = []
    for tag, path in urls.translations(base if base is not None else ""):
        links.append(
            LanguageLink(
                tag=tag,
                name=own_name(tag),
                href=urls.link(path),
                absolute=urls.absolute(path),
                direction="rtl" if is_right_to_left(tag) else "ltr",
                current=base is not None and tag == language,
                same_page=base is not None,
            )
        )
    return tuple(links)
