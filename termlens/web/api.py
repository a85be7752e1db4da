"""The JSON API under ``/api/``: the CLI's review, compare and questions, plus the history.

Each route parses its input, calls one function of :mod:`termlens.web.service`
and returns the report package's JSON records (``facts.md``), with a
``history`` member that says where the review is stored. Errors are
``{"error": {"code", "message"}}`` with a 4xx status (see ``app.py``).
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, Response
from starlette.concurrency import run_in_threadpool

from termlens.errors import InputError
from termlens.report.to_json import comparison_record
from termlens.web.service import (
    INDUSTRIES,
    LANGUAGES,
    PROFILES,
    NotFound,
    Outcome,
    compare_stored,
    parse_ids,
    profile_from_form,
    review_received,
    stored_review,
)
from termlens.web.store import ReviewStore, StoredReview
from termlens.web.uploads import Upload, received_upload

router = APIRouter(prefix="/api", tags=["api"])

_PROFILE_FIELDS: dict[str, Any] = {
    "profile": {"type": "string", "enum": list(PROFILES), "default": "mid"},
    "industry": {"type": "string", "enum": list(INDUSTRIES)},
    "overseas": {"type": "boolean", "default": False},
    "language": {"type": "string", "enum": list(LANGUAGES), "default": "zh",
                 "description": "language of messages and questions; also the support language the buyer needs"},
}


def _multipart(files: dict[str, Any], required: list[str]) -> dict[str, Any]:
    """The request body as OpenAPI sees it: the routes stream the body themselves, so FastAPI cannot infer it."""
    schema = {"type": "object", "properties": {**files, **_PROFILE_FIELDS}, "required": required}
    return {"requestBody": {"required": True, "content": {"multipart/form-data": {"schema": schema}}}}


_BINARY = {"type": "string", "format": "binary"}
_REVIEW_BODY = _multipart({"file": {**_BINARY, "description": "PDF, DOCX, HTML, Markdown or text"}}, ["file"])
_COMPARE_BODY = _multipart({
    "files": {"type": "array", "items": _BINARY, "description": "documents to review and compare"},
    "ids": {"type": "string", "description": "ids of stored reviews to compare too, e.g. 3,5"},
}, [])


def store_of(request: Request) -> ReviewStore:
    store: ReviewStore = request.app.state.store
    return store


def history_member(stored: StoredReview, cached: bool | None = None) -> dict[str, Any]:
    member: dict[str, Any] = {"id": stored.entry.id, "created_at": stored.entry.created_at.isoformat(),
                              "filename": stored.entry.filename}
    if cached is not None:
        member["cached"] = cached
    return member


async def review_uploads(request: Request, upload: Upload) -> list[Outcome]:
    """Review each uploaded file for the form's profile, in a worker thread: analysis must not block the server."""
    profile = profile_from_form({name: upload.field(name) for name in _PROFILE_FIELDS})
    store, max_bytes = store_of(request), request.app.state.settings.max_bytes
    return [await run_in_threadpool(review_received, store, file, profile, max_bytes) for file in upload.files]


@router.post("/review", summary="Review one document", openapi_extra=_REVIEW_BODY)
async def review(request: Request) -> dict[str, Any]:
    """Upload one document; get the review object of facts.md. The same bytes for the same profile are served
    from the history (``history.cached`` is true) instead of being analysed again."""
    async with received_upload(request, request.app.state.settings) as upload:
        if len(upload.files) != 1:
            raise InputError(f"expected one document in the field 'file', got {len(upload.files)}; "
                             "use /api/compare for several")
        [outcome] = await review_uploads(request, upload)
    return {**outcome.stored.record, "history": history_member(outcome.stored, outcome.cached)}


@router.post("/compare", summary="Compare documents", openapi_extra=_COMPARE_BODY)
async def compare(request: Request) -> dict[str, Any]:
    """Review the uploaded documents (or reuse stored reviews named in ``ids``) and compare them for the profile:
    the matrix and the ranking with reasons."""
    async with received_upload(request, request.app.state.settings) as upload:
        outcomes = await review_uploads(request, upload)
        ids = parse_ids(upload.fields.get("ids", []))
    review_ids = [outcome.stored.entry.id for outcome in outcomes] + ids
    comparison = await run_in_threadpool(compare_stored, store_of(request), review_ids)
    return {**comparison_record(comparison),
            "history": [{"id": review_id} for review_id in review_ids]}


@router.get("/questions/{review_id}", summary="Questions for the vendor")
def questions(review_id: int, request: Request) -> dict[str, Any]:
    """The questions of a stored review, grouped by dimension, each with the finding or checklist item behind it."""
    stored = stored_review(store_of(request), review_id)
    return {**stored.questions, "history": history_member(stored)}


@router.get("/history", summary="Past reviews")
def history(request: Request, limit: Annotated[int, Query(ge=1, le=500)] = 50,
            offset: Annotated[int, Query(ge=0)] = 0) -> dict[str, Any]:
    """The stored reviews, newest first."""
    entries, total = store_of(request).history(limit=limit, offset=offset)
    return {"total": total, "reviews": [entry.as_dict() for entry in entries]}


@router.get("/reviews/{review_id}", summary="A stored review")
def stored(review_id: int, request: Request) -> dict[str, Any]:
    """The review object of facts.md as it was stored (with each fact's explanation)."""
    found = stored_review(store_of(request), review_id)
    return {**found.record, "history": history_member(found)}


@router.delete("/reviews/{review_id}", status_code=204, summary="Delete a stored review")
def delete(review_id: int, request: Request) -> Response:
    """Forget a review: its record, its questions and the document's text."""
    if not store_of(request).delete(review_id):
        raise NotFound(f"no review {review_id} in the history; it may have been deleted already")
    return Response(status_code=204)
