"""Word-level text differences, character-level for Chinese.

Tokens are Latin words (a figure such as ``99.95`` stays one token),
single CJK characters, whitespace runs and single punctuation marks, so an
English change shows whole words and a Chinese one shows the characters
that changed, with no segmentation dictionary needed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Literal

from termlens.textnorm import fold

Op = Literal["equal", "insert", "delete", "replace"]

_TOKEN = re.compile(
    r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]"  # one CJK character
    r"|[^\W_]+(?:[.,:][^\W_]+)*%?"  # a word or a figure: 99.95%, 09:00, 1,000
    r"|\s+"
    r"|.",
    re.DOTALL,
)


@dataclass(frozen=True, slots=True)
class TextEdit:
    op: Op
    old: str
    new: str


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(text)


def comparable(text: str) -> list[str]:
    """Tokens for matching: folded, lower-case, whitespace dropped (layout is not a change)."""
    return [t for t in tokens(fold(text).casefold()) if not t.isspace()]


def similarity(old: str, new: str) -> float:
    return SequenceMatcher(None, comparable(old), comparable(new), autojunk=False).ratio()


def edits(old: str, new: str) -> tuple[TextEdit, ...]:
    """The changes from ``old`` to ``new`` as runs of equal, inserted, deleted and replaced text."""
    a, b = tokens(old), tokens(new)
    matcher = SequenceMatcher(None, [t.casefold() for t in a], [t.casefold() for t in b], autojunk=False)
    runs: list[TextEdit] = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        runs.append(TextEdit(op, "".join(a[i1:i2]), "".join(b[j1:j2])))  # type: ignore[arg-type]
    return tuple(_absorb_spaces(runs))


def _absorb_spaces(runs: list[TextEdit]) -> list[TextEdit]:
    """Join a change, a lone space and the next change, so "1 business hour" → "4 business hours" reads as one edit."""
    merged: list[TextEdit] = []
    for run in runs:
        if (len(merged) >= 2 and run.op != "equal" and merged[-1].op == "equal" and merged[-1].old.isspace()
                and merged[-2].op != "equal"):
            space = merged.pop()
            previous = merged.pop()
            run = TextEdit("replace", previous.old + space.old + run.old, previous.new + space.new + run.new)
        merged.append(run)
    return [_normalised(run) for run in merged]


def _normalised(run: TextEdit) -> TextEdit:
    if run.op == "replace" and not run.old:
        return TextEdit("insert", "", run.new)
    if run.op == "replace" and not run.new:
        return TextEdit("delete", run.old, "")
    return run


def changed_words(changes: tuple[TextEdit, ...]) -> tuple[str, str]:
    """All removed text and all added text of a diff, for searching (e.g. for hedge words)."""
    removed = " ".join(e.old for e in changes if e.op in {"delete", "replace"})
    added = " ".join(e.new for e in changes if e.op in {"insert", "replace"})
    return removed, added
