"""Run every benchmark and write ``docs/benchmarks.md`` (never edited by hand).

    python bench/external/report.py [--data DIR] [--out docs/benchmarks.md] [--speed-json PATH] [--limit N]
    python bench/external/report.py --figures bench/out/benchmarks.json   # render a saved run again
    python bench/external/report.py --only unfair-review                  # run one part, splice it into the page

Runs UNFAIR-ToS, CAPP-130, CUAD, the clause-label comparison on termlens's
own gold, ``termlens eval`` with the model on and off, the classifier
artefact checks and ``bench/speed.py`` (or reads a saved ``--speed-json``),
then renders one Markdown page with the published figures beside ours, the
data's attribution and the machine. All figures also go to
``bench/out/benchmarks.json``. ``--limit`` makes a quick, partial run (its
page says so); ``--figures`` renders a saved run's figures again (after the
wording of the page changed) without running anything. ``--only unfair-review``
runs just the shipped review on the UNFAIR-ToS test companies (a few seconds)
and splices its subsection and Summary rows into the existing page, leaving
every other figure as it was (and adds them to a saved ``benchmarks.json``).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path
from typing import Any

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from bench.external import capp130, clause_labels, cuad, unfair_review, unfair_tos  # noqa: E402
from bench.external.common import ROOT, data_dir, machine  # noqa: E402

DEFAULT_OUT = ROOT / "docs" / "benchmarks.md"
FIGURES_OUT = ROOT / "bench" / "out" / "benchmarks.json"
TARGET_MB_PER_SECOND = 2.0

ATTRIBUTION = """\
| data set | source | licence | citation |
|---|---|---|---|
| UNFAIR-ToS | CLAUDETTE "50 Terms of Service" corpus (http://claudette.eui.eu/ToS.zip), copied from github.com/tulane-cmps6730/project-legal `data/ToS/` at 338767f; split as LexGLUE (coastalcph/lex-glue) | CC BY 4.0 | Lippi et al., *CLAUDETTE: an automated detector of potentially unfair clauses in online terms of service*, Artificial Intelligence and Law 27:117–139 (2019); Chalkidis et al., *LexGLUE*, ACL 2022 |
| CAPP-130 | github.com/EnlightenedAI/CAPP-130 at 5aa710b, `CAPP_130_Corpus/Subdataset/Extraction/topic_identification_dataset` | Apache-2.0 | Zhu et al., *CAPP-130: A Corpus of Chinese Application Privacy Policy Summarization and Interpretation*, NeurIPS 2023 Datasets and Benchmarks |
| CUAD v1 | The Atticus Project; copied unchanged from github.com/maastrichtlawtech/law3027-advanced-legal-analytics `data/CUAD_v1/` at 77c8f5a (`master_clauses.csv`, `full_contract_txt/`) | CC BY 4.0 | Hendrycks, Burns, Chen, Ball, *CUAD: An Expert-Annotated NLP Dataset for Legal Contract Review*, NeurIPS 2021 Datasets and Benchmarks (arXiv 2103.06268) |

The data are used unchanged and are not redistributed with termlens; the
trained model in `termlens/data/model/` was fitted on the UNFAIR-ToS train
companies and a third of the CAPP-130 train split (plus termlens's own gold
clauses and rule examples), and its manifest names them.
"""


# --- collecting -----------------------------------------------------------------------------

GOLD_SETS = {"real-test": "eval/real-test", "real-dev": "eval/real-dev", "gold": "eval/gold",
             "heldout": "eval/heldout/gold", "blind": "eval/blind/gold"}


def own_gold() -> dict[str, Any]:
    """``termlens eval`` on each gold set of ``eval/`` with the model on and off (the eval scores facts).

    The clause model is trained on ``eval/real-dev`` and ``eval/gold`` clauses; the learned extractors also
    on ``heldout`` and ``blind``; ``eval/real-test`` reaches neither.
    """
    from termlens.evaluate import evaluate

    results: dict[str, Any] = {}
    for name, relative in GOLD_SETS.items():
        directory = ROOT / relative
        if not directory.is_dir() or not any(directory.glob("*.yaml")):
            continue
        per_set: dict[str, Any] = {}
        details = {}
        for mode, value in (("model_on", "on"), ("model_off", "off")):
            previous = os.environ.get("TERMLENS_MODEL")
            os.environ["TERMLENS_MODEL"] = value
            try:
                evaluation = evaluate(directory)
            finally:
                if previous is None:
                    os.environ.pop("TERMLENS_MODEL", None)
                else:
                    os.environ["TERMLENS_MODEL"] = previous
            per_set[mode] = {"overall": evaluation.tally().as_dict(), "documents": len(evaluation.documents)}
            details[mode] = evaluation.as_dict()
        per_set["identical"] = details["model_on"] == details["model_off"]
        results[name] = per_set
    results["identical"] = all(item["identical"] for item in results.values())
    return results


def artefact() -> dict[str, Any]:
    import subprocess

    from termlens.classify import MODEL_DIR
    from termlens.classify.learned import MANIFEST_FILE

    manifest = json.loads((MODEL_DIR / MANIFEST_FILE).read_text(encoding="utf-8"))
    code = ("import time; t = time.perf_counter(); from termlens.classify import load_model; "
            "m = load_model(); m.predict_proba(['x']); print(time.perf_counter() - t)")
    import_and_load = float(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                                           cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)}).stdout)
    from termlens.classify import load_model

    load_model.cache_clear()
    started = time.perf_counter()
    load_model()
    load_only = time.perf_counter() - started
    size = sum(path.stat().st_size for path in MODEL_DIR.iterdir() if path.is_file())
    return {"directory": str(MODEL_DIR.relative_to(ROOT)), "bytes": size, "weights_sha256": manifest["sha256"],
            "load_seconds": round(load_only, 3), "import_and_load_seconds": round(import_and_load, 3),
            "training": manifest.get("training", {})}


def collect(data: Path, *, limit: int | None, speed_json: Path | None) -> dict[str, Any]:
    figures: dict[str, Any] = {"machine": machine(), "limit": limit}
    steps = [
        ("unfair_tos", lambda: unfair_tos.run(data / "unfair-tos", limit=limit and limit * 20)),
        ("unfair_review", lambda: unfair_review.run(data / "unfair-tos", limit=limit)),
        ("capp130", lambda: capp130.run(data / "capp-130", limit=limit and limit * 20)),
        ("cuad", lambda: cuad.run(data / "cuad", limit=limit)),
        ("clause_labels", lambda: clause_labels.run(data, limit_groups=6 if limit else None)),
        ("own_gold", own_gold),
        ("artefact", artefact),
    ]
    for name, step in steps:
        started = time.perf_counter()
        figures[name] = step()
        figures[name]["_seconds"] = round(time.perf_counter() - started, 1)
        print(f"{name}: {figures[name]['_seconds']} s", file=sys.stderr, flush=True)
    if speed_json is None:  # its own process: one core, and memory figures free of the runs above
        import subprocess

        speed_json = FIGURES_OUT.parent / "speed.json"
        command = [sys.executable, str(ROOT / "bench" / "speed.py"), "--json", str(speed_json),
                   "--profile", str(FIGURES_OUT.parent / "review.prof")]
        if limit:
            command += ["--limit", str(limit), "--pdf", "5", "--memory-sample", "5"]
        subprocess.run(command, check=True, cwd=ROOT)
    figures["speed"] = json.loads(speed_json.read_text(encoding="utf-8"))
    return figures


# --- rendering ------------------------------------------------------------------------------

def pct(value: float | None) -> str:
    return "—" if value is None else f"{100 * value:.1f}"


def _prf(item: dict[str, Any]) -> str:
    return f"{pct(item['precision'])} | {pct(item['recall'])} | {pct(item['f1'])}"


def _verdict(ours: float, published: float) -> str:
    return "at or above" if ours >= published - 1e-9 else f"below by {published - ours:.1f}"


def render(figures: dict[str, Any]) -> str:
    out: list[str] = []
    add = out.append
    m = figures["machine"]
    tos, capp, contracts = figures["unfair_tos"], figures["capp130"], figures["cuad"]
    labels, gold, model, speed = figures["clause_labels"], figures["own_gold"], figures["artefact"], figures["speed"]
    add("# Benchmarks\n")
    add("Generated by `python bench/external/report.py` (do not edit by hand). Every figure below is from that run; "
        "published figures are quoted beside ours. Percentages unless marked.\n")
    if figures.get("limit"):
        add(f"**Partial run** (`--limit {figures['limit']}`): figures are not comparable with the published ones.\n")

    add("## Summary\n")
    add("| benchmark | task (test split) | termlens | published | |")
    add("|---|---|---|---|---|")
    chosen = tos["chosen"]["per_category"]
    for category in unfair_tos.CATEGORIES:
        ours, theirs = 100 * chosen[category]["f1"], tos["published"]["TF-IDF+SVM"][category]
        add(f"| UNFAIR-ToS | {category} F1 | {ours:.1f} | TF-IDF+SVM {theirs} | {_verdict(ours, theirs)} |")
    if "unfair_review" in figures:  # absent from runs saved before it existed
        out.extend(unfair_review.summary_rows(figures["unfair_review"]))
    all_topics = capp["chosen"]["all_topics"]
    add(f"| CAPP-130 | topics, all 11, micro / macro F1 | {all_topics['micro_f1']:.3f} / {all_topics['macro_f1']:.3f} "
        f"| RoBERTa 0.819 / 0.841 | micro {_verdict(all_topics['micro_f1'] * 100, 81.9)}, "
        f"macro {_verdict(all_topics['macro_f1'] * 100, 84.1)} |")
    covered = capp["chosen"]["covered_topics"]
    add(f"| CAPP-130 | the 5 `data` topics, micro / macro F1 | {covered['micro_f1']:.3f} / {covered['macro_f1']:.3f} "
        "| not published per topic | |")
    add(f"| CUAD | renewal notice (days), exact value F1 | {pct(contracts['renewal_notice']['f1'])} | none | |")
    add(f"| CUAD | cap on liability, contracts F1 | {pct(contracts['cap_on_liability']['document']['f1'])} | none "
        "(DeBERTa AUPR 47.8 is over 41 categories) | |")
    for name, relative in GOLD_SETS.items():
        if name in gold:
            on, off = gold[name]["model_on"]["overall"], gold[name]["model_off"]["overall"]
            add(f"| own gold | `termlens eval {relative}` F1, model on / off | {pct(on['f1'])} / {pct(off['f1'])} | — "
                f"| {'identical' if gold[name]['identical'] else 'DIFFERENT'} |")
    review_speed = speed["review"]["mb_per_second"]
    add(f"| CUAD speed | full review, MB/s on one core | {review_speed:.2f} | target ≥ {TARGET_MB_PER_SECOND} | "
        f"{'met' if review_speed >= TARGET_MB_PER_SECOND else 'not met'} |\n")

    # UNFAIR-ToS
    add("## UNFAIR-ToS (liability, unilateral change, unilateral termination)\n")
    split = tos["split"]
    add(f"LexGLUE split by company: train {split['train']} sentences (30 companies), validation "
        f"{split['validation']} ({', '.join(tos['companies']['validation'])}), test {split['test']} "
        f"({', '.join(tos['companies']['test'])}). Test positives: "
        + ", ".join(f"{c} {n}" for c, n in tos["positives"]["test"].items()) + ".\n")
    add("Model: termlens's `ClauseClassifier` (TF-IDF n-grams, `CalibratedClassifierCV(LinearSVC)` per category), "
        "trained on the train companies only. Settings and each category's probability threshold are chosen on "
        f"validation; chosen: **{tos['chosen']['settings']}**.\n")
    add("| category | termlens dimension | precision | recall | F1 | TF-IDF+SVM F1 (published) |")
    add("|---|---|---|---|---|---|")
    for category in unfair_tos.CATEGORIES:
        item = chosen[category]
        add(f"| {category} | {unfair_tos.DIMENSION_OF[category]} | {_prf(item)} | "
            f"{tos['published']['TF-IDF+SVM'][category]} |")
    add(f"\nMacro-F1 over the three: {pct(tos['chosen']['test_macro_f1'])}. For context (all eight categories, not "
        "comparable with three): TF-IDF+SVM micro/macro 95.4 / 78.8, Legal-BERT 96.0 / 83.0.\n")
    add("Every setting tried (test F1 shown for transparency; the choice used validation only):\n")
    add("| setting | validation macro-F1 | LTD | CH | TER |")
    add("|---|---|---|---|---|")
    for item in tos["tried"]:
        f1 = item["test_f1"]
        add(f"| {item['settings']} | {pct(item['validation_macro_f1'])} | {pct(f1['LTD'])} | {pct(f1['CH'])} | "
            f"{pct(f1['TER'])} |")
    for category in unfair_tos.CATEGORIES:
        item, published = chosen[category], tos["published"]["TF-IDF+SVM"][category]
        if 100 * item["f1"] >= published:
            continue
        best = max(100 * t["test_f1"][category] for t in tos["tried"])
        tp, fp, fn = item["tp"], item["fp"], item["fn"]
        step = 100 * (2 * (tp + 1) / (2 * (tp + 1) + fp + fn - 1) - 2 * tp / (2 * tp + fp + fn))
        low, high = item["f1_interval_95"]
        add(f"\n**{category} is below the published TF-IDF+SVM figure** ({pct(item['f1'])} vs {published}). The test "
            f"set has {item['support']} {category} sentences: one more found moves F1 by {step:.1f} points, and the "
            f"95% bootstrap interval of our test F1 (sentences drawn 2,000 times) is {pct(low)}–{pct(high)}, which "
            f"{'holds' if 100 * low <= published <= 100 * high else 'does not hold'} the published figure. The best "
            f"of all settings tried, looking at test (which the choice must not), reaches {best:.1f}. Reading the "
            "errors: the misses are mostly disclaimers phrased as responsibility (\"we are not responsible for "
            "…\"), the false alarms mostly liability sentences that CLAUDETTE did not tag as unfair. Tried during "
            "development and not kept, none reaching the published figure on test: logistic regression, word 1–3 "
            "n-grams alone, the neighbouring sentence as context, the rule lexicon votes as features or blended "
            "into the probability, CUAD's liability-cap clauses as extra positives, settings chosen per category, "
            "settings chosen by company-grouped cross-validation on train and validation together then refitted "
            "on both, and the average of all settings' probabilities.\n")

    add("### The shipped nine-dimension classifier on the same test companies\n")
    add("`termlens/data/model/` (trained on the train companies, never on validation or test) read as a detector of "
        "`liability` (gold: LTD) and `term` (gold: CH or TER), threshold 0.5, for each way of combining the rule "
        "lexicon vote with the model:\n")
    add("| mode | liability P | R | F1 | term P | R | F1 |")
    add("|---|---|---|---|---|---|---|")
    for mode, values in tos["shipped"].items():
        add(f"| {mode} | {_prf(values['liability'])} | {_prf(values['term'])} |")
    add("")
    if "unfair_review" in figures:
        out.extend(unfair_review.section(figures["unfair_review"]))

    # CAPP-130
    add("## CAPP-130 (Chinese privacy policies, the `data` dimension)\n")
    split = capp["split"]
    add(f"Topic identification, train {split['train']} / dev {split['dev']} / test {split['test']} sentences. "
        "termlens's `data` dimension covers topics 0 collection, 2 sharing, 4 retention/storage, 7 deletion/control "
        "and 9 policy change; RoBERTa's published 0.819 micro-F1 is over **all 11** topics, so we train the same "
        "model on all 11 (train split; settings and thresholds chosen on dev) and report both. "
        f"Chosen: **{capp['chosen']['settings']}**.\n")
    add("| topic | id | covered by `data` | precision | recall | F1 |")
    add("|---|---|---|---|---|---|")
    for topic, item in capp["chosen"]["per_topic"].items():
        add(f"| {topic} | {item['id']} | {'yes' if item['covered'] else ''} | {_prf(item)} |")
    add(f"\n| scope | micro-F1 | macro-F1 | published (RoBERTa) |\n|---|---|---|---|\n"
        f"| all 11 topics | {all_topics['micro_f1']:.3f} | {all_topics['macro_f1']:.3f} | 0.819 / 0.841 |\n"
        f"| the 5 covered topics | {covered['micro_f1']:.3f} | {covered['macro_f1']:.3f} | not published |\n")
    add("Every setting tried:\n")
    add("| setting | dev micro-F1 | test micro-F1 (11) | test macro-F1 (11) | test micro-F1 (5 covered) |")
    add("|---|---|---|---|---|")
    for item in capp["tried"]:
        add(f"| {item['settings']} | {item['dev_micro_f1']:.3f} | {item['all_topics']['micro_f1']:.3f} | "
            f"{item['all_topics']['macro_f1']:.3f} | {item['covered_topics']['micro_f1']:.3f} |")
    add("\nShipped classifier: share of the test sentences on covered topics that it labels `data` "
        "(all of them are data clauses; the model saw a third of the train split):\n")
    add("| mode | recall |\n|---|---|")
    for mode, values in capp["shipped"].items():
        add(f"| {mode} | {pct(values['recall'])} |")
    add("")

    # CUAD
    add("## CUAD (510 contracts, full text)\n")
    add(f"{contracts['contracts']} contracts reviewed by `termlens.pipeline.review_document`; answers from "
        "`master_clauses.csv`. A wrong value is a false alarm and a miss. No published figure is comparable: "
        "CUAD's DeBERTa-xlarge AUPR 47.8 % / precision at 80 % recall 44.0 % rank answer spans over all 41 "
        "categories of an official test split that is not available here.\n")
    add("| task | how termlens answers | precision | recall | F1 | gold |")
    add("|---|---|---|---|---|---|")
    renewal = contracts["renewal_term"]
    add(f"| renewal term (months) | `term.length` in a renewal clause | {_prf(renewal)} | {renewal['support']} "
        f"(+{renewal['gold_without_duration']} without a duration) |")
    heuristic = contracts["renewal_term_heuristic"]
    add(f"| renewal term (months) | heuristic: first duration ≥ 1 month after renew/extend, termlens normaliser "
        f"(not a fact) | {_prf(heuristic)} | {heuristic['support']} |")
    notice = contracts["renewal_notice"]
    add(f"| notice to stop renewal (days) | `term.renewal_notice` | {_prf(notice)} | {notice['support']} |")
    for key, name in (("cap_on_liability", "cap on liability"), ("termination_for_convenience",
                                                                  "termination for convenience")):
        item = contracts[key]
        add(f"| {name}, per contract | any `{item['fact']}` | {_prf(item['document'])} | {item['document']['support']} |")
        clause = item["clause"]
        add(f"| {name}, per clause | clauses with `{item['fact']}` | {_prf(clause)} | {clause['gold_clauses']} "
            f"located ({item['annotated_clauses_not_located']} not found verbatim) |")
    cap = contracts["cap_on_liability"]["document"]
    add("\ntermlens has no fact for the length of a renewal period (`term.length` is the term itself): `facts.md` "
        "has no key for it, and a key of our own would count as a false alarm wherever a gold set annotates `term` "
        "exhaustively. Hence the "
        "first row; the heuristic row shows what a renewal-period rule could reach. `liability.cap` knows "
        "fees-paid, monthly-fee and money caps (the SDK/SaaS forms of `facts.md`); CUAD's caps are mostly other "
        f"sums and formulas, hence a precision of {pct(cap['precision'])} at a recall of {pct(cap['recall'])}.\n")

    # rules vs model
    add("## Rules and model: how clause labels are combined\n")
    add(f"Clause labels on termlens's own gold documents ({labels['clauses']} clauses, {labels['documents']} "
        f"documents): each of {labels['folds']} groups of documents is labelled by a model trained without it. A "
        "clause's gold dimensions are those of the gold facts quoted in it, everything else counts as \"no\" — "
        "strict, so precision is a lower bound, equally for every mode. Threshold 0.5.\n")
    add("| mode | micro P | micro R | micro F1 | macro F1 | " + " | ".join(labels["positives"]) + " |")
    add("|---|---|---|---|---|" + "---|" * len(labels["positives"]))
    for mode, values in labels["modes"].items():
        add(f"| {mode} | {_prf(values['micro'])} | {pct(values['macro_f1'])} | "
            + " | ".join(pct(values["dimensions"][d]["f1"]) for d in labels["positives"]) + " |")
    add("\nGold clauses per dimension: " + ", ".join(f"{d} {n}" for d, n in labels["positives"].items()) + ".\n")
    best_gold = max(labels["modes"], key=lambda mode: labels["modes"][mode]["micro"]["f1"])
    best_liability = max(tos["shipped"], key=lambda mode: tos["shipped"][mode]["liability"]["f1"])
    best_term = max(tos["shipped"], key=lambda mode: tos["shipped"][mode]["term"]["f1"])
    add(f"Best micro-F1 on the gold clauses: **{best_gold}**; best on UNFAIR-ToS test: **{best_liability}** for "
        f"`liability`, **{best_term}** for `term`; CAPP-130 `data` recall is in the section above. termlens uses "
        "**blend 0.25·rules** (`termlens.classify.combine`: a quarter rule vote, three quarters model probability). "
        "The larger of the two (`max`) inherits every false alarm of the lexicon, whose cue words fire on most "
        "legal sentences. A clause that yields a fact is always in that fact's dimension. `TERMLENS_MODEL=off` "
        "(or `review_document(..., use_model=False)`) labels with the rules alone.\n")

    # own gold
    add("## Own gold: the model never changes facts\n")
    add("`termlens eval` scores facts; the model only labels clauses. Each gold set with the model on and off "
        "(the clause model is trained on `eval/real-dev` and `eval/gold` clauses, the learned extractors on those "
        "and the two in-house sets; `eval/real-test` reaches neither):\n")
    add("| gold set | documents | model | precision | recall | F1 | matched / predicted / gold |")
    add("|---|---|---|---|---|---|---|")
    for name, relative in GOLD_SETS.items():
        if name not in gold:
            continue
        for mode in ("model_on", "model_off"):
            item = gold[name][mode]["overall"]
            add(f"| `{relative}` | {gold[name][mode]['documents']} | {mode.split('_')[1]} | {_prf(item)} | {item['tp']} / "
                f"{item['predicted']} / {item['gold']} |")
    add(f"\nThe `--format json` outputs with the model on and off are "
        f"{'identical for every set' if gold['identical'] else 'NOT identical'}.\n")

    # artefact
    training = model["training"]
    add("## The trained classifier\n")
    add(f"- artefact: `{model['directory']}/` (`manifest.json` + `clauses.json.xz`), {model['bytes'] / 1e6:.2f} MB; "
        f"weights sha256 `{model['weights_sha256'][:16]}…`, checked on every load with the format version and the "
        "label set.")
    add(f"- load: {1000 * model['load_seconds']:.0f} ms; a fresh process importing termlens.classify, loading and "
        f"predicting once: {1000 * model['import_and_load_seconds']:.0f} ms (prediction needs numpy only; "
        "scikit-learn and scipy are imported for training).")
    if training:
        add(f"- features: {', '.join(f'{n} {r[0]}–{r[1]} (≤ {mx:,})' for n, r, mx, _ in training['features'])}; "
            f"LinearSVC C={training['params']['C']}, class_weight={training['params']['class_weight']}, "
            f"sigmoid calibration on {training['params']['folds']}-fold decision values.")
        add(f"- training rows: {training['rows']:,} — " + ", ".join(
            f"{source} {item['rows']:,}" for source, item in training["sources"].items()) + "; weights "
            + ", ".join(f"{k} ×{v}" for k, v in training.get("source_weights", {}).items()) + ".")
        add("- positives per dimension: " + ", ".join(f"{d} {n}" for d, n in training["positives"].items()) + ".")
    add("- training: `python bench/train_classifier.py` (fixed seeds and row order; `--check` trains twice and "
        "compares; the bytes are the same across processes and hash seeds).\n")

    # speed
    add("## Speed (CUAD full texts, one core)\n")
    corpus = speed["corpus"]
    add(f"{corpus['documents']} contracts, {corpus['megabytes']:.1f} MB of text; the process pinned to core "
        f"{speed['machine'].get('pinned_core')}. Throughput is text MB per second of wall time; latency per document; "
        "peak = largest tracemalloc peak of one document (Python allocations); RSS = the process maximum so far.\n")
    add("| pass | MB/s | median ms | p95 ms | max ms | peak MB | RSS MB |")
    add("|---|---|---|---|---|---|---|")
    rows = [("parse (ingest + segment)", speed["parse"]), ("full review, model on", speed["review"]),
            ("full review, model off", speed["review_rules_only"])]
    if "pdf" in speed:
        rows += [(f"PDF ({speed['pdf']['documents']} files): raw pypdfium2 text", speed["pdf"]["pypdfium2_text"]),
                 ("PDF: termlens parse", speed["pdf"]["parse"]), ("PDF: termlens full review", speed["pdf"]["review"])]
    for name, item in rows:
        add(f"| {name} | {item['mb_per_second']:.2f} | {item['latency_median_ms']} | {item['latency_p95_ms']} | "
            f"{item['latency_max_ms']} | {item['peak_tracemalloc_mb']} | {item['max_rss_mb']} |")
    add(f"\nTarget: full review ≥ {TARGET_MB_PER_SECOND} MB/s on one core — "
        + ("met." if review_speed >= TARGET_MB_PER_SECOND else f"**not met** ({review_speed:.2f} MB/s)."))
    if "stages" in speed:
        total = sum(speed["stages"].values())
        add("\n\nWhere a review's time goes (the stages timed one by one over the same contracts, model on):\n")
        add("| stage | seconds | share |\n|---|---|---|")
        for stage, seconds in speed["stages"].items():
            add(f"| {stage} | {seconds:.1f} | {100 * seconds / total:.0f} % |")
        add(f"| total | {total:.1f} | {corpus['megabytes'] / total:.2f} MB/s |")
    if abs(speed["parse"]["peak_tracemalloc_mb"] - 52.4) < 1.0:
        add("\nThe 52 MB peak of every document, whatever its size, is ingest's read buffer: "
            "`termlens/ingest/__init__.py::_read_checked` calls `stream.read(max_bytes + 1)`, and Python allocates "
            "the whole 50 MiB limit before reading; reading `min(size, max_bytes) + 1` bytes would remove it.")
    if "profile" in speed:
        add("\nThe hottest functions (cProfile of the review pass, own time; profiling inflates Python-level "
            "calls):\n")
        add("| own s | calls | function |\n|---|---|---|")
        for row in speed["profile"]["by_own_time"][:12]:
            add(f"| {row['own_s']:.2f} | {row['calls']:,} | `{row['function']}` |")
        add("\nThe extraction rules whose regular expressions take the most time in the review (on the clauses "
            "that `RuleSet.candidates` lets through, timed alone):\n")
        add("| s | clauses searched | rule |\n|---|---|---|")
        for row in speed.get("rule_costs", [])[:10]:
            add(f"| {row['seconds']:.2f} | {row.get('clauses', '')} | `{row['rule']}` |")
    add("")

    # machine + data
    add("## Machine\n")
    libraries = ", ".join(f"{name} {version}" for name, version in m["libraries"].items())
    add(f"{m['cpu']}, {m['cores']} cores visible, {m['os']}, Python {m['python']}; {libraries}.\n")
    add("## Data and licences\n")
    add(ATTRIBUTION)
    return "\n".join(out) + "\n"


def splice_only(part: str, data: Path, out: Path) -> int:
    """Run one part (``unfair-review``) and splice its figures into the page ``out``; nothing else is re-run."""
    assert part == "unfair-review"
    started = time.perf_counter()
    found = unfair_review.run(data / "unfair-tos")
    found["_seconds"] = round(time.perf_counter() - started, 1)
    print(f"unfair_review: {found['_seconds']} s", file=sys.stderr, flush=True)
    out.write_text(unfair_review.splice(out.read_text(encoding="utf-8"), found), encoding="utf-8")
    if FIGURES_OUT.is_file():  # keep a saved run whole, so that --figures renders the same page
        saved = json.loads(FIGURES_OUT.read_text(encoding="utf-8"))
        saved["unfair_review"] = found
        FIGURES_OUT.write_text(json.dumps(saved, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"spliced {part} into {out}" + (f" and {FIGURES_OUT}" if FIGURES_OUT.is_file() else ""))
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, help="the shared benchmarks directory")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--speed-json", type=Path, help="use a saved `bench/speed.py --json` run instead of running it")
    parser.add_argument("--limit", type=int, help="quick partial run: N contracts (CUAD, speed), 20·N sentences "
                        "per split (UNFAIR-ToS, CAPP-130), N test companies (the shipped review on UNFAIR-ToS), "
                        "6 gold documents")
    parser.add_argument("--figures", type=Path, help="render a saved run's figures (its benchmarks.json) again, "
                        "without running anything")
    parser.add_argument("--only", choices=["unfair-review"], help="run only this part and splice it into --out "
                        "(which must exist), keeping every other figure of the page")
    args = parser.parse_args(argv)
    if args.only:
        if args.limit or args.figures:
            parser.error("--only splices a full run of one part into the page; not with --limit or --figures")
        return splice_only(args.only, data_dir(args.data), args.out)
    if args.figures:
        figures = json.loads(args.figures.read_text(encoding="utf-8"))
    else:
        figures = collect(data_dir(args.data), limit=args.limit, speed_json=args.speed_json)
        FIGURES_OUT.parent.mkdir(parents=True, exist_ok=True)
        FIGURES_OUT.write_text(json.dumps(figures, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(render(figures), encoding="utf-8")
    print(f"wrote {args.out}" + ("" if args.figures else f" and {FIGURES_OUT}"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
