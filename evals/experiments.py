"""Experiment suggestions on labelled cases (evals/datasets/experiments.yaml).

Per suggested experiment:
- testable: the hypothesis reads "We believe … will move … because …", names every word of
  the case's metric label, and the decision rule says which result means keep and stop (or scale);
- grounded: it cites at least one chunk, and every quoted piece of evidence ("…") appears in a
  cited chunk or in the team context given with the request;
- on topic: its practice card is one a coach accepts for this key result.
Scores are shares of items, averaged per case, reported per split; on-topic also per kind of
team (its mean and its worst kind). `score_case` is pure; `evaluate_experiments` runs the skill.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from statistics import mean
from typing import Any, Literal

import yaml
from pydantic import BaseModel, Field

from coach.cards import KrState

DATASET = Path(__file__).parent / "datasets" / "experiments.yaml"
Split = Literal["tune", "heldout"]
_SHAPE = re.compile(r"^we believe .+ will (?:move|keep) .+ because .+", re.IGNORECASE | re.DOTALL)
Results = tuple[dict[str, float], list["CaseScore"]]
_QUOTE = re.compile(r'"([^"]{8,})"')


class ExperimentCase(BaseModel):
    """A key result from one kind of team and what a coach would accept for it."""

    id: str
    team_kind: str
    split: Split = "tune"
    key_result: str
    state: KrState | None = None
    context: str | None = None
    metric: list[str] = Field(min_length=1)
    acceptable: list[str] = Field(min_length=1)


@dataclass(frozen=True)
class CaseScore:
    """One case's shares, with a reason for every item that missed."""

    case: ExperimentCase
    items: int
    testable: float
    grounded: float
    on_topic: float
    reasons: list[str] = field(default_factory=list)


def load_cases(path: Path = DATASET) -> list[ExperimentCase]:
    """Every labelled case."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return [ExperimentCase.model_validate(raw) for raw in data["cases"]]


def _norm(text: str) -> str:
    return " ".join(re.findall(r"[a-z0-9]+", text.lower()))


def is_testable(item: Mapping[str, Any], metric: Sequence[str]) -> tuple[bool, str]:
    """(testable, why not)."""
    hypothesis = str(item.get("hypothesis", ""))
    if not _SHAPE.match(hypothesis.strip()):
        return False, "hypothesis is not 'We believe … will move … because …'"
    missing = [w for w in metric if _norm(w) not in _norm(hypothesis)]
    if missing:
        return False, f"hypothesis does not name {missing}"
    rule = _norm(str(item.get("decision_rule", "")))
    if "keep" not in rule.split() or not {"stop", "scale"} & set(rule.split()):
        return False, "decision rule lacks keep and stop/scale"
    return True, ""


def is_grounded(item: Mapping[str, Any], chunk_text: Callable[[str], str | None],
                context: str | None) -> tuple[bool, str]:
    """(grounded, why not): cited, and each quoted piece of evidence found in a cited source."""
    citations = item.get("citations") or []
    if not citations:
        return False, "no citation"
    texts = [chunk_text(str(c.get("chunk_id"))) or "" for c in citations]
    sources = _norm(" ".join([*texts, context or ""]))
    for quote in _QUOTE.findall(str(item.get("hypothesis", ""))):
        if _norm(quote) not in sources:
            return False, f"quoted evidence {quote[:60]!r} is in no cited source"
    return True, ""


def score_case(case: ExperimentCase, items: Sequence[Mapping[str, Any]],
               chunk_text: Callable[[str], str | None]) -> CaseScore:
    """Shares of testable, grounded and on-topic items for one case (0 when nothing came back)."""
    reasons: list[str] = []
    testable = grounded = on_topic = 0
    for number, item in enumerate(items, start=1):
        ok, why = is_testable(item, case.metric)
        testable += ok
        reasons += [] if ok else [f"{case.id} item {number}: {why}"]
        ok, why = is_grounded(item, chunk_text, case.context)
        grounded += ok
        reasons += [] if ok else [f"{case.id} item {number}: {why}"]
        accepted = item.get("practice_id") in case.acceptable
        on_topic += accepted
        reasons += [] if accepted else [f"{case.id} item {number}: {item.get('practice_id')} not accepted"]
    total = max(len(items), 1)
    return CaseScore(case, len(items), testable / total, grounded / total, on_topic / total, reasons)


def summarise(scores: Sequence[CaseScore]) -> dict[str, float]:
    """Mean shares, the share of cases with 3–5 items, and on-topic per kind of team (mean, worst)."""
    kinds: dict[str, list[float]] = {}
    for score in scores:
        kinds.setdefault(score.case.team_kind, []).append(score.on_topic)
    per_kind = [mean(v) for v in kinds.values()]
    return {"testable": mean(s.testable for s in scores), "grounded": mean(s.grounded for s in scores),
            "on_topic": mean(s.on_topic for s in scores),
            "on_topic_kind_mean": mean(per_kind), "on_topic_kind_worst": min(per_kind),
            "three_to_five": mean(1.0 if 3 <= s.items <= 5 else 0.0 for s in scores)}


def evaluate_experiments(suggest: Callable[[dict[str, Any]], Sequence[Mapping[str, Any]]],
                         chunk_text: Callable[[str], str | None],
                         cases: Sequence[ExperimentCase] | None = None) -> dict[str, Results]:
    """Run the skill on every case; {split: (summary, case scores)} for tune and heldout."""
    results: dict[str, list[CaseScore]] = {"tune": [], "heldout": []}
    for case in cases if cases is not None else load_cases():
        request = {"key_result": case.key_result, "state": case.state, "context": case.context}
        results[case.split].append(score_case(case, suggest(request), chunk_text))
    return {split: (summarise(scores), scores) for split, scores in results.items() if scores}


def table(results: Mapping[str, Results]) -> str:
    """Plain-text table, one row per split."""
    lines = [f"{'experiments':<20} {'cases':>5}  scores"]
    for split, (summary, scores) in results.items():
        figures = ", ".join(f"{k} {v:.3f}" for k, v in summary.items())
        lines.append(f"{split:<20} {len(scores):>5}  {figures}")
    return "\n".join(lines)


def run(coach: Any) -> dict[str, Results]:
    """Score the experiments skill of a `Coach` whose library holds the built-in corpus."""
    texts: dict[str, str] = {}

    def suggest(request: dict[str, Any]) -> list[dict[str, Any]]:
        response = coach.suggest("experiments", request, offline=True)
        items: list[dict[str, Any]] = [i.model_dump(mode="json") for i in response.items]
        for item in items:  # remember the cited chunks' text for the grounding check
            for citation in item["citations"]:
                for chunk in coach.file_chunks(citation["source"]):
                    texts[chunk.chunk_id] = chunk.text
        return items

    return evaluate_experiments(suggest, texts.get)


def main(argv: Sequence[str] | None = None) -> int:
    """`python -m evals.experiments [--data-dir DIR]`: index the corpus (unless DIR has it), score."""
    import argparse
    import tempfile

    from coach.config import Settings
    from coach.service import Coach

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--data-dir", type=Path, help="a data dir where the corpus is already indexed")
    parser.add_argument("-v", "--verbose", action="store_true", help="print why items missed")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as scratch:
        coach = Coach(Settings(data_dir=args.data_dir or Path(scratch), embedder="local"))
        if args.data_dir is None:
            coach.ingest([Path(__file__).resolve().parent.parent / "corpus"])
        results = run(coach)
        coach.close()
    print(table(results))
    for split, (_, scores) in results.items():
        for score in scores if args.verbose else []:
            for reason in score.reasons:
                print(f"  [{split}] {reason}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
