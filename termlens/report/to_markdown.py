"""Markdown views of a finished review, its questions, and a comparison. Nothing is computed here.

Text from the document is escaped for table cells (``|``, line breaks) and
for the HTML a Markdown renderer would pass through (``<``, ``>``, ``&``).
"""

from __future__ import annotations

from pathlib import Path

from termlens.assess.wording import dimension_label, profile_summary, severity_label, state_label, value_text, word
from termlens.model import DIMENSIONS, Comparison, Review

BAR_WIDTH = 20
ROW_KIND_WORDS = {"score": "scores", "figure": "figures", "item": "checklist"}


def _cell(text: str) -> str:
    escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return " ".join(escaped.replace("\\", "\\\\").replace("|", "\\|").split())


def _table(header: list[str], rows: list[list[str]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join(" --- " for _ in header) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return lines + [""]


def _bar(score: int) -> str:
    filled = round(score * BAR_WIDTH / 100)
    return "█" * filled + "░" * (BAR_WIDTH - filled)


def _question_lines(review: Review) -> list[str]:
    language = review.profile.language
    lines: list[str] = []
    current = None
    for number, question in enumerate(review.question_list, start=1):
        if question.dimension != current:
            current = question.dimension
            lines += ["", f"### {dimension_label(current, language)}", ""]
        lines.append(f"{number}. {_cell(question.text)}")
    return lines + [""]


def render_review_markdown(review: Review) -> str:
    """The whole review: scores with reasons, findings, checklist, key figures, questions, facts."""
    language, document = review.profile.language, review.document
    lines = [f"# {word('title', language)}: {_cell(document.title or Path(document.path).name)}", "",
             (f"`{_cell(document.path)}` · {profile_summary(review.profile, '**{}**')} · "
              f"{word('overall', language)} **{review.scores['overall']}/100**"), "",
             f"## {word('scores', language)}", ""]
    lines += _table([word("dimension", language), word("weight", language), word("score", language), ""],
                    [[dimension_label(d, language), f"{review.scores['dimensions'][d]['weight']:.0%}",
                      str(review.scores["dimensions"][d]["score"]), _bar(review.scores["dimensions"][d]["score"])]
                     for d in DIMENSIONS])
    lines += [f"### {word('reasons', language)}", ""]
    for dimension in DIMENSIONS:
        entry = review.scores["dimensions"][dimension]
        lines.append(f"- **{dimension_label(dimension, language)} {entry['score']}**")
        lines += [f"  - {_cell(reason)}" for reason in entry["reasons"]]
    lines += ["", f"## {word('findings', language)}", ""]
    if review.findings:
        lines += _table([word("severity", language), word("dimension", language), word("code", language),
                         word("message", language), word("evidence", language)],
                        [[severity_label(f.severity, language), dimension_label(f.dimension, language),
                          f"`{f.code}`", _cell(f.message), ", ".join(f.evidence) or f"_{word('gap', language)}_"]
                         for f in review.findings])
    else:
        lines += [word("no_findings", language), ""]
    lines += [f"## {word('checklist', language)}", ""]
    lines += _table([word("dimension", language), word("item", language), word("state", language),
                     word("evidence", language)],
                    [[dimension_label(item.dimension, language), _cell(item.label),
                      state_label(item.state, language), ", ".join(item.evidence)] for item in review.checklist])
    if review.figures:
        lines += [f"## {word('figures', language)}", ""]
        lines += _table([word("item", language), word("value", language), word("evidence", language)],
                        [[_cell(f.label), _cell(f.text), ", ".join(f.evidence)] for f in review.figures])
    lines += [f"## {word('questions', language)}"] + _question_lines(review)
    lines += [f"## {word('facts', language)}", ""]
    lines += _table([word("key", language), word("value", language), word("quote", language),
                     word("where", language)],
                    [[f"`{fact.key}`", _cell(value_text(fact.value, language)), _cell(fact.text),
                      f"{fact.clause} [{fact.start}:{fact.end}]"] for fact in review.facts])
    return "\n".join(lines)


def render_questions_markdown(review: Review) -> str:
    language, document = review.profile.language, review.document
    lines = [f"# {word('questions', language)}: {_cell(document.title or Path(document.path).name)}", "",
             profile_summary(review.profile, "**{}**")]
    return "\n".join(lines + _question_lines(review))


def render_comparison_markdown(comparison: Comparison) -> str:
    """The matrix, then the ranking with its reasons."""
    reviews = comparison.reviews
    language = reviews[0].profile.language
    names = [_cell(Path(review.document.path).name) for review in reviews]
    lines = [f"# {word('comparison', language)}", "", profile_summary(reviews[0].profile, "**{}**"), ""]
    matrix: list[list[str]] = []
    for index, row in enumerate(comparison.rows):
        if index == 0 or comparison.rows[index - 1].kind != row.kind:
            matrix.append([f"**{word(ROW_KIND_WORDS[row.kind], language)}**", *([""] * len(names))])
        matrix.append([_cell(row.label), *(_cell(cell) for cell in row.cells)])
    lines += _table([word("item", language), *names], matrix)
    lines += [f"## {word('ranking', language)}", ""]
    for ranked in comparison.ranking:
        lines.append(f"{ranked.rank}. **{names[ranked.document]}** — {ranked.score}")
        lines += [f"   - {_cell(reason)}" for reason in ranked.reasons]
    return "\n".join(lines) + "\n"
