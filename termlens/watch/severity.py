"""A ticket's priority, as its ticket system names it, onto the terms' severities.

In order: the mapping's own table (Jira's "Highest", Freshdesk's numeric
priorities), the level names the terms themselves use (a fact quoted "P1"
with ``severity: critical``), and last the rank rule extraction uses
(``data/lang/qualifiers.yaml``): a numbered scale's top level is
``critical``. The scale is read from the terms and the log together, so a
log of P1…P4 against terms that never number their levels still makes P1
the top level.
"""

from __future__ import annotations

from dataclasses import dataclass

from termlens.errors import DataError
from termlens.extract.qualifiers import SeverityScale
from termlens.textnorm import fold
from termlens.watch.commitments import Commitments
from termlens.watch.logs import ColumnMapping

SEVERITIES = ("critical", "high", "normal", "low")


@dataclass(frozen=True)
class SeverityMap:
    explicit: dict[str, str]
    terms_labels: dict[str, str]
    scale: SeverityScale

    def severity_of(self, label: str) -> str | None:
        key = " ".join(label.split()).casefold()
        if not key:
            return None
        if key in self.explicit:
            return self.explicit[key]
        if key in self.terms_labels:
            return self.terms_labels[key]
        mentions = self.scale.mentions(fold(label))
        return mentions[0].value if mentions else None


def severity_map(terms_text: str, commitments: Commitments, mapping: ColumnMapping, labels: set[str]) -> SeverityMap:
    explicit = {" ".join(word.split()).casefold(): value for word, value in mapping.severity_values.items()}
    unknown = sorted(set(explicit.values()) - set(SEVERITIES))
    if unknown:
        raise DataError(f"mapping {mapping.name}: severity_values must map onto {', '.join(SEVERITIES)}; "
                        f"got {', '.join(unknown)}")
    scale = SeverityScale.of(fold(terms_text + "\n" + "\n".join(sorted(labels))))
    return SeverityMap(explicit, dict(commitments.labels), scale)
