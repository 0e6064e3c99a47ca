"""``sitemap.xml`` (with ``lastmod`` from content history) and ``robots.txt``."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from xml.sax.saxutils import escape

from chapterhouse.site.urls import Urls


@dataclass(frozen=True)
class SitemapEntry:
    """One page: its path and when its content last changed (None: unknown)."""

    path: str
    lastmod: datetime | None = None


def render_sitemap(urls: Urls, entries: Iterable[SitemapEntry]) -> bytes:
    """The sitemap, entries sorted by path."""
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">',
    ]
    for entry in sorted(entries, key=lambda e: e.path):
        lines.append(f"  <url><loc>{escape(urls.absolute(entry.path))}</loc>")
        if entry.lastmod is not None:
            stamp = entry.lastmod.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
            lines[-1] += f"<lastmod>{stamp}</lastmod>"
        lines[-1] += "</url>"
    lines.append("</urlset>")
    return ("\n".join(lines) + "\n").encode()


def render_robots(urls: Urls) -> bytes:
    """Allow everything; point to the sitemap."""
    return f"User-agent: *\nAllow: /\n\nSitemap: {urls.absolute('sitemap.xml')}\n".encode()


def newest(moments: Iterable[datetime | None]) -> datetime | None:
    """The latest known moment, if any."""
    known = [moment for moment in moments if moment is not None]
    return max(known) if known else None
