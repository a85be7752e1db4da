"""A small trained clause classifier: TF-IDF n-grams and calibrated linear models, one per label.

Features are a union of TF-IDF vectorisers over the folded, lower-cased text
(:func:`termlens.textnorm.fold`: Traditional → Simplified, full-width → ASCII):
English word uni- and bigrams, and character n-grams of the Chinese runs
(Chinese has no spaces, so its "words" are characters). Each label gets its
own ``CalibratedClassifierCV(LinearSVC, method="sigmoid", ensemble=False)``:
a linear SVM on all its training rows, and a Platt sigmoid fitted on
cross-validated decision values, so ``predict_proba`` is a probability.

Labels are one-vs-rest, and a target may be unknown: ``fit`` takes targets
in {1, 0, -1}, and a row whose target is -1 for a label is left out of that
label's training (a terms-of-service sentence says nothing about support
unless someone labelled it).

scikit-learn trains (``TfidfVectorizer`` with this module's analysers,
``LinearSVC``, ``CalibratedClassifierCV``); the fitted model is then plain
arrays (vocabularies, IDF weights, one weight row, intercept and sigmoid per
label), and prediction needs only numpy: termlens does not import
scikit-learn to review a document. ``fit`` checks that the arrays give
scikit-learn's own probabilities. :meth:`ClauseClassifier.save` writes the
arrays with a manifest that records the format, the labels and the SHA-256
of the weights; :meth:`ClauseClassifier.load` checks all three. No pickle:
the weights are JSON inside xz, and the same training data give the same bytes.
"""

from __future__ import annotations

import base64
import hashlib
import json
import lzma
import math
import re
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache, partial
from itertools import pairwise, repeat
from pathlib import Path
from typing import Any

import numpy as np

from termlens.errors import DataError
from termlens.textnorm import fold

FORMAT = "termlens-clause-classifier"
FORMAT_VERSION = 1
WEIGHTS_FILE = "clauses.json.xz"
MANIFEST_FILE = "manifest.json"

_WORD = re.compile(r"[a-z]+(?:'[a-z]+)?")
_CJK_RUN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]+")


def normalise(text: str) -> str:
    """The form every feature reads: folded (Simplified, ASCII punctuation) and lower-case."""
    return fold(text).lower()


# A text may be parts joined by PART_MARK (a clause, the sentence leading into it, its section title). Each part
# is analysed on its own, so no n-gram spans two parts, and a setting part that many texts share (a lead-in, a
# section title) is normalised and cut into words once.
PART_MARK = "¶"
_PART_CACHE = 1 << 15
_BATCH = 1024  # texts read at once: bounds the (terms × labels) working array


def normalised_parts(text: str) -> tuple[str, ...]:
    """The text's parts, normalised: the first (a clause) as it comes, the setting parts remembered."""
    if PART_MARK not in text:
        return (normalise(text),)
    first, *setting = text.split(PART_MARK)
    return (normalise(first), *map(_normalised_setting, setting))


@lru_cache(maxsize=_PART_CACHE)
def _normalised_setting(part: str) -> str:
    return normalise(part)


@lru_cache(maxsize=_PART_CACHE)
def _setting_words(normalised: str) -> list[str]:
    return _WORD.findall(normalised)


def _grams(items: Sequence[str], ngram_range: tuple[int, int], joiner: str) -> list[str]:
    low, high = ngram_range
    grams: list[str] = list(items) if low == 1 else []
    for n in range(max(low, 2), high + 1):
        if n == 2:
            grams.extend([first + joiner + second for first, second in pairwise(items)])
        else:
            grams.extend([joiner.join(items[i:i + n]) for i in range(len(items) - n + 1)])
    return grams


def word_ngrams(normalised: str, ngram_range: tuple[int, int]) -> list[str]:
    """English word n-grams: runs of ASCII letters (with an inner apostrophe), joined by a space."""
    return _grams(_WORD.findall(normalised), ngram_range, " ")


