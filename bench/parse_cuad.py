"""Throughput and memory of ingest + segment on the CUAD contracts (plain English text).

    python bench/parse_cuad.py [--dir DIR] [--limit N] [--json PATH]

Two passes over the same files: the first is timed with nothing else running,
the second measures the peak Python allocation per document with tracemalloc
(which slows allocation, so it must not share a pass with the timing).
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import sys
import time
import tracemalloc
from dataclasses import asdict, dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEFAULT_DIR = REPO.parent / "shared" / "benchmarks" / "cuad" / "full_contract_txt"
MB = 1_000_000

if str(REPO) not in sys.path:  # run as a script from a checkout without `pip install -e .`
    sys.path.insert(0, str(REPO))

from termlens.ingest import load  # noqa: E402
from termlens.segment import segment  # noqa: E402


@dataclass(frozen=True, slots=True)
class Timing:
    path: str
    size: int  # bytes on disk
    load_seconds: float
    segment_seconds: float
    clauses: int
    sections: int


@dataclass(frozen=True, slots=True)
class Report:
    files: int
    megabytes: float
    load_seconds: float
    segment_seconds: float
    total_mb_per_second: float
    segment_mb_per_second: float
    clauses: int
    sections: int
    latency_median_ms: float
    latency_p95_ms: float
    segment_latency_median_ms: float
    segment_latency_p95_ms: float
    tracemalloc_peak_mb: float
    max_rss_mb: float


def time_files(files: list[Path]) -> list[Timing]:
    timings = []
    for path in files:
        started = time.perf_counter()
        document = load(path)
        loaded = time.perf_counter()
        segmentation = segment(document)
        finished = time.perf_counter()
        timings.append(Timing(str(path), path.stat().st_size, loaded - started, finished - loaded,
                              len(segmentation.clauses), len(segmentation.sections)))
    return timings


def peak_allocation(files: list[Path]) -> int:
    """The largest tracemalloc peak (bytes) over the documents, each loaded and segmented alone."""
    tracemalloc.start()
    peak = 0
    try:
        for path in files:
            tracemalloc.reset_peak()
            segment(load(path))
            peak = max(peak, tracemalloc.get_traced_memory()[1])
    finally:
        tracemalloc.stop()
    return peak


def percentile_95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[18] if len(values) > 1 else values[0]


def summarise(timings: list[Timing], peak: int) -> Report:
    size = sum(timing.size for timing in timings)
    load_seconds = sum(timing.load_seconds for timing in timings)
    segment_seconds = sum(timing.segment_seconds for timing in timings)
    totals = [(timing.load_seconds + timing.segment_seconds) * 1000 for timing in timings]
    segments = [timing.segment_seconds * 1000 for timing in timings]
    return Report(
        files=len(timings),
        megabytes=size / MB,
        load_seconds=load_seconds,
        segment_seconds=segment_seconds,
        total_mb_per_second=size / MB / (load_seconds + segment_seconds),
        segment_mb_per_second=size / MB / segment_seconds,
        clauses=sum(timing.clauses for timing in timings),
        sections=sum(timing.sections for timing in timings),
        latency_median_ms=statistics.median(totals),
        latency_p95_ms=percentile_95(totals),
        segment_latency_median_ms=statistics.median(segments),
        segment_latency_p95_ms=percentile_95(segments),
        tracemalloc_peak_mb=peak / MB,
        max_rss_mb=resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024 / MB,  # KiB on Linux
    )


def print_table(report: Report) -> None:
    rows = [
        ("files", f"{report.files}"),
        ("input", f"{report.megabytes:.2f} MB"),
        ("ingest time", f"{report.load_seconds:.2f} s"),
        ("segment time", f"{report.segment_seconds:.2f} s"),
        ("ingest + segment", f"{report.total_mb_per_second:.2f} MB/s"),
        ("segment alone", f"{report.segment_mb_per_second:.2f} MB/s"),
        ("clauses", f"{report.clauses}"),
        ("sections", f"{report.sections}"),
        ("latency per document, median", f"{report.latency_median_ms:.1f} ms"),
        ("latency per document, p95", f"{report.latency_p95_ms:.1f} ms"),
        ("segment per document, median", f"{report.segment_latency_median_ms:.1f} ms"),
        ("segment per document, p95", f"{report.segment_latency_p95_ms:.1f} ms"),
        ("peak allocation (tracemalloc)", f"{report.tracemalloc_peak_mb:.1f} MB"),
        ("max resident set (ru_maxrss)", f"{report.max_rss_mb:.1f} MB"),
    ]
    width = max(len(name) for name, _ in rows)
    for name, value in rows:
        print(f"{name:<{width}}  {value:>12}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dir", type=Path, default=DEFAULT_DIR, help="folder of contracts (default: CUAD)")
    parser.add_argument("--limit", type=int, default=None, help="only the first N files, by name")
    parser.add_argument("--json", type=Path, default=None, help="also write the report and per-file timings here")
    args = parser.parse_args(argv)
    if not args.dir.is_dir():
        parser.error(f"{args.dir}: not a folder")
    files = sorted(path for path in args.dir.iterdir() if path.is_file())[: args.limit]
    if not files:
        parser.error(f"{args.dir}: no files")
    timings = time_files(files)
    report = summarise(timings, peak_allocation(files))
    print_table(report)
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        payload = {"report": asdict(report), "files": [asdict(timing) for timing in timings]}
        args.json.write_text(json.dumps(payload, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
