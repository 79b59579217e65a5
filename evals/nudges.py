"""Per nudge kind precision and recall on labelled check-ins (`evals/datasets/checkins`).

Each check-in lists the nudge kinds a good coach would accept (`expected.yaml`, documented at its
top). A drafted problem kind that is listed is a true positive, one that is not is a false alarm,
a listed kind not drafted is a miss; "positive" nudges are not scored. Private signals
(wellbeing) are scored the same way against `private:` and must never appear as team nudges.

`score` is pure; `predict` runs the real analysis (MiniLM, the shipped utterance model) on one
check-in. `python -m evals.nudges` prints both splits; `coach eval --suite nudges` (the suite in
`evals/suites/nudges.py`) gates them against `evals/thresholds.yaml`.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import get_args

import yaml

from coach.embeddings import Embedder
from coach.meetings.drafting import draft_nudges
from coach.meetings.dynamics import KeyResultRef
from coach.meetings.models import NudgeDraft, NudgeKind
from coach.meetings.reading import read_meeting
from coach.meetings.service import read_transcript
from coach.okr import OkrSet

CHECKINS = Path(__file__).parent / "datasets" / "checkins"
SCORED = tuple(k for k in get_args(NudgeKind) if k != "positive")


@dataclass(frozen=True)
class CheckinCase:
    """One labelled check-in."""

    name: str
    path: Path
    team: str
    split: str
    okrs: Path | None
    expected: frozenset[str]
    cohort: str = ""


@dataclass(frozen=True)
class KindScore:
    """Counts and rates for one nudge kind on one split."""

    kind: str
    true_positives: int
    false_positives: int
    misses: int

    @property
    def precision(self) -> float:
        """Share of drafted nudges of this kind a coach would accept (1.0 when none drafted)."""
        drafted = self.true_positives + self.false_positives
        return self.true_positives / drafted if drafted else 1.0

    @property
    def recall(self) -> float:
        """Share of expected nudges of this kind that were drafted (1.0 when none expected)."""
        expected = self.true_positives + self.misses
        return self.true_positives / expected if expected else 1.0


def load_cases(folder: Path = CHECKINS) -> list[CheckinCase]:
    """The check-ins listed in the folder's expected.yaml."""
    labels = yaml.safe_load((folder / "expected.yaml").read_text(encoding="utf-8"))
    return [CheckinCase(name, folder / name, row["team"], row["split"],
                        folder / row["okrs"] if row.get("okrs") else None,
                        frozenset(row.get("nudges") or ()) | frozenset(row.get("private") or ()),
                        str(row.get("cohort") or ""))
            for name, row in labels.items()]


def predict(case: CheckinCase, embedder: Embedder) -> frozenset[str]:
    """The scored kinds the analysis drafts for one check-in."""
    return scored_kinds(draft(case, embedder))


def scored_kinds(drafts: Iterable[NudgeDraft]) -> frozenset[str]:
    """The scored kinds among drafts; a wellbeing signal only counts when it is a private note to
    the manager (one addressed to the team is not what a coach would accept)."""
    return frozenset(d.kind for d in drafts
                     if d.kind != "positive" and (d.kind != "wellbeing" or d.audience == "manager"))


def draft(case: CheckinCase, embedder: Embedder) -> list[NudgeDraft]:
    """Every nudge the analysis drafts for one check-in (MiniLM labels the turns)."""
    transcript = read_transcript(case.path)
    goals: list[str] = []
    key_results: list[KeyResultRef] = []
    if case.okrs is not None:
        okrs = OkrSet.model_validate(yaml.safe_load(case.okrs.read_text(encoding="utf-8")))
        for objective in okrs.objectives:
            goals.append(objective.title)
            key_results += [KeyResultRef(kr.text, kr.owner, kr.metric) for kr in objective.key_results]
        goals += [kr.text for kr in key_results]
    dynamics = read_meeting(transcript, embedder, goals=goals, key_results=key_results,
                            attendees=transcript.attendees)
    return draft_nudges(transcript, dynamics)


def score(cases: Iterable[CheckinCase], predicted: Mapping[str, frozenset[str]]) -> dict[str, list[KindScore]]:
    """Per split, per scored kind: true positives, false alarms and misses."""
    result: dict[str, list[KindScore]] = {}
    by_split: dict[str, list[CheckinCase]] = {}
    for case in cases:
        by_split.setdefault(case.split, []).append(case)
    for split, group in sorted(by_split.items()):
        result[split] = [KindScore(kind, sum(kind in predicted[c.name] and kind in c.expected for c in group),
                                   sum(kind in predicted[c.name] and kind not in c.expected for c in group),
                                   sum(kind not in predicted[c.name] and kind in c.expected for c in group))
                         for kind in SCORED]
    return result


def micro(scores: Iterable[KindScore]) -> KindScore:
    """All kinds pooled."""
    rows = list(scores)
    return KindScore("all", sum(r.true_positives for r in rows), sum(r.false_positives for r in rows),
                     sum(r.misses for r in rows))


def table(scores: Mapping[str, list[KindScore]]) -> str:
    """A plain-text table of both splits."""
    lines = []
    for split, rows in scores.items():
        lines.append(f"\n{split}\n{'kind':<22} {'tp':>3} {'fp':>3} {'miss':>4} {'precision':>9} {'recall':>6}")
        for row in [*rows, micro(rows)]:
            lines.append(f"{row.kind:<22} {row.true_positives:>3} {row.false_positives:>3} {row.misses:>4} "
                         f"{row.precision:>9.2f} {row.recall:>6.2f}")
    return "\n".join(lines)


def evaluate(embedder: Embedder,
             folder: Path = CHECKINS) -> tuple[dict[str, list[KindScore]], dict[str, frozenset[str]]]:
    """Run the analysis on every labelled check-in and score it."""
    cases = load_cases(folder)
    predicted = {case.name: predict(case, embedder) for case in cases}
    return score(cases, predicted), predicted


def by_cohort(cases: Iterable[CheckinCase], predicted: Mapping[str, frozenset[str]]) -> dict[str, list[KindScore]]:
    """The held-out split scored apart per cohort: the first held-out check-ins, and the fresh ones
    written after the analysis was tuned on the rest (`cohort: fresh`)."""
    held = [c for c in cases if c.split == "heldout"]
    groups = {"heldout (first)": [c for c in held if c.cohort != "fresh"],
              "heldout (fresh)": [c for c in held if c.cohort == "fresh"]}
    return {name: score(group, predicted)["heldout"] for name, group in groups.items() if group}


def main() -> int:
    """Print per-kind precision and recall for the tune and held-out splits (and each held-out
    cohort). Only tune check-ins are listed one by one: held-out ones are not for reading."""
    from coach.embeddings import LocalEmbedder

    scores, predicted = evaluate(LocalEmbedder())
    cases = load_cases()
    for case in cases:
        if case.split == "tune":
            print(f"{case.split:<8} {case.name:<36} expected {sorted(case.expected)} "
                  f"drafted {sorted(predicted[case.name])}")
    print(table(scores))
    print(table(by_cohort(cases, predicted)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