def _padded_ngrams(pieces: list[str], ngram_range: tuple[int, int]) -> list[str]:
    low, high = ngram_range
    grams: list[str] = []
    for piece in pieces:
        padded = f" {piece} "
        for n in range(low, high + 1):
            grams.extend(padded[i:i + n] for i in range(len(padded) - n + 1))
    return grams


def cjk_ngrams(normalised: str, ngram_range: tuple[int, int]) -> list[str]:
    """Character n-grams of each run of Chinese characters, the run padded by a space on both sides."""
    return [] if normalised.isascii() else _padded_ngrams(_CJK_RUN.findall(normalised), ngram_range)


def char_ngrams(normalised: str, ngram_range: tuple[int, int]) -> list[str]:
    """Character n-grams of each whitespace-separated word, padded by a space (like ``char_wb``)."""
    return _padded_ngrams(normalised.split(), ngram_range)


# Each analyser reads text already passed through :func:`normalise`.
ANALYSERS: dict[str, Callable[[str, tuple[int, int]], list[str]]] = {
    "words": word_ngrams, "cjk": cjk_ngrams, "chars": char_ngrams,
}


def _analyse_raw(text: str, name: str, ngram_range: tuple[int, int]) -> list[str]:
    analyse = ANALYSERS[name]
    return [gram for part in normalised_parts(text) for gram in analyse(part, ngram_range)]


@dataclass(frozen=True)
class FeatureSpec:
    """One vectoriser of the union: which analyser, which n-grams, and how its vocabulary is pruned."""

    name: str
    ngram_range: tuple[int, int]
    max_features: int
    min_df: int = 2

    def __post_init__(self) -> None:
        if self.name not in ANALYSERS:
            raise ValueError(f"unknown feature set {self.name!r}; expected one of {', '.join(ANALYSERS)}")

    def analyser(self) -> Callable[[str], list[str]]:
        """The analyser of raw text (normalising first), as ``TfidfVectorizer(analyzer=...)`` wants it."""
        return partial(_analyse_raw, name=self.name, ngram_range=tuple(self.ngram_range))

    def as_dict(self) -> dict[str, Any]:
        return {"name": self.name, "ngram_range": list(self.ngram_range), "max_features": self.max_features,
                "min_df": self.min_df}


DEFAULT_FEATURES: tuple[FeatureSpec, ...] = (
    FeatureSpec("words", (1, 2), 20000),
    FeatureSpec("cjk", (1, 3), 20000),
)


