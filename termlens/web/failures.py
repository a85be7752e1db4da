"""Errors as answers: a 4xx with one line, as JSON under /api/ and as a page elsewhere; never a traceback.

The library's TermlensError tree maps onto HTTP statuses here, once.
"""

from __future__ import annotations

from fastapi import FastAPI, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException

from termlens.errors import (
    EmptyDocument,
    FileTooLarge,
    InputError,
    TermlensError,
    UnsupportedFormat,
)
from termlens.web.service import NotFound
from termlens.web.views import render

_STATUSES: tuple[tuple[type[TermlensError], int], ...] = (
    (NotFound, 404),
    (FileTooLarge, 413),
    (UnsupportedFormat, 415),
    (EmptyDocument, 422),
    (InputError, 422),  # corrupt, encrypted, scanned, undecodable, bad form values
)


def status_for(error: TermlensError) -> int:
    return next((status for kind, status in _STATUSES if isinstance(error, kind)), 400)


def is_api(request: Request) -> bool:
    return request.url.path.startswith("/api/") or request.url.path == "/openapi.json"


def error_response(request: Request, status: int, code: str, message: str) -> Response:
    if is_api(request):
        return JSONResponse({"error": {"code": code, "message": message}}, status_code=status)
    return render("error.html.j2", status_code=status, status=status, message=message, lang="en")


def install(app: FastAPI) -> None:
    """Answer library errors, unknown routes and malformed parameters in the same shape."""

    @app.exception_handler(TermlensError)
    async def termlens_error(request: Request, error: TermlensError) -> Response:
        return error_response(request, status_for(error), error.code, str(error))

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, error: HTTPException) -> Response:
        code = "not-found" if error.status_code == 404 else "http-error"
        message = "no such page or endpoint" if error.status_code == 404 else str(error.detail)
        response = error_response(request, error.status_code, code, message)
        response.headers.update(error.headers or {})
        return response

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, error: RequestValidationError) -> Response:
        problems = "; ".join(f"{'.'.join(str(part) for part in e['loc'])}: {e['msg']}" for e in error.errors())
        return error_response(request, 422, "bad-request", problems or "the request is not valid")
