"""Nothing is taken from the held-out test part: no rule example or training text near-copies a test document.

The real vendor documents are split by vendor into ``eval/real-dev`` (free to
learn from) and ``eval/real-test`` (held out). Every string in the data files
(``termlens/data/**/*.yaml``: rule ``examples`` — ``match`` and ``no_match`` —,
finding messages, checklist questions, profile descriptions, lexicons...) is
compared with the test documents, and so are the clauses of the documents the
two models train on.

The models' shipped files (``termlens/data/model/`` and ``termlens/data/model/facts/``)
hold fitted models only — vocabularies of word 1–2-grams and Chinese 1–3-grams,
IDF weights, coefficients — and no training texts, so their rows cannot be read
back. Instead the training *sources* are checked: the gold folders of
``bench/train_classifier.py`` and ``bench/train_facts.py`` must name no test
document, their loaders must not mention the test part, and the repository texts they train on
(the gold documents' clauses, the rule examples) must not near-copy a test
document. The external corpora (UNFAIR-ToS, CAPP-130) are third-party data
outside the repository and are not compared here.

Near-copy
---------
Text is folded (:func:`termlens.textnorm.fold`: Traditional → Simplified,
full-width → ASCII), lower-cased and cut into tokens: each Chinese character
is a token, each run of other letters or digits is a token; whitespace and
punctuation are dropped. A token weighs 2 if Chinese, else its length + 1, so
a weight is about a length in Latin characters (30 Chinese characters ≈ 60).

A *gram* is the shortest run of at least 4 tokens from a position whose weight
reaches 16: 8 Chinese characters, or 4 or more English words. Grams found in 3
or more of the real documents (development and test part together) are
boilerplate and never count. A text near-copies a test document when either

- it shares with that document a run of consecutive tokens weighing at least
  60 (30 Chinese characters, ~60 Latin characters), or
- it weighs at least 40 (20 Chinese characters, ~40 Latin characters) and at
  least half of its grams occur in that document.

Short texts ("force majeure", "不可抗力", "Support is available in English")
never trip it. The documents are indexed once by gram (a dict from gram to
the documents holding it), so checking a text costs one look-up per gram.
"""

from __future__ import annotations

import json
import lzma
import re
import sys
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml

from termlens.textnorm import fold

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # bench/ is imported as a package, as tests/test_benchmarks.py does
    sys.path.insert(0, str(ROOT))

REAL_TERMS_DIR = Path(__file__).resolve().parents[1].parent / "shared" / "real-terms"
REAL_DEV_DIR = ROOT / "eval" / "real-dev"
REAL_TEST_DIR = ROOT / "eval" / "real-test"
DATA_DIR = ROOT / "termlens" / "data"
MODEL_DIR = DATA_DIR / "model"

GRAM_WEIGHT = 16  # a gram weighs at least this: 8 Chinese characters or ~16 Latin ones...
GRAM_TOKENS = 4  # ...and has at least this many tokens (4 English words at least)
RUN_WEIGHT = 60  # a shared run this heavy is a copy: 30 Chinese characters, ~60 Latin characters
CONTAINMENT = 0.5  # or this share of a text's grams found in one document...
CONTAINMENT_MIN_WEIGHT = 40  # ...for a text at least this heavy (shorter texts are fine)
BOILERPLATE_DOCUMENTS = 3  # a gram in this many real documents is boilerplate

_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_TOKEN = re.compile(rf"[{_CJK}]|[^\W_{_CJK}]+")
_CJK_CHAR = re.compile(rf"[{_CJK}]")


# --- the detector ---------------------------------------------------------------------------

def tokens(text: str) -> list[str]:
    """Folded, lower-cased tokens: single Chinese characters and runs of other letters or digits."""
    return _TOKEN.findall(fold(text).lower())


def shown(toks: list[str]) -> str:
    """Tokens as readable text: a space between two non-Chinese tokens only."""
    return "".join(token if i == 0 or _CJK_CHAR.fullmatch(token) or _CJK_CHAR.fullmatch(toks[i - 1]) else " " + token
                   for i, token in enumerate(toks))


def token_weight(token: str) -> int:
    return 2 if _CJK_CHAR.fullmatch(token) else len(token) + 1


def grams(toks: list[str]) -> list[tuple[int, int, str]]:
    """(start, end, key) of the gram at each position: the shortest token run from it heavy and long enough."""
    weights = [token_weight(token) for token in toks]
    found: list[tuple[int, int, str]] = []
    end, total = 0, 0
    for start in range(len(toks)):
        while end < len(toks) and (total < GRAM_WEIGHT or end - start < GRAM_TOKENS):
            total += weights[end]
            end += 1
        if total < GRAM_WEIGHT or end - start < GRAM_TOKENS:
            break
        found.append((start, end, " ".join(toks[start:end])))
        total -= weights[start]
    return found


