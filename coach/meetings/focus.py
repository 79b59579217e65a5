"""Which sentence of a long turn decides or hands out the work, and whether any does.

A long turn does several things at once: "Thanks. Most of that is moving in the right direction.
Now, the retention goal. When I went looking for the figure, the latest was from June." The
classifier labels the whole turn, so a turn that thanks, reports and asks may come out as a
`decision` although no sentence in it settles anything, and the summary would quote its longest
sentence (a status line) as "Decided".

So each sentence of a multi-sentence turn labelled `decision` or `action` is classified again in
the turn's place (same speaker, same neighbours, its own words): the sentence with the highest
probability is the one the summary quotes, and a turn none of whose sentences reads as a decision
on its own (probability under the model's threshold for `decision`) is not a decision. A consensus
check closing a stated choice ("Everyone okay with that?") still makes one (`coach.meetings.refine`).
`action` is left to the word check in `refine` (commitments, orders, named owners, deadlines);
only its quoted sentence comes from here: the likeliest one that gives someone work in so many
words (`coach.meetings.work`).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from coach.embeddings import Embedder
from coach.meetings.classifier import TurnLabels, UtteranceModel, feature_rows, shipped_model
from coach.meetings.features import STRUCTURAL
from coach.meetings.labels import LABELS, UtteranceLabel
from coach.meetings.phrases import People, sentences
from coach.meetings.work import hands_out_work
from coach.transcripts import Transcript

FOCUSED: tuple[UtteranceLabel, ...] = ("decision", "action")


@dataclass(frozen=True)
class KeySentence:
    """The sentence of a turn (by transcript line) that does what `label` says."""

    line: int
    label: UtteranceLabel
    sentence: str


def focus(transcript: Transcript, labels: Sequence[TurnLabels], embedder: Embedder, vectors: np.ndarray, *,
          model: UtteranceModel | None = None) -> tuple[tuple[TurnLabels, ...], tuple[KeySentence, ...]]:
    """The labels with `decision` dropped where no sentence decides, and each key sentence."""
    model = model or shipped_model()
    turns = list(transcript.turns)
    lead, names = turns[0].speaker, [*transcript.attendees, *transcript.speakers]
    people = People(names)
    result, keys = list(labels), []
    for index, found in enumerate(labels):
        said = sentences(turns[index].text)
        wanted = [label for label in FOCUSED if label in found.labels]
        if len(said) < 2 or not wanted:
            continue
        scores = _sentence_scores(transcript, index, said, embedder, vectors, model, lead, names)
        for label in wanted:
            column = LABELS.index(label)
            # The quoted action must give someone work in so many words (`coach.meetings.work`).
            usable = [i for i, s in enumerate(said) if label != "action" or hands_out_work(s, people)]
            best = max(usable or range(len(said)), key=lambda i: float(scores[i, column]))
            keys.append(KeySentence(turns[index].line, label, said[best]))
            if label == "decision" and scores[best, column] < model.thresholds[column]:
                result[index] = dataclasses.replace(found, labels=found.labels - {"decision"})
    return tuple(result), tuple(keys)


def _sentence_scores(transcript: Transcript, index: int, said: Sequence[str], embedder: Embedder,
                     vectors: np.ndarray, model: UtteranceModel, lead: str, names: Sequence[str]) -> np.ndarray:
    """Per sentence of turn `index`, the label probabilities of that sentence said in the turn's place."""
    own = np.asarray(embedder.embed_documents(list(said)), dtype=np.float64)
    low, high = max(index - 1, 0), min(index + 2, len(transcript.turns))
    rows = []
    for sentence, vector in zip(said, own, strict=True):
        turns = list(transcript.turns[low:high])
        turns[index - low] = dataclasses.replace(turns[index - low], text=sentence)
        window = vectors[low:high].copy()
        window[index - low] = vector
        row = feature_rows(turns, window, lead, names)[index - low]
        rows.append(_in_place(row, index, len(transcript.turns)))
    return model.probabilities(np.vstack(rows))


def _in_place(row: np.ndarray, index: int, count: int) -> np.ndarray:
    """Put back the features that depend on the turn's place in the whole meeting, not the window."""
    fixed = row.copy()
    base = len(row) - len(STRUCTURAL)
    last = max(count - 1, 1)
    fixed[base + STRUCTURAL.index("position")] = index / last
    fixed[base + STRUCTURAL.index("first_turn")] = float(index == 0)
    fixed[base + STRUCTURAL.index("last_turn")] = float(index == count - 1)
    return fixed
