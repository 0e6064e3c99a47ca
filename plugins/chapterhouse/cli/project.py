"""Loading a project's Pelican settings for the command-line tools."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from chapterhouse.config import ChapterhouseSettings


class UsageError(Exception):
    """A command cannot run: the message says why (no traceback is shown)."""


@dataclass(frozen=True)
class Project:
    """A site's settings and content folder."""

    settings: dict[str, Any]
    config: ChapterhouseSettings
    content: Path


def load_project(settings_file: Path, content: str | Path | None = None) -> Project:
    """Read ``settings_file`` (``pelicanconf.py``) the way Pelican does.

    Raises:
        UsageError: the settings or the content folder cannot be used.
    """
    from pelican.settings import read_settings

    if not settings_file.is_file():
        raise UsageError(f"settings file {settings_file} not found")
    try:
        settings = read_settings(str(settings_file))
        config = ChapterhouseSettings.from_settings(settings)
    except (ValueError, SyntaxError, ImportError) as error:
        raise UsageError(f"{settings_file}: {error}") from None
    folder = Path(content) if content else Path(settings["PATH"])
    if not folder.is_dir():
        raise UsageError(f"content folder {folder} not found")
    return Project(settings, config, folder)
