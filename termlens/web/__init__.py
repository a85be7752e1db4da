"""The local web app: upload terms, read the review, compare vendors, keep a history (``termlens serve``)."""

from __future__ import annotations

from termlens.web.app import create_app, serve
from termlens.web.settings import WebSettings, web_settings

__all__ = ["WebSettings", "create_app", "serve", "web_settings"]
