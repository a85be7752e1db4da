"""Views of a :class:`~termlens.watch.diff.TermsDiff`: JSON record, terminal, Markdown, HTML.

Nothing is computed here beyond layout: every figure comes from the diff.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape
from rich.console import Console
from rich.text import Text

from termlens import __version__
from termlens.model import Clause, Document, Fact
from termlens.watch.align import ClauseChange
from termlens.watch.diff import TermsDiff
from termlens.watch.factdiff import FactChange

TEMPLATES = Path(__file__).parent / "templates"
_MARK = {"weaker": "▼", "stronger": "▲", "unclear": "◆"}


def _document(document: Document) -> dict[str, Any]:
    return {"path": document.path, "sha256": document.sha256, "title": document.title,
            "language": document.language, "chars": len(document.text)}


def _quote(fact: Fact) -> dict[str, Any]:
    return {"text": fact.text, "clause": fact.clause, "start": fact.start, "end": fact.end}


def _clause(clause: Clause | None) -> dict[str, Any] | None:
    if clause is None:
        return None
    return {"id": clause.id, "section": clause.section, "start": clause.start, "end": clause.end, "text": clause.text}


def fact_change_record(change: FactChange) -> dict[str, Any]:
    return {
        "key": change.key,
        "qualifier": dict(sorted(change.qualifier.items())),
        "kind": change.kind,
        "direction": change.direction,
        "what": change.what,
        "summary": change.summary,
        "old": _values(change.old),
        "new": _values(change.new),
        "old_quotes": [_quote(f) for f in change.old],
        "new_quotes": [_quote(f) for f in change.new],
    }


def _values(facts: tuple[Fact, ...]) -> list[Any]:
    seen: list[Any] = []
    for fact in facts:
        if fact.value not in seen:
            seen.append(fact.value)
    return seen


def clause_change_record(change: ClauseChange) -> dict[str, Any]:
    return {
        "kind": change.kind,
        "moved": change.moved,
        "similarity": round(change.similarity, 3),
        "old": _clause(change.old),
        "new": _clause(change.new),
        "edits": [{"op": e.op, "old": e.old, "new": e.new} for e in change.edits],
    }


def diff_record(result: TermsDiff) -> dict[str, Any]:
    """The canonical JSON shape of a diff (stable key and list order)."""
    return {
        "termlens_version": __version__,
        "old": _document(result.old),
        "new": _document(result.new),
        "summary": {
            "weakened": len(result.weakened),
            "strengthened": len(result.strengthened),
            "unclear": len(result.unclear),
            "clauses": {kind: len(result.clauses_of(kind)) for kind in ("added", "removed", "reworded", "moved")}
            | {"unchanged": result.unchanged_clauses},
        },
        "findings": [
            {"code": f.code, "dimension": f.dimension, "severity": f.severity, "message": f.message,
             "evidence": list(f.evidence), "question": f.question}
            for f in result.findings
        ],
        "facts": [fact_change_record(change) for change in result.facts],
        "clauses": [clause_change_record(change) for change in result.clauses],
    }


def render_diff(console: Console, result: TermsDiff) -> None:
    """The terminal view: fact changes grouped by how they read, then clause changes with inline edits."""
    console.print(Text(f"{result.old.path} → {result.new.path}", style="bold"))
    counts = diff_record(result)["summary"]
    console.print(f"{counts['weakened']} weakened, {counts['strengthened']} strengthened, {counts['unclear']} other "
                  f"fact changes; clauses: " + ", ".join(f"{n} {k}" for k, n in counts["clauses"].items()))
    for title, changes, style in (("Weakened", result.weakened, "red"), ("Strengthened", result.strengthened, "green"),
                                  ("Changed (direction unclear)", result.unclear, "yellow")):
        if not changes:
            continue
        console.print(Text(f"\n{title}", style=f"bold {style}"))
        for change in changes:
            line = Text(f"  {_MARK[change.direction]} ", style=style)
            line.append(change.summary)
            quotes = [f.text for f in (change.new or change.old)][:1]
            if quotes:
                line.append(f"   “{quotes[0]}”", style="dim")
            console.print(line)
    if result.findings:
        console.print(Text("\nQuestions for the vendor", style="bold"))
        for finding in result.findings:
            console.print(Text(f"  [{finding.severity}] {finding.question}"))
    if result.clauses:
        console.print(Text("\nClauses", style="bold"))
    for clause_change in result.clauses:
        console.print(_clause_line(clause_change))


def _clause_line(change: ClauseChange) -> Text:
    where = (change.new or change.old).section or ""  # type: ignore[union-attr]
    line = Text(f"  {change.kind}{' (moved)' if change.moved and change.kind != 'moved' else ''}"
                f"{f' [{where}]' if where else ''}: ", style="bold")
    if change.kind == "added":
        line.append(change.new.text, style="green")  # type: ignore[union-attr]
    elif change.kind in {"removed", "moved"}:
        line.append((change.old or change.new).text, style="red strike" if change.kind == "removed" else "")  # type: ignore[union-attr]
    else:
        for edit in change.edits:
            if edit.op == "equal":
                line.append(edit.old)
                continue
            if edit.old:
                line.append(edit.old, style="red strike")
            if edit.new:
                line.append(edit.new, style="green underline")
    return line


_MD_SPECIAL = str.maketrans({c: "\\" + c for c in "\\`*_[]<>|#~"})


def _md(text: str) -> str:
    return " ".join(text.split()).translate(_MD_SPECIAL)


def render_diff_markdown(result: TermsDiff) -> str:
    lines = [f"# Terms diff: {_md(result.old.path)} → {_md(result.new.path)}", ""]
    summary = diff_record(result)["summary"]
    lines += [f"{summary['weakened']} weakened, {summary['strengthened']} strengthened, {summary['unclear']} other "
              "fact changes; clauses: " + ", ".join(f"{n} {k}" for k, n in summary["clauses"].items()), ""]
    for title, changes in (("Weakened", result.weakened), ("Strengthened", result.strengthened),
                           ("Changed, direction unclear", result.unclear)):
        if changes:
            lines += [f"## {title}", ""]
            lines += [f"- {_md(c.summary)}" + (f" — “{_md((c.new or c.old)[0].text)}”" if (c.new or c.old) else "")
                      for c in changes]
            lines.append("")
    if result.findings:
        lines += ["## Questions for the vendor", ""]
        lines += [f"- **{f.severity}** `{f.code}`: {_md(f.question)}" for f in result.findings]
        lines.append("")
    if result.clauses:
        lines += ["## Clauses", ""]
        for change in result.clauses:
            lines.append(f"- *{change.kind}{' (moved)' if change.moved and change.kind != 'moved' else ''}*: "
                         + _md_clause(change))
        lines.append("")
    return "\n".join(lines)


def _md_clause(change: ClauseChange) -> str:
    if change.kind == "added":
        return f"**{_md(change.new.text)}**"  # type: ignore[union-attr]
    if change.kind == "removed":
        return f"~~{_md(change.old.text)}~~"  # type: ignore[union-attr]
    if change.kind == "moved":
        return _md(change.new.text)  # type: ignore[union-attr]
    parts = []
    for edit in change.edits:
        if edit.op == "equal":
            parts.append(_spaced(edit.old, "{}"))
            continue
        if edit.old.strip():
            parts.append(_spaced(edit.old, "~~{}~~"))
        if edit.new.strip():
            parts.append(_spaced(edit.new, "**{}**"))
    return "".join(parts)


def _spaced(text: str, form: str) -> str:
    """Markdown emphasis must hug its words: keep the surrounding spaces outside the markers."""
    if not text.strip():
        return " "
    lead = " " if text[:1].isspace() else ""
    trail = " " if text[-1:].isspace() else ""
    return lead + form.format(_md(text)) + trail


def _environment() -> Environment:
    return Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(default=True,
                                                                                        default_for_string=True),
                       trim_blocks=True, lstrip_blocks=True)


def render_diff_html(result: TermsDiff) -> str:
    template = _environment().get_template("diff.html.j2")
    return template.render(diff=diff_record(result), marks=_MARK)
