"""The utterance classifier: MiniLM sentence embeddings plus structural features, one logistic
regression per label (one-vs-rest), weights in `utterance_model.npz` beside this module.

`python -m coach.meetings.train` rebuilds the file from the labelled set and prints per-label
precision and recall on its held-out split. A turn's feature row is its own embedding, the
previous turn's embedding (what it replies to; zeros for the first turn) and the standardised
structural features of `coach.meetings.features`.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from coach.embeddings import Embedder, LocalEmbedder
from coach.errors import ConfigError, ValidationError
from coach.meetings.features import STRUCTURAL, structural
from coach.meetings.labels import LABELS, UtteranceLabel
from coach.transcripts import Transcript, Turn

MODEL_PATH = Path(__file__).with_name("utterance_model.npz")


@dataclass(frozen=True)
class TurnLabels:
    """What one turn does, and the classifier's probability for every label."""

    labels: frozenset[UtteranceLabel]
    scores: tuple[tuple[UtteranceLabel, float], ...]

    def score(self, label: UtteranceLabel) -> float:
        """The probability the classifier gave this label."""
        return dict(self.scores)[label]


@dataclass(frozen=True)
class UtteranceModel:
    """Trained weights: one row per label over [embedding, previous embedding, structural]."""

    weights: np.ndarray
    bias: np.ndarray
    mean: np.ndarray
    scale: np.ndarray
    thresholds: np.ndarray
    embedder: str

    @classmethod
    def load(cls, path: Path = MODEL_PATH) -> UtteranceModel:
        """Read a model file; a missing or stale file says how to rebuild it."""
        if not path.is_file():
            raise ConfigError(f"the utterance model {path} is missing; rebuild it with "
                              "`python -m coach.meetings.train`")
        with np.load(path, allow_pickle=False) as data:
            labels = tuple(str(x) for x in data["labels"])
            if labels != LABELS or tuple(str(x) for x in data["structural"]) != STRUCTURAL:
                raise ConfigError(f"{path} was trained for other labels or features; rebuild it with "
                                  "`python -m coach.meetings.train`")
            return cls(data["weights"], data["bias"], data["mean"], data["scale"], data["thresholds"],
                       str(data["embedder"]))

    def save(self, path: Path = MODEL_PATH) -> None:
        """Write the model (float32: a few tens of KB)."""
        np.savez_compressed(path, labels=np.asarray(LABELS), structural=np.asarray(STRUCTURAL),
                            weights=self.weights.astype(np.float32), bias=self.bias.astype(np.float32),
                            mean=self.mean.astype(np.float32), scale=self.scale.astype(np.float32),
                            thresholds=self.thresholds.astype(np.float32), embedder=np.asarray(self.embedder))

    def probabilities(self, rows: np.ndarray) -> np.ndarray:
        """Per turn and label, the probability that the turn does what the label says."""
        standard = rows.copy()
        standard[:, -len(STRUCTURAL):] = (rows[:, -len(STRUCTURAL):] - self.mean) / self.scale
        result: np.ndarray = 1.0 / (1.0 + np.exp(-(standard @ self.weights.T + self.bias)))
        return result


def feature_rows(turns: Sequence[Turn], vectors: np.ndarray, facilitator: str | None,
                 names: Sequence[str]) -> np.ndarray:
    """[own embedding, previous turn's embedding, raw structural features] per turn."""
    previous = np.vstack([np.zeros((1, vectors.shape[1])), vectors[:-1]])
    return np.hstack([vectors, previous, structural(turns, vectors, facilitator, names)])


@functools.lru_cache(maxsize=1)
def shipped_model() -> UtteranceModel:
    """The model file in the package, read once per process."""
    return UtteranceModel.load()


def classify(transcript: Transcript, embedder: Embedder, *, facilitator: str | None = None,
             model: UtteranceModel | None = None, vectors: np.ndarray | None = None) -> tuple[TurnLabels, ...]:
    """Label every turn. The facilitator defaults to whoever opens the meeting; `vectors` are the
    turns' embeddings when the caller already has them."""
    model = model or shipped_model()
    if embedder.name != model.embedder:
        raise ConfigError(f"the utterance model was trained on {model.embedder} vectors but got "
                          f"{embedder.name}; classify with coach.embeddings.LocalEmbedder")
    turns = transcript.turns
    if not turns:
        raise ValidationError("the transcript has no speaker turns to classify")
    if vectors is None:
        vectors = np.asarray(embedder.embed_documents([t.text for t in turns]), dtype=np.float64)
    lead = facilitator or turns[0].speaker
    names = [*transcript.attendees, *transcript.speakers]
    probabilities = model.probabilities(feature_rows(turns, vectors, lead, names))
    return tuple(_turn_labels(row, model.thresholds) for row in probabilities)


def _turn_labels(row: np.ndarray, thresholds: np.ndarray) -> TurnLabels:
    chosen = frozenset(label for label, p, t in zip(LABELS, row, thresholds, strict=True) if p >= t)
    return TurnLabels(chosen, tuple((label, round(float(p), 3)) for label, p in zip(LABELS, row, strict=True)))


@functools.lru_cache(maxsize=1)
def default_embedder() -> Embedder:
    """The shipped MiniLM, loaded once per process, for labelling turns."""
    return LocalEmbedder()


def warm() -> None:
    """Load the classifier's model and embedder now (a server calls this at start, in the
    background), so the first meeting analysis or pre-mortem does not pay for loading them."""
    default_embedder().embed_documents(["warm up"])
    shipped_model()
