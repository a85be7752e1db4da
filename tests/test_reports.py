"""Reports of a finished review: terminal, JSON, Markdown, HTML; escaping and byte-identical output."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from rich.console import Console
from typer.testing import CliRunner

from termlens.cli import app
from termlens.model import Profile, Review
from termlens.pipeline import review
from termlens.report.terminal import render_questions, render_review
from termlens.report.to_html import document_pieces, render_review_html
from termlens.report.to_json import dumps, review_record
from termlens.report.to_markdown import render_questions_markdown, render_review_markdown

TERMS = """# 星云 RTC 服务条款

1. 企业版客户提供 7×24 小时技术支持，并配备专属技术经理。
2. P0 故障 30 分钟内响应，其他问题原则上尽力解决。
3. 服务可用性不低于99.9%，按自然月统计。
4. 我方累计赔偿责任不超过客户已支付的服务费用。
5. 客户数据存储在中国境内的数据中心。
"""

HOSTILE = """<script>alert('title')</script> Terms | evil

<img src=x onerror=alert(1)> Service availability is at least 99.9% per month.
[click](javascript:alert(2)) We will use commercially reasonable efforts to respond within 4 hours.
<a href="javascript:alert(3)" onclick="steal()">support</a> is available 24x7.
"><svg onload=alert(4)><script>fetch('//evil.example')</script>
<iframe src="https://evil.example"></iframe> Liability is capped at the fees paid.
"""


def written(tmp_path: Path, text: str, name: str = "terms.md") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def reviewed(tmp_path: Path, text: str = TERMS, name: str = "terms.md", **profile: object) -> Review:
    return review(written(tmp_path, text, name), Profile(**profile))  # type: ignore[arg-type]


class _Tags(HTMLParser):
    """Every start tag with its attributes, as a browser's tokenizer would see them."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))


def tags_of(page: str) -> list[tuple[str, list[tuple[str, str | None]]]]:
    parser = _Tags()
    parser.feed(page)
    return parser.tags


@pytest.mark.parametrize("name", ["hostile.txt", "hostile.md"])
def test_reports_html_escapes_a_hostile_document(tmp_path: Path, name: str) -> None:
    page = render_review_html(reviewed(tmp_path, HOSTILE, name))
    tags = tags_of(page)
    assert not any(tag in ("script", "iframe", "img", "object", "embed", "link") for tag, _ in tags)
    assert all(("class", "chart") in attrs for tag, attrs in tags if tag == "svg")  # only our own chart
    for tag, attrs in tags:
        for attribute, value in attrs:
            assert not attribute.startswith("on"), (tag, attribute)
            assert not (value or "").strip().lower().startswith("javascript:"), (tag, attribute, value)
            if attribute in ("href", "src"):
                assert (value or "").startswith("#"), (tag, attribute, value)
    assert "<script" not in page
    if name.endswith(".txt"):
        assert "&lt;script&gt;" in page


def test_reports_html_marks_every_fact_and_links_to_it(tmp_path: Path) -> None:
    result = reviewed(tmp_path)
    page = render_review_html(result)
    ids = {value for _, attrs in tags_of(page) for name, value in attrs if name == "id"}
    hrefs = {value[1:] for _, attrs in tags_of(page) for name, value in attrs if name == "href" and value}
    assert {f"fact-{index}" for index in range(len(result.facts))} <= ids
    assert hrefs <= ids, hrefs - ids
    marks = [attrs for tag, attrs in tags_of(page) if tag == "mark" and ("id", "fact-0") in attrs]
    assert marks
    assert "<svg" in page and "<style>" in page
    assert "http://" not in page and "https://" not in page


def test_reports_document_pieces_cover_the_text_exactly(tmp_path: Path) -> None:
    result = reviewed(tmp_path)
    pieces = document_pieces(result)
    assert "".join(piece.text for piece in pieces) == result.document.text
    hedged = "".join(piece.text for piece in pieces if "vague" in piece.kind)
    assert "原则上" in hedged and "尽力" in hedged


@pytest.mark.parametrize("language", ["zh", "en"])
def test_reports_markdown_has_every_section(tmp_path: Path, language: str) -> None:
    result = reviewed(tmp_path, name="critical-terms.md", language=language)
    text = render_review_markdown(result)
    headings = [line for line in text.splitlines() if line.startswith("## ")]
    assert len(headings) == 6
    assert f"**{result.scores['overall']}/100**" in text
    assert all(f"`{finding.code}`" in text for finding in result.findings)
    questions = render_questions_markdown(result)
    assert all(question in questions for question in result.questions)


def test_reports_markdown_escapes_table_cells(tmp_path: Path) -> None:
    text = render_review_markdown(reviewed(tmp_path, HOSTILE, "hostile.txt"))
    assert "<script" not in text
    table_rows = [line for line in text.splitlines() if line.startswith("| ")]
    assert all(line.count(" | ") == table_rows[0].count(" | ") for line in table_rows[:2])


def test_reports_terminal_view_shows_scores_findings_and_facts(tmp_path: Path) -> None:
    result = reviewed(tmp_path, name="terms.md", language="en")
    console = Console(record=True, width=140, color_system=None)
    render_review(console, result)
    render_questions(console, result)
    shown = console.export_text()
    assert "Overall" in shown and "█" in shown
    assert all(finding.code in shown for finding in result.findings)
    assert "support.response_time" in shown
    assert result.questions[0][:30] in shown


def test_reports_json_carries_the_contract_and_the_checklist(tmp_path: Path) -> None:
    record = json.loads(dumps(review_record(reviewed(tmp_path))))
    for key in ("termlens_version", "document", "profile", "clauses", "facts", "findings", "scores", "questions",
                "checklist", "figures", "question_groups"):
        assert key in record
    finding = record["findings"][0]
    assert set(finding) >= {"code", "dimension", "severity", "message", "evidence", "question"}
    assert set(record["scores"]["dimensions"]["support"]) == {"score", "weight", "reasons"}
    assert {item["state"] for item in record["checklist"]} <= {"present", "vague", "absent"}


@pytest.mark.parametrize("format", ["json", "markdown", "html"])
def test_reports_are_byte_identical_across_runs_in_process(tmp_path: Path, format: str) -> None:
    path = written(tmp_path, TERMS)
    runner = CliRunner()
    outputs = [runner.invoke(app, ["review", str(path), "--profile", "critical", "--format", format]).stdout
               for _ in range(2)]
    assert outputs[0] == outputs[1]
    assert outputs[0]


def test_reports_are_byte_identical_across_processes(tmp_path: Path) -> None:
    """Another process has another hash seed, so set or dict-of-set order would show; nothing may leak out."""
    path = written(tmp_path, TERMS)
    arguments = ["review", str(path), "--profile", "mid", "--overseas", "--format", "html"]
    here = CliRunner().invoke(app, arguments).stdout_bytes
    environment = {**os.environ, "PYTHONHASHSEED": "12345"}
    there = subprocess.run([sys.executable, "-m", "termlens", *arguments], capture_output=True, env=environment,
                           check=True).stdout
    assert here == there
