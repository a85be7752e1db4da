"""HTML reader: selectolax (lexbor) parses, a non-recursive walk turns elements into blocks.

Text directly inside a container (``div``, ``section``, ``body``) becomes a
paragraph of its own, as a browser lays it out; scripts, styles, navigation
and forms are removed before the walk, so their text never reaches the output.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from selectolax.lexbor import LexborHTMLParser, LexborNode

from termlens.ingest.from_text import Extraction, TextBuilder, collapse_whitespace
from termlens.model import BlockKind

DROPPED_TAGS = [
    "script", "style", "noscript", "template", "nav", "footer", "aside", "form",
    "svg", "iframe", "object", "embed", "canvas", "button", "select", "textarea", "head",
]
HEADING_LEVELS = {f"h{level}": level for level in range(1, 7)}
LIST_TAGS = frozenset({"ul", "ol", "menu", "dir"})
# Elements that start and end a line of text; everything else is inline.
BLOCK_TAGS = frozenset({
    "address", "article", "blockquote", "body", "caption", "center", "dd", "details", "dialog",
    "div", "dl", "dt", "fieldset", "figcaption", "figure", "header", "hgroup", "hr", "html", "li",
    "main", "p", "pre", "section", "summary", "table", "tbody", "td", "tfoot", "th", "thead",
    "tr", *HEADING_LEVELS, *LIST_TAGS,
})
_BOLD_TAGS = frozenset({"b", "strong"})
_MAX_COLSPAN = 100

# lexbor slows down quadratically on deeply nested block containers (each one
# scans the open-element stack), so a hostile file of nested <div>s would hang.
_NESTING_TAGS = (
    "address|article|aside|blockquote|center|details|dialog|dir|div|dl|fieldset|figcaption|figure"
    "|footer|header|hgroup|main|menu|nav|ol|section|summary|ul"
)
_NESTING_TAG = re.compile(rf"<(/?)(?:{_NESTING_TAGS})\b[^>]*>", re.IGNORECASE)
_MAX_NESTING = 2000


def read_html(text: str) -> Extraction:
    tree = LexborHTMLParser(_flatten_if_too_deep(text))
    title_node = tree.css_first("title")
    title = collapse_whitespace(title_node.text()) if title_node is not None else ""
    builder = TextBuilder()
    _emit_tree(tree, builder)
    return builder.extraction(title=title)


def emit_html(fragment: str, builder: TextBuilder) -> None:
    """Add the blocks of an HTML fragment (e.g. raw HTML inside Markdown) to ``builder``."""
    _emit_tree(LexborHTMLParser(_flatten_if_too_deep(fragment)), builder)


def _flatten_if_too_deep(html: str) -> str:
    depth = deepest = 0
    for match in _NESTING_TAG.finditer(html):
        depth = max(depth - 1, 0) if match.group(1) else depth + 1
        deepest = max(deepest, depth)
    if deepest <= _MAX_NESTING:
        return html
    # Degraded but readable: the containers go, their text and the inline markup stay.
    return _NESTING_TAG.sub(" ", html)


def _emit_tree(tree: LexborHTMLParser, builder: TextBuilder) -> None:
    tree.strip_tags(DROPPED_TAGS, recursive=True)
    # remove() detaches without freeing, so a match nested in an already removed one stays valid.
    for node in tree.css('[role="navigation"], [hidden], header'):
        if node.tag != "header" or node.css_first("nav, ul") is not None:
            node.remove()
    root = tree.body if tree.body is not None else tree.root
    if root is not None:
        _BlockWalker(builder).walk(root)


def _events(root: LexborNode, opaque: frozenset[str] = frozenset()) -> Iterator[tuple[LexborNode, bool]]:
    """Depth-first (node, entering) events without recursion; ``opaque`` tags get no children and no exit."""
    stop = root.mem_id
    node = root.child
    while node is not None:
        tag = node.tag
        yield node, True
        if tag not in opaque:
            if node.child is not None:
                node = node.child
                continue
            yield node, False
        while node.next is None:
            node = node.parent
            if node is None or node.mem_id == stop:
                return
            yield node, False
        node = node.next


class _BlockWalker:
    """Flushes the text gathered so far whenever a block element starts or ends."""

    def __init__(self, builder: TextBuilder) -> None:
        self._builder = builder
        self._contexts: list[tuple[BlockKind, int]] = [("paragraph", 0)]
        self._list_depth = 0
        self._buffer: list[str] = []

    def walk(self, root: LexborNode) -> None:
        for node, entering in _events(root, opaque=frozenset({"table"})):
            tag = node.tag
            if tag in BLOCK_TAGS and tag != "table":
                self._flush()
                if entering:
                    self._enter(tag)
                else:
                    self._exit(tag)
            elif not entering:
                continue
            elif tag == "-text":
                self._buffer.append(node.text_content or "")
            elif tag == "br":
                self._buffer.append(" ")
            elif tag == "table":
                self._flush()
                _emit_table(node, self._builder)
        self._flush()

    def _enter(self, tag: str) -> None:
        if tag in LIST_TAGS:
            self._list_depth += 1
        if tag in HEADING_LEVELS:
            self._contexts.append(("heading", HEADING_LEVELS[tag]))
        elif tag == "li":
            self._contexts.append(("list_item", max(self._list_depth, 1)))
        elif self._contexts[-1][0] == "list_item" and tag not in LIST_TAGS:
            self._contexts.append(self._contexts[-1])  # <li><p>text</p></li> is still a list item
        else:
            self._contexts.append(("paragraph", 0))

    def _exit(self, tag: str) -> None:
        if tag in LIST_TAGS:
            self._list_depth = max(self._list_depth - 1, 0)
        if len(self._contexts) > 1:
            self._contexts.pop()

    def _flush(self) -> None:
        kind, level = self._contexts[-1]
        if kind == "paragraph":
            self._builder.add_paragraph("".join(self._buffer))
        else:
            self._builder.add(kind, "".join(self._buffer), level=level)
        self._buffer.clear()


@dataclass(frozen=True, slots=True)
class _Cell:
    text: str
    colspan: int
    emphasised: bool  # a th, or text that is all bold: a header cell


def _emit_table(table: LexborNode, builder: TextBuilder) -> None:
    rows: list[tuple[list[_Cell], bool]] = []
    for node, entering in _events(table, opaque=frozenset({"table"})):
        if entering and node.tag == "caption":
            builder.add("paragraph", _cell_text(node)[0])
        elif entering and node.tag == "tr":
            cells = [_read_cell(child) for child in _children(node) if child.tag in ("td", "th")]
            in_head = node.parent is not None and node.parent.tag == "thead"
            rows.append((cells, in_head))
    while rows and _is_caption(rows[0][0]):
        builder.add("paragraph", rows.pop(0)[0][0].text)
    if not rows:
        return
    table_id = builder.new_table()
    header: tuple[str, ...] = ()
    first_cells, first_in_head = rows[0]
    if first_in_head or _all_emphasised(first_cells):
        header = tuple(cell.text for cell in first_cells for _ in range(cell.colspan))
        builder.add_row(table_id, [c.text for c in first_cells], widths=[c.colspan for c in first_cells],
                        is_header=True)
        rows.pop(0)
    for cells, _ in rows:
        builder.add_row(table_id, [c.text for c in cells], widths=[c.colspan for c in cells], header=header)


def _is_caption(cells: list[_Cell]) -> bool:
    """A row of one cell spanning several columns titles the table; it is not its header."""
    return len(cells) == 1 and cells[0].colspan > 1


def _all_emphasised(cells: list[_Cell]) -> bool:
    filled = [cell for cell in cells if cell.text]
    return bool(filled) and all(cell.emphasised for cell in filled)


def _children(node: LexborNode) -> Iterator[LexborNode]:
    child = node.child
    while child is not None:
        yield child
        child = child.next


def _read_cell(cell: LexborNode) -> _Cell:
    text, all_bold = _cell_text(cell)
    try:
        colspan = min(max(int(cell.attributes.get("colspan") or 1), 1), _MAX_COLSPAN)
    except ValueError:
        colspan = 1
    return _Cell(text, colspan, cell.tag == "th" or (all_bold and bool(text)))


def _cell_text(cell: LexborNode) -> tuple[str, bool]:
    """The collapsed text of a cell (nested tables flattened into it) and whether all of it is bold."""
    parts: list[str] = []
    bold_depth = 0
    all_bold = True
    for node, entering in _events(cell):
        tag = node.tag
        if tag in _BOLD_TAGS:
            bold_depth += 1 if entering else -1
        elif tag == "br" or tag in BLOCK_TAGS:
            parts.append(" ")
        elif entering and tag == "-text":
            text = node.text_content or ""
            parts.append(text)
            all_bold = all_bold and (bold_depth > 0 or not text.strip())
    return collapse_whitespace("".join(parts)), all_bold
