"""The eval plug-in interface: a suite is a name, labelled cases, a `run` and pure evaluators.

A suite author writes four things (see `evals/suites/` for real ones):

- a dataset in `evals/datasets/` (YAML, documented at its top), each case with an `id` and a
  `split`: `tune` (examples anyone may look at while improving a skill) or `heldout` (never
  looked at while tuning; its figures are reported separately);
- `load() -> list[Case[C]]`, turning the dataset into typed case data `C`;
- `run(data, env) -> O`, the only step that does I/O (asks the skill, searches);
- evaluators `(data, output) -> Score`: pure functions returning a value and a reason.
  An evaluator that matches sets (findings, nudges, risks) also returns a `Tally`
  (true positives, false positives, false negatives); the suite's metric is then the
  micro-averaged precision and recall over the cases instead of a mean.

Every metric is computed for the `tune` split, the `heldout` split and `all` cases.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Generic, Literal, TypeVar

if TYPE_CHECKING:
    from evals.env import Env

Split = Literal["tune", "heldout"]
SPLITS: tuple[Split, ...] = ("tune", "heldout")
C = TypeVar("C")
Out = TypeVar("Out")


@dataclass(frozen=True)
class Tally:
    """Set-matching counts for one case: found and expected, found and not expected, missed."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def __add__(self, other: Tally) -> Tally:
        return Tally(self.tp + other.tp, self.fp + other.fp, self.fn + other.fn)


@dataclass(frozen=True)
class Score:
    """One evaluator's verdict on one case: a value, why, and whether the case passes it.

    `value` is None when the evaluator does not apply to the case (it is then left out of
    the mean). `ok` is what the report's pass/fail and the baseline's pass→fail list use.
    """

    value: float | None
    reason: str
    ok: bool = True
    tally: Tally | None = None


def ratio(good: int, total: int, what: str, *, floor: float = 1.0) -> Score:
    """A share as a Score: `good` of `total` `what`; ok when the share reaches `floor`."""
    if total == 0:
        return Score(None, f"no {what} to judge")
    value = good / total
    return Score(value, f"{good} of {total} {what}", ok=value >= floor)


def matched(found: set[str], expected: set[str], what: str) -> Score:
    """Set matching as a Score with a Tally (value = F1 of this case)."""
    tally = Tally(len(found & expected), len(found - expected), len(expected - found))
    if not found and not expected:
        return Score(None, f"no {what} expected and none found", tally=tally)
    f1 = 2 * tally.tp / (2 * tally.tp + tally.fp + tally.fn)
    parts = [f"expected {sorted(expected) or 'none'}", f"found {sorted(found) or 'none'}"]
    return Score(f1, f"{what}: " + "; ".join(parts), ok=tally.fp == 0 and tally.fn == 0, tally=tally)


@dataclass(frozen=True)
class Case(Generic[C]):
    """One labelled case: its id, split and typed data (inputs and labels)."""

    id: str
    split: Split
    data: C


@dataclass(frozen=True)
class Cited:
    """A citation followed to its text, for the report's drill-down."""

    chunk_id: str
    title: str
    source: str
    text: str


@dataclass(frozen=True)
class CaseView:
    """What the report shows of a case: its inputs, the output and the cited passages."""

    inputs: Any
    output: Any
    citations: Sequence[Cited] = ()


Evaluator = Callable[[C, Out], Score]


@dataclass(frozen=True)
class Suite(Generic[C, Out]):
    """A named eval: labelled cases, how to run one, and the pure evaluators that judge it."""

    name: str
    description: str
    load: Callable[[], list[Case[C]]]
    run: Callable[[C, Env], Out]
    evaluators: Mapping[str, Evaluator[C, Out]]
    view: Callable[[C, Out], CaseView]
    # Anything the reader must know about the labels (e.g. "derived from card tags").
    notes: tuple[str, ...] = ()
    # Why the suite cannot run here (a missing optional corpus), or None when it can.
    unavailable: Callable[[], str | None] = lambda: None
    # Builds what every case needs (an index) before the first case, so latency is per case.
    prepare: Callable[[Env], object] = lambda env: None
    # Per-case model outcome (accepted / repaired / fallback / offline) when a skill answered.
    outcome: Callable[[Out], tuple[str, tuple[str, ...]] | None] = lambda output: None
    # Metrics over a split's answers taken together (e.g. how often one card recurs), added to
    # the per-case means; pure, like evaluators.
    summary: Callable[[Sequence[tuple[C, Out]]], dict[str, float]] = lambda answers: {}


@dataclass
class CaseResult:
    """Everything measured for one case."""

    id: str
    split: Split
    scores: dict[str, Score]
    latency_ms: float
    view: CaseView | None = None
    error: str | None = None
    outcome: tuple[str, tuple[str, ...]] | None = None

    @property
    def ok(self) -> bool:
        """Passes every evaluator and raised no error."""
        return self.error is None and all(score.ok for score in self.scores.values())


@dataclass
class SuiteResult:
    """A suite's cases and its metrics per split (`tune`, `heldout`, `all`)."""

    name: str
    description: str
    cases: list[CaseResult] = field(default_factory=list)
    metrics: dict[str, dict[str, float]] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)
    notes: tuple[str, ...] = ()
    skipped: str | None = None
    model: dict[str, Any] = field(default_factory=dict)
    seconds: float = 0.0  # wall clock, including the indexing this suite was first to need
