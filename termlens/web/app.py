"""The FastAPI application: pages, the JSON API, static files, and the checks around them.

``create_app(settings)`` builds it (tests call it directly); ``serve(app, settings)``
runs it with uvicorn, as ``termlens serve`` does.
"""

from __future__ import annotations

from pathlib import Path

import uvicorn
from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from termlens import __version__
from termlens.web import api, failures, pages, security
from termlens.web.settings import WebSettings
from termlens.web.store import ReviewStore

STATIC = Path(__file__).parent / "static"


def create_app(settings: WebSettings, store: ReviewStore | None = None) -> FastAPI:
    """The app for ``settings``; ``store`` defaults to the database at ``settings.db_url``."""
    app = FastAPI(
        title="termlens",
        version=__version__,
        description="Review vendors' after-sales service terms before signing. Everything stays on this machine.",
        # The interactive docs load their script from a CDN: the app serves /openapi.json only.
        docs_url=None,
        redoc_url=None,
    )
    app.state.settings = settings
    app.state.store = store or ReviewStore(settings.db_url)
    app.include_router(api.router)
    app.include_router(pages.router)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    failures.install(app)
    security.install(app, settings)
    return app


def serve(app: FastAPI, settings: WebSettings) -> None:
    """Serve ``app`` on the settings' address until interrupted (Ctrl-C)."""
    uvicorn.run(app, host=settings.host, port=settings.port, log_level="info", server_header=False,
                proxy_headers=False)
