"""The learned ranker: the probability that a reading answers its question, and when to abstain.

A gradient-boosted tree ensemble (scikit-learn's ``HistGradientBoostingClassifier``) over the
features of :mod:`kubekg.qa.readings`, calibrated by Platt scaling (``CalibratedClassifierCV``), so that
its output reads as a probability. The abstention threshold is not set by hand: training picks the
probability below which abstaining scores best on held-out generated questions
(:func:`kubekg.qa.training.train`). The model is a small file, cached beside the semantic index.
"""

from __future__ import annotations

import io
import logging
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import joblib
import numpy as np
import sklearn
from sklearn.calibration import CalibratedClassifierCV
from sklearn.ensemble import HistGradientBoostingClassifier

from kubekg.qa.readings import FEATURES

log = logging.getLogger(__name__)


@dataclass
class Ranker:
    model: CalibratedClassifierCV
    threshold: float
    report: dict = field(default_factory=dict)  # what training measured (sizes, held-out score, time)
    features: tuple[str, ...] = FEATURES

    @classmethod
    def fit(cls, X: np.ndarray, y: np.ndarray, seed: int = 0) -> Ranker:
        """Fit the calibrated model on reading rows ``X`` with labels ``y`` (1: the reading answers its
        question). Deterministic for a given seed and data. The threshold is set by the caller."""
        base = HistGradientBoostingClassifier(
            max_iter=400,
            learning_rate=0.1,
            max_leaf_nodes=31,
            l2_regularization=1.0,
            early_stopping=False,
            random_state=seed,
        )
        model = CalibratedClassifierCV(base, method="sigmoid", cv=3)
        model.fit(X, y)
        return cls(model=model, threshold=0.5)

    def predict(self, X: np.ndarray) -> np.ndarray:
        """The calibrated probability that each reading answers the question."""
        if len(X) == 0:
            return np.zeros(0)
        return self.model.predict_proba(X)[:, 1]

    # -- persistence ------------------------------------------------------------------------------

    def dumps(self) -> bytes:
        buffer = io.BytesIO()
        joblib.dump(
            {"model": self.model, "threshold": self.threshold, "report": self.report, "features": self.features},
            buffer,
        )
        return buffer.getvalue()

    def save(self, path: Path) -> None:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
            with os.fdopen(fd, "wb") as f:
                f.write(self.dumps())
            os.replace(tmp, path)
        except OSError as e:  # a read-only cache only costs training again next time
            log.warning("could not write the ranker %s: %s", path, e)

    @classmethod
    def load(cls, path: Path) -> Ranker | None:
        """The ranker saved at ``path``, or None when it is missing, unreadable or of other features."""
        if not path.is_file():
            return None
        try:
            saved = joblib.load(path)
        except Exception as e:  # noqa: BLE001 - any unreadable cache is rebuilt, never fatal
            log.warning("ranker cache %s is unreadable (%s); training again", path, e)
            return None
        if not isinstance(saved, dict) or tuple(saved.get("features", ())) != FEATURES:
            return None
        return cls(model=saved["model"], threshold=float(saved["threshold"]), report=saved.get("report", {}))


def cache_name(index_key: str, seed: int, version: str) -> str:
    """The ranker's cache file: keyed by the index (ontology, data, model), the features, the training
    generator's version, scikit-learn's version and the seed."""
    import hashlib

    h = hashlib.sha256(f"{index_key}|{version}|{sklearn.__version__}|{seed}|{','.join(FEATURES)}".encode())
    return f"ranker-{h.hexdigest()[:20]}.joblib"
