"""Pictures made at build time: image renditions, social cards, icons, cover patterns.

Pure modules (no Pelican): they turn bytes and values into bytes and values;
the build decides what to write and caches it (see ``docs/media.md``).

* :mod:`.images`: responsive renditions (WebP + JPEG/PNG) and ``<picture>`` attributes;
* :mod:`.social_card`: the 1200 × 630 PNG shown when an event is shared;
* :mod:`.icons`: favicon and touch icons from the logo, or a monogram;
* :mod:`.pattern`: a cover pattern in a chapter's colour;
* :mod:`.contrast`: WCAG contrast ratios and text-safe accent colours;
* :mod:`.text`: text drawing with font fallback (used by cards and icons).
"""
