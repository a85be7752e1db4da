"""termlens: read a vendor's after-sales service terms before signing."""

from __future__ import annotations

__version__ = "0.1.0"