@dataclass(frozen=True)
class Copy:
    """A text near-copying one test document: the share of its grams found there and the longest shared run."""

    document: str
    containment: float
    passage: str
    passage_weight: int

    def describe(self) -> str:
        return (f"copies {self.document}: {self.containment:.0%} of its grams, longest shared run "
                f"{self.passage_weight} ({self.passage[:120]!r})")


class Detector:
    """An index of the documents' grams; :meth:`copies` finds the ``tested`` documents a text near-copies."""

    def __init__(self, documents: dict[str, str], tested: set[str]) -> None:
        self.tested = set(tested)
        self.tokens = {name: tokens(text) for name, text in documents.items()}
        self.joined = {name: f" {' '.join(toks)} " for name, toks in self.tokens.items()}
        holders: dict[str, set[str]] = defaultdict(set)
        for name, toks in self.tokens.items():
            for _, _, key in grams(toks):
                holders[key].add(name)
        # Boilerplate grams never count; the rest map to the tested documents holding them.
        self.index = {key: names & self.tested for key, names in holders.items()
                      if len(names) < BOILERPLATE_DOCUMENTS and names & self.tested}

    def copies(self, text: str) -> list[Copy]:
        toks = tokens(text)
        found = grams(toks)
        hits: dict[str, list[int]] = defaultdict(list)
        for position, (_, _, key) in enumerate(found):
            for name in self.index.get(key, ()):
                hits[name].append(position)
        weight = sum(map(token_weight, toks))
        result = []
        for name, positions in sorted(hits.items()):
            containment = len(positions) / len(found)
            by_share = weight >= CONTAINMENT_MIN_WEIGHT and containment >= CONTAINMENT
            if not by_share and self._longest_gram_run(toks, found, positions) < RUN_WEIGHT:
                continue
            passage, passage_weight = self._longest_shared(toks, name)
            if by_share or passage_weight >= RUN_WEIGHT:
                result.append(Copy(name, containment, passage, passage_weight))
        return result

    @staticmethod
    def _longest_gram_run(toks: list[str], found: list[tuple[int, int, str]], positions: list[int]) -> int:
        """Weight of the longest token span covered by consecutive found grams (a cheap upper estimate)."""
        best, first = 0, positions[0]
        for previous, position in zip(positions, positions[1:] + [-1]):
            if position != previous + 1:
                best = max(best, sum(map(token_weight, toks[found[first][0]:found[previous][1]])))
                first = position
        return best

    def _longest_shared(self, toks: list[str], name: str) -> tuple[str, int]:
        """The heaviest run of ``toks`` found verbatim (as tokens) in document ``name``."""
        joined = self.joined[name]
        best, best_weight = "", 0
        for start in range(len(toks)):
            end = start + 1
            while end <= len(toks) and f" {' '.join(toks[start:end])} " in joined:
                end += 1
            weight = sum(map(token_weight, toks[start:end - 1]))
            if weight > best_weight:
                best, best_weight = shown(toks[start:end - 1]), weight
        return best, best_weight


# --- the documents --------------------------------------------------------------------------

def gold_documents(gold_dir: Path) -> dict[str, Path]:
    """Each gold YAML's document (its ``document:`` field, relative to the YAML), by the YAML's path."""
    found = {}
    for gold_path in sorted(gold_dir.glob("*.yaml")):
        gold = yaml.safe_load(gold_path.read_text(encoding="utf-8"))
        found[gold_path.relative_to(ROOT).as_posix()] = (gold_path.parent / gold["document"]).resolve()
    return found


def document_text(path: Path) -> str:
    if path.suffix.lower() == ".pdf":  # pdfium's page text: the words are all a copy needs, 20 times faster
        import pypdfium2 as pdfium

        pdf = pdfium.PdfDocument(path)
        try:
            return "\n".join(page.get_textpage().get_text_range() for page in pdf)
        finally:
            pdf.close()
    from termlens.ingest import load

    return load(path).text


def names_of_test_documents() -> dict[str, str]:
    """Test document file name → its gold YAML, for the messages."""
    return {path.name: yaml_path for yaml_path, path in gold_documents(REAL_TEST_DIR).items()}


@cache
def real_detector() -> Detector:
    test_paths = set(gold_documents(REAL_TEST_DIR).values())
    missing = sorted(str(path) for path in test_paths if not path.is_file())
    assert not missing, f"test documents named by eval/real-test are missing: {missing}"
    paths = test_paths | {path for path in gold_documents(REAL_DEV_DIR).values() if path.is_file()}
    return Detector({path.name: document_text(path) for path in sorted(paths)}, {path.name for path in test_paths})


