"""What the routes ask of the library: review an upload once, read the history, compare, find questions.

Every analysis goes through :func:`review_received`, which looks the file's
hash and the profile up in the history first: the same bytes for the same
buyer are analysed once, and later uploads are served the stored review.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from termlens.assess import compare
from termlens.errors import InputError, TermlensError
from termlens.ingest import load
from termlens.model import Comparison, Profile
from termlens.pipeline import review_document
from termlens.web.records import review_from_stored
from termlens.web.store import ReviewStore, StoredReview
from termlens.web.uploads import ReceivedFile

PROFILES = ("small", "mid", "critical")
INDUSTRIES = ("finance", "medical", "government")
LANGUAGES = ("zh", "en")


class NotFound(TermlensError):
    code = "not-found"


@dataclass(frozen=True, slots=True)
class Outcome:
    """A stored review and whether it came from the history rather than a new analysis."""

    stored: StoredReview
    cached: bool


def profile_from_form(fields: Mapping[str, str]) -> Profile:
    """The buyer from the form's ``profile``, ``industry``, ``overseas`` and ``language`` fields, checked."""
    name = fields.get("profile") or "mid"
    industry = fields.get("industry") or None
    language = fields.get("language") or "zh"
    overseas = (fields.get("overseas") or "").lower()
    if name not in PROFILES:
        raise InputError(f"expected profile {', '.join(PROFILES)}; got {name!r}")
    if industry not in (None, *INDUSTRIES):
        raise InputError(f"expected industry {', '.join(INDUSTRIES)} or none; got {industry!r}")
    if language not in LANGUAGES:
        raise InputError(f"expected language {' or '.join(LANGUAGES)}; got {language!r}")
    if overseas not in ("", "on", "true", "1", "false", "0", "off"):
        raise InputError(f"expected overseas true or false; got {overseas!r}")
    return Profile(name=name, industry=industry, overseas=overseas in ("on", "true", "1"), language=language)


def review_received(store: ReviewStore, file: ReceivedFile, profile: Profile, max_bytes: int) -> Outcome:
    """The review of ``file`` for ``profile``: from the history when these bytes were reviewed before."""
    stored = store.find(file.sha256, profile)
    if stored is not None:
        return Outcome(stored, cached=True)
    try:
        document = load(file.path, max_bytes=max_bytes)
    except InputError as error:
        # Some messages name the file by its full path: the user knows it by the name they uploaded.
        raise type(error)(str(error).replace(str(file.path), file.filename)) from None
    document = replace(document, path=file.filename)
    return Outcome(store.add(review_document(document, profile), file.filename), cached=False)


def stored_review(store: ReviewStore, review_id: int) -> StoredReview:
    stored = store.get(review_id)
    if stored is None:
        raise NotFound(f"no review {review_id} in the history; it may have been deleted")
    return stored


def compare_stored(store: ReviewStore, review_ids: Sequence[int]) -> Comparison:
    """The comparison of stored reviews, in the given order; all must be for the same buyer profile."""
    if len(review_ids) < 2:
        raise InputError("a comparison needs at least two documents; upload or pick two or more")
    return compare([review_from_stored(stored_review(store, review_id)) for review_id in review_ids])


def parse_ids(values: Sequence[str]) -> list[int]:
    """Review ids from query or form values such as ``3``, ``3,5`` or several ``ids`` fields; repeats dropped."""
    ids: list[int] = []
    for value in values:
        for part in value.replace(" ", ",").split(","):
            if not part:
                continue
            if not part.isdigit():
                raise InputError(f"expected review ids (numbers), got {part!r}")
            if int(part) not in ids:
                ids.append(int(part))
    return ids
