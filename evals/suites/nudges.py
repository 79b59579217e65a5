"""Check-in nudges: precision and recall per nudge kind on labelled check-ins written for coach
(`evals/datasets/checkins`, documented in its expected.yaml), with the real utterance classifier.

A drafted problem kind the labels list is a true positive, one they do not list a false alarm, a
listed kind not drafted a miss; "positive" nudges are not scored. A wellbeing signal counts only as
a private note to the manager, and `private_stays_private` checks no such signal is addressed to
the team. The analysis needs MiniLM whatever embedder the run is configured with: the classifier
was trained on MiniLM vectors (see `coach.meetings.service.utterance_embedder`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from coach.embeddings import Embedder
from coach.meetings.classifier import default_embedder, shipped_model
from coach.meetings.models import NudgeDraft
from evals.env import Env
from evals.harness import Case, CaseView, Evaluator, Score, Suite, matched
from evals.nudges import SCORED, CheckinCase, draft, load_cases, scored_kinds


@dataclass(frozen=True)
class NudgeRun:
    """What the analysis drafted for one check-in."""

    drafts: tuple[NudgeDraft, ...]

    @property
    def kinds(self) -> frozenset[str]:
        """The scored kinds drafted."""
        return scored_kinds(self.drafts)


def load() -> list[Case[CheckinCase]]:
    """Every labelled check-in."""
    return [Case(case.name, "heldout" if case.split == "heldout" else "tune", case) for case in load_cases()]


def _embedder(env: Env) -> Embedder:
    given = env.embedder
    return given if given is not None and given.name == shipped_model().embedder else default_embedder()


def run(case: CheckinCase, env: Env) -> NudgeRun:
    """Analyse the check-in and draft its nudges."""
    return NudgeRun(tuple(draft(case, _embedder(env))))


def _kind(kind: str) -> Evaluator[CheckinCase, NudgeRun]:
    def evaluate(case: CheckinCase, output: NudgeRun) -> Score:
        return matched(set(output.kinds) & {kind}, set(case.expected) & {kind}, kind)
    evaluate.__doc__ = f"Precision and recall of `{kind}` nudges."
    return evaluate


def all_kinds(case: CheckinCase, output: NudgeRun) -> Score:
    """Every scored kind against every label."""
    return matched(set(output.kinds), set(case.expected), "nudge kinds")


def private_stays_private(case: CheckinCase, output: NudgeRun) -> Score:
    """No wellbeing signal is addressed to the team (0 when one is)."""
    leaked = [d for d in output.drafts if d.kind == "wellbeing" and d.audience != "manager"]
    return Score(0.0 if leaked else 1.0, f"{len(leaked)} wellbeing drafts addressed to the team", ok=not leaked)


def view(case: CheckinCase, output: NudgeRun) -> CaseView:
    """The check-in, its labels, and each draft with its evidence lines."""
    drafts: list[dict[str, Any]] = [
        {"kind": d.kind, "audience": d.audience, "text": d.text,
         "evidence": [f"line {e.line} {e.speaker}: {e.text}" for e in d.evidence]} for d in output.drafts]
    inputs = {"transcript": case.path.name, "team": case.team, "expected": sorted(case.expected)}
    return CaseView(inputs, {"kinds": sorted(output.kinds), "drafts": drafts})


SUITE: Suite[CheckinCase, NudgeRun] = Suite(
    "nudges", "Nudge kinds drafted for labelled check-ins of many kinds of teams",
    load, run, {"nudges": all_kinds, **{kind: _kind(kind) for kind in SCORED},
                "private_stays_private": private_stays_private}, view,
    notes=("Labels are what a coach would accept for each meeting, written with the transcripts; "
           "the held-out check-ins were not looked at while tuning the analysis.",))
