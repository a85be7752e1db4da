"""The pages: upload, review, questions, comparison, history, login. Each parses, calls the service, renders."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated
from urllib.parse import quote, urlencode

from fastapi import APIRouter, Query, Request, Response
from fastapi.responses import RedirectResponse
from starlette.concurrency import run_in_threadpool

from termlens.errors import InputError, TermlensError
from termlens.report.to_html import render_comparison_html, render_review_html
from termlens.report.to_json import dumps
from termlens.report.to_markdown import render_questions_markdown, render_review_markdown
from termlens.web import views
from termlens.web.failures import status_for
from termlens.web.records import review_from_stored
from termlens.web.security import set_token_cookie, token_matches
from termlens.web.service import (
    INDUSTRIES,
    PROFILES,
    NotFound,
    Outcome,
    compare_stored,
    parse_ids,
    profile_from_form,
    review_received,
    stored_review,
)
from termlens.web.store import ReviewStore
from termlens.web.uploads import received_upload

router = APIRouter(include_in_schema=False)
RECENT = 5
PROFILE_FIELDS = ("profile", "industry", "overseas", "language")
IdsQuery = Annotated[list[str] | None, Query(description="review ids: ?ids=3,5 or ?ids=3&ids=5")]


def _store(request: Request) -> ReviewStore:
    store: ReviewStore = request.app.state.store
    return store


def _index(request: Request, *, errors: tuple[str, ...] = (), done: tuple[Outcome, ...] = (),
           chosen: dict[str, str] | None = None, status_code: int = 200) -> Response:
    """The upload form; after a failed upload it shows why and keeps the profile that was chosen."""
    recent, total = _store(request).history(limit=RECENT)
    settings = request.app.state.settings
    return views.render("index.html.j2", status_code=status_code, lang="en", errors=errors, done=done,
                        chosen={"profile": "mid", "industry": "", "overseas": "", "language": "zh",
                                **{name: value for name, value in (chosen or {}).items() if value}},
                        entries=recent, selectable=False, selected=[], total=total, profiles=PROFILES,
                        industries=INDUSTRIES, max_size=views.size_text(settings.max_bytes),
                        max_bytes=settings.max_bytes, max_files=settings.max_files)


@router.get("/")
def index(request: Request) -> Response:
    return _index(request)


@router.post("/reviews")
async def upload(request: Request) -> Response:
    """Review the uploaded files: one opens its review, several open their comparison; failures stay on the form."""
    settings = request.app.state.settings
    outcomes: list[Outcome] = []
    failures: list[tuple[str, InputError]] = []
    chosen: dict[str, str] = {}
    try:
        async with received_upload(request, settings) as form:
            chosen = {name: form.field(name) for name in PROFILE_FIELDS}
            if not form.files:
                raise InputError("choose at least one document to review")
            profile = profile_from_form(chosen)
            for file in form.files:
                try:
                    outcomes.append(await run_in_threadpool(review_received, _store(request), file, profile,
                                                            settings.max_bytes))
                except InputError as error:
                    failures.append((file.filename, error))
    except InputError as error:
        return _index(request, errors=(str(error),), chosen=chosen, status_code=status_for(error))
    if failures:
        # Most messages name the file already; the others get its name in front.
        errors = tuple(str(error) if name in str(error) else f"{name}: {error}" for name, error in failures)
        return _index(request, errors=errors, done=tuple(outcomes), chosen=chosen,
                      status_code=status_for(failures[0][1]))
    if len(outcomes) == 1:
        [outcome] = outcomes
        return RedirectResponse(f"/reviews/{outcome.stored.entry.id}" + ("?from=history" if outcome.cached else ""),
                                status_code=303)
    return RedirectResponse("/compare?" + urlencode({"ids": ",".join(str(o.stored.entry.id) for o in outcomes)}),
                            status_code=303)


@router.get("/reviews/{review_id}")
def review_page(review_id: int, request: Request,
                source: Annotated[str, Query(alias="from")] = "") -> Response:
    stored = stored_review(_store(request), review_id)
    review = review_from_stored(stored)
    return views.render("review.html.j2", entry=stored.entry, from_history=source == "history",
                        **views.review_page(review))


@router.get("/reviews/{review_id}/questions")
def questions_page(review_id: int, request: Request) -> Response:
    stored = stored_review(_store(request), review_id)
    review = review_from_stored(stored)
    return views.render("questions.html.j2", entry=stored.entry, review=review, groups=views.question_groups(review),
                        plain=views.questions_text(review), **views.labels(review.profile.language))


_EXPORTS = {
    "html": ("text/html; charset=utf-8", render_review_html),
    "md": ("text/markdown; charset=utf-8", render_review_markdown),
    "questions.md": ("text/markdown; charset=utf-8", render_questions_markdown),
}


@router.get("/reviews/{review_id}/export.{kind}")
def export(review_id: int, kind: str, request: Request) -> Response:
    """The review as the CLI writes it (HTML page, Markdown, JSON), as a download."""
    stored = stored_review(_store(request), review_id)
    stem = Path(stored.entry.filename).stem or "review"
    if kind == "json":
        body, media = dumps(stored.record) + "\n", "application/json"
    elif kind in _EXPORTS:
        media, renderer = _EXPORTS[kind]
        body = renderer(review_from_stored(stored))
    else:
        raise InputError(f"expected export.html, export.md, export.questions.md or export.json, got export.{kind}")
    filename = f"{stem}.review.{kind}"
    return Response(body, media_type=media, headers={
        "Content-Disposition": f"attachment; filename=\"review.{kind}\"; filename*=UTF-8''{quote(filename, safe='')}"})


@router.post("/reviews/{review_id}/delete")
def delete(review_id: int, request: Request) -> Response:
    if not _store(request).delete(review_id):
        raise NotFound(f"no review {review_id} in the history; it may have been deleted already")
    return RedirectResponse("/history", status_code=303)


@router.get("/compare")
def compare_page(request: Request, ids: IdsQuery = None) -> Response:
    review_ids = parse_ids(ids or [])
    try:
        comparison = compare_stored(_store(request), review_ids)
    except TermlensError as error:
        return _history(request, errors=(str(error),), status_code=status_for(error), selected=review_ids)
    return views.render("compare.html.j2", **views.comparison_page(comparison, review_ids))


@router.get("/compare/export.{kind}")
def compare_export(kind: str, request: Request, ids: IdsQuery = None) -> Response:
    if kind != "html":
        raise InputError(f"expected compare/export.html, got compare/export.{kind}")
    comparison = compare_stored(_store(request), parse_ids(ids or []))
    return Response(render_comparison_html(comparison), media_type="text/html; charset=utf-8",
                    headers={"Content-Disposition": 'attachment; filename="comparison.html"'})


def _history(request: Request, *, errors: tuple[str, ...] = (), status_code: int = 200,
             selected: list[int] | None = None) -> Response:
    entries, total = _store(request).history(limit=500)
    return views.render("history.html.j2", status_code=status_code, lang="en", entries=entries, total=total,
                        errors=errors, selectable=True, selected=selected or [])


@router.get("/history")
def history(request: Request) -> Response:
    return _history(request)


@router.get("/login")
def login(next: str = "/") -> Response:
    return views.render("login.html.j2", lang="en", next=_local_path(next), error="")


@router.post("/login")
async def login_submit(request: Request) -> Response:
    form = await request.form(max_files=0, max_fields=4)
    given, target = str(form.get("token", "")), _local_path(str(form.get("next", "/")))
    token = request.app.state.settings.token
    if token is None or not token_matches(given, token):
        return views.render("login.html.j2", status_code=401, lang="en", next=target,
                            error="That is not this server's token; copy it from the terminal that runs termlens serve")
    response = RedirectResponse(target, status_code=303)
    set_token_cookie(response, token)
    return response


def _local_path(target: str) -> str:
    """Only a path on this server: ``//evil.example`` or ``https://…`` after login would send the user away."""
    return target if target.startswith("/") and not target.startswith(("//", "/\\")) else "/"
