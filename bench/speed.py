"""Speed of termlens on the CUAD contracts, on one CPU core: parse, full review, and PDF.

    python bench/speed.py [--limit N] [--pdf N] [--json PATH] [--profile PATH]

Measured per document; instrumentation never shares a timed pass, and steps
compared with each other (model on and off; the three PDF readings) alternate
document by document:

- parse: ``termlens.ingest.load`` + ``termlens.segment.segment`` (what ``termlens parse --format json`` does);
- review: ``termlens.pipeline.review`` (ingest, segment, extract, classify, assess), with the
  trained clause model on and off;
- PDF: ``N`` contracts written to PDF with fpdf2 (Helvetica, A4) in a temporary directory, then
  raw pypdfium2 text extraction, termlens parse and termlens review of the same files.

Throughput is text bytes (the UTF-8 size of the .txt; for PDFs, the size of
the text they were made from) per second of wall time; latency is per
document (median and 95th percentile); peak memory is the largest
``tracemalloc`` peak of one document (Python allocations) and the process's
maximum resident set. ``--profile`` writes a cProfile of the review pass and
prints the functions and rules that take the time.
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import json
import os
import pstats
import resource
import statistics
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # run as a script from a checkout without `pip install -e .`
    sys.path.insert(0, str(ROOT))
for _variable in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_variable, "1")

from bench.external.common import data_dir, machine  # noqa: E402

MB = 1_000_000


def pin_one_core() -> int | None:
    """Run on one core (the first one allowed), so the figures are single-core figures."""
    if not hasattr(os, "sched_setaffinity"):
        return None
    core = min(os.sched_getaffinity(0))
    os.sched_setaffinity(0, {core})
    return core


def percentile(values: Sequence[float], q: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return 0.0
    position = (len(ordered) - 1) * q
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def summarise(latencies: Sequence[float], size: int) -> dict[str, Any]:
    elapsed = sum(latencies)
    return {"documents": len(latencies), "megabytes": round(size / MB, 3), "seconds": round(elapsed, 3),
            "mb_per_second": round(size / MB / elapsed, 3) if elapsed else None,
            "latency_median_ms": round(statistics.median(latencies) * 1000, 1),
            "latency_p95_ms": round(percentile(latencies, 0.95) * 1000, 1),
            "latency_max_ms": round(max(latencies) * 1000, 1)}


def timed(files: Sequence[Path], sizes: dict[Path, int], *steps: Callable[[Path], Any]) -> list[dict[str, Any]]:
    """Time each step on each document; several steps alternate document by document, so load on the
    machine that comes and goes falls on all of them alike, and take turns going first, so that none
    always meets the document cold (or warm from another step)."""
    latencies: list[list[float]] = [[] for _ in steps]
    gc.collect()
    for number, path in enumerate(files):
        turn = list(zip(steps, latencies, strict=True))
        for step, times in turn[number % len(turn):] + turn[:number % len(turn)]:
            begin = time.perf_counter()
            step(path)
            times.append(time.perf_counter() - begin)
    size = sum(sizes[path] for path in files)
    return [summarise(times, size) for times in latencies]


def peak_memory(files: Sequence[Path], step: Callable[[Path], Any]) -> float:
    """The largest tracemalloc peak (MB) of one document."""
    tracemalloc.start()
    peak = 0
    try:
        for path in files:
            tracemalloc.reset_peak()
            step(path)
            peak = max(peak, tracemalloc.get_traced_memory()[1])
    finally:
        tracemalloc.stop()
    return round(peak / MB, 1)


def measure(names: Sequence[str], files: Sequence[Path], sizes: dict[Path, int],
            steps: Sequence[Callable[[Path], Any]], memory_sample: int) -> list[dict[str, Any]]:
    results = timed(files, sizes, *steps)
    for name, step, result in zip(names, steps, results, strict=True):
        result["peak_tracemalloc_mb"] = peak_memory(files[:memory_sample], step)
        result["max_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024 / MB, 1)
        print(f"{name:<28} {result['mb_per_second']:>7} MB/s  median {result['latency_median_ms']:>8} ms  "
              f"p95 {result['latency_p95_ms']:>8} ms  peak {result['peak_tracemalloc_mb']:>6} MB", flush=True)
    return results


# --- PDFs -----------------------------------------------------------------------------------

def make_pdfs(sources: Sequence[Path], directory: Path) -> dict[Path, Path]:
    """Each text as an A4 PDF (Helvetica 10 pt); characters outside Latin-1 become '?'."""
    from fpdf import FPDF

    made = {}
    for source in sources:
        pdf = FPDF(format="A4")
        pdf.set_auto_page_break(auto=True, margin=15)
        pdf.set_creation_date(datetime(2000, 1, 1, tzinfo=UTC))  # same bytes every run
        pdf.add_page()
        pdf.set_font("Helvetica", size=10)
        text = source.read_text(encoding="utf-8", errors="replace").encode("latin-1", "replace").decode("latin-1")
        for paragraph in text.split("\n"):
            if paragraph.strip():
                pdf.multi_cell(0, 5, paragraph.strip(), new_x="LMARGIN", new_y="NEXT")
            else:
                pdf.ln(3)
        target = directory / f"{source.stem[:80]}.pdf"
        pdf.output(str(target))
        made[source] = target
    return made


def pdfium_text(path: Path) -> str:
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(str(path))
    try:
        parts = []
        for index in range(len(document)):
            page = document[index]
            textpage = page.get_textpage()
            parts.append(textpage.get_text_range())
            textpage.close()
            page.close()
        return "\n".join(parts)
    finally:
        document.close()


# --- profile --------------------------------------------------------------------------------

def profile_review(files: Sequence[Path], out: Path) -> dict[str, Any]:
    """cProfile one review pass; the top functions by own time and by cumulative time."""
    from termlens.pipeline import review

    profiler = cProfile.Profile()
    profiler.enable()
    for path in files:
        review(path)
    profiler.disable()
    out.parent.mkdir(parents=True, exist_ok=True)
    profiler.dump_stats(str(out))
    stats = pstats.Stats(profiler)
    total = stats.total_tt  # type: ignore[attr-defined]
    rows = []
    for (filename, line, function), (_, calls, own, cumulative, _) in stats.stats.items():  # type: ignore[attr-defined]
        where = Path(filename)
        name = str(where.relative_to(ROOT)) if where.is_relative_to(ROOT) else where.name
        rows.append({"function": f"{name}:{line}({function})", "calls": calls,
                     "own_s": round(own, 3), "cumulative_s": round(cumulative, 3)})
    by_own = sorted(rows, key=lambda row: -row["own_s"])[:15]
    by_cumulative = sorted((r for r in rows if "termlens" in r["function"] or "/termlens/" in r["function"]),
                           key=lambda row: -row["cumulative_s"])[:15]
    return {"total_s": round(total, 3), "by_own_time": by_own, "termlens_by_cumulative": by_cumulative}


def stage_times(files: Sequence[Path]) -> dict[str, float]:
    """Seconds per pipeline stage over ``files``, the stages run as ``review_document`` runs them."""
    from collections import defaultdict

    from termlens.assess import assess, assess_words
    from termlens.classify import classify_clauses, cue_words, model_scores
    from termlens.extract import extract
    from termlens.extract.rules import load_rules
    from termlens.ingest import load
    from termlens.model import Profile, Review
    from termlens.scan import scan_clauses
    from termlens.segment import segment

    rules = load_rules()
    vocabularies = [rules.needles, cue_words(rules), assess_words()]
    totals: dict[str, float] = defaultdict(float)

    def clock(stage: str, call: Callable[[], Any]) -> Any:
        begin = time.perf_counter()
        value = call()
        totals[stage] += time.perf_counter() - begin
        return value

    for path in files:
        document = clock("ingest", lambda: load(path))
        segmentation = clock("segment", lambda: segment(document))
        words = clock("scan", lambda: scan_clauses(segmentation.clauses, vocabularies))
        facts = clock("extract", lambda: extract(segmentation, rules, words))
        by_clause: dict[str, list[Any]] = defaultdict(list)
        for fact in facts:
            by_clause[fact.clause].append(fact)
        clock("classify: model", lambda: model_scores([clause.text for clause in segmentation.clauses]))
        labels = clock("classify: lexicon votes and labels",
                       lambda: classify_clauses(segmentation.clauses, by_clause, rules, use_model=False,
                                                words=words))
        clock("assess", lambda: assess(Review(segmentation=segmentation, labels=labels, facts=tuple(facts),
                                              profile=Profile()), words))
    return {stage: round(seconds, 2) for stage, seconds in totals.items()}


def rule_costs(files: Sequence[Path], top: int = 15) -> list[dict[str, Any]]:
    """Seconds each extraction rule's regex spends in the review, as ``prose_facts`` runs them: on the clauses
    that the rule set's prefilter (``RuleSet.candidates``) passes, in the clause's languages."""
    from collections import Counter

    from termlens.extract.context import DocumentContext
    from termlens.extract.rules import load_rules
    from termlens.ingest import load
    from termlens.segment import segment

    rules = load_rules()
    seconds: Counter[str] = Counter()
    clauses: Counter[str] = Counter()
    for path in files:
        segmentation = segment(load(path))
        context = DocumentContext.of(segmentation)
        for clause in segmentation.clauses:
            folded = context.folded[clause.start:clause.end]
            languages = context.languages(context.clause_text(clause.id) or clause.text)
            for rule in rules.candidates(context.needles(clause, rules), languages):
                begin = time.perf_counter()
                for _ in rule.regex.finditer(folded):
                    pass
                seconds[rule.name] += time.perf_counter() - begin
                clauses[rule.name] += 1
    return [{"rule": name, "seconds": round(value, 3), "clauses": clauses[name]}
            for name, value in seconds.most_common(top)]


def run(limit: int | None = None, pdf_count: int = 30, memory_sample: int = 60,
        profile: Path | None = None, *, pin: bool = True) -> dict[str, Any]:
    from termlens.ingest import load
    from termlens.pipeline import review, review_document
    from termlens.segment import segment

    core = pin_one_core() if pin else None
    folder = data_dir() / "cuad" / "full_contract_txt"
    files = sorted(folder.glob("*.txt"))[:limit]
    sizes = {path: path.stat().st_size for path in files}
    review(files[0])  # warm up: rules, lexicons, model, imports
    results: dict[str, Any] = {"machine": {**machine(), "pinned_core": core}, "corpus": {
        "documents": len(files), "megabytes": round(sum(sizes.values()) / MB, 3)}}
    (results["parse"],) = measure(["parse (load + segment)"], files, sizes, [lambda p: segment(load(p))],
                                  memory_sample)
    results["review"], results["review_rules_only"] = measure(
        ["review (model on)", "review (model off)"], files, sizes,
        [lambda p: review_document(load(p), use_model=True), lambda p: review_document(load(p), use_model=False)],
        memory_sample)
    if pdf_count:
        step = max(1, len(files) // pdf_count)
        sample = files[::step][:pdf_count]
        with tempfile.TemporaryDirectory(prefix="termlens-speed-") as temporary:
            pdfs = make_pdfs(sample, Path(temporary))
            pdf_sizes = {pdfs[source]: sizes[source] for source in sample}
            pdf_files = [pdfs[source] for source in sample]
            raw, parsed, reviewed = measure(
                ["pdf: raw pypdfium2 text", "pdf: termlens parse", "pdf: termlens review"], pdf_files, pdf_sizes,
                [pdfium_text, lambda p: segment(load(p)), review], memory_sample)
            results["pdf"] = {"documents": len(pdf_files),
                              "pdf_megabytes": round(sum(p.stat().st_size for p in pdf_files) / MB, 3),
                              "pypdfium2_text": raw, "parse": parsed, "review": reviewed}
    results["stages"] = stage_times(files)
    if profile:
        results["profile"] = profile_review(files, profile)
        try:
            results["rule_costs"] = rule_costs(files)
        except (AttributeError, TypeError) as error:  # the extraction internals it mirrors moved
            print(f"rule costs not measured: {error}", file=sys.stderr)
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, help="only the first N contracts, by name (default: all 510)")
    parser.add_argument("--pdf", type=int, default=30, help="how many contracts to turn into PDFs (0: none)")
    parser.add_argument("--memory-sample", type=int, default=60, help="documents in the tracemalloc pass")
    parser.add_argument("--json", type=Path, help="write the figures here")
    parser.add_argument("--profile", type=Path, help="cProfile the review pass into this file")
    args = parser.parse_args(argv)
    results = run(args.limit, args.pdf, args.memory_sample, args.profile)
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print("\nseconds per stage: " + ", ".join(f"{stage} {seconds}" for stage, seconds in results["stages"].items()))
    if "profile" in results:
        print("\nhot spots (own time):")
        for row in results["profile"]["by_own_time"][:10]:
            print(f"  {row['own_s']:>8.3f} s  {row['calls']:>9}  {row['function']}")
        print("slowest rules (regex time over all clauses):")
        for row in results["rule_costs"][:10]:
            print(f"  {row['seconds']:>8.3f} s  {row['rule']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
