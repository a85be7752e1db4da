"""The seam every extractor plugs into: a name, and facts with exact offsets from a document's context.

An extractor reads a :class:`~termlens.extract.context.DocumentContext` (the
segmentation, its folded text, each clause's lead-in and scanned words) and
returns :class:`~termlens.model.Fact` records with ``text ==
document.text[start:end]``, each naming its extractor in
``explanation.recognizer``. :func:`termlens.extract.extract` runs them all and
merges what they say.
"""

from __future__ import annotations

from typing import Protocol

from termlens.extract.context import DocumentContext
from termlens.extract.rules import RuleSet
from termlens.model import Fact


class Extractor(Protocol):
    """Facts from one document; ``name`` is the ``explanation.recognizer`` of every fact it returns."""

    name: str
    #: True for extractors whose facts stand on their own; facts of the others give way to them
    #: where both speak of one key in one clause.
    anchor: bool

    def extract(self, context: DocumentContext, rules: RuleSet) -> list[Fact]: ...
