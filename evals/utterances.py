"""Per-label precision and recall of the shipped utterance classifier on the held-out utterances.

Pure scoring lives in `coach.meetings.train.scores`; this runs the shipped model file (not a
freshly trained one) on `split: heldout` of `evals/datasets/utterances`.
"""

from __future__ import annotations

from coach.embeddings import Embedder, LocalEmbedder
from coach.meetings.classifier import shipped_model
from coach.meetings.train import DATA, Rows, rows_for, scores
from coach.meetings.utterances import load_snippets

Score = tuple[str, int, float, float, float]


def evaluate(embedder: Embedder) -> list[Score]:
    """(label, support, precision, recall, F1) per label on the held-out snippets."""
    model = shipped_model()
    heldout: Rows = rows_for([s for s in load_snippets(DATA) if s.split == "heldout"], embedder)
    return scores(heldout.labels, model.probabilities(heldout.features) >= model.thresholds)


def macro_f1(table: list[Score]) -> float:
    """Mean F1 over labels."""
    return sum(row[4] for row in table) / len(table)


if __name__ == "__main__":
    from coach.meetings.train import print_table

    print_table("shipped model, heldout", evaluate(LocalEmbedder()))
