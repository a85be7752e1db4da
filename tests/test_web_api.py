"""The web app's JSON API and pages through FastAPI's TestClient: reviews, history, compare, bad uploads, access."""

from __future__ import annotations

import asyncio
import zipfile
from collections.abc import AsyncIterator, Callable
from io import BytesIO
from pathlib import Path

import pytest
from fastapi import Request
from fastapi.testclient import TestClient
from fpdf import FPDF
from typer.testing import CliRunner

from termlens.cli import app as cli_app
from termlens.errors import FileTooLarge, TermlensError
from termlens.model import Document, Profile, Review
from termlens.web import WebSettings, create_app, web_settings
from termlens.web import service as web_service
from termlens.web.uploads import read_multipart, received_upload

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")  # starlette's TestClient wants httpx2 soon

ROOT = Path(__file__).parent.parent
ZH_TERMS = ROOT / "examples" / "rtc-sdk-service-terms.zh.md"
EN_TERMS = ROOT / "eval" / "synthetic" / "en-support-policy.md"
EMPTY_MESSAGE = "expected a terms document, got an empty or whitespace-only file: empty.md"
LIMIT = 200_000  # bytes: small, so "too large" needs no big test file
BASE_URL = "http://127.0.0.1:8765"
TOKEN = "a-test-token-of-some-length"
HOSTILE_HTML = b"""<!DOCTYPE html><html><head><title>Evil <script>window.__pwned=1</script> terms</title></head>
<body><h1>Support terms <img src=x onerror="window.__pwned=1;alert(1)"></h1>
<p>P1 incidents get a response within 1 hour, 7x24. <script>window.__pwned = 1; alert("xss")</script></p>
<p><a href="javascript:window.__pwned=1">Read the SLA</a> Monthly availability is at least 99.9%.</p>
<p>&lt;script&gt;window.__pwned=1&lt;/script&gt; &lt;img src=x onerror=alert(1)&gt;
<a href="javascript:alert(1)">javascript:alert(1)</a></p></body></html>"""


def _client(tmp_path: Path, **overrides: object) -> TestClient:
    settings = WebSettings(db_url=f"sqlite:///{tmp_path / 'history.sqlite3'}", max_bytes=LIMIT,
                           upload_dir=tmp_path / "uploads", **overrides)  # type: ignore[arg-type]
    settings.upload_dir.mkdir()  # type: ignore[union-attr]
    return TestClient(create_app(settings), base_url=BASE_URL)


@pytest.fixture
def client(tmp_path: Path) -> TestClient:
    """The app on a fresh SQLite history in ``tmp_path``, uploads limited to ``LIMIT`` bytes."""
    return _client(tmp_path)


@pytest.fixture
def token_client(tmp_path: Path) -> TestClient:
    """The app as ``--allow-remote`` runs it: every request needs ``TOKEN``."""
    return _client(tmp_path, token=TOKEN, allowed_hosts=None)


