"""Schemas of the knowledge cards shipped in `corpus/` (and of cards teams add themselves).

Card kinds: practice (Markdown + front matter), kr_pattern (YAML, many per domain file),
risk (YAML, one per file), career_question (YAML, many per theme file), guide (Markdown).
"""

from __future__ import annotations

import re
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator

KrState = Literal["new", "no_baseline", "low_confidence", "off_track", "stalled", "on_track", "done"]
Stage = Literal["foundation", "discovery", "options", "delivery"]
Difficulty = Literal["easy", "medium", "hard"]
Direction = Literal["increase", "decrease", "keep-within"]
KrKind = Literal["leading", "lagging"]
Stance = Literal["try", "do", "consider"]
Severity = Literal["low", "medium", "high"]
Horizon = Literal["past", "present", "1y", "5y", "10y+"]
CareerTheme = Literal["values", "strengths", "energy", "skills", "role-aspirations",
                      "company-type", "learning", "recognition", "support", "work-life"]
CareerStage = Literal["open", "explore", "commit", "close"]
# Evidence-finding code in `coach/skills/risks.py`, named on the risk cards it raises.
Detector = Literal["okr_phrases", "transcript_phrases", "low_confidence", "stale_metrics",
                   "meeting_decision_without_owner", "meeting_action_without_date",
                   "missing_owner", "single_owner", "off_track_state", "stalled_state"]
LintRule = Literal["activity_wording", "missing_metric", "missing_baseline", "missing_target",
                   "missing_date", "binary_kr", "maintain_wording", "too_few_krs",
                   "too_many_krs", "target_tied_to_pay",
                   # rules that read meaning (coach/skills/lint_meaning.py)
                   "direction_contradicts_numbers", "target_already_met", "weak_floor_target",
                   "due_outside_cycle", "duplicate_kr", "single_owner", "missing_owner",
                   "restates_objective", "no_key_results"]

CardId = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$", max_length=80)]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=3)]

# Questions that open with these words invite a yes or a no.
CLOSED_OPENERS = ("is", "are", "do", "does", "did", "have", "has", "had", "can", "could", "will",
                  "would", "should", "shall", "may", "might", "must", "was", "were", "am")
LEADING_PHRASES = ("don't you think", "wouldn't you agree", "surely", "obviously", "isn't it",
                   "right?", "don't you", "wouldn't you", "aren't you")


class _Card(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class PracticeCard(_Card):
    """Front matter of `corpus/practices/<id>.md`; the body holds What / Why / How."""

    id: CardId
    name: Text
    summary: Text
    topics: list[str] = Field(default_factory=list)
    when_to_use: list[Text] = Field(min_length=1)
    kr_states: list[KrState] = Field(min_length=1)
    stage: Stage
    time: Text
    people: Annotated[str, StringConstraints(min_length=1)]
    difficulty: Difficulty
    first_step: Text
    related: list[CardId] = Field(default_factory=list)


class KrPattern(_Card):
    """A way to measure a goal, with placeholders instead of numbers in its example."""

    id: CardId
    metric: Text
    unit: Annotated[str, StringConstraints(min_length=1)]
    direction: Direction
    kind: KrKind
    how_to_measure: Text
    counter_metric: Text
    example: Text
    domains: list[CardId] = Field(min_length=1)
    keywords: list[str] = Field(min_length=1)
    family: CardId
    # Why a team would pick this measure, in a sentence; shown in the idea's rationale.
    rationale: Text | None = None

    @field_validator("example")
    @classmethod
    def _placeholders(cls, value: str) -> str:
        missing = [p for p in ("{target}", "{date}") if p not in value]
        if missing:
            raise ValueError(f"example must use placeholders, missing {', '.join(missing)}")
        return value


class KrPatternFile(_Card):
    """`corpus/kr-patterns/<domain>.yaml`."""

    domain: CardId
    title: Text
    # Words (lemmas) that say an objective belongs to this domain: "ward", "patient", "bed".
    vocabulary: list[str] = Field(default_factory=list)
    patterns: list[KrPattern] = Field(min_length=1)


class RiskSignals(_Card):
    """How a risk shows itself: phrases, lint findings, and conditions in words."""

    phrases: list[str] = Field(default_factory=list)
    lint: list[LintRule] = Field(default_factory=list)
    conditions: list[Text] = Field(default_factory=list)
    detectors: list[Detector] = Field(default_factory=list)


class SeverityGuidance(_Card):
    """Default severity and when to move it."""

    default: Severity
    raise_when: Text
    lower_when: Text


class Mitigation(_Card):
    """One mitigation, phrased as try / do / consider."""

    stance: Stance
    text: Text


class RiskCard(_Card):
    """`corpus/risks/<id>.yaml`."""

    id: CardId
    name: Text
    description: Text
    signals: RiskSignals
    severity: SeverityGuidance
    mitigations: list[Mitigation] = Field(min_length=1)
    related_practices: list[CardId] = Field(default_factory=list)


class CareerQuestion(_Card):
    """An open question for a career conversation."""

    id: CardId
    text: Text
    horizon: Horizon
    stage: CareerStage
    follow_ups: list[Text] = Field(default_factory=list)
    tags: list[str] = Field(default_factory=list)

    @field_validator("text", "follow_ups")
    @classmethod
    def _open_question(cls, value: str | list[str]) -> str | list[str]:
        for question in [value] if isinstance(value, str) else value:
            problem = closed_or_leading(question)
            if problem:
                raise ValueError(problem)
        return value


class CareerThemeFile(_Card):
    """`corpus/career/<theme>.yaml`."""

    theme: CareerTheme
    title: Text
    questions: list[CareerQuestion] = Field(min_length=1)


class GuideCard(_Card):
    """Front matter of `corpus/guides/<id>.md`."""

    id: CardId
    title: Text
    kind: Literal["guide"]
    topics: list[str] = Field(default_factory=list)


def closed_or_leading(question: str) -> str | None:
    """Why a question is not open (yes/no or leading), or None when it is fine."""
    words = re.findall(r"[a-z']+", question.lower())
    if words and words[0] in CLOSED_OPENERS:
        return f"{question!r} can be answered yes or no (starts with {words[0]!r})"
    lowered = question.lower()
    for phrase in LEADING_PHRASES:
        if phrase in lowered:
            return f"{question!r} is leading ({phrase!r})"
    if not question.rstrip().endswith("?"):
        return f"{question!r} is not phrased as a question"
    return None
