"""Chapterhouse: meetup chapter sites on Pelican.

``PLUGINS = ["chapterhouse"]`` registers the reader, generator and template
helpers; ``PELICAN_CLASS = "chapterhouse.ChapterhousePelican"`` makes every
build atomic. The pure model (``chapterhouse.core``) never imports Pelican;
Pelican is only imported when one of these two is used.
"""

from __future__ import annotations

from typing import Any

__all__ = ["ChapterhousePelican", "register"]


def register() -> None:
    """Pelican plugin entry point."""
    from chapterhouse.build.signals import register as connect

    connect()


def __getattr__(name: str) -> Any:
    if name == "ChapterhousePelican":
        from chapterhouse.build.runner import ChapterhousePelican

        return ChapterhousePelican
    raise AttributeError(name)