@pytest.fixture
def analyses(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The paths of the documents analysed, in order: what the history saves us from."""
    seen: list[str] = []
    analyse = web_service.review_document

    def counting(document: Document, profile: Profile | None = None) -> Review:
        seen.append(document.path)
        return analyse(document, profile)

    monkeypatch.setattr(web_service, "review_document", counting)
    return seen


def _review(client: TestClient, path: Path, name: str | None = None, **profile: str) -> dict:
    response = client.post("/api/review", files={"file": (name or path.name, path.read_bytes())}, data=profile)
    assert response.status_code == 200, response.text
    return response.json()


def test_web_api_review_returns_facts_with_quotes(client: TestClient) -> None:
    review = _review(client, ZH_TERMS, profile="critical")
    assert review["document"]["path"] == ZH_TERMS.name
    assert review["profile"]["name"] == "critical"
    assert review["facts"] and review["findings"] and review["questions"]
    assert {fact["key"] for fact in review["facts"]} >= {"support.response_time", "availability.uptime"}
    assert review["history"]["cached"] is False


def test_web_api_review_same_file_is_served_from_history(client: TestClient, analyses: list[str]) -> None:
    first = _review(client, ZH_TERMS, profile="critical")
    again = _review(client, ZH_TERMS, name="renamed-copy.md", profile="critical")
    assert analyses == [ZH_TERMS.name]
    assert again["history"] == {**first["history"], "cached": True}
    assert again["facts"] == first["facts"]


def test_web_api_review_other_profile_is_analysed_again(client: TestClient, analyses: list[str]) -> None:
    small = _review(client, ZH_TERMS, profile="small")
    critical = _review(client, ZH_TERMS, profile="critical", industry="finance")
    assert len(analyses) == 2
    assert small["history"]["id"] != critical["history"]["id"]


def test_web_api_compare_ranks_two_documents(client: TestClient) -> None:
    files = [("files", (path.name, path.read_bytes())) for path in (ZH_TERMS, EN_TERMS)]
    response = client.post("/api/compare", files=files, data={"profile": "critical", "language": "en"})
    assert response.status_code == 200, response.text
    comparison = response.json()
    assert [document["path"] for document in comparison["documents"]] == [ZH_TERMS.name, EN_TERMS.name]
    assert [ranked["rank"] for ranked in comparison["ranking"]] == [1, 2]
    assert all(len(row["cells"]) == 2 for row in comparison["rows"])


def test_web_api_compare_reuses_stored_reviews(client: TestClient, analyses: list[str]) -> None:
    first = _review(client, ZH_TERMS)["history"]["id"]
    second = _review(client, EN_TERMS)["history"]["id"]
    response = client.post("/api/compare", files={"ids": (None, f"{first},{second}")})
    assert response.status_code == 200, response.text
    assert [entry["id"] for entry in response.json()["history"]] == [first, second]
    assert len(analyses) == 2


def test_web_api_questions_are_grouped_with_their_sources(client: TestClient) -> None:
    review = _review(client, ZH_TERMS, profile="critical")
    response = client.get(f"/api/questions/{review['history']['id']}")
    assert response.status_code == 200
    groups = response.json()["questions"]
    asked = [question["text"] for group in groups.values() for question in group]
    assert sorted(asked) == sorted(review["questions"])
    assert all(question["source"] for group in groups.values() for question in group)


def test_web_api_history_lists_and_deletes(client: TestClient) -> None:
    zh = _review(client, ZH_TERMS)["history"]["id"]
    en = _review(client, EN_TERMS)["history"]["id"]
    listed = client.get("/api/history").json()
    assert listed["total"] == 2 and [entry["id"] for entry in listed["reviews"]] == [en, zh]
    assert client.get(f"/api/reviews/{zh}").json()["document"]["path"] == ZH_TERMS.name
    assert client.delete(f"/api/reviews/{zh}").status_code == 204
    assert client.get(f"/api/reviews/{zh}").status_code == 404
    assert client.delete(f"/api/reviews/{zh}").status_code == 404
    assert [entry["id"] for entry in client.get("/api/history").json()["reviews"]] == [en]


def _pdf(encrypted: bool = False) -> bytes:
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=12)
    pdf.cell(text="Support responds within 4 hours.")
    if encrypted:
        pdf.set_encryption(owner_password="owner-secret", user_password="user-secret")
    return bytes(pdf.output())


def _zip() -> bytes:
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("notes.txt", "not a document")
    return buffer.getvalue()


@pytest.mark.parametrize(("name", "content", "status", "code"), [
    pytest.param("huge.txt", lambda: b"SLA " * (LIMIT // 4 + 1), 413, "file-too-large", id="too-large"),
    pytest.param("logo.png", lambda: b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, 415, "unsupported-format", id="png"),
    pytest.param("archive.zip", _zip, 415, "unsupported-format", id="zip"),
    pytest.param("terms.pdf", lambda: _pdf()[:400], 422, "corrupt-file", id="corrupt-pdf"),
    pytest.param("terms.pdf", lambda: _pdf(encrypted=True), 422, "encrypted-file", id="encrypted-pdf"),
    pytest.param("empty.md", lambda: b"", 422, "empty-document", id="empty"),
    pytest.param("blank.txt", lambda: b" \n\t\n", 422, "empty-document", id="whitespace"),
])
def test_web_api_bad_upload_is_a_4xx_with_one_line(client: TestClient, tmp_path: Path, name: str,
                                                   content: Callable[[], bytes], status: int, code: str) -> None:
    response = client.post("/api/review", files={"file": (name, content())})
    assert response.status_code == status, response.text
    error = response.json()["error"]
    assert error["code"] == code
    assert "\n" not in error["message"] and "termlens-upload" not in error["message"]
    assert client.get("/api/history").status_code == 200  # the server keeps running
    assert list((tmp_path / "uploads").iterdir()) == []  # the temp file is gone


@pytest.mark.parametrize(("kwargs", "code"), [
    pytest.param({"content": b"just bytes", "headers": {"content-type": "text/plain"}}, "bad-upload",
                 id="not-multipart"),
    pytest.param({"files": {"file": ("a.md", b"# SLA")}, "data": {"profile": "huge"}}, "bad-input", id="profile"),
    pytest.param({"files": {"nothing": (None, "x")}}, "bad-input", id="no-file"),
])
def test_web_api_malformed_request_is_a_4xx(client: TestClient, kwargs: dict, code: str) -> None:
    response = client.post("/api/review", **kwargs)
    assert response.status_code == 422
    assert response.json()["error"]["code"] == code


@pytest.mark.parametrize("chunks", [40])
def test_web_uploads_refuse_a_large_file_while_it_streams(tmp_path: Path, chunks: int) -> None:
    boundary = "termlens-test-boundary"
    read: list[int] = []

    async def body() -> AsyncIterator[bytes]:
        yield (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"big.txt\"\r\n"
               "Content-Type: text/plain\r\n\r\n").encode()
        for number in range(chunks):
            read.append(number)
            yield b"x" * 65536
        yield f"\r\n--{boundary}--\r\n".encode()

    with pytest.raises(FileTooLarge, match="over the"):
        asyncio.run(read_multipart(body(), f"multipart/form-data; boundary={boundary}", tmp_path,
                                   max_bytes=3 * 65536, max_files=1))
    assert len(read) == 4  # stopped at the first chunk past the limit, not after reading all 40


def test_web_uploads_refuse_a_huge_declared_body_before_reading_it(tmp_path: Path) -> None:
    headers = [(b"content-type", b"multipart/form-data; boundary=x"), (b"content-length", str(2**40).encode())]

    async def receive() -> dict:
        raise AssertionError("the body was read")

    async def upload() -> None:
        request = Request({"type": "http", "method": "POST", "path": "/api/review", "headers": headers}, receive)
        async with received_upload(request, WebSettings(db_url="sqlite://", upload_dir=tmp_path)):
            raise AssertionError("the upload was accepted")

    with pytest.raises(FileTooLarge, match="more than 10 files"):
        asyncio.run(upload())


def test_web_pages_show_upload_errors_on_the_form(client: TestClient) -> None:
    response = client.post("/reviews", files={"files": ("empty.md", b"")})
    assert response.status_code == 422
    assert "Could not review" in response.text and EMPTY_MESSAGE in response.text


def test_web_pages_escape_a_hostile_document(client: TestClient) -> None:
    name = '"><img src=x onerror=alert(1)>.html'
    review = client.post("/api/review", files={"file": (name, HOSTILE_HTML)}).json()
    page = client.get(f"/reviews/{review['history']['id']}")
    assert page.status_code == 200
    assert "script-src 'self'" in page.headers["content-security-policy"]
    html = page.text
    assert "&lt;script&gt;window.__pwned=1&lt;/script&gt;" in html
    assert "<script>window" not in html and "<img src=x" not in html
    assert 'href="javascript:' not in html
    assert [line for line in html.splitlines() if "<script" in line] == ['<script src="/static/app.js" defer></script>']


@pytest.mark.parametrize("path", ["/", "/history", "/reviews/{id}", "/reviews/{id}/questions", "/compare?ids={id},{en}",
                                  "/reviews/{id}/export.html", "/reviews/{id}/export.md", "/reviews/{id}/export.json",
                                  "/reviews/{id}/export.questions.md", "/static/app.js", "/static/app.css"])
def test_web_pages_render(client: TestClient, path: str) -> None:
    zh, en = _review(client, ZH_TERMS)["history"]["id"], _review(client, EN_TERMS)["history"]["id"]
    response = client.get(path.format(id=zh, en=en))
    assert response.status_code == 200, response.text


def test_web_openapi_describes_the_api(client: TestClient) -> None:
    schema = client.get("/openapi.json").json()
    assert {"/api/review", "/api/compare", "/api/questions/{review_id}", "/api/history",
            "/api/reviews/{review_id}"} <= set(schema["paths"])
    body = schema["paths"]["/api/review"]["post"]["requestBody"]["content"]["multipart/form-data"]["schema"]
    assert body["properties"]["file"]["format"] == "binary"
    assert not any(path.startswith(("/reviews", "/history")) for path in schema["paths"])  # pages are not API


@pytest.mark.parametrize(("headers", "status"), [
    pytest.param({}, 401, id="none"),
    pytest.param({"Authorization": "Bearer wrong-token-wrong-token"}, 401, id="wrong"),
    pytest.param({"Authorization": f"Bearer {TOKEN}"}, 200, id="bearer"),
    pytest.param({"X-Termlens-Token": TOKEN}, 200, id="header"),
    pytest.param({"Cookie": f"termlens_token={TOKEN}"}, 200, id="cookie"),
])
def test_web_token_is_required_in_remote_mode(token_client: TestClient, headers: dict[str, str], status: int) -> None:
    for path in ("/api/history", "/openapi.json"):
        response = token_client.get(path, headers=headers)
        assert response.status_code == status
        if status == 401:
            assert response.json()["error"]["code"] == "token-required"


def test_web_token_login_form_and_link_set_the_cookie(token_client: TestClient) -> None:
    assert token_client.get("/history", follow_redirects=False).headers["location"] == "/login?next=%2Fhistory"
    assert token_client.post("/login", data={"token": "nope", "next": "/"}).status_code == 401
    login = token_client.post("/login", data={"token": TOKEN, "next": "//evil.example/"}, follow_redirects=False)
    assert login.status_code == 303 and login.headers["location"] == "/"
    assert token_client.get("/api/history").status_code == 200
    token_client.cookies.clear()
    link = token_client.get(f"/history?token={TOKEN}", follow_redirects=False)
    assert link.status_code == 303 and link.headers["location"] == "/history"
    assert token_client.get("/history").status_code == 200


@pytest.mark.parametrize("headers", [
    pytest.param({"Origin": "http://evil.example"}, id="origin"),
    pytest.param({"Sec-Fetch-Site": "cross-site"}, id="fetch-site"),
])
def test_web_refuses_changes_from_another_site(client: TestClient, headers: dict[str, str]) -> None:
    stored = _review(client, EN_TERMS)["history"]["id"]
    assert client.delete(f"/api/reviews/{stored}", headers=headers).status_code == 403
    assert client.post(f"/reviews/{stored}/delete", headers=headers).status_code == 403
    assert client.get(f"/api/reviews/{stored}").status_code == 200


def test_web_local_server_refuses_other_host_names(client: TestClient) -> None:
    response = client.get("/api/history", headers={"Host": "rebound.evil.example"})
    assert response.status_code == 400 and response.json()["error"]["code"] == "unknown-host"


@pytest.mark.parametrize(("kwargs", "match"), [
    pytest.param({"host": "0.0.0.0"}, "--allow-remote", id="remote"),
    pytest.param({"host": "127.0.0.1", "token": "short"}, "16 characters", id="short-token"),
    pytest.param({"host": "127.0.0.1", "port": 0}, "port", id="port"),
])
def test_web_settings_refuse_unsafe_options(tmp_path: Path, kwargs: dict, match: str) -> None:
    with pytest.raises(TermlensError, match=match):
        web_settings(db_url=f"sqlite:///{tmp_path / 'h.db'}", **kwargs)


def test_web_settings_remote_mode_generates_a_token(tmp_path: Path) -> None:
    settings = web_settings(host="0.0.0.0", allow_remote=True, db_url=f"sqlite:///{tmp_path / 'h.db'}")
    assert settings.token and len(settings.token) >= 16 and settings.allowed_hosts is None


@pytest.mark.parametrize(("args", "message"), [
    pytest.param(["serve", "--host", "0.0.0.0"], "--allow-remote", id="remote"),
    pytest.param(["serve", "--db", "nosuchdb://x"], "cannot use the history database", id="db-url"),
])
def test_web_cli_serve_refuses_with_one_line(tmp_path: Path, args: list[str], message: str) -> None:
    result = CliRunner().invoke(cli_app, args)
    assert result.exit_code == 2
    assert message in result.output and len(result.output.strip().splitlines()) == 1
