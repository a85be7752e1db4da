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
from termlens.model import Profile

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


def emit(format: Enum, draw: Callable[[], None], **writers: Callable[[], str]) -> None:
    """Print in the chosen format: a writer returns the text to print; ``draw`` renders on the terminal."""
    writer = writers.get(str(format.value))
    if writer is None:
        draw()
        return
    output = writer()
    sys.stdout.write(output if output.endswith("\n") else output + "\n")


class ParseFormat(str, Enum):
    text = "text"
    json = "json"


class ReviewFormat(str, Enum):
    text = "text"
    json = "json"
    jsonl = "jsonl"
    markdown = "markdown"
    html = "html"


class CompareFormat(str, Enum):
    text = "text"
    json = "json"
    markdown = "markdown"
    html = "html"


class QuestionsFormat(str, Enum):
    text = "text"
    json = "json"
    markdown = "markdown"


class ProfileName(str, Enum):
    small = "small"
    mid = "mid"
    critical = "critical"


class Industry(str, Enum):
    finance = "finance"
    medical = "medical"
    government = "government"


class OutputLanguage(str, Enum):
    zh = "zh"
    en = "en"


ProfileOption = Annotated[ProfileName, typer.Option("--profile", "-p", help="Buyer profile: small team, mid-size "
                                                    "company, or critical business.")]
IndustryOption = Annotated[Industry | None, typer.Option("--industry", help="Regulated industry: raises the weight "
                                                         "and severity of data and defects.")]
OverseasOption = Annotated[bool, typer.Option("--overseas", help="You have users abroad: cross-border data matters more.")]
LanguageOption = Annotated[OutputLanguage, typer.Option("--lang", help="Language of messages and questions; also "
                                                        "the support language you need.")]
ProfileFileOption = Annotated[Path | None, typer.Option("--profile-file", help="Your own profile YAML (a copy of "
                                                        "termlens/data/assess/profiles/*.yaml); overrides --profile.")]


def _buyer(profile: ProfileName, industry: Industry | None, overseas: bool, lang: OutputLanguage,
           profile_file: Path | None) -> Profile:
    return Profile(name=profile.value, industry=industry.value if industry else None, overseas=overseas,
                   language=lang.value, file=str(profile_file) if profile_file else None)


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
                                                 "jsonl (one review per line), markdown, html (one self-contained "
                                                 "page).")] = ReviewFormat.text,
    profile: ProfileOption = ProfileName.mid,
    industry: IndustryOption = None,
    overseas: OverseasOption = False,
    lang: LanguageOption = OutputLanguage.zh,
    profile_file: ProfileFileOption = None,
    explain: Annotated[bool, typer.Option("--explain", help="Say which rule produced each fact.")] = False,
    max_mb: MaxMegabytes = 50.0,
) -> None:
    """Review terms for a buyer: facts with quotes, findings, scores and questions.

    Example: termlens review terms.md --profile critical --industry finance --format html > review.html
    """
    from termlens.pipeline import review as review_file
    from termlens.report.terminal import render_review
    from termlens.report.to_html import render_review_html
    from termlens.report.to_json import dumps, review_record
    from termlens.report.to_markdown import render_review_markdown

    if format in (ReviewFormat.json, ReviewFormat.html) and len(files) > 1:
        raise TermlensError(f"--format {format.value} takes one file; use --format jsonl or markdown for several")
    buyer = _buyer(profile, industry, overseas, lang, profile_file)
    failed = 0
    for file in files:
        try:
            result = review_file(file, buyer, max_bytes=int(max_mb * MEGABYTE))
        except TermlensError as error:
            if len(files) == 1:
                raise
            errors.print(f"error: {file}: {error}", markup=False)
            failed += 1
            continue
        if format is ReviewFormat.text:
            render_review(console, result, explain=explain)
        elif format is ReviewFormat.markdown:
            sys.stdout.write(render_review_markdown(result))
        elif format is ReviewFormat.html:
            sys.stdout.write(render_review_html(result))
        else:
            indent = None if format is ReviewFormat.jsonl else 2
            sys.stdout.write(dumps(review_record(result, explain=explain), indent=indent) + "\n")
    if failed:
        raise typer.Exit(2)


