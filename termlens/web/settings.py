"""How the web app is run: address, history database, upload limit and, off this machine, the access token.

One frozen record built once by :func:`web_settings` and passed to
``create_app``; nothing is read from globals or the environment later.
"""

from __future__ import annotations

import ipaddress
import secrets
from dataclasses import dataclass
from pathlib import Path

from platformdirs import user_data_dir
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from termlens.errors import TermlensError
from termlens.ingest import DEFAULT_MAX_BYTES

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8765
MAX_FILES = 10  # per upload: enough to compare a shortlist, small enough to bound the disk a request can fill
_LOOPBACK_NAMES = frozenset({"localhost", "localhost.localdomain"})
LOCAL_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})  # Host headers a local server answers


@dataclass(frozen=True, slots=True)
class WebSettings:
    """Everything ``create_app`` needs.

    ``token`` is None on this machine only; with a token every request must
    carry it. ``allowed_hosts`` guards a local server against DNS rebinding
    (a remote page that resolves its own name to 127.0.0.1); None admits any
    Host header, which only a token-protected server may do.
    """

    db_url: str
    max_bytes: int = DEFAULT_MAX_BYTES
    max_files: int = MAX_FILES
    token: str | None = None
    allowed_hosts: frozenset[str] | None = LOCAL_HOSTS
    upload_dir: Path | None = None  # None: the system's temp folder
    host: str = DEFAULT_HOST
    port: int = DEFAULT_PORT

    @property
    def db_label(self) -> str:
        """The database URL without its password, for printing."""
        return safe_url(self.db_url)

    @property
    def url(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}/"


def safe_url(url: str) -> str:
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return "(not a SQLAlchemy URL)"


def default_db_url() -> str:
    """A SQLite file in the user's data folder (created if needed)."""
    folder = Path(user_data_dir("termlens", appauthor=False))
    folder.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{folder / 'history.sqlite3'}"


def is_loopback(host: str) -> bool:
    if host.lower() in _LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def web_settings(
    *,
    host: str = DEFAULT_HOST,
    port: int = DEFAULT_PORT,
    db_url: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    allow_remote: bool = False,
    token: str | None = None,
) -> WebSettings:
    """Check the address and pick the token: a server reachable from the network always needs one."""
    if max_bytes <= 0:
        raise TermlensError(f"the upload limit must be positive, got {max_bytes} bytes")
    if not 0 < port < 65536:
        raise TermlensError(f"expected a port between 1 and 65535, got {port}")
    if token is not None and len(token) < 16:
        raise TermlensError("the token must be at least 16 characters; leave --token out to get a random one")
    remote = not is_loopback(host)
    if remote and not allow_remote:
        raise TermlensError(f"binding to {host} exposes your documents to the network; add --allow-remote "
                            "(every request will then need the token), or use --host 127.0.0.1")
    if remote and token is None:
        token = secrets.token_urlsafe(24)
    return WebSettings(
        db_url=db_url or default_db_url(),
        max_bytes=max_bytes,
        token=token,
        allowed_hosts=None if remote else LOCAL_HOSTS,
        host=host,
        port=port,
    )
