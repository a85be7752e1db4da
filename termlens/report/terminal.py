"""Rich terminal views of a review."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table
from rich.text import Text

from termlens.model import Review


def _value_text(value: object) -> str:
    if isinstance(value, dict):
        if "minutes" in value:
            minutes = value["minutes"]
            amount = f"{minutes // 1440} d" if minutes % 1440 == 0 and minutes >= 1440 else (
                f"{minutes / 60:g} h" if minutes >= 60 else f"{minutes} min")
            return amount + (" (business time)" if value.get("business_time") else "")
        return ", ".join(f"{k}={v}" for k, v in value.items())
    return str(value).lower() if isinstance(value, bool) else str(value)


def render_review(console: Console, review: Review, *, explain: bool = False) -> None:
    document = review.document
    console.print(Text(f"{document.title or document.path}", style="bold"))
    console.print(f"{document.format}, {document.language}, {len(document.text)} chars, "
                  f"{len(review.segmentation.clauses)} clauses, {len(review.facts)} facts")
    table = Table(show_lines=False, expand=True)
    table.add_column("key", style="cyan", no_wrap=True)
    table.add_column("qualifier")
    table.add_column("value", style="green")
    table.add_column("quote")
    table.add_column("where", no_wrap=True)
    if explain:
        table.add_column("rule", style="dim")
    for fact in review.facts:
        qualifier = " ".join(f"{k}={v}" for k, v in sorted(fact.qualifier.items()))
        row = [fact.key, qualifier, _value_text(fact.value), Text(fact.text), f"{fact.clause} [{fact.start}:{fact.end}]"]
        if explain:
            row.append(fact.explanation.rule if fact.explanation else "")
        table.add_row(*row)
    console.print(table)
