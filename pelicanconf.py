"""Development settings: `invoke build`, `invoke serve`, `pelican content`."""

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT / "plugins"))  # works before `pip install -e .` too

SITENAME = "Chapterhouse Network"
SITEURL = "http://localhost:8000"
PATH = "content"
OUTPUT_PATH = "output"
THEME = "theme"
TIMEZONE = "Europe/Paris"
DEFAULT_LANG = "fr"

PELICAN_CLASS = "chapterhouse.ChapterhousePelican"
PLUGIN_PATHS = ["plugins"]
PLUGINS = ["chapterhouse"]

CHAPTERHOUSE = {
    "default_duration": "2h",
    "history_window": "365d",
    "horizon": "365d",
    "home_upcoming": 6,
    "page_size": 30,
    # The site-wide pages (home, listings, chapters, topics, search) in each language:
    # the first at /, the others under /en/ and /es/. Event and chapter pages speak their own.
    "languages": ["fr", "en", "es"],
    # Who we are, on the home page of each language (a plain text works for every language).
    "logo": "images/logo.svg",
    "tagline": {
        "fr": "Les rencontres Python près de chez vous",
        "en": "Python meetups near you",
        "es": "Encuentros de Python cerca de ti",
    },
    "intro": {
        "fr": "Quatre groupes locaux, à Toulouse, Paris, Mexico et au Caire, se retrouvent "
        "pour des conférences, des ateliers et des soirées. Entrée libre, inscription conseillée.",
        "en": "Four local groups, in Toulouse, Paris, Mexico City and Cairo, meet for talks, "
        "workshops and evenings together. Everyone is welcome; please register.",
        "es": "Cuatro grupos locales, en Toulouse, París, Ciudad de México y El Cairo, se reúnen "
        "para charlas, talleres y veladas. Todas las personas son bienvenidas.",
    },
}

# Chapters and events are ours; Pelican's blog machinery is switched off.
ARTICLE_PATHS = []
PAGE_PATHS = ["pages"]
PAGE_URL = "{slug}/"
PAGE_SAVE_AS = "{slug}/index.html"
# A page in another language than DEFAULT_LANG lives at the same kind of address.
PAGE_LANG_URL = "{slug}/"
PAGE_LANG_SAVE_AS = "{slug}/index.html"
SLUGIFY_SOURCE = "basename"
DIRECT_TEMPLATES = []
ARCHIVES_SAVE_AS = AUTHORS_SAVE_AS = CATEGORIES_SAVE_AS = TAGS_SAVE_AS = ""
AUTHOR_SAVE_AS = CATEGORY_SAVE_AS = TAG_SAVE_AS = ""
FEED_ALL_ATOM = FEED_ALL_RSS = CATEGORY_FEED_ATOM = TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = AUTHOR_FEED_RSS = None
STATIC_PATHS = ["images"]
DELETE_OUTPUT_DIRECTORY = True
JINJA_ENVIRONMENT = {"autoescape": True, "trim_blocks": True, "lstrip_blocks": True}
