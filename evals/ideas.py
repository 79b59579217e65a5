"""Ideas that fit any team: key results, practices and career questions on labelled cases
from domains the catalogue did not have before (datasets `kr_objectives`, `practice_situations`,
`career_dilemmas`), scored per split (`tune` was looked at while calibrating, `heldout` never).

- key results: on-topic share (items a coach would accept), off-domain share (catalogue items
  from a domain none of the acceptable measures come from), hit@3, and how often fewer ideas
  were returned with a warning;
- practices: hit@3, precision@3, the share of answers led by an imported Open Practice Library
  page where one fits best, and the most frequent card's share of answers;
- career: dilemma coverage (share of the person's dilemmas a question speaks to).
Evaluators are pure functions over outputs and labels; `evaluate_*` run the skills.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from statistics import mean
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, model_validator

from coach.catalogue import builtin_catalogue
from coach.skills.key_results import KeyResultSuggestion

DATASETS = Path(__file__).parent / "datasets"
Split = Literal["tune", "heldout"]
SHAPES = ("time-to", "share-of", "count-of", "rate-of", "satisfaction")


class _Case(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str
    split: Split = "tune"  # the eval harness reads the split itself and passes the rest
    team: str


class ObjectiveCase(_Case):
    """An objective and the measures a coach would accept for it: catalogue pattern ids (empty when
    no pattern fits, so only shapes in the objective's words can be on topic) and measure shapes.
    `team_tracks` is what the team's own records already track (the calibration's team context);
    `cohort` names a batch of held-out cases written later, reported apart."""

    objective: str
    acceptable: list[str] = []
    acceptable_shapes: list[Literal["time-to", "share-of", "count-of", "rate-of", "satisfaction"]] = []
    timeframe: str | None = None
    team_tracks: list[str] = []
    cohort: str = ""

    @model_validator(mode="after")
    def _something_fits(self) -> ObjectiveCase:
        if not self.acceptable and not self.acceptable_shapes:
            raise ValueError(f"case {self.id}: label at least one acceptable pattern or shape")
        return self


class PracticeCase(_Case):
    """A key result in a situation and the practices (built-in or imported) a coach would accept."""

    key_result: str
    state: Literal["new", "no_baseline", "low_confidence", "off_track", "stalled", "on_track", "done"] | None = None
    context: str | None = None
    best_from_opl: bool
    acceptable: list[str] = Field(min_length=1)
    # Which batch of held-out situations a case came in (`fresh2`: written after the ranking was
    # tuned on the rest), so a later report can score a cohort nobody has looked at apart.
    cohort: str | None = None


Dilemma = Literal["management-vs-craft", "leaving", "returning", "promotion", "pay", "burnout",
                  "reorg", "relocation"]


class CareerCase(_Case):
    """A person's context, the dilemmas a coach would explore, and ones that must not come up."""

    about: str
    dilemmas: list[Dilemma]
    must_not: list[Dilemma] = []


# How a question reads when it explores a dilemma: the evaluator's own reading of the text,
# independent of any tag on the question cards.
DILEMMA_WORDS: dict[str, str] = {
    "management-vs-craft": r"\blead|manag|craft|hands-on|the work yourself|leadership",
    "leaving": r"\bleav|\bstay(?:ing)? (?:here|with)|staying|elsewhere",
    "returning": r"coming back|time away|back after|hours you have|months back|part-time",
    "promotion": r"promot|\blevel\b",
    "pay": r"\bpay\b|commission|salary|\bearn",
    "burnout": r"energy|hard stretch|recover|took the most out|exhaust",
    "reorg": r"reorganis|changes in the organisation|new structure|restructur",
    "relocation": r"\bmov(?:e|ed|ing)\b|relocat",
}


@dataclass(frozen=True)
class Scores:
    """Mean scores of one skill on one split."""

    skill: str
    split: Split
    cases: int
    scores: dict[str, float]
    cohort: str = ""  # a batch of held-out cases reported apart ("" for the whole split)


def load_cases(name: str, model: type[Any]) -> list[Any]:
    """Every case of a dataset, validated."""
    data = yaml.safe_load((DATASETS / f"{name}.yaml").read_text(encoding="utf-8"))
    return [model.model_validate(raw) for raw in data["cases"]]


def idea_label(item: KeyResultSuggestion) -> tuple[str, str | None]:
    """("pattern", id) for a catalogue idea, ("shape", shape) for one composed in the objective's
    words, ("team", None) for a metric from the team's own data."""
    source = item.citations[0].source if item.citations else ""
    if "measure-shapes" in source:
        shape = item.rationale.split("(", 1)[-1].split(" shape", 1)[0].replace(" ", "-")
        return "shape", shape
    patterns = builtin_catalogue().patterns
    by_metric = {p.pattern.metric.lower(): pid for pid, p in patterns.items()}
    pattern_id = by_metric.get(item.metric.lower())
    return ("pattern", pattern_id) if pattern_id else ("team", None)


