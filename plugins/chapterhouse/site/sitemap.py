"""``sitemap.xml`` (with ``lastmod`` from content history) and ``robots.txt``.

A page that exists in several languages lists each version with ``xhtml:link``
alternates (and ``x-default``, the first language), as search engines ask.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from xml.sax.saxutils import escape

from chapterhouse.site.urls import Urls


@dataclass(frozen=True)
class SitemapEntry:
    """One page: its path, when its content last changed (None: unknown), its versions.

    ``translations``: (language, path) of the page in each language, itself included.
    """

    path: str
    lastmod: datetime | None = None
    translations: tuple[tuple[str, str], ...] = ()


def render_sitemap(urls: Urls, entries: Iterable[SitemapEntry]) -> bytes:
    """The sitemap, entries sorted by path."""
    entries = sorted(entries, key=lambda e: e.path)
    namespace = ' xmlns:xhtml="http://www.w3.org/1999/xhtml"'
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'
        f"{namespace if any(e.translations for e in entries) else ''}>",
    ]
    for entry in entries:
        lines.append(f"  <url><loc>{escape(urls.absolute(entry.path))}</loc>")
        if entry.lastmod is not None:
            stamp = entry.lastmod.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
            lines[-1] += f"<lastmod>{stamp}</lastmod>"
        versions = [*entry.translations]
        if versions:
            versions.append(("x-default", versions[0][1]))
        for language, path in versions:
            lines.append(
                f'    <xhtml:link rel="alternate" hreflang="{escape(language)}" '
                f'href="{escape(urls.absolute(path))}"/>'
            )
        lines[-1] += "</url>" if not versions else ""
        if versions:
            lines.append("  </url>")
    lines.append("</urlset>")
    return ("\n".join(lines) + "\n").encode()


def render_robots(urls: Urls) -> bytes:
    """Allow everything; point to the sitemap."""
    return f"User-agent: *\nAllow: /\n\nSitemap: {urls.absolute('sitemap.xml')}\n".encode()


def newest(moments: Iterable[datetime | None]) -> datetime | None:
    """The latest known moment, if any."""
    known = [moment for moment in moments if moment is not None]
    return max(known) if known else None
