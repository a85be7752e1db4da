"""The ``termlens`` command: parse options, call the library, render. Nothing is computed here.

Every TermlensError becomes one line on stderr (``error: …``) and exit code 2.
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from enum import Enum
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer
from rich.console import Console

from termlens import __version__
from termlens.errors import TermlensError

app = typer.Typer(
    name="termlens",
    help="Read a vendor's after-sales service terms before signing: clauses, facts, gaps, risks, questions.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
console = Console(highlight=False, soft_wrap=True)
errors = Console(stderr=True, highlight=False, soft_wrap=True)

Command = TypeVar("Command", bound=Callable[..., Any])
MEGABYTE = 1024 * 1024


def reports_errors(command: Command) -> Command:
    """Turn library errors into one line and exit code 2, never a traceback."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except TermlensError as error:
            errors.print(f"error: {error}", markup=False)
            raise typer.Exit(2) from None
        except KeyboardInterrupt:
            errors.print("error: interrupted", markup=False)
            raise typer.Exit(130) from None

    return wrapper  # type: ignore[return-value]


class ParseFormat(str, Enum):
    text = "text"
    json = "json"


class ReviewFormat(str, Enum):
    text = "text"
    json = "json"
    jsonl = "jsonl"


class EvalFormat(str, Enum):
    text = "text"
    json = "json"
    markdown = "markdown"


MaxMegabytes = Annotated[float, typer.Option("--max-mb", help="Refuse files larger than this many megabytes.")]


def _version(value: bool) -> None:
    if value:
        console.print(f"termlens {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                          help="Print the version and exit.")] = False,
) -> None:
    """termlens reads terms offline: nothing leaves this machine."""


@app.command()
@reports_errors
def parse(
    file: Annotated[Path, typer.Argument(help="Terms document: PDF, DOCX, HTML, Markdown or text.")],
    format: Annotated[ParseFormat, typer.Option("--format", "-f", help="text: the extracted text; "
                                                "json: blocks, sections and clauses with offsets.")] = ParseFormat.text,
    max_mb: MaxMegabytes = 50.0,
) -> None:
    """Extract a document's text, blocks, sections and clauses.

    Example: termlens parse terms.pdf --format json
    """
    from termlens.ingest import load
    from termlens.report.to_json import dumps, segmentation_record
    from termlens.segment import segment

    document = load(file, max_bytes=int(max_mb * MEGABYTE))
    if format is ParseFormat.text:
        sys.stdout.write(document.text + "\n")
        return
    sys.stdout.write(dumps(segmentation_record(segment(document))) + "\n")


@app.command()
@reports_errors
def review(
    files: Annotated[list[Path], typer.Argument(help="One or more terms documents.")],
    format: Annotated[ReviewFormat, typer.Option("--format", "-f", help="text (terminal), json (one review), "
                                                 "jsonl (one review per line).")] = ReviewFormat.text,
    explain: Annotated[bool, typer.Option("--explain", help="Say which rule produced each fact.")] = False,
    max_mb: MaxMegabytes = 50.0,
) -> None:
    """Review terms: the clauses, and every fact with its exact quote.

    Example: termlens review terms.md --format json --explain
    """
    from termlens.pipeline import review as review_file
    from termlens.report.terminal import render_review
    from termlens.report.to_json import dumps, review_record

    if format is ReviewFormat.json and len(files) > 1:
        raise TermlensError("--format json takes one file; use --format jsonl for several")
    failed = 0
    for file in files:
        try:
            result = review_file(file, max_bytes=int(max_mb * MEGABYTE))
        except TermlensError as error:
            if len(files) == 1:
                raise
            errors.print(f"error: {file}: {error}", markup=False)
            failed += 1
            continue
        if format is ReviewFormat.text:
            render_review(console, result, explain=explain)
        else:
            indent = None if format is ReviewFormat.jsonl else 2
            sys.stdout.write(dumps(review_record(result, explain=explain), indent=indent) + "\n")
    if failed:
        raise typer.Exit(2)


@app.command(name="eval")
@reports_errors
def eval_command(
    gold_dir: Annotated[Path, typer.Argument(help="Directory of gold YAML files (facts.md format).")],
    format: Annotated[EvalFormat, typer.Option("--format", "-f", help="text, json or markdown.")] = EvalFormat.text,
    details: Annotated[bool, typer.Option("--details/--no-details",
                                          help="List every miss and false alarm with its quote.")] = True,
) -> None:
    """Measure extraction against gold annotations: micro precision, recall and F1.

    Example: termlens eval eval/gold --format json
    """
    from termlens.evaluate import evaluate
    from termlens.report.eval_report import render_eval, render_eval_markdown
    from termlens.report.to_json import dumps

    evaluation = evaluate(gold_dir)
    if format is EvalFormat.json:
        sys.stdout.write(dumps(evaluation.as_dict()) + "\n")
    elif format is EvalFormat.markdown:
        sys.stdout.write(render_eval_markdown(evaluation))
    else:
        render_eval(console, evaluation, details=details)