class _WordPairs:
    """Word unigram and bigram columns by word number: bigrams found with numpy, not string joins."""

    def __init__(self, index: dict[str, int]) -> None:
        words = sorted({word for term in index for word in term.split(" ")})
        self.number = {word: position for position, word in enumerate(words)}
        # Column of each word's unigram, -1 for none; the extra last slot answers for unknown words (-1).
        self.unigram = np.full(len(words) + 1, -1, dtype=np.intp)
        bigrams: dict[int, int] = {}
        for term, column in index.items():
            parts = term.split(" ")
            if len(parts) == 1:
                self.unigram[self.number[term]] = column
            else:
                bigrams[self.number[parts[0]] * len(words) + self.number[parts[1]]] = column
        self.width = len(words)
        self.bigram_keys = np.array(sorted(bigrams), dtype=np.int64)
        self.bigram_columns = np.array([bigrams[key] for key in sorted(bigrams)], dtype=np.intp)

    def columns(self, words: list[str], rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(rows, columns) of the unigrams and of the bigrams of neighbours within one text; -1: no column."""
        numbers = np.fromiter(map(self.number.get, words, repeat(-1)), dtype=np.int64, count=len(words))
        unigrams = self.unigram[numbers]
        if len(words) < 2 or not len(self.bigram_keys):
            return rows, unigrams
        first, second = numbers[:-1], numbers[1:]
        keys = first * self.width + second
        found = np.minimum(np.searchsorted(self.bigram_keys, keys), len(self.bigram_keys) - 1)
        bigrams = np.where((self.bigram_keys[found] == keys) & (first >= 0) & (second >= 0)
                           & (rows[:-1] == rows[1:]), self.bigram_columns[found], -1)
        return np.concatenate([rows, rows[:-1]]), np.concatenate([unigrams, bigrams])


class _Vocabulary:
    """A fitted vectoriser as data: term → column, and the IDF weight of each column."""

    __slots__ = ("_grams", "analyse", "idf", "index", "ngram_range", "offset", "pairs", "spec")

    def __init__(self, spec: FeatureSpec, index: dict[str, int], idf: np.ndarray, offset: int) -> None:
        self.spec = spec
        self.index = index
        self.idf = idf
        self.offset = offset  # its first column in the union
        self.analyse = ANALYSERS[spec.name]
        self.ngram_range = tuple(spec.ngram_range)
        # Word uni- and bigrams (the shipped model) take a shortcut: every word gets a number, a bigram is
        # looked up by the pair of numbers in a sorted array, never joined into a string. Same columns as
        # word_ngrams gives.
        self.pairs: _WordPairs | None = None
        if spec.name == "words" and self.ngram_range == (1, 2):
            self.pairs = _WordPairs(index)
        self._grams: dict[str, list[str]] = {}  # each part's n-grams, for the parts texts share

    def occurrences(self, texts: Sequence[tuple[str, ...]]) -> tuple[np.ndarray, np.ndarray]:
        """Every known term occurrence in the texts (each its normalised parts): (row, column) arrays."""
        terms: list[str] = []
        lengths: list[int] = []
        row_of_part: list[int] = []
        words = self.pairs is not None
        for row, (first, *setting) in enumerate(texts):
            found = _WORD.findall(first) if words else self.analyse(first, self.ngram_range)
            terms.extend(found)
            lengths.append(len(found))
            row_of_part.append(row)
            for part in setting:
                found = _setting_words(part) if words else self._analysed(part)
                terms.extend(found)
                lengths.append(len(found))
                row_of_part.append(row)
        part_rows = np.repeat(np.arange(len(lengths), dtype=np.intp), lengths)
        if self.pairs is not None:  # bigrams pair words of one part only
            part_rows, columns = self.pairs.columns(terms, part_rows)
        else:
            columns = np.fromiter(map(self.index.get, terms, repeat(-1)), dtype=np.intp, count=len(terms))
        known = columns >= 0
        return np.asarray(row_of_part, dtype=np.intp)[part_rows[known]], columns[known]

    def _analysed(self, part: str) -> list[str]:
        found = self._grams.get(part)
        if found is None:
            if len(self._grams) >= _PART_CACHE:
                self._grams.clear()
            found = self._grams[part] = self.analyse(part, self.ngram_range)
        return found

    def features(self, texts: Sequence[tuple[str, ...]]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Rows, union columns and L2-normalised sublinear TF-IDF values (what ``TfidfVectorizer`` computes)."""
        rows, columns = self.occurrences(texts)
        width = len(self.idf)
        cells, counts = np.unique(rows * width + columns, return_counts=True)
        rows, columns = np.divmod(cells, width)
        values = (1.0 + np.log(counts)) * self.idf[columns]
        norms = np.sqrt(np.bincount(rows, weights=values * values, minlength=len(texts)))
        return rows, columns + self.offset, values / norms[rows]


class ClauseClassifier:
    """Multi-label clause classifier: ``fit(texts, targets)`` → ``predict_proba(texts)``.

    Parameters
    ----------
    labels : the label names, in the column order of ``targets``.
    features : the vectorisers of the feature union.
    C : the SVM's regularisation (smaller is smoother).
    class_weight : passed to ``LinearSVC`` (``"balanced"`` helps rare labels).
    folds : cross-validation folds for the sigmoid calibration.
    max_iter : the SVM solver's iteration limit.
    random_state : seed of the SVM's coordinate descent.
    """

    def __init__(self, labels: Sequence[str], *, features: Sequence[FeatureSpec] = DEFAULT_FEATURES,
                 C: float = 0.5, class_weight: str | None = "balanced", folds: int = 3,
                 max_iter: int = 10000, random_state: int = 0) -> None:
        self.labels = tuple(labels)
        self.features = tuple(features)
        self.C = C
        self.class_weight = class_weight
        self.folds = folds
        self.max_iter = max_iter
        self.random_state = random_state

    # --- training ---------------------------------------------------------------------------

    def fit(self, texts: Sequence[str], targets: np.ndarray,
            sample_weight: np.ndarray | None = None) -> ClauseClassifier:
        """Fit on ``texts`` and ``targets`` (n × labels, entries 1, 0 or -1 = unknown); returns self.

        ``sample_weight`` (n,) weighs rows, e.g. in-domain clauses above borrowed sentences.
        """
        import scipy.sparse as sp  # training only: reviewing a document never imports these
        from sklearn.calibration import CalibratedClassifierCV
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.model_selection import StratifiedKFold
        from sklearn.svm import LinearSVC

        targets = np.asarray(targets)
        weights = np.ones(len(texts)) if sample_weight is None else np.asarray(sample_weight, dtype=np.float64)
        if targets.shape != (len(texts), len(self.labels)):
            raise ValueError(f"targets must have shape ({len(texts)}, {len(self.labels)}); got {targets.shape}")
        if not np.isin(targets, (-1, 0, 1)).all():
            raise ValueError("targets must be 1 (yes), 0 (no) or -1 (unknown)")
        self.vocabularies_: list[_Vocabulary] = []
        blocks = []
        offset = 0
        for spec in self.features:
            vectorizer = TfidfVectorizer(analyzer=spec.analyser(), min_df=spec.min_df,
                                         max_features=spec.max_features, sublinear_tf=True, dtype=np.float64)
            try:
                blocks.append(vectorizer.fit_transform(texts))
            except ValueError:  # no term of this kind occurs often enough (Chinese features on English data)
                continue
            self.vocabularies_.append(_Vocabulary(spec, dict(vectorizer.vocabulary_), vectorizer.idf_.copy(), offset))
            offset += len(vectorizer.vocabulary_)
        if not blocks:
            raise ValueError("no features: the texts are empty or too few for min_df")
        matrix = sp.hstack(blocks, format="csr")
        rows = len(self.labels)
        self.coef_ = np.zeros((rows, matrix.shape[1]), dtype=np.float32)
        self.intercept_ = np.zeros(rows, dtype=np.float64)
        self.sigmoid_ = np.zeros((rows, 2), dtype=np.float64)  # p = 1 / (1 + exp(a * decision + b))
        self.support_ = np.zeros((rows, 2), dtype=np.int64)  # training rows: negatives, positives
        for j, label in enumerate(self.labels):
            known = targets[:, j] >= 0
            y = targets[known, j].astype(np.int8)
            positives = int(y.sum())
            self.support_[j] = (len(y) - positives, positives)
            if positives < self.folds or len(y) - positives < self.folds:
                # Too few rows of one kind to calibrate: the label gets its smoothed base rate.
                warnings.warn(f"label {label!r}: {positives} positive and {len(y) - positives} negative rows, "
                              f"fewer than {self.folds}; it predicts its base rate", stacklevel=2)
                prior = (positives + 0.5) / (len(y) + 1.0)
                self.sigmoid_[j] = (0.0, math.log((1.0 - prior) / prior))
                continue
            model = CalibratedClassifierCV(
                LinearSVC(C=self.C, class_weight=self.class_weight, max_iter=self.max_iter,
                          random_state=self.random_state),
                method="sigmoid", cv=StratifiedKFold(self.folds), ensemble=False,
            ).fit(matrix[known], y, sample_weight=weights[known])
            pair = model.calibrated_classifiers_[0]
            self.coef_[j] = pair.estimator.coef_[0]
            self._by_feature = None  # the weights changed: read them afresh
            self.intercept_[j] = pair.estimator.intercept_[0]
            self.sigmoid_[j] = (pair.calibrators[0].a_, pair.calibrators[0].b_)
            self._agrees_with(model, matrix, np.flatnonzero(known)[:200], [texts[i] for i in np.flatnonzero(known)[:200]], j)
        return self

    def _agrees_with(self, model: Any, matrix: Any, rows: np.ndarray, texts: list[str], j: int) -> None:
        """The compiled arrays must give scikit-learn's probabilities, or the compilation is wrong."""
        expected = model.predict_proba(matrix[rows])[:, 1]
        got = self.predict_proba(texts)[:, j]
        if not np.allclose(got, expected, atol=1e-3):
            raise RuntimeError(f"label {self.labels[j]!r}: compiled probabilities differ from scikit-learn's "
                               f"(max difference {np.abs(got - expected).max():.2g}); check the calibration API")

    # --- prediction -------------------------------------------------------------------------

    def _check_fitted(self) -> None:
        if not hasattr(self, "coef_"):
            raise RuntimeError(f"This {type(self).__name__} instance is not fitted yet. "
                               "Call 'fit' with appropriate arguments, or load a saved model.")

    def decision_function(self, texts: Sequence[str]) -> np.ndarray:
        """The SVM margin of each label for each text, shape (n, labels); texts are read in batches, so a
        document of any length needs the same working memory."""
        self._check_fitted()
        decisions = np.tile(self.intercept_, (len(texts), 1))
        for first in range(0, len(texts), _BATCH):
            batch = texts[first:first + _BATCH]
            parts = [normalised_parts(text) for text in batch]
            for vocabulary in self.vocabularies_:
                rows, columns, values = vocabulary.features(parts)
                if len(rows):
                    # Rows come sorted (features() groups by cell): sum each row's run for all labels at once,
                    # reading the weights feature by feature (one contiguous row of labels each).
                    contributions = self._weights_by_feature()[columns] * values.astype(np.float32)[:, None]
                    starts = np.flatnonzero(np.concatenate(([True], rows[1:] != rows[:-1])))
                    decisions[first + rows[starts]] += np.add.reduceat(contributions, starts, axis=0)
        return decisions

    def _weights_by_feature(self) -> np.ndarray:
        """``coef_`` transposed, (features, labels), contiguous: kept once per model."""
        cached = getattr(self, "_by_feature", None)
        if cached is None:
            cached = np.ascontiguousarray(self.coef_.T, dtype=np.float32)
            self._by_feature = cached
        return cached

    def predict_proba(self, texts: Sequence[str]) -> np.ndarray:
        """Calibrated probability of each label for each text: an array of shape (n, labels) in [0, 1]."""
        decisions = self.decision_function(texts)
        exponent = np.clip(self.sigmoid_[:, 0] * decisions + self.sigmoid_[:, 1], -500, 500)
        return 1.0 / (1.0 + np.exp(exponent))

    def predict(self, texts: Sequence[str], threshold: float = 0.5) -> np.ndarray:
        return self.predict_proba(texts) >= threshold

    @property
    def labels_(self) -> tuple[str, ...]:
        self._check_fitted()
        return self.labels

    # --- persistence ------------------------------------------------------------------------

    def to_dict(self) -> dict[str, Any]:
        """Everything a fitted model is, as JSON-ready data (arrays base64-encoded, little-endian)."""
        self._check_fitted()
        return {
            "labels": list(self.labels),
            "params": {"C": self.C, "class_weight": self.class_weight, "folds": self.folds,
                       "max_iter": self.max_iter, "random_state": self.random_state},
            "features": [
                {**v.spec.as_dict(),
                 "vocabulary": [term for term, _ in sorted(v.index.items(), key=lambda item: item[1])],
                 "idf": _encode(v.idf.astype(np.float32))}
                for v in self.vocabularies_
            ],
            "coef": _encode(self.coef_),
            "coef_shape": list(self.coef_.shape),
            "intercept": self.intercept_.tolist(),
            "sigmoid": self.sigmoid_.tolist(),
            "support": self.support_.tolist(),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ClauseClassifier:
        specs = [FeatureSpec(f["name"], tuple(f["ngram_range"]), f["max_features"], f["min_df"])  # type: ignore[arg-type]
                 for f in data["features"]]
        model = cls(data["labels"], features=specs, **data["params"])
        model.vocabularies_ = []
        offset = 0
        for spec, feature in zip(specs, data["features"], strict=True):
            index = {term: column for column, term in enumerate(feature["vocabulary"])}
            model.vocabularies_.append(_Vocabulary(spec, index, _decode(feature["idf"], np.float32), offset))
            offset += len(index)
        model.coef_ = _decode(data["coef"], np.float32).reshape(data["coef_shape"])
        model.intercept_ = np.array(data["intercept"], dtype=np.float64)
        model.sigmoid_ = np.array(data["sigmoid"], dtype=np.float64)
        model.support_ = np.array(data["support"], dtype=np.int64)
        if model.coef_.shape != (len(model.labels), offset):
            raise DataError(f"model weights have shape {model.coef_.shape}; expected ({len(model.labels)}, {offset})")
        return model

    def save(self, directory: str | Path, *, extra: dict[str, Any] | None = None) -> Path:
        """Write ``clauses.json.xz`` and ``manifest.json`` into ``directory``; the same model gives the same bytes."""
        from termlens import __version__

        directory = Path(directory)
        directory.mkdir(parents=True, exist_ok=True)
        payload = json.dumps(self.to_dict(), sort_keys=True, ensure_ascii=False, separators=(",", ":"))
        blob = lzma.compress(payload.encode("utf-8"), format=lzma.FORMAT_XZ, preset=9)
        (directory / WEIGHTS_FILE).write_bytes(blob)
        manifest = {"format": FORMAT, "format_version": FORMAT_VERSION, "termlens_version": __version__,
                    "labels": list(self.labels), "weights": WEIGHTS_FILE,
                    "sha256": hashlib.sha256(blob).hexdigest(), "bytes": len(blob), **(extra or {})}
        (directory / MANIFEST_FILE).write_text(json.dumps(manifest, indent=2, sort_keys=True, ensure_ascii=False)
                                               + "\n", encoding="utf-8")
        return directory / MANIFEST_FILE

    @classmethod
    def load(cls, directory: str | Path, *, labels: Sequence[str] | None = None) -> ClauseClassifier:
        """Read a saved model, checking its format version, its labels (if given) and its checksum."""
        directory = Path(directory)
        manifest_path = directory / MANIFEST_FILE
        try:
            manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as error:
            raise DataError(f"{manifest_path}: cannot read the model manifest ({error}); "
                            "retrain with `python bench/train_classifier.py`") from None
        if manifest.get("format") != FORMAT or manifest.get("format_version") != FORMAT_VERSION:
            raise DataError(f"{manifest_path}: expected model format {FORMAT} v{FORMAT_VERSION}, got "
                            f"{manifest.get('format')} v{manifest.get('format_version')}; retrain the model")
        if labels is not None and tuple(manifest.get("labels", ())) != tuple(labels):
            raise DataError(f"{manifest_path}: the model's labels {manifest.get('labels')} are not the expected "
                            f"{list(labels)}; retrain the model for this label set")
        weights = directory / str(manifest.get("weights", WEIGHTS_FILE))
        blob = weights.read_bytes() if weights.is_file() else b""
        if hashlib.sha256(blob).hexdigest() != manifest.get("sha256"):
            raise DataError(f"{weights}: checksum differs from {manifest_path}; the model file is damaged or "
                            "was replaced; retrain or restore it")
        model = cls.from_dict(json.loads(lzma.decompress(blob)))
        if model.labels != tuple(manifest["labels"]):
            raise DataError(f"{weights}: labels differ from the manifest's")
        return model


def _encode(array: np.ndarray) -> str:
    return base64.b64encode(np.ascontiguousarray(array, dtype=array.dtype.newbyteorder("<")).tobytes()).decode("ascii")


def _decode(text: str, dtype: type) -> np.ndarray:
    return np.frombuffer(base64.b64decode(text), dtype=np.dtype(dtype).newbyteorder("<")).astype(dtype)
