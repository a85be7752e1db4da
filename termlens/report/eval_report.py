"""Views of an evaluation: a terminal table with every miss and false alarm, and Markdown for docs/."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table
from rich.text import Text

from termlens.evaluate import Evaluation, Tally
from termlens.model import DIMENSIONS


def _rows(evaluation: Evaluation) -> list[tuple[str, str, Tally]]:
    rows = [("all", "overall", evaluation.tally())]
    for language in [None, *evaluation.languages()]:
        name = language or "all"
        if language:
            rows.append((name, "overall", evaluation.tally(language=language)))
        for dimension in DIMENSIONS:
            tally = evaluation.tally(language=language, dimension=dimension)
            if tally.gold or tally.predicted:
                rows.append((name, dimension, tally))
    return rows


def render_extractors(console: Console, evaluation: Evaluation) -> None:
    table = Table(title="facts by extractor (distinct facts in exhaustive dimensions)")
    for column in ("extractor", "predicted", "correct", "precision", "only it", "only it correct", "precision"):
        table.add_column(column, justify="left" if column == "extractor" else "right")
    for name, row in evaluation.by_extractor().items():
        table.add_row(name, str(row["predicted"]), str(row["tp"]), f"{row['precision']:.3f}",
                      str(row["alone_predicted"]), str(row["alone_tp"]), f"{row['alone_precision']:.3f}")
    console.print(table)


def render_extractors_markdown(evaluation: Evaluation) -> str:
    lines = ["| extractor | predicted | correct | precision | found by it alone | correct | precision |",
             "|---|---:|---:|---:|---:|---:|---:|"]
    for name, row in evaluation.by_extractor().items():
        lines.append(f"| {name} | {row['predicted']} | {row['tp']} | {row['precision']:.3f} | "
                     f"{row['alone_predicted']} | {row['alone_tp']} | {row['alone_precision']:.3f} |")
    return "\n".join(lines) + "\n"


def render_eval(console: Console, evaluation: Evaluation, *, details: bool = True) -> None:
    table = Table(title="termlens eval: micro precision / recall / F1")
    for column in ("language", "dimension", "precision", "recall", "F1", "tp", "pred", "gold"):
        table.add_column(column, justify="right" if column not in ("language", "dimension") else "left")
    for language, dimension, tally in _rows(evaluation):
        table.add_row(language, dimension, f"{tally.precision:.3f}", f"{tally.recall:.3f}", f"{tally.f1:.3f}",
                      str(tally.true_positives), str(tally.predicted), str(tally.gold))
    console.print(table)
    if not details:
        return
    for doc in evaluation.documents:
        if not (doc.misses or doc.false_alarms or doc.error):
            continue
        console.print(Text(f"\n{doc.gold_path}", style="bold"))
        if doc.error:
            console.print(Text(f"  error: {doc.error}", style="red"))
        for fact in doc.misses:
            console.print(Text(f"  miss        {fact.key} {fact.severity or ''} {fact.plan or ''} {fact.value} "
                               f"«{fact.quote}»", style="yellow"))
        for fact in doc.false_alarms:
            console.print(Text(f"  false alarm {fact.key} {fact.severity or ''} {fact.plan or ''} {fact.value} "
                               f"«{fact.quote}»", style="magenta"))


def render_eval_markdown(evaluation: Evaluation) -> str:
    lines = ["| language | dimension | precision | recall | F1 | tp | predicted | gold |",
             "|---|---|---:|---:|---:|---:|---:|---:|"]
    for language, dimension, tally in _rows(evaluation):
        lines.append(f"| {language} | {dimension} | {tally.precision:.3f} | {tally.recall:.3f} | {tally.f1:.3f} | "
                     f"{tally.true_positives} | {tally.predicted} | {tally.gold} |")
    return "\n".join(lines) + "\n"