@pytest.fixture(scope="module")
def detector() -> Detector:
    if not REAL_TERMS_DIR.is_dir():
        pytest.skip(f"{REAL_TERMS_DIR} is absent: the real vendor documents are needed to check for copies")
    return real_detector()


def describe(copies: list[Copy]) -> str:
    names = names_of_test_documents()
    return "; ".join(f"{copy.describe()} [{names.get(copy.document, '?')}]" for copy in copies)


# --- the texts ------------------------------------------------------------------------------

@cache
def data_strings(data_dir: Path = DATA_DIR) -> tuple[tuple[str, str, str], ...]:
    """(file, where, text) for every string value in ``termlens/data/**/*.yaml``; ``where`` names the rule if any."""
    def walk(node: Any, where: str, rule: str) -> Iterator[tuple[str, str]]:
        if isinstance(node, dict):
            rule = f"rule {node['name']!r} " if isinstance(node.get("name"), str) and "pattern" in node else rule
            for key, value in node.items():
                yield from walk(value, f"{where}.{key}" if where else str(key), rule)
        elif isinstance(node, list):
            for i, value in enumerate(node):
                yield from walk(value, f"{where}[{i}]", rule)
        elif isinstance(node, str):
            yield f"{rule}{where}", node

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return tuple((path.relative_to(ROOT).as_posix() if path.is_relative_to(ROOT) else str(path), where, text)
                 for path in sorted(data_dir.rglob("*.y*ml"))
                 for where, text in walk(yaml.load(path.read_text(encoding="utf-8"), Loader=loader), "", ""))


def test_data_files_hold_example_texts() -> None:
    """The scan reaches the rule examples (so the leakage test below cannot pass by reading nothing)."""
    wheres = [where for _, where, _ in data_strings()]
    assert sum(".examples.match[" in where for where in wheres) > 100
    assert sum(".examples.no_match[" in where for where in wheres) > 20
    assert any("findings" in where and ".message." in where for where in wheres)


def test_rule_and_data_examples_do_not_copy_test_documents(detector: Detector) -> None:
    offending = [f"{file}: {where}: {text[:160]!r} {describe(copies)}"
                 for file, where, text in data_strings() if (copies := detector.copies(text))]
    assert not offending, ("data strings near-copying a held-out test document (eval/real-test); "
                           "rewrite them or take them from eval/real-dev documents:\n" + "\n".join(offending))


# --- the models' training data ---------------------------------------------------------------

def training_scripts() -> list[tuple[Any, tuple[Path, ...]]]:
    """Each model's training script and the gold folders it trains on."""
    import bench.learning as learning
    import bench.train_classifier as train_classifier
    import bench.train_facts as train_facts
    import bench.train_figures as train_figures

    return [(train_classifier, tuple(train_classifier.GOLD_DIRS)), (learning, tuple(learning.TRAINING_GOLD)),
            (train_facts, tuple(learning.TRAINING_GOLD)), (train_figures, tuple(learning.TRAINING_GOLD))]


@pytest.mark.parametrize("model_dir", [MODEL_DIR, MODEL_DIR / "facts", MODEL_DIR / "figures"],
                         ids=["clauses", "facts", "figures"])
def test_shipped_model_holds_no_training_texts(model_dir: Path) -> None:
    """A model file is n-gram vocabularies and weights only, so its rows are checked through their sources."""
    manifest = json.loads((model_dir / "manifest.json").read_text(encoding="utf-8"))
    model = json.loads(lzma.decompress((model_dir / manifest["weights"]).read_bytes()))
    assert set(model) == {"coef", "coef_shape", "features", "intercept", "labels", "params", "sigmoid", "support"}
    for feature in model["features"]:
        longest = max(len(term.split()) if feature["name"] == "words" else len(term.strip())
                      for term in feature["vocabulary"])
        assert longest <= feature["ngram_range"][1], (feature["name"], longest)
    assert set(manifest["training"]["sources"]) <= {"unfair-tos", "capp-130", "gold", "rule-examples"}


def test_training_sources_exclude_the_test_part() -> None:
    """The training scripts' document lists and loaders never reach eval/real-test or its documents."""
    from bench.external import capp130, common, unfair_tos

    test_documents = gold_documents(REAL_TEST_DIR)
    assert test_documents, "eval/real-test names no documents"
    test_paths = set(test_documents.values())
    test_stems = {Path(yaml_path).stem for yaml_path in test_documents}
    assert Path(common.DEFAULT_DATA).resolve() != REAL_TERMS_DIR.resolve()
    for script, gold_dirs in training_scripts():
        for gold_dir in gold_dirs:
            gold_dir = gold_dir.resolve()
            assert gold_dir != REAL_TEST_DIR.resolve() and REAL_TEST_DIR.resolve() not in gold_dir.parents
            offending = [f"{yaml_path} → {path}" for yaml_path, path in gold_documents(gold_dir).items()
                         if path in test_paths or Path(yaml_path).stem in test_stems]
            assert not offending, f"{script.__name__} trains on held-out test documents: {offending}"
        for module in (script, common, capp130, unfair_tos):
            source = Path(module.__file__).read_text(encoding="utf-8")
            named = [name for name in ("real-test", "real_test", *sorted(test_stems),
                                       *sorted(p.name for p in test_paths)) if name in source]
            assert not named, f"{module.__file__} mentions the test part: {named}"


