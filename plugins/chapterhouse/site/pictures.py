"""SHIM (replaced by feature/pictures): the content's pictures."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from chapterhouse.media.images import DEFAULT_SIZES, Picture


@dataclass(frozen=True)
class Pictures:
    """The content's pictures."""

    def shown(
        self,
        reference: str,
        alt: str,
        link: Callable[[str], str],
        *,
        sizes: str = DEFAULT_SIZES,
        lazy: bool = True,
    ) -> Picture | None:
        """The picture, ready for a template."""
        return None
