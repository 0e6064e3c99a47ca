"""Publishing settings: everything from pelicanconf.py, plus the public URL.

SITEURL comes from the environment when set, so a fork deploys to its own
GitHub Pages address without editing code (the workflow passes the URL that
`actions/configure-pages` reports).
"""

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from pelicanconf import *  # noqa: F403

SITEURL = os.environ.get("SITEURL", "https://chapterhouse.example.org").rstrip("/")
RELATIVE_URLS = False