@app.command(name="compare")
@reports_errors
def compare_command(
    files: Annotated[list[Path], typer.Argument(help="Two or more vendors' terms documents.")],
    format: Annotated[CompareFormat, typer.Option("--format", "-f", help="text (terminal), json, markdown or "
                                                  "html.")] = CompareFormat.text,
    profile: ProfileOption = ProfileName.mid,
    industry: IndustryOption = None,
    overseas: OverseasOption = False,
    lang: LanguageOption = OutputLanguage.zh,
    profile_file: ProfileFileOption = None,
    max_mb: MaxMegabytes = 50.0,
) -> None:
    """Compare vendors side by side for a profile, and rank them with reasons.

    Example: termlens compare a.md b.pdf c.html --profile critical --format markdown
    """
    from termlens.assess import compare
    from termlens.pipeline import review as review_file
    from termlens.report.terminal import render_comparison
    from termlens.report.to_html import render_comparison_html
    from termlens.report.to_json import comparison_record, dumps
    from termlens.report.to_markdown import render_comparison_markdown

    buyer = _buyer(profile, industry, overseas, lang, profile_file)
    comparison = compare([review_file(file, buyer, max_bytes=int(max_mb * MEGABYTE)) for file in files])
    emit(format, lambda: render_comparison(console, comparison),
         json=lambda: dumps(comparison_record(comparison)),
         markdown=lambda: render_comparison_markdown(comparison),
         html=lambda: render_comparison_html(comparison))


@app.command(name="questions")
@reports_errors
def questions_command(
    file: Annotated[Path, typer.Argument(help="The vendor's terms document.")],
    format: Annotated[QuestionsFormat, typer.Option("--format", "-f", help="text, json or markdown.")
                      ] = QuestionsFormat.text,
    profile: ProfileOption = ProfileName.mid,
    industry: IndustryOption = None,
    overseas: OverseasOption = False,
    lang: LanguageOption = OutputLanguage.zh,
    profile_file: ProfileFileOption = None,
    max_mb: MaxMegabytes = 50.0,
) -> None:
    """The questions to send the vendor before signing, grouped by dimension.

    Example: termlens questions terms.md --profile small --lang zh --format markdown
    """
    from termlens.pipeline import review as review_file
    from termlens.report.terminal import render_questions
    from termlens.report.to_json import dumps, questions_record
    from termlens.report.to_markdown import render_questions_markdown

    result = review_file(file, _buyer(profile, industry, overseas, lang, profile_file),
                         max_bytes=int(max_mb * MEGABYTE))
    emit(format, lambda: render_questions(console, result),
         json=lambda: dumps(questions_record(result)),
         markdown=lambda: render_questions_markdown(result))


@app.command(name="eval")
@reports_errors
def eval_command(
    gold_dir: Annotated[Path, typer.Argument(help="Directory of gold YAML files (facts.md format).")],
    format: Annotated[EvalFormat, typer.Option("--format", "-f", help="text, json or markdown.")] = EvalFormat.text,
    details: Annotated[bool, typer.Option("--details/--no-details",
                                          help="List every miss and false alarm with its quote.")] = True,
    by_extractor: Annotated[bool, typer.Option("--by-extractor",
                                               help="Also say how many facts each extractor contributes, "
                                                    "and at what precision.")] = False,
) -> None:
    """Measure extraction against gold annotations: micro precision, recall and F1.

    Example: termlens eval eval/real-dev --by-extractor
    """
    from termlens.evaluate import evaluate
    from termlens.report.eval_report import (
        render_eval,
        render_eval_markdown,
        render_extractors,
        render_extractors_markdown,
    )
    from termlens.report.to_json import dumps

    evaluation = evaluate(gold_dir)

    def text() -> None:
        render_eval(console, evaluation, details=details)
        if by_extractor:
            render_extractors(console, evaluation)

    emit(format, text, json=lambda: dumps(evaluation.as_dict()),
         markdown=lambda: render_eval_markdown(evaluation) + (
             "\n" + render_extractors_markdown(evaluation) if by_extractor else ""))


class WatchFormat(str, Enum):
    text = "text"
    json = "json"
    markdown = "markdown"
    html = "html"


WatchFormatOption = Annotated[WatchFormat, typer.Option("--format", "-f", help="text (terminal), json, markdown "
                                                        "or html (one self-contained page).")]


