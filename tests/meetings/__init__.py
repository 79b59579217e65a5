"""Tests for coach.meetings, plus the example check-ins they share."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from coach.transcripts import Transcript, parse_transcript

EXAMPLES = Path(__file__).resolve().parents[2] / "corpus" / "examples"


@dataclass(frozen=True)
class Example:
    """One example check-in transcript with the dynamics its expected.yaml promises."""

    team: str
    path: Path
    transcript: Transcript
    expected: dict[str, Any]

    @property
    def id(self) -> str:
        """A readable test id, e.g. 'platform/2026-11-05-weekly.vtt'."""
        return f"{self.team}/{self.path.name}"


def examples() -> list[Example]:
    """All example check-ins that have an entry in their team's expected.yaml."""
    found = []
    for team_dir in sorted(p for p in EXAMPLES.iterdir() if (p / "checkins" / "expected.yaml").is_file()):
        checkins = team_dir / "checkins"
        expected = yaml.safe_load((checkins / "expected.yaml").read_text(encoding="utf-8"))
        for name, promised in sorted(expected.items()):
            path = checkins / name
            transcript = parse_transcript(path.read_text(encoding="utf-8"), suffix=path.suffix)
            found.append(Example(team_dir.name, path, transcript, promised))
    return found


def goal_similarity(example: Example, embedder: Any) -> list[float]:
    """Per turn, the highest cosine similarity to the team's objective titles and key results."""
    okrs = yaml.safe_load((EXAMPLES / example.team / "okrs.yaml").read_text(encoding="utf-8"))
    goals = [o["title"] for o in okrs["objectives"]]
    goals += [kr["text"] for o in okrs["objectives"] for kr in o["key_results"]]
    goal_vectors = embedder.embed_documents(goals)
    turn_vectors = embedder.embed_documents([t.text for t in example.transcript.turns])
    # The vectors are unit length, so the dot product is the cosine similarity.
    return [max(sum(a * b for a, b in zip(turn, goal, strict=True)) for goal in goal_vectors)
            for turn in turn_vectors]


_LABELS: dict[str, Any] = {}


def example_params(examples_: list[Example], misses: dict[str, str] | None = None) -> list[Any]:
    """One pytest param per example; examples in `misses` are expected failures with the reason.

    The utterance classifier replaced the phrase rules these examples were tuned with, and on a
    few expectations it does worse: those are listed where they occur, not hidden.
    """
    import pytest

    misses = misses or {}
    return [pytest.param(e, id=e.id, marks=[pytest.mark.xfail(reason=misses[e.id], strict=True)]
                         if e.id in misses else []) for e in examples_]


def labelled(example: Example, embedder: Any) -> Any:
    """The shipped classifier's labels for an example (real MiniLM), computed once per session, as
    `read_meeting` labels turns (long turns checked sentence by sentence, `coach.meetings.focus`)."""
    return _focused(example, embedder)[0]


def key_sentences(example: Example, embedder: Any) -> Any:
    """The sentences of long turns that decide or hand out work, as `read_meeting` finds them."""
    return _focused(example, embedder)[1]


def _focused(example: Example, embedder: Any) -> Any:
    import numpy as np

    from coach.meetings.classifier import classify
    from coach.meetings.focus import focus

    if example.id not in _LABELS:
        vectors = np.asarray(embedder.embed_documents([t.text for t in example.transcript.turns]))
        _LABELS[example.id] = focus(example.transcript, classify(example.transcript, embedder, vectors=vectors),
                                    embedder, vectors)
    return _LABELS[example.id]
