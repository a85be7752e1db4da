"""The web app end to end: a real server on a free localhost port, driven by Debian's headless Chromium.

CI installs chromium from .ci/apt-packages.txt; without it these tests fail (they never skip) and never
download a browser. Screenshots of every page go to $TERMLENS_SCREENSHOTS when it is set.
"""

from __future__ import annotations

import os
import re
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn
from playwright.sync_api import Browser, Dialog, FilePayload, Page, expect, sync_playwright

from termlens.web import WebSettings, create_app

ROOT = Path(__file__).parent.parent
ZH_TERMS = ROOT / "examples" / "rtc-sdk-service-terms.zh.md"
EN_TERMS = ROOT / "eval" / "synthetic" / "en-support-policy.md"
EN_SLA = ROOT / "eval" / "synthetic" / "en-cloud-sla.html"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
EMPTY_MESSAGE = "expected a terms document, got an empty or whitespace-only file: empty.md"
LIMIT = 300_000  # bytes per upload in these tests
HOSTILE_NAME = "evil<img src=x onerror=alert(1)>.html"
HOSTILE_HTML = b"""<!DOCTYPE html><html><head><title>Evil <script>window.__pwned=1</script> terms</title></head>
<body><h1>Support terms <img src=x onerror="window.__pwned=1;alert(1)"></h1>
<p>P1 incidents get a response within 1 hour, 7x24. <script>window.__pwned = 1; alert("xss")</script></p>
<p><a href="javascript:window.__pwned=1">Read the SLA</a> Monthly availability is at least 99.9%.</p>
<p>&lt;script&gt;window.__pwned=1&lt;/script&gt; &lt;img src=x onerror="window.__pwned=1"&gt;
<a href="javascript:alert(1)">javascript:alert(1)</a> We use commercially reasonable efforts.</p></body></html>"""
REVIEW_URL = re.compile(r"/reviews/\d+$")


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The app on a fresh history, served by uvicorn in a thread on a free port; its base URL."""
    folder = tmp_path_factory.mktemp("web")
    settings = WebSettings(db_url=f"sqlite:///{folder / 'history.sqlite3'}", max_bytes=LIMIT)
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))  # the port is ours from here: no race with another process
    port = listener.getsockname()[1]
    app_server = uvicorn.Server(uvicorn.Config(create_app(settings), log_level="warning", lifespan="off"))
    thread = threading.Thread(target=app_server.run, kwargs={"sockets": [listener]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not app_server.started:
        assert time.monotonic() < deadline and thread.is_alive(), "the server did not start"
        time.sleep(0.02)
    yield f"http://127.0.0.1:{port}"
    app_server.should_exit = True
    thread.join(timeout=10)
    listener.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.is_file():
        pytest.fail(f"{CHROMIUM} is missing: apt-get update && apt-get install -y chromium")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def dialogs() -> list[str]:
    """Every alert/confirm/prompt a page opened: a document's script would show up here."""
    return []


@pytest.fixture
def page(browser: Browser, server: str, dialogs: list[str]) -> Iterator[Page]:
    context = browser.new_context(base_url=server, viewport={"width": 1400, "height": 900})
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=server)
    opened = context.new_page()
    opened.set_default_timeout(10_000)

    def dismiss(dialog: Dialog) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    opened.on("dialog", dismiss)
    yield opened
    context.close()


