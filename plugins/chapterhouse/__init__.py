"""Chapterhouse: meetup chapter sites on Pelican.

``PLUGINS = ["chapterhouse"]`` with ``PELICAN_CLASS =
"chapterhouse.ChapterhousePelican"`` adds the chapters-and-events generator,
the pages reader and the theme's helpers, and makes every build atomic and
incremental. The pure model (``chapterhouse.core``) never imports Pelican;
Pelican is only imported by ``chapterhouse.adapters``, when one of these two
is used.
"""

from __future__ import annotations

from typing import Any

__all__ = ["ChapterhousePelican", "register"]


def register() -> None:
    """Pelican plugin entry point."""
    from chapterhouse.adapters.signals import register as connect

    connect()


def __getattr__(name: str) -> Any:
    if name == "ChapterhousePelican":
        from chapterhouse.adapters.runner import ChapterhousePelican

        return ChapterhousePelican
    raise AttributeError(name)
