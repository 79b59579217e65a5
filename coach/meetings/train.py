"""Rebuild the utterance classifier: `python -m coach.meetings.train [--data DIR] [--out FILE]`.

Reads the labelled snippets (`evals/datasets/utterances`), embeds every turn with the shipped
MiniLM, fits one L2-regularised logistic regression per label on `split: train` (accelerated gradient
descent from zero, positives weighted up to balance each label, so the run is deterministic), picks the
regularisation strength by 5-fold cross-validation over train snippets (fixed seed), writes the
model file and prints per-label precision and recall on train (cross-validated) and on
`split: heldout`, which nothing above looks at.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from coach.embeddings import Embedder, LocalEmbedder
from coach.meetings.classifier import MODEL_PATH, UtteranceModel, feature_rows
from coach.meetings.features import STRUCTURAL
from coach.meetings.labels import LABELS
from coach.meetings.utterances import Snippet, load_snippets

DATA = Path(__file__).resolve().parents[2] / "evals" / "datasets" / "utterances"
STRENGTHS = (0.1, 0.3, 1.0)
FOLDS = 5
SEED = 13
DESCENT_STEPS = 800


@dataclass(frozen=True)
class Rows:
    """Feature rows, label matrix and the snippet each row came from."""

    features: np.ndarray
    labels: np.ndarray
    snippet: np.ndarray


def rows_for(snippets: Sequence[Snippet], embedder: Embedder) -> Rows:
    """Embed and featurise every turn of the snippets."""
    features, labels, owners = [], [], []
    for number, snippet in enumerate(snippets):
        transcript = snippet.transcript()
        vectors = np.asarray(embedder.embed_documents([t.text for t in transcript.turns]), dtype=np.float64)
        features.append(feature_rows(transcript.turns, vectors, snippet.facilitator, transcript.speakers))
        labels.append([[float(label in t.labels) for label in LABELS] for t in snippet.turns])
        owners += [number] * len(snippet.turns)
    return Rows(np.vstack(features), np.asarray(np.vstack(labels)), np.asarray(owners))


def fit(features: np.ndarray, labels: np.ndarray, strength: float, embedder: str) -> UtteranceModel:
    """One balanced, L2-regularised logistic regression per label, fitted together."""
    width = len(STRUCTURAL)
    mean = features[:, -width:].mean(axis=0)
    scale = features[:, -width:].std(axis=0) + 1e-6
    standard = features.copy()
    standard[:, -width:] = (features[:, -width:] - mean) / scale
    design = np.hstack([standard, np.ones((len(standard), 1))])
    weights = _descend(design, labels, strength)
    return UtteranceModel(weights[:, :-1], weights[:, -1], mean, scale, np.full(len(LABELS), 0.5), embedder)


def _descend(design: np.ndarray, target: np.ndarray, strength: float) -> np.ndarray:
    """Accelerated gradient descent on the (convex) weighted log loss; deterministic from zeros."""
    positives = np.maximum(target.sum(axis=0), 1.0)
    negatives = np.maximum(len(target) - positives, 1.0)
    # Balanced: positives and negatives carry equal total weight, so rare labels still get learnt.
    sample = np.where(target > 0, len(target) / (2 * positives), len(target) / (2 * negatives)) / len(target)
    penalty = np.full(design.shape[1], strength / len(target))
    penalty[-1] = 0.0  # the bias is not shrunk
    lipschitz = np.linalg.norm(design, 2) ** 2 * sample.max() / 4 + penalty.max()
    theta = np.zeros((target.shape[1], design.shape[1]))
    momentum = theta.copy()
    for step in range(1, DESCENT_STEPS + 1):
        p = 1.0 / (1.0 + np.exp(-(design @ momentum.T)))
        gradient = (sample * (p - target)).T @ design + penalty * momentum
        previous, theta = theta, momentum - gradient / lipschitz
        momentum = theta + (step - 1) / (step + 2) * (theta - previous)
    return theta


def scores(truth: np.ndarray, predicted: np.ndarray) -> list[tuple[str, int, float, float, float]]:
    """Per label: support, precision, recall, F1."""
    table: list[tuple[str, int, float, float, float]] = []
    for k, label in enumerate(LABELS):
        hit = float((truth[:, k] * predicted[:, k]).sum())
        said, real = float(predicted[:, k].sum()), float(truth[:, k].sum())
        precision = hit / said if said else 0.0
        recall = hit / real if real else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        table.append((label, int(real), precision, recall, f1))
    return table


def cross_validated(rows: Rows, strength: float, embedder: str) -> np.ndarray:
    """Out-of-fold predictions over train, folds drawn by snippet with a fixed seed."""
    snippets = np.unique(rows.snippet)
    order = np.random.default_rng(SEED).permutation(snippets)
    predicted = np.zeros_like(rows.labels)
    for fold in range(FOLDS):
        held = np.isin(rows.snippet, order[fold::FOLDS])
        model = fit(rows.features[~held], rows.labels[~held], strength, embedder)
        predicted[held] = model.probabilities(rows.features[held]) >= model.thresholds
    return predicted


def print_table(title: str, table: Sequence[tuple[str, int, float, float, float]]) -> None:
    """Per-label precision and recall, plus the macro average."""
    print(f"\n{title}\n{'label':<18} {'n':>4} {'precision':>9} {'recall':>7} {'F1':>5}")
    for label, support, precision, recall, f1 in table:
        print(f"{label:<18} {support:>4} {precision:>9.2f} {recall:>7.2f} {f1:>5.2f}")
    print(f"{'macro':<18} {'':>4} {np.mean([r[2] for r in table]):>9.2f} "
          f"{np.mean([r[3] for r in table]):>7.2f} {np.mean([r[4] for r in table]):>5.2f}")


def main(argv: Sequence[str] | None = None) -> int:
    """Train on `split: train`, report cross-validated and held-out figures, save the model."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--out", type=Path, default=MODEL_PATH)
    args = parser.parse_args(argv)
    snippets = load_snippets(args.data)
    embedder = LocalEmbedder()
    train = rows_for([s for s in snippets if s.split == "train"], embedder)
    heldout = rows_for([s for s in snippets if s.split == "heldout"], embedder)
    print(f"{len(train.labels)} train turns, {len(heldout.labels)} held-out turns, {len(snippets)} snippets")
    macro, folds = {}, {}
    for strength in STRENGTHS:
        folds[strength] = scores(train.labels, cross_validated(train, strength, embedder.name))
        macro[strength] = float(np.mean([r[4] for r in folds[strength]]))
        print(f"L2 strength {strength:g}: cross-validated macro F1 {macro[strength]:.3f}")
    best = max(STRENGTHS, key=lambda s: (macro[s], -s))
    print_table(f"train, 5-fold cross-validated (L2 strength {best:g})", folds[best])
    model = fit(train.features, train.labels, best, embedder.name)
    print_table("heldout", scores(heldout.labels, model.probabilities(heldout.features) >= model.thresholds))
    model.save(args.out)
    print(f"\nwrote {args.out} ({args.out.stat().st_size // 1024} KB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