def test_training_clauses_do_not_copy_test_documents(detector: Detector) -> None:
    """The clauses of every document a model trains on copy no test document."""
    from termlens.ingest import load
    from termlens.segment import segment

    documents = {yaml_path: path for _, gold_dirs in training_scripts() for gold_dir in gold_dirs
                 for yaml_path, path in gold_documents(gold_dir).items()}
    offending = []
    for yaml_path, path in sorted(documents.items()):
        for number, clause in enumerate(segment(load(path)).clauses):
            if copies := detector.copies(clause.text):
                offending.append(f"{yaml_path} ({path.name}) clause {number}: {clause.text[:160]!r} {describe(copies)}")
    assert not offending, "training clauses near-copying a held-out test document:\n" + "\n".join(offending)


# --- the detector detects ---------------------------------------------------------------------

def planted(text: str) -> str:
    """``text`` with its middle word changed: an English word for ``zebra``, two Chinese characters for 斑马."""
    spans = [match.span() for match in _TOKEN.finditer(text)]
    start, end = spans[len(spans) // 2]
    if _CJK_CHAR.fullmatch(text[start:end]):
        width = 2 if _CJK_CHAR.fullmatch(text[start + 1:start + 2]) else 1
        return text[:start] + "斑马"[:width] + text[start + width:]
    return text[:start] + "zebra" + text[end:]


UNRELATED = ["The quick brown fox jumps over the lazy dog while the orchestra rehearses a symphony in the old barn.",
             "今天天气晴朗，我们沿着湖边散步，看见一群白鹭从芦苇丛中飞起，远处的山峦笼罩在薄雾之中。"]
SHORT = ["force majeure", "不可抗力", "Support is available in English", "因不可抗力导致的服务中断"]


def test_detector_on_made_up_documents() -> None:
    english = ("Subscribers who exceed the quota during a billing cycle will have their archived recordings "
               "moved to cold storage after ninety days unless they purchase the retention add-on.")
    chinese = "若用户在计费周期内超出配额，其归档录像将在九十天后转入冷存储，除非用户另行购买延长保存期限的增值服务。"
    shared = "This service is provided subject to force majeure and the terms of the agreement between the parties."
    documents = {"en.md": f"Intro.\n{english}\n{shared}", "zh.md": f"前言。\n{chinese}\n{shared}",
                 "other-a.md": shared, "other-b.md": shared}
    detector = Detector(documents, {"en.md", "zh.md"})
    assert [copy.document for copy in detector.copies(planted(english))] == ["en.md"]
    assert [copy.document for copy in detector.copies(planted(chinese))] == ["zh.md"]
    assert [copy.document for copy in detector.copies("As stated: " + english)] == ["en.md"]
    assert planted(chinese) != chinese and "斑马" in planted(chinese)
    assert detector.copies(shared) == []  # in four documents: boilerplate
    for text in UNRELATED + SHORT:
        assert detector.copies(text) == [], text


def sentences(text: str) -> list[str]:
    return [part.strip() for part in re.split(r"(?<=[。！？；.!?;])\s*|\n+", text) if part.strip()]


@pytest.mark.parametrize("yaml_path", sorted(p.relative_to(ROOT).as_posix() for p in REAL_TEST_DIR.glob("*.yaml")))
def test_detector_flags_a_planted_near_copy_of_each_test_document(detector: Detector, yaml_path: str) -> None:
    path = gold_documents(REAL_TEST_DIR)[yaml_path]
    chosen = None
    for sentence in sentences(document_text(path)):
        toks = tokens(sentence)
        found = grams(toks)
        if (len(toks) >= 12 and 80 <= sum(map(token_weight, toks)) <= 300 and found
                and all(key in detector.index for _, _, key in found)):
            chosen = sentence
            break
    assert chosen, f"{path.name}: no distinctive sentence to plant"
    near_copy = planted(chosen)
    assert tokens(near_copy) != tokens(chosen)
    assert path.name in [copy.document for copy in detector.copies(near_copy)], (chosen, near_copy)
    for text in UNRELATED + SHORT:
        assert detector.copies(text) == [], text
