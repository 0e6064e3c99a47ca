"""Publishing settings: everything from pelicanconf.py, plus the public URL.

SITEURL comes from the environment, so a fork deploys to its own GitHub
Pages address without editing code (the workflow passes the URL that
`actions/configure-pages` reports). Without it the build stops: a published
site with a placeholder address would put wrong links in every calendar.
"""

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from pelicanconf import *  # noqa: F403

SITEURL = os.environ.get("SITEURL", "").strip().rstrip("/")
if not SITEURL:
    # Feeds, calendars and share links need the public address: never publish a placeholder.
    raise SystemExit(
        "error: SITEURL is not set: run  SITEURL=https://<user>.github.io/<repository> "
        "invoke publish  (the deploy workflow sets it from GitHub Pages)"
    )
RELATIVE_URLS = False
