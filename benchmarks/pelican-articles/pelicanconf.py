"""Plain Pelican, for `invoke bench`: the same events as articles, with the default theme."""

SITENAME = "Benchmark network"
SITEURL = "https://meetups.example.org"
TIMEZONE = "Europe/Paris"
DEFAULT_LANG = "fr"
ARTICLE_PATHS = ["events"]
PAGE_PATHS = ["pages"]
DEFAULT_PAGINATION = 30
FEED_ALL_ATOM = "feeds/all.atom.xml"
CATEGORY_FEED_ATOM = "feeds/{slug}.atom.xml"
LOAD_CONTENT_CACHE = False
