"""What other sites use to show a chapter's next events, and who may frame which page.

* The code an organizer copies into a partner's page: an ``<iframe>`` of the
  chapter's ``embed/`` page, or, for pages that refuse frames, the events
  widget (``theme/js/events-widget.js``) that draws the list from
  ``events.json``.
* ``_headers`` (read by Netlify and Cloudflare Pages; GitHub Pages sends no
  custom header): every page refuses frames from other origins
  (``Content-Security-Policy: frame-ancestors 'self'``) except the ``embed/``
  pages; ``events.json``, ``chapters.json`` and their schemas may be read by
  any origin. A ``<meta>``
  Content-Security-Policy cannot carry ``frame-ancestors``: on hosts without
  headers, the frame guard inline in each page (``partials/frame-guard.js``)
  hides a framed page instead.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

#: The frame's height before the widget script fits it to the list (pixels).
FRAME_HEIGHT = 480
#: The header an ``embed/`` rule of ``_headers`` drops before setting its own (Cloudflare
#: Pages' ``! Name`` line; Netlify ignores a line without ``:`` and applies the most
#: specific rule). ``X-Frame-Options`` is not sent: every current browser obeys
#: ``frame-ancestors``, and Netlify could not take it off the embed pages.
_FRAMING = "Content-Security-Policy"


def _attribute(value: str) -> str:
    return escape(value, quote=True)


def frame_code(src: str, title: str, script: str) -> str:
    """The ``<iframe>`` to paste, and the script that fits its height (optional, progressive)."""
    return (
        f'<iframe src="{_attribute(src)}" title="{_attribute(title)}" width="100%" '
        f'height="{FRAME_HEIGHT}" style="border:0" loading="lazy" data-chapterhouse-embed>'
        f"</iframe>\n"
        f'<script src="{_attribute(script)}" defer></script>'
    )


def widget_code(
    events_json: str, chapter: str, page: str, link_text: str, language: str, script: str
) -> str:
    """The list drawn by the events widget from ``events.json`` (a link without JavaScript)."""
    return (
        f'<div data-chapterhouse-events="{_attribute(events_json)}" '
        f'data-chapter="{_attribute(chapter)}" data-limit="5" data-lang="{_attribute(language)}">\n'
        f'  <a href="{_attribute(page)}">{escape(link_text, quote=False)}</a>\n'
        f"</div>\n"
        f'<script src="{_attribute(script)}" defer></script>'
    )


def headers_file(site_path: str, embed_patterns: Sequence[str]) -> str:
    """``_headers``: frames refused everywhere but on the ``embed/`` pages.

    ``site_path`` is the site's path on its host (``""`` or ``/meetup``);
    ``embed_patterns`` the embed pages' paths (``embed/``,
    ``chapters/:slug/embed/``, ``es/embed/``), each rule matching the page
    and its ``index.html``.
    """
    root = f"{site_path}/"
    lines = [
        "# Written by Chapterhouse: response headers for Netlify and Cloudflare Pages",
        "# (GitHub Pages ignores this file; each page's inline frame guard does it there).",
        "# Other sites may frame only the embed/ pages.",
        f"{root}*",
        "  Content-Security-Policy: frame-ancestors 'self'",
        "  X-Content-Type-Options: nosniff",
        "  Referrer-Policy: strict-origin-when-cross-origin",
    ]
    for pattern in embed_patterns:
        lines.append(f"{root}{pattern}*")
        lines.append(f"  ! {_FRAMING}")
        lines.append("  Content-Security-Policy: frame-ancestors *")
    lines.append("# Any site may read the schedule (the events widget, other Chapterhouse sites).")
    for name in ("events.json", "chapters.json", "events.schema.json", "chapters.schema.json"):
        lines += [f"{root}{name}", "  Access-Control-Allow-Origin: *"]
    return "\n".join(lines) + "\n"
