"""Read one meeting: embed its turns once, label them (and the sentences of long turns that seem to
decide: `coach.meetings.focus`), measure them against the team's goals, analyse.

The one place that turns a transcript and a team's goals into `MeetingDynamics`; the nudge
service and the nudge evaluation both go through it.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from coach.embeddings import Embedder
from coach.meetings.classifier import classify
from coach.meetings.dynamics import KeyResultRef, MeetingDynamics, analyse
from coach.meetings.focus import focus
from coach.transcripts import Transcript


def read_meeting(transcript: Transcript, embedder: Embedder, *, goals: Sequence[str] = (),
                 key_results: Sequence[KeyResultRef] = (), attendees: Sequence[str] = ()) -> MeetingDynamics:
    """Dynamics of a meeting; `goals` are objective and key-result texts (none: no off-goal check
    against OKRs), `key_results` the ones whose coverage is checked. `embedder` must be MiniLM."""
    turns = np.asarray(embedder.embed_documents([t.text for t in transcript.turns]), dtype=np.float64)
    labels, key_sentences = focus(transcript, classify(transcript, embedder, vectors=turns), embedder, turns)
    similarity, kr_similarity = None, None
    if goals:
        targets = np.asarray(embedder.embed_documents(list(goals)), dtype=np.float64)
        similarity = [float(v) for v in (turns @ targets.T).max(axis=1)]
    if key_results:
        targets = np.asarray(embedder.embed_documents([kr.text for kr in key_results]), dtype=np.float64)
        kr_similarity = (turns @ targets.T).tolist()
    return analyse(transcript, labels, attendees=attendees, goal_similarity=similarity,
                   key_results=key_results, key_result_similarity=kr_similarity, key_sentences=key_sentences)