@app.command(name="diff")
@reports_errors
def diff_command(
    old: Annotated[Path, typer.Argument(help="The earlier version of the terms.")],
    new: Annotated[Path, typer.Argument(help="The later version of the terms.")],
    format: WatchFormatOption = WatchFormat.text,
    max_mb: MaxMegabytes = 50.0,
) -> None:
    """Compare two versions of the terms: what got weaker, stronger, added, removed or reworded.

    Example: termlens diff sla-2025.md sla-2026.md --format html > changes.html
    """
    from termlens.report.diff_report import diff_record, render_diff, render_diff_html, render_diff_markdown
    from termlens.report.to_json import dumps
    from termlens.watch import diff_files

    result = diff_files(old, new, max_bytes=int(max_mb * MEGABYTE))
    emit(format, lambda: render_diff(console, result),
         json=lambda: dumps(diff_record(result)),
         markdown=lambda: render_diff_markdown(result),
         html=lambda: render_diff_html(result))


@app.command(name="track")
@reports_errors
def track_command(
    terms: Annotated[Path, typer.Argument(help="The signed terms (their commitments are checked).")],
    tickets: Annotated[Path, typer.Option("--tickets", help="Ticket log: CSV, JSON or JSON Lines export.")],
    outages: Annotated[Path | None, typer.Option("--outages", help="Outage log (start, end): CSV or JSON.")] = None,
    calendar: Annotated[str | None, typer.Option("--calendar", help="Business calendar: a bundled NAME (cn-2026, "
                                                 "business-9-18) or a YAML FILE. Default: business-9-18.")] = None,
    tz: Annotated[str, typer.Option("--tz", help="Time zone of naive timestamps and of month boundaries "
                                    "(IANA name, UTC or +08:00).")] = "UTC",
    mapping: Annotated[str | None, typer.Option("--mapping", help="Ticket column mapping: zendesk, jira, freshdesk, "
                                                "generic, or a FILE (docs/tickets.md). Default: detected.")] = None,
    plan: Annotated[str | None, typer.Option("--plan", help="Your support plan, when the terms have several.")] = None,
    format: WatchFormatOption = WatchFormat.text,
    max_mb: MaxMegabytes = 50.0,
) -> None:
    """Check tickets and outages against the terms: breaches, availability, credits owed, claim deadlines.

    Example: termlens track sla.md --tickets tickets.csv --outages outages.csv --calendar cn-2026 --tz Asia/Shanghai
    """
    from termlens.report.to_json import dumps
    from termlens.report.track_report import render_track, render_track_html, render_track_markdown, track_record
    from termlens.watch import track_files

    report = track_files(terms, tickets, outages=outages, calendar=calendar, tz=tz, mapping=mapping, plan=plan,
                         max_bytes=int(max_mb * MEGABYTE))
    emit(format, lambda: render_track(console, report),
         json=lambda: dumps(track_record(report)),
         markdown=lambda: render_track_markdown(report),
         html=lambda: render_track_html(report))


@app.command(name="serve")
@reports_errors
def serve_command(
    host: Annotated[str, typer.Option("--host", help="Address to listen on. Anything but this machine's loopback "
                                      "needs --allow-remote.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="Port to listen on.")] = 8765,
    db: Annotated[str | None, typer.Option("--db", help="History database as a SQLAlchemy URL (e.g. "
                                           "postgresql+psycopg://host/termlens). Default: a SQLite file in "
                                           "your user data folder.")] = None,
    max_mb: MaxMegabytes = 50.0,
    allow_remote: Annotated[bool, typer.Option("--allow-remote", help="Allow a non-loopback --host; every request "
                                               "then needs the access token.")] = False,
    token: Annotated[str | None, typer.Option("--token", help="Access token (at least 16 characters). Default "
                                              "with --allow-remote: a random one, printed at start.")] = None,
) -> None:
    """Start the local web app: upload terms, read reviews, compare vendors, keep a history.

    Example: termlens serve --port 8765
    """
    from termlens.web import create_app, serve, web_settings

    settings = web_settings(host=host, port=port, db_url=db, max_bytes=int(max_mb * MEGABYTE),
                            allow_remote=allow_remote, token=token)
    application = create_app(settings)  # opens the history first: a bad --db fails before the banner
    console.print(f"termlens web app on {settings.url} (history: {settings.db_label})", markup=False)
    if settings.token is not None:
        console.print(f"access token: {settings.token}", markup=False)
        console.print(f"open once to log in: {settings.url}?token={settings.token}", markup=False)
    serve(application, settings)
