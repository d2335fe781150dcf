"""Load, check, build and chart the Pakistan–Afghanistan arguments dataset."""

from __future__ import annotations

__version__ = "1.0.0"
