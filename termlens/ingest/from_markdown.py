"""Markdown reader: markdown-it-py tokens walked straight into blocks.

Markup goes, text stays: ``**bold**`` and ``[text](url)`` keep only their text,
``{{ template }}`` variables are left as written, YAML front matter is dropped
(its ``title`` names the document), and raw HTML blocks go through the HTML reader.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import reduce

import yaml
from markdown_it import MarkdownIt
from markdown_it.token import Token

from termlens.ingest.from_html import BLOCK_TAGS, emit_html
from termlens.ingest.from_text import Extraction, TextBuilder, join_wrapped

_PARSER = MarkdownIt("commonmark").enable("table")
_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)?(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.DOTALL)
_HTML_TAG_NAME = re.compile(r"</?([a-zA-Z][a-zA-Z0-9-]*)")
_HTML_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)\b[^<>]*?(/?)>")
_VOID_TAGS = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
                        "wbr"})
_HIDDEN_INLINE_TAGS = frozenset({"script", "style"})
_BREAK = "\n"
# CommonMark leaves "**数据安全。**我们" unclosed (a run after punctuation and before a letter cannot
# close), and the markers then stay as text. Runs touching a non-space on either side are markup.
_UNCLOSED_STRONG = re.compile(r"(?<=\S)\*{2,3}|\*{2,3}(?=\S)")


def read_markdown(text: str) -> Extraction:
    body, title = _split_front_matter(text)
    builder = TextBuilder()
    _TokenWalker(builder).walk(_PARSER.parse(body))
    return builder.extraction(title=title)


def _split_front_matter(text: str) -> tuple[str, str]:
    """Drop a leading ``---`` YAML block, but only if it is YAML: a thematic break is not front matter."""
    match = _FRONT_MATTER.match(text)
    if match is None:
        return text, ""
    try:
        data = yaml.safe_load(match.group(1) or "")
    except yaml.YAMLError:
        return text, ""
    if not isinstance(data, dict):
        return text, ""
    title = data.get("title")
    return text[match.end() :], title if isinstance(title, str) else ""


class _TokenWalker:
    """Tracks the enclosing list items and table, and adds one block per inline token."""

    def __init__(self, builder: TextBuilder) -> None:
        self._builder = builder
        self._items: list[str] = []  # the marker each open list item still has to print ("" once printed)
        self._heading_level = 0
        self._table: int | None = None
        self._row: list[str] = []
        self._header: tuple[str, ...] = ()
        self._in_head = False

    def walk(self, tokens: Sequence[Token]) -> None:
        for token in tokens:
            handler = getattr(self, f"_on_{token.type}", None)
            if handler is not None:
                handler(token)

    def _on_heading_open(self, token: Token) -> None:
        self._heading_level = int(token.tag[1])

    def _on_heading_close(self, token: Token) -> None:
        self._heading_level = 0

    def _on_list_item_open(self, token: Token) -> None:
        # Ordered items keep their number as written ("1."), bullets lose their marker.
        self._items.append(f"{token.info}{token.markup} " if token.info else "")

    def _on_list_item_close(self, token: Token) -> None:
        self._items.pop()

    def _on_inline(self, token: Token) -> None:
        text = _inline_text(token.children or [])
        if self._table is not None:
            self._row.append(text)
            return
        if self._heading_level:
            self._builder.add("heading", text, level=self._heading_level)
        elif self._items:
            text, self._items[-1] = self._items[-1] + text, ""
            self._builder.add("list_item", text, level=len(self._items))
        else:
            self._builder.add_paragraph(text)

    def _on_fence(self, token: Token) -> None:
        self._builder.add("paragraph", token.content)

    _on_code_block = _on_fence

    def _on_html_block(self, token: Token) -> None:
        for is_html, run in _html_and_markdown_runs(token.content):
            if is_html:
                emit_html(run, self._builder)
            else:
                self.walk(_PARSER.parse(run))

    def _on_table_open(self, token: Token) -> None:
        self._table = self._builder.new_table()
        self._header = ()

    def _on_table_close(self, token: Token) -> None:
        self._table = None

    def _on_thead_open(self, token: Token) -> None:
        self._in_head = True

    def _on_thead_close(self, token: Token) -> None:
        self._in_head = False

    def _on_tr_open(self, token: Token) -> None:
        self._row = []

    def _on_tr_close(self, token: Token) -> None:
        if self._table is None:
            return
        if self._in_head:
            self._header = tuple(self._row)
            self._builder.add_row(self._table, self._row, is_header=True)
        else:
            self._builder.add_row(self._table, self._row, header=self._header)


def _html_and_markdown_runs(block: str) -> list[tuple[bool, str]]:
    """Split a raw HTML block into HTML and the Markdown lines written after its elements closed.

    CommonMark runs an HTML block on to the next blank line, so "</ol>" followed by "2. **item**"
    on the next line would swallow the Markdown as raw text.
    """
    runs: list[tuple[bool, list[str]]] = []
    depth = 0
    for line in block.splitlines(keepends=True):
        is_html = depth > 0 or line.lstrip().startswith("<")
        if runs and runs[-1][0] == is_html:
            runs[-1][1].append(line)
        else:
            runs.append((is_html, [line]))
        if is_html:
            depth = max(depth + _tag_balance(line), 0)
    return [(is_html, "".join(lines)) for is_html, lines in runs]


def _tag_balance(line: str) -> int:
    """Elements a line opens minus those it closes; void and self-closed elements count nothing."""
    balance = 0
    for match in _HTML_TAG.finditer(line):
        closing, name, self_closed = match.groups()
        if name.lower() in _VOID_TAGS or self_closed:
            continue
        balance += -1 if closing else 1
    return balance


def _inline_text(children: Sequence[Token]) -> str:
    """Plain text of an inline token: markup dropped, HTML tags dropped (block tags become spaces)."""
    parts: list[str] = []
    hidden = 0
    for child in children:
        if child.type == "html_inline":
            name_match = _HTML_TAG_NAME.match(child.content)
            name = name_match.group(1).lower() if name_match else ""
            if name in _HIDDEN_INLINE_TAGS:
                hidden = max(hidden - 1, 0) if child.content.startswith("</") else hidden + 1
            elif name == "br" or name in BLOCK_TAGS:
                parts.append(" ")
        elif hidden > 0:
            continue
        elif child.type == "text":
            parts.append(_UNCLOSED_STRONG.sub("", child.content))
        elif child.type == "code_inline":
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(_BREAK)
    lines = [line.strip() for line in "".join(parts).split(_BREAK)]
    return reduce(join_wrapped, [line for line in lines if line], "").strip()