def score_ideas(items: Sequence[KeyResultSuggestion], case: ObjectiveCase) -> dict[str, float]:
    """on_topic, off_domain and hit@3 for one answer (an empty answer scores 0 on-topic)."""
    patterns = builtin_catalogue().patterns
    ok_domains = {d for pid in case.acceptable if pid in patterns for d in patterns[pid].pattern.domains}
    accepted, off = [], []
    for item in items:
        kind, label = idea_label(item)
        if kind == "pattern" and label:
            accepted.append(label in case.acceptable)
            off.append(not set(patterns[label].pattern.domains) & ok_domains)
        elif kind == "shape":
            accepted.append(label in case.acceptable_shapes)
            off.append(False)
        else:
            accepted.append(True)  # the team's own metric, chosen because it relates to the objective
            off.append(False)
    return {"on_topic": sum(accepted) / len(accepted) if accepted else 0.0,
            "off_domain": sum(off) / len(off) if off else 0.0,
            "hit@3": 1.0 if any(accepted[:3]) else 0.0,
            "ideas": float(len(items))}


def evaluate_kr_ideas(suggest: Any, split: Split, cohort: str | None = None) -> Scores:
    """Run key results on every case of a split (only one cohort of it when `cohort` is given,
    "" for the cases outside any named cohort); `suggest(objective, timeframe)` → items."""
    rows = [score_ideas(suggest(case.objective, case.timeframe), case)
            for case in load_cases("kr_objectives", ObjectiveCase)
            if case.split == split and (cohort is None or case.cohort == cohort)]
    label = {None: "", "": "first"}.get(cohort, cohort or "")
    return Scores("key-results", split, len(rows), {k: mean(r[k] for r in rows) for k in rows[0]}, label)


def score_practices(ids: Sequence[str], opl_ids: set[str], case: PracticeCase) -> dict[str, float]:
    """hit@3, precision@3, and (for situations best served by an imported page) whether an
    accepted imported page is among the three."""
    accepted = [pid in case.acceptable for pid in ids[:3]]
    row = {"hit@3": 1.0 if any(accepted) else 0.0,
           "precision@3": sum(accepted) / len(accepted) if accepted else 0.0}
    if case.best_from_opl:
        row["opl_hit@3"] = 1.0 if any(pid in case.acceptable and pid in opl_ids for pid in ids[:3]) else 0.0
    return row


def score_career(prompts: Sequence[str], case: CareerCase) -> dict[str, float]:
    """Dilemma coverage (share of the person's dilemmas some question explores) and false raises
    (dilemmas that must not come up but did)."""
    text = "\n".join(prompts).lower()
    covered = [bool(re.search(DILEMMA_WORDS[d], text)) for d in case.dilemmas]
    wrong = [bool(re.search(DILEMMA_WORDS[d], text)) for d in case.must_not]
    return {"dilemma_coverage": sum(covered) / len(covered) if covered else 1.0,
            "false_raise": sum(wrong) / len(wrong) if wrong else 0.0}


def evaluate_practices(suggest: Any, split: Split, opl_ids: set[str]) -> Scores:
    """Practices on a split; `suggest(case)` → practice ids in order."""
    cases = [c for c in load_cases("practice_situations", PracticeCase) if c.split == split]
    answers = [list(suggest(case)) for case in cases]
    rows = [score_practices(ids, opl_ids, case) for ids, case in zip(answers, cases, strict=True)]
    scores = {"hit@3": mean(r["hit@3"] for r in rows), "precision@3": mean(r["precision@3"] for r in rows),
              "opl_hit@3": mean(r["opl_hit@3"] for r in rows if "opl_hit@3" in r),
              "top_card_share": most_common_share(answers)[1]}
    return Scores("practices", split, len(rows), scores)


def evaluate_career(suggest: Any, split: Split) -> Scores:
    """Career questions on a split; `suggest(about)` → the question texts."""
    cases = [c for c in load_cases("career_dilemmas", CareerCase) if c.split == split]
    rows = [score_career(suggest(case.about), case) for case in cases]
    with_dilemmas = [r for r, c in zip(rows, cases, strict=True) if c.dilemmas]
    return Scores("career", split, len(rows),
                  {"dilemma_coverage": mean(r["dilemma_coverage"] for r in with_dilemmas),
                   "false_raise": mean(r["false_raise"] for r in rows)})


def most_common_share(answers: Sequence[Sequence[str]]) -> tuple[str, float]:
    """The card that appears in most answers, and the share of answers it appears in."""
    counts = Counter(card for answer in answers for card in set(answer))
    if not counts:
        return "", 0.0
    card, count = counts.most_common(1)[0]
    return card, count / len(answers)


def table(results: Sequence[Scores]) -> str:
    """Plain-text table, one line per skill and split."""
    lines = [f"{'skill':<12} {'split':<8} {'cases':>5}  scores"]
    for result in results:
        scores = ", ".join(f"{k} {v:.3f}" for k, v in result.scores.items())
        split = f"{result.split} {result.cohort}".strip()
        lines.append(f"{result.skill:<12} {split:<8} {result.cases:>5}  {scores}")
    return "\n".join(lines)