def _screenshot(page: Page, name: str) -> None:
    folder = os.environ.get("TERMLENS_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)


def _upload(page: Page, files: Path | FilePayload, profile: str = "mid", language: str = "zh") -> None:
    page.goto("/")
    page.set_input_files("#files", files)
    page.check(f"input[name=profile][value={profile}]")
    page.select_option("select[name=language]", language)
    page.click("#submit")


def test_web_e2e_upload_opens_the_review_with_every_fact_highlighted(page: Page) -> None:
    page.goto("/")
    _screenshot(page, "index")
    _upload(page, ZH_TERMS, profile="critical")
    expect(page).to_have_url(REVIEW_URL)
    expect(page.locator("h1")).to_contain_text("星云实时音视频 SDK")
    expect(page.locator("#scores svg g")).to_have_count(9)
    facts = page.locator("#facts tbody tr").count()
    assert facts > 20
    assert page.locator("#doc [id^='fact-']").count() == facts  # each fact has its place in the text
    expect(page.locator("#findings article.finding").first).to_be_visible()
    _screenshot(page, "review")

    quote = page.locator("#findings a.quote.fact").first
    target = quote.get_attribute("href")
    quote.click()
    highlighted = page.locator(f"#doc {target}")
    expect(highlighted).to_have_class(re.compile(r"\bcurrent\b"))
    expect(highlighted).to_be_in_viewport()
    assert page.url.endswith(target or "?")
    _screenshot(page, "review-jump")


def test_web_e2e_same_file_again_is_served_from_history(page: Page) -> None:
    _upload(page, EN_SLA)
    expect(page).to_have_url(REVIEW_URL)
    first = page.url
    _upload(page, EN_SLA)
    expect(page).to_have_url(first + "?from=history")
    expect(page.locator("#from-history")).to_contain_text("was not analysed again")


def test_web_e2e_dropped_files_are_compared(page: Page) -> None:
    page.goto("/")
    dropped = page.evaluate_handle("""(files) => {
        const transfer = new DataTransfer();
        for (const [name, text] of files) transfer.items.add(new File([text], name, {type: "text/markdown"}));
        return transfer;
    }""", [[path.name, path.read_text(encoding="utf-8")] for path in (ZH_TERMS, EN_TERMS)])
    page.dispatch_event("#dropzone", "drop", {"dataTransfer": dropped})
    expect(page.locator("#chosen li")).to_have_count(2)
    expect(page.locator("#dropzone")).to_have_class(re.compile(r"\bhas-files\b"))
    page.select_option("select[name=language]", "en")
    page.click("#submit")
    expect(page).to_have_url(re.compile(r"/compare\?ids=\d+%2C\d+$"))
    expect(page.locator("h1")).to_have_text("Vendor terms comparison")
    expect(page.locator(".ranking > li")).to_have_count(2)
    expect(page.locator(".matrix thead th")).to_have_count(3)
    expect(page.locator(".matrix tr.score").first).to_contain_text("Overall")
    _screenshot(page, "compare")


def test_web_e2e_questions_are_copied(page: Page) -> None:
    _upload(page, ZH_TERMS, profile="critical")
    page.click("#questions-link")
    expect(page.locator("h1")).to_contain_text("需向厂商确认的问题")
    first = page.locator(".question-group li").first.inner_text()
    page.click("#copy")
    expect(page.locator("#copy")).to_have_text("Copied ✓")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert first.split(" ")[0] in copied and copied.startswith("技术支持")
    _screenshot(page, "questions")


def test_web_e2e_history_compares_and_deletes(page: Page) -> None:
    for path in (ZH_TERMS, EN_TERMS):
        _upload(page, path)
        expect(page).to_have_url(re.compile(r"/reviews/\d+"))
    page.goto("/history")
    rows = page.locator("table.entries tbody tr")
    mine = {path.name: rows.filter(has_text=path.name).filter(has_text="mid · zh") for path in (ZH_TERMS, EN_TERMS)}
    expect(mine[EN_TERMS.name]).to_have_count(1)  # other tests' reviews are for other profiles
    _screenshot(page, "history")
    for row in mine.values():
        row.locator("input[type=checkbox]").check()
    page.click("text=Compare selected")
    expect(page.locator(".ranking > li")).to_have_count(2)

    page.goto("/history")
    before = rows.count()
    mine[EN_TERMS.name].get_by_role("button", name="Delete").click()
    expect(page).to_have_url(re.compile(r"/history$"))
    expect(rows).to_have_count(before - 1)


def test_web_e2e_hostile_document_runs_no_script(page: Page, dialogs: list[str]) -> None:
    violations: list[str] = []
    page.on("console", lambda message: violations.append(message.text) if "Content Security" in message.text else None)
    _upload(page, FilePayload(name=HOSTILE_NAME, mimeType="text/html", buffer=HOSTILE_HTML), language="en")
    expect(page).to_have_url(REVIEW_URL)
    review_url = page.url
    document_text = page.locator("#doc").inner_text()
    assert "<script>window.__pwned=1</script>" in document_text  # shown as text, not run
    _screenshot(page, "hostile")
    for link in page.locator("#doc mark, a.quote").all():
        link.click()
    page.goto(review_url + "/questions")
    page.goto("/history")
    expect(page.locator("table.entries")).to_contain_text(HOSTILE_NAME)
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert page.locator("a[href^='javascript:'], [onerror], [onclick]").count() == 0
    assert dialogs == [] and violations == []


def test_web_e2e_bad_uploads_get_a_message_and_the_server_goes_on(page: Page) -> None:
    _upload(page, FilePayload(name="empty.md", mimeType="text/markdown", buffer=b""))
    expect(page.locator("#upload-errors")).to_contain_text(EMPTY_MESSAGE)
    _screenshot(page, "upload-error")
    page.wait_for_load_state()  # the page's script handles the next file choice

    page.set_input_files("#files", FilePayload(name="huge.txt", mimeType="text/plain", buffer=b"x" * (LIMIT + 1)))
    expect(page.locator("#upload-problem")).to_contain_text("huge.txt: over the 0.3 MB limit")
    page.click("#submit")
    expect(page).to_have_url(re.compile(r"/reviews$"))  # still the form's page: nothing was sent

    _upload(page, EN_TERMS)
    expect(page).to_have_url(re.compile(r"/reviews/\d+"))
