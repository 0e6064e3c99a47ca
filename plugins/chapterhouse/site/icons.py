"""The site's favicon, touch icons and web manifest.

Made at build time from the site's logo (the ``logo`` setting), else from the
site's name: its initials on the site's accent colour
(:func:`chapterhouse.media.icons.monogram_icons`). Browsers ask for
``/favicon.ico`` whatever the page says, so a site without one fills its logs
(and Lighthouse's console) with 404s. The icons are one derived value, made
once for the four files that hold them.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from chapterhouse.config import DEFAULT_ACCENT
from chapterhouse.incremental.outputs import Derived, Output
from chapterhouse.media.icons import IconSet, icons_from_logo, manifest_icons, monogram_icons
from chapterhouse.site.urls import Urls

#: The theme's accent colour (``--accent`` in theme/static/css/main.css, light scheme).
ACCENT = DEFAULT_ACCENT
#: The icon files, at the site's root.
ICON_FILES = ("favicon.ico", "apple-touch-icon.png", "icon-192.png", "icon-512.png")
MANIFEST = "site.webmanifest"


def icon_outputs(
    site_name: str,
    urls: Urls,
    accent: str = ACCENT,
    logo: tuple[str, bytes] | None = None,
) -> list[Output]:
    """The icon files and the web manifest that names them.

    ``logo``: the logo's path and bytes; the icons are made from it when given.
    """
    name, data = logo or ("", b"")
    made_of = {"site_name": site_name, "accent": accent, "logo_name": name, "logo": data}
    icons = Derived("icons", made_of, _icons)
    outputs = [
        Output(name, "icon", {"icons": icons, "file": name}, _icon_file) for name in ICON_FILES
    ]
    manifest = {"site_name": site_name, "accent": accent, "start": urls.link("")}
    outputs.append(Output(MANIFEST, "manifest", manifest, _manifest))
    return outputs


def _icons(site_name: str, accent: str, logo_name: str, logo: bytes) -> IconSet:
    if logo:
        return icons_from_logo(logo, logo_name)
    return monogram_icons(site_name, accent)


def _icon_file(inputs: Mapping[str, Any]) -> bytes:
    return inputs["icons"].files[inputs["file"]]


def _manifest(inputs: Mapping[str, Any]) -> bytes:
    start = inputs["start"]
    icons = manifest_icons(lambda path: f"{start}{path}")
    manifest = {
        "name": inputs["site_name"],
        "short_name": inputs["site_name"][:12],
        "start_url": start,
        "display": "browser",
        "theme_color": inputs["accent"],
        "background_color": "#ffffff",
        "icons": icons,
    }
    return (json.dumps(manifest, ensure_ascii=False, indent=1) + "\n").encode()
