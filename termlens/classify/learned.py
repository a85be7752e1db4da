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

After ``fit`` the model is compiled to plain arrays (vocabularies, IDF
weights, one weight row, intercept and sigmoid per label) and
``predict_proba`` is a sparse product and a sigmoid; :meth:`ClauseClassifier.save`
writes those arrays, with a manifest that records the format, the labels and
the SHA-256 of the weights, and :meth:`ClauseClassifier.load` checks all
three. No pickle: the file is JSON inside xz, and the same training data give
the same bytes.
"""

from __future__ import annotations

import base64
import hashlib
import json
import lzma
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import scipy.sparse as sp
from sklearn.calibration import CalibratedClassifierCV
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.model_selection import StratifiedKFold
from sklearn.svm import LinearSVC

from termlens.errors import DataError
from termlens.textnorm import fold

FORMAT = "termlens-clause-classifier"
FORMAT_VERSION = 1
WEIGHTS_FILE = "clauses.json.xz"
MANIFEST_FILE = "manifest.json"

_NOT_CJK = re.compile(r"[^\u3400-\u9fff\uf900-\ufaff]+")
_WORD = r"[a-z]+(?:'[a-z]+)?"


def normalise(text: str) -> str:
    """The form every feature reads: folded (Simplified, ASCII punctuation) and lower-case."""
    return fold(text).lower()


def cjk_runs(text: str) -> str:
    """Only the Chinese characters of ``text``, each run separated by one space."""
    return _NOT_CJK.sub(" ", normalise(text))


@dataclass(frozen=True)
class FeatureSpec:
    """How one vectoriser of the union reads text; ``max_features`` and ``min_df`` prune its vocabulary."""

    name: str
    ngram_range: tuple[int, int]
    max_features: int
    min_df: int = 2

    def vectorizer(self, vocabulary: dict[str, int] | None = None) -> TfidfVectorizer:
        common: dict[str, Any] = {"ngram_range": self.ngram_range, "sublinear_tf": True, "dtype": np.float32,
                                  "lowercase": False, "vocabulary": vocabulary}
        if vocabulary is None:
            common.update(min_df=self.min_df, max_features=self.max_features)
        if self.name == "words":
            return TfidfVectorizer(analyzer="word", preprocessor=normalise, token_pattern=_WORD, **common)
        if self.name == "chars":
            return TfidfVectorizer(analyzer="char_wb", preprocessor=normalise, **common)
        if self.name == "cjk":
            return TfidfVectorizer(analyzer="char_wb", preprocessor=cjk_runs, **common)
        raise ValueError(f"unknown feature set {self.name!r}; expected 'words', 'chars' or 'cjk'")


DEFAULT_FEATURES: tuple[FeatureSpec, ...] = (
    FeatureSpec("words", (1, 2), 20000),
    FeatureSpec("cjk", (1, 3), 20000),
)


class ClauseClassifier:
    """Multi-label clause classifier: ``fit(texts, targets)`` → ``predict_proba(texts)``.

    Parameters
    ----------
    labels : the label names, in the column order of ``targets``.
    features : the vectorisers of the feature union.
    C : the SVM's regularisation (smaller is smoother).
    class_weight : passed to ``LinearSVC`` (``"balanced"`` helps rare labels).
    folds : cross-validation folds for the sigmoid calibration.
    random_state : seed of the SVM's coordinate descent.
    """

    def __init__(self, labels: Sequence[str], *, features: Sequence[FeatureSpec] = DEFAULT_FEATURES,
                 C: float = 0.5, class_weight: str | None = "balanced", folds: int = 3,
                 random_state: int = 0) -> None:
        self.labels = tuple(labels)
        self.features = tuple(features)
        self.C = C
        self.class_weight = class_weight
        self.folds = folds
        self.random_state = random_state

    # --- training ---------------------------------------------------------------------------

    def fit(self, texts: Sequence[str], targets: np.ndarray) -> ClauseClassifier:
        """Fit on ``texts`` and ``targets`` (n × labels, entries 1, 0 or -1 = unknown); returns self."""
        targets = np.asarray(targets)
        if targets.shape != (len(texts), len(self.labels)):
            raise ValueError(f"targets must have shape ({len(texts)}, {len(self.labels)}); got {targets.shape}")
        if not np.isin(targets, (-1, 0, 1)).all():
            raise ValueError("targets must be 1 (yes), 0 (no) or -1 (unknown)")
        self.features_: list[FeatureSpec] = []
        self.vectorizers_: list[TfidfVectorizer] = []
        blocks = []
        for spec in self.features:
            vectorizer = spec.vectorizer()
            try:
                blocks.append(vectorizer.fit_transform(texts))
            except ValueError:  # no term of this kind occurs often enough (Chinese features on English data)
                continue
            self.features_.append(spec)
            self.vectorizers_.append(vectorizer)
        if not blocks:
            raise ValueError("no features: the texts are empty or too few for min_df")
        matrix = sp.hstack(blocks, format="csr", dtype=np.float32)
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
                raise ValueError(f"label {label!r} needs at least {self.folds} positive and negative rows; "
                                 f"got {positives} and {len(y) - positives}")
            model = CalibratedClassifierCV(
                LinearSVC(C=self.C, class_weight=self.class_weight, random_state=self.random_state),
                method="sigmoid", cv=StratifiedKFold(self.folds), ensemble=False,
            ).fit(matrix[known], y)
            pair = model.calibrated_classifiers_[0]
            self.coef_[j] = pair.estimator.coef_[0]
            self.intercept_[j] = pair.estimator.intercept_[0]
            self.sigmoid_[j] = (pair.calibrators[0].a_, pair.calibrators[0].b_)
            sample = matrix[known][:200]
            if not np.allclose(self._proba_from(sample)[:, j], model.predict_proba(sample)[:, 1], atol=1e-4):
                raise RuntimeError("compiled probabilities differ from scikit-learn's; check the calibration API")
        return self

    # --- prediction -------------------------------------------------------------------------

    def _check_fitted(self) -> None:
        if not hasattr(self, "coef_"):
            raise RuntimeError(f"This {type(self).__name__} instance is not fitted yet. "
                               "Call 'fit' with appropriate arguments, or load a saved model.")

    def transform(self, texts: Sequence[str]) -> sp.csr_matrix:
        """The feature matrix of ``texts``."""
        self._check_fitted()
        return sp.hstack([v.transform(texts) for v in self.vectorizers_], format="csr", dtype=np.float32)

    def _proba_from(self, matrix: sp.spmatrix) -> np.ndarray:
        decision = np.asarray(matrix @ self.coef_.T, dtype=np.float64) + self.intercept_
        exponent = np.clip(self.sigmoid_[:, 0] * decision + self.sigmoid_[:, 1], -500, 500)
        return 1.0 / (1.0 + np.exp(exponent))

    def decision_function(self, texts: Sequence[str]) -> np.ndarray:
        return np.asarray(self.transform(texts) @ self.coef_.T, dtype=np.float64) + self.intercept_

    def predict_proba(self, texts: Sequence[str]) -> np.ndarray:
        """Calibrated probability of each label for each text: an array of shape (n, labels) in [0, 1]."""
        if len(texts) == 0:
            return np.zeros((0, len(self.labels_)))
        return self._proba_from(self.transform(texts))

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
                       "random_state": self.random_state},
            "features": [
                {"name": spec.name, "ngram_range": list(spec.ngram_range), "max_features": spec.max_features,
                 "min_df": spec.min_df,
                 "vocabulary": [term for term, _ in sorted(v.vocabulary_.items(), key=lambda item: item[1])],
                 "idf": _encode(v.idf_.astype(np.float32))}
                for spec, v in zip(self.features_, self.vectorizers_, strict=True)
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
        model.features_ = list(specs)
        model.vectorizers_ = []
        for spec, feature in zip(specs, data["features"], strict=True):
            vectorizer = spec.vectorizer({term: index for index, term in enumerate(feature["vocabulary"])})
            vectorizer.idf_ = _decode(feature["idf"], np.float32).astype(np.float64)
            model.vectorizers_.append(vectorizer)
        model.coef_ = _decode(data["coef"], np.float32).reshape(data["coef_shape"])
        model.intercept_ = np.array(data["intercept"], dtype=np.float64)
        model.sigmoid_ = np.array(data["sigmoid"], dtype=np.float64)
        model.support_ = np.array(data["support"], dtype=np.int64)
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
        weights = directory / manifest["weights"]
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
