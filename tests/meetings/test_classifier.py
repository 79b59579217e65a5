"""The utterance classifier: its dataset, its model file, its trainer, and the real model on a few turns."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from coach.embeddings import HashEmbedder
from coach.errors import ConfigError, ValidationError
from coach.meetings.classifier import MODEL_PATH, UtteranceModel, classify
from coach.meetings.features import STRUCTURAL, figures
from coach.meetings.labels import LABELS
from coach.meetings.train import DATA, fit
from coach.meetings.utterances import load_snippets
from coach.transcripts import parse_transcript


def test_the_labelled_set_is_large_varied_and_keeps_a_held_out_split() -> None:
    snippets = load_snippets(DATA)
    turns = [(s, t) for s in snippets for t in s.turns]
    assert len(turns) >= 600
    assert len({s.team for s in snippets}) >= 8
    assert {s.style for s in snippets} == {"terse", "rambling", "non-native", "transcribed"}
    assert sum(s.split == "heldout" for s, _ in turns) >= 0.2 * len(turns)
    for split in ("train", "heldout"):
        counts = Counter(label for s, t in turns if s.split == split for label in t.labels)
        assert set(counts) == set(LABELS), split  # every label is learnt and measured


def test_a_mislabelled_action_names_its_file_and_snippet(tmp_path: Path) -> None:
    (tmp_path / "bad.yaml").write_text(
        "- id: x-1\n  team: t\n  style: terse\n  split: train\n  facilitator: A\n  turns:\n"
        "  - [A, \"I'll do it.\", [action]]\n  - [B, \"Thanks.\", []]\n", encoding="utf-8")
    with pytest.raises(ValidationError, match=r"bad.yaml, snippet x-1: .*needs \{owner, due\}"):
        load_snippets(tmp_path)


def test_figures_count_digits_and_spoken_numbers() -> None:
    assert figures("Bay A has 6, 2 going home, 1,400 cases.") == 3
    assert figures("revenue's tracking at, uh, four point two million") == 3


def test_the_shipped_model_file_is_small_and_matches_the_labels() -> None:
    model = UtteranceModel.load()
    assert MODEL_PATH.stat().st_size < 300_000
    assert model.weights.shape == (len(LABELS), 2 * 384 + len(STRUCTURAL))
    assert model.embedder == "local:all-MiniLM-L6-v2"


def test_the_model_refuses_vectors_from_another_embedder() -> None:
    transcript = parse_transcript("Ana: hello\nBo: hi\n")
    with pytest.raises(ConfigError, match="LocalEmbedder"):
        classify(transcript, HashEmbedder())


def test_training_is_deterministic_and_learns_a_separable_label() -> None:
    rng = np.random.default_rng(0)
    features = rng.normal(size=(80, 10 + len(STRUCTURAL)))
    labels = np.zeros((80, len(LABELS)))
    labels[:, 0] = features[:, 0] > 0
    first, second = fit(features, labels, 0.1, "test"), fit(features, labels, 0.1, "test")
    assert np.array_equal(first.weights, second.weights)
    predicted = first.probabilities(features)[:, 0] >= 0.5
    assert (predicted == labels[:, 0].astype(bool)).mean() > 0.9


@pytest.mark.slow
def test_the_real_model_labels_plain_turns(minilm: Any) -> None:
    transcript = parse_transcript(
        "Grace: Morning. Beds first.\n"
        "Tomasz: Bay A has 6 patients, 2 for discharge, 1 waiting on transport since Tuesday.\n"
        "Grace: Why is the transport late?\n"
        "Tomasz: The ambulance service has nobody until Monday.\n"
        "Aiko: Did anyone watch the football last night?\n")
    labels = [t.labels for t in classify(transcript, minilm)]
    assert "status" in labels[1] and "question" in labels[2] and "answer" in labels[3]
    assert "off_goal" in labels[4]


@pytest.mark.slow
def test_with_the_hash_embedder_the_classifier_uses_the_one_minilm_of_the_process(minilm: Any, coach: Any) -> None:
    """The configured embedder is `hash` here; the turns are still embedded with MiniLM, and it is
    the model already loaded in this process, not a second copy."""
    from coach.meetings.service import utterance_embedder

    used = utterance_embedder(coach)
    assert coach.embedder.name == HashEmbedder.name and used.name == minilm.name
    assert used.model is minilm.model  # type: ignore[attr-defined]
