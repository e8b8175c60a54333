"""The trained time model on disk: the Pipeline in skops format plus a JSON card, both checked before use.

skops rebuilds only the types it is told to trust, so a file that names anything else is refused, not run.
"""

import fcntl
import json
import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

import numpy
import sklearn
import skops.io as sio
from sklearn.pipeline import Pipeline

from ranking.features import FEATURE_SCHEMA

FORMAT_VERSION = 4
MODEL_FILE = "time_model.skops"
CARD_FILE = "time_model.json"
# Everything in the Pipeline that skops does not trust by default.
TRUSTED_TYPES = frozenset(
    {
        "ranking.requester_history.RequesterHistory",
        "ranking.text_hashing.TokenHasher",
        "ranking.time_model.QuantileBand",
        "sklearn.ensemble._hist_gradient_boosting.predictor.TreePredictor",
    }
)


class ModelMismatch(RuntimeError):
    """The saved model cannot be used by this installation."""


@dataclass
class TrainedModel:
    pipeline: Pipeline
    serving_platforms: list[str]
    training: dict[str, object]
    # Per platform, how much real labels widened (>1) or narrowed (<1) each estimator's band.
    prior_band_scale: dict[str, float] = field(default_factory=dict)
    model_band_scale: dict[str, float] = field(default_factory=dict)
    feature_schema: dict[str, object] = field(default_factory=lambda: dict(FEATURE_SCHEMA))
    versions: dict[str, str] = field(default_factory=lambda: _versions())

    def card(self) -> dict[str, object]:
        return {
            "format_version": FORMAT_VERSION,
            "feature_schema": self.feature_schema,
            "versions": self.versions,
            "serving_platforms": self.serving_platforms,
            "prior_band_scale": self.prior_band_scale,
            "model_band_scale": self.model_band_scale,
            "training": self.training,
        }


def save(model: TrainedModel, directory: Path) -> Path:
    """Write the Pipeline and its card next to each other, each through a temporary name of this writer's own.

    Two trainings at once (the daily run's and the one the warehouse Asset sets off) each write their own files,
    and the pair is renamed into place under a lock, so a card never describes the other writer's Pipeline.
    """
    directory.mkdir(parents=True, exist_ok=True)
    model_tmp = directory / f".{MODEL_FILE}.{os.getpid()}.{uuid.uuid4().hex}.tmp"
    card_tmp = model_tmp.with_name(model_tmp.name.replace(MODEL_FILE, CARD_FILE))
    try:
        sio.dump(model.pipeline, model_tmp)
        card_tmp.write_text(json.dumps(model.card(), indent=2, sort_keys=True), encoding="utf-8")
        with _locked(directory, fcntl.LOCK_EX):
            os.replace(model_tmp, directory / MODEL_FILE)
            os.replace(card_tmp, directory / CARD_FILE)
    finally:
        model_tmp.unlink(missing_ok=True)
        card_tmp.unlink(missing_ok=True)
    return directory / MODEL_FILE


def remove(directory: Path) -> None:
    """Take away a saved model (card first, so a half-removed model reads as none)."""
    for name in (CARD_FILE, MODEL_FILE):
        (directory / name).unlink(missing_ok=True)


def load(directory: Path) -> TrainedModel | None:
    """The saved model, None when there is none; ModelMismatch when it was made for another setup."""
    card_path = directory / CARD_FILE
    if not card_path.is_file() or not (directory / MODEL_FILE).is_file():
        return None
    with _locked(directory, fcntl.LOCK_SH):
        card = json.loads(card_path.read_text(encoding="utf-8"))
        problem = _mismatch(card)
        if problem:
            raise ModelMismatch(f"{directory / MODEL_FILE}: {problem}; run `taskrank train` to rebuild it")
        pipeline = _load_pipeline(directory / MODEL_FILE)
    return TrainedModel(
        pipeline=pipeline,
        serving_platforms=list(card["serving_platforms"]),
        training=card["training"],
        prior_band_scale=dict(card["prior_band_scale"]),
        model_band_scale=dict(card["model_band_scale"]),
        feature_schema=card["feature_schema"],
        versions=card["versions"],
    )


@contextmanager
def _locked(directory: Path, mode: int) -> Iterator[None]:
    """The model folder's lock: one writer renames a model and its card while no reader reads the pair."""
    with (directory / ".lock").open("a") as lock:
        fcntl.flock(lock, mode)
        yield


def _load_pipeline(path: Path) -> Pipeline:
    try:
        named = set(sio.get_untrusted_types(file=path))
        strange = sorted(named - TRUSTED_TYPES)
        if strange:
            raise ModelMismatch(f"{path}: refused, it names types the time model never uses ({', '.join(strange)}); "
                                "delete it and run `taskrank train`")  # fmt: skip
        pipeline = sio.load(path, trusted=sorted(named))
    except ModelMismatch:
        raise
    except Exception as exc:  # a damaged archive fails in many ways; all of them mean "retrain"
        raise ModelMismatch(f"{path}: cannot be read ({type(exc).__name__}); run `taskrank train`") from None
    if not isinstance(pipeline, Pipeline):
        raise ModelMismatch(f"{path}: holds a {type(pipeline).__name__}, not a Pipeline; run `taskrank train`")
    return pipeline


def _mismatch(card: dict[str, object]) -> str | None:
    if card.get("format_version") != FORMAT_VERSION:
        return f"model format {card.get('format_version')} is not {FORMAT_VERSION}"
    saved = card.get("versions", {})
    for package, installed in _versions().items():
        if package != "taskrank" and saved.get(package) != installed:
            return f"trained with {package} {saved.get(package)}, this installation has {installed}"
    if card.get("feature_schema") != FEATURE_SCHEMA:
        return "its feature schema differs from this version's"
    return None


def _versions() -> dict[str, str]:
    return {"scikit-learn": sklearn.__version__, "numpy": numpy.__version__, "taskrank": metadata.version("taskrank")}
