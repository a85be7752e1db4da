"""Rich terminal views of a finished review, its questions, and a comparison. Nothing is computed here."""

from __future__ import annotations

from pathlib import Path

from rich.console import Console
from rich.table import Table
from rich.text import Text

from termlens.assess.wording import dimension_label, profile_summary, severity_label, state_label, word
from termlens.model import DIMENSIONS, Comparison, Review

BAR_WIDTH = 30
ROW_KIND_WORDS = {"score": "scores", "figure": "figures", "item": "checklist"}
_SEVERITY_STYLE = {"critical": "bold red", "high": "red", "medium": "yellow", "low": "dim"}
_STATE_STYLE = {"present": "green", "vague": "yellow", "absent": "red"}


def _value_text(value: object) -> str:
    if isinstance(value, dict):
        if "minutes" in value:
            minutes = value["minutes"]
            amount = f"{minutes // 1440} d" if minutes % 1440 == 0 and minutes >= 1440 else (
                f"{minutes / 60:g} h" if minutes >= 60 else f"{minutes} min")
            return amount + (" (business time)" if value.get("business_time") else "")
        return ", ".join(f"{k}={v}" for k, v in value.items())
    return str(value).lower() if isinstance(value, bool) else str(value)


def _score_style(score: int) -> str:
    return "green" if score >= 70 else "yellow" if score >= 40 else "red"


def score_bar(score: int, width: int = BAR_WIDTH) -> Text:
    filled = round(score * width / 100)
    return Text("█" * filled, style=_score_style(score)) + Text("░" * (width - filled), style="dim")


def render_header(console: Console, review: Review) -> None:
    document, language = review.document, review.profile.language
    overall = review.scores.get("overall", 0)
    console.print(Text(f"{document.title or document.path}", style="bold"))
    console.print(f"{document.path} · {document.format}, {document.language}, {len(document.text)} chars, "
                  f"{len(review.segmentation.clauses)} {word('clauses', language)}, "
                  f"{len(review.facts)} {word('facts_count', language)}")
    console.print(Text(profile_summary(review.profile)) + Text(f"  {word('overall', language)} ") +
                  Text(f"{overall}/100", style=f"bold {_score_style(overall)}"))


def render_scores(console: Console, review: Review) -> None:
    language = review.profile.language
    table = Table(title=word("scores", language), show_header=True, box=None, pad_edge=False)
    table.add_column(word("dimension", language))
    table.add_column(word("weight", language), justify="right")
    table.add_column(word("score", language), justify="right")
    table.add_column("")
    for dimension in DIMENSIONS:
        entry = review.scores["dimensions"][dimension]
        table.add_row(dimension_label(dimension, language), f"{entry['weight']:.0%}", str(entry["score"]),
                      score_bar(entry["score"]))
    console.print(table)


def render_findings(console: Console, review: Review) -> None:
    language = review.profile.language
    if not review.findings:
        console.print(word("no_findings", language))
        return
    table = Table(title=word("findings", language), show_lines=True, expand=True)
    table.add_column(word("severity", language), no_wrap=True)
    table.add_column(word("code", language), no_wrap=True)
    table.add_column(word("message", language), ratio=1, overflow="fold")
    table.add_column(word("evidence", language), max_width=16)
    for finding in review.findings:
        code = Text(finding.code, style="cyan") + Text(f"\n{dimension_label(finding.dimension, language)}", style="dim")
        table.add_row(Text(severity_label(finding.severity, language), style=_SEVERITY_STYLE[finding.severity]),
                      code, Text(finding.message),
                      ", ".join(finding.evidence) or Text(word("gap", language), style="dim"))
    console.print(table)


def render_facts(console: Console, review: Review, *, explain: bool = False) -> None:
    table = Table(title=word("facts", review.profile.language), show_lines=False, expand=True)
    table.add_column("key", style="cyan", no_wrap=True)
    table.add_column("qualifier")
    table.add_column("value", style="green")
    table.add_column("quote")
    table.add_column("where", no_wrap=True)
    if explain:
        table.add_column("rule", style="dim")
    for fact in review.facts:
        qualifier = " ".join(f"{k}={v}" for k, v in sorted(fact.qualifier.items()))
        row: list[str | Text] = [fact.key, qualifier, _value_text(fact.value), Text(fact.text), f"{fact.clause} [{fact.start}:{fact.end}]"]
        if explain:
            row.append(fact.explanation.rule if fact.explanation else "")
        table.add_row(*row)
    console.print(table)


def render_review(console: Console, review: Review, *, explain: bool = False) -> None:
    """The default view of ``termlens review``: header, score bars, findings, facts."""
    render_header(console, review)
    if review.scores:
        render_scores(console, review)
        render_findings(console, review)
    render_facts(console, review, explain=explain)


def render_questions(console: Console, review: Review) -> None:
    """The questions for the vendor, grouped by dimension and numbered throughout."""
    language = review.profile.language
    console.print(Text(f"{word('questions', language)}: {review.document.title or review.document.path}", style="bold"))
    console.print(profile_summary(review.profile))
    current = None
    for number, question in enumerate(review.question_list, start=1):
        if question.dimension != current:
            current = question.dimension
            console.print(Text(f"\n{dimension_label(current, language)}", style="bold cyan"))
        console.print(Text(f"{number}. {question.text}"))


def _short_name(review: Review) -> str:
    return Path(review.document.path).name


def render_comparison(console: Console, comparison: Comparison) -> None:
    """The side-by-side matrix, then the ranking with its reasons."""
    reviews = comparison.reviews
    language = reviews[0].profile.language
    console.print(Text(f"{word('comparison', language)} · {profile_summary(reviews[0].profile)}", style="bold"))
    table = Table(expand=True, show_lines=False)
    table.add_column(word("item", language))
    for review in reviews:
        table.add_column(_short_name(review), overflow="fold")
    for index, row in enumerate(comparison.rows):
        if index == 0 or comparison.rows[index - 1].kind != row.kind:
            if index:
                table.add_section()
            table.add_row(Text(word(ROW_KIND_WORDS[row.kind], language), style="bold cyan"))
        cells = [Text(cell, style=_cell_style(row.kind, cell, language)) for cell in row.cells]
        table.add_row(Text(row.label), *cells)
    console.print(table)
    console.print(Text(word("ranking", language), style="bold"))
    for ranked in comparison.ranking:
        console.print(Text(f"{ranked.rank}. {_short_name(reviews[ranked.document])} — {ranked.score}",
                           style=f"bold {_score_style(ranked.score)}"))
        for reason in ranked.reasons:
            console.print(f"   · {reason}")


def _cell_style(kind: str, cell: str, language: str) -> str:
    if kind == "score":
        return _score_style(int(cell))
    if kind == "item":
        return next((_STATE_STYLE[state] for state in _STATE_STYLE if state_label(state, language) == cell), "")
    return ""
