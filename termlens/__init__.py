"""termlens: read a vendor's after-sales service terms before signing.

The library API: :func:`parse` reads a document, :func:`review` reviews it,
:func:`compare` lines several reviews up for one profile.
"""

from __future__ import annotations

__version__ = "0.1.0"

from termlens.assess import compare  # noqa: E402
from termlens.ingest import load as parse  # noqa: E402
from termlens.pipeline import review  # noqa: E402

__all__ = ["__version__", "compare", "parse", "review"]
