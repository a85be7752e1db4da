"""What keeps the app safe in a browser and on a network: headers, Host and Origin checks, the token.

- Every response carries a Content-Security-Policy that allows only the app's
  own script and stylesheet files: markup smuggled in by a document could not
  run even if it escaped the templates' autoescaping.
- A local server answers only Host headers naming this machine, so a web page
  cannot reach it by resolving its own domain to 127.0.0.1 (DNS rebinding).
- Requests that change something must come from the app's own pages: another
  site cannot upload to or delete from the history through the user's browser.
- With a token (always, off this machine), every request but the login page
  and the static files must carry it: ``Authorization: Bearer``, the
  ``X-Termlens-Token`` header, or the cookie that the login form or a
  ``?token=`` link sets once.
"""

from __future__ import annotations

import hmac
from collections.abc import Awaitable, Callable
from urllib.parse import urlencode

from fastapi import FastAPI, Request, Response
from fastapi.responses import RedirectResponse

from termlens.web.failures import error_response, is_api
from termlens.web.settings import WebSettings

TOKEN_COOKIE = "termlens_token"
TOKEN_HEADER = "x-termlens-token"
OPEN_PATHS = ("/login", "/static/")  # what a visitor without the token may load
CONTENT_SECURITY_POLICY = "; ".join([
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "connect-src 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    "base-uri 'none'",
])
_SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})

Handler = Callable[[Request], Awaitable[Response]]


def install(app: FastAPI, settings: WebSettings) -> None:
    """Add the middlewares; the headers one is added last so that it wraps the others' refusals too."""
    if settings.token is not None:
        token = settings.token

        @app.middleware("http")
        async def require_token(request: Request, call_next: Handler) -> Response:
            return await _check_token(request, call_next, token)

    @app.middleware("http")
    async def same_origin_only(request: Request, call_next: Handler) -> Response:
        if request.method not in _SAFE_METHODS and not _same_origin(request):
            return error_response(request, 403, "cross-origin", "this request came from another site; "
                                  "use the termlens pages or call the API without an Origin header")
        return await call_next(request)

    if settings.allowed_hosts is not None:
        allowed = settings.allowed_hosts

        @app.middleware("http")
        async def known_host_only(request: Request, call_next: Handler) -> Response:
            if _hostname(request.headers.get("host", "")) not in allowed:
                return error_response(request, 400, "unknown-host", "this server answers only requests for "
                                      "127.0.0.1 or localhost; open it by that address")
            return await call_next(request)

    @app.middleware("http")
    async def security_headers(request: Request, call_next: Handler) -> Response:
        response = await call_next(request)
        response.headers["Content-Security-Policy"] = CONTENT_SECURITY_POLICY
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["X-Frame-Options"] = "DENY"
        # "same-origin", not "no-referrer": with no-referrer browsers send "Origin: null" even to ourselves.
        response.headers["Referrer-Policy"] = "same-origin"
        response.headers.setdefault("Cache-Control", "no-store")  # reviews are confidential: keep them off disk
        return response


def token_matches(given: str | None, token: str) -> bool:
    return given is not None and hmac.compare_digest(given.encode(), token.encode())


async def _check_token(request: Request, call_next: Handler, token: str) -> Response:
    path = request.url.path
    if path.startswith(OPEN_PATHS):
        return await call_next(request)
    bearer = request.headers.get("authorization", "")
    given = [bearer[7:] if bearer.lower().startswith("bearer ") else None, request.headers.get(TOKEN_HEADER),
             request.cookies.get(TOKEN_COOKIE)]
    if any(token_matches(value, token) for value in given):
        return await call_next(request)
    if request.method == "GET" and token_matches(request.query_params.get("token"), token):
        # A link with ?token= logs in once: set the cookie, then drop the token from the address bar.
        rest = urlencode([(k, v) for k, v in request.query_params.multi_items() if k != "token"])
        response = RedirectResponse(path + (f"?{rest}" if rest else ""), status_code=303)
        set_token_cookie(response, token)
        return response
    if is_api(request) or request.method != "GET":
        return error_response(request, 401, "token-required", "this server needs its access token: send "
                              "'Authorization: Bearer TOKEN' or log in at /login")
    return RedirectResponse("/login?" + urlencode({"next": request.url.path}), status_code=303)


def set_token_cookie(response: Response, token: str) -> None:
    response.set_cookie(TOKEN_COOKIE, token, httponly=True, samesite="strict", path="/")


def _same_origin(request: Request) -> bool:
    site = request.headers.get("sec-fetch-site")
    if site is not None:  # modern browsers say where a request comes from
        return site in ("same-origin", "none")
    origin = request.headers.get("origin")
    if origin is None:
        return True  # not sent by a browser form or fetch from elsewhere (curl, scripts, the tests)
    return origin == f"{request.url.scheme}://{request.headers.get('host', '')}"


def _hostname(host: str) -> str:
    """The host part of a Host header: ``127.0.0.1:8765`` → ``127.0.0.1``, ``[::1]:8765`` → ``::1``."""
    if host.startswith("["):
        return host[1:].split("]", 1)[0]
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host
