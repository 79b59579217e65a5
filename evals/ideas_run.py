"""Run the ideas evals on a data dir and print tune and held-out figures.

    python -m evals.ideas_run DATA_DIR [--show tune]
    python -m evals.ideas_run DATA_DIR --key-results   # key results only, held out per cohort

DATA_DIR is bootstrapped with the real MiniLM (and, for the practice figures, the Open
Practice Library ingested from ../shared/opl). `--show tune` prints every tune answer;
held-out answers are never printed.
"""

from __future__ import annotations

import sys
from pathlib import Path

from coach.config import Settings
from coach.service import Coach
from evals.ideas import ObjectiveCase, Scores, evaluate_career, evaluate_kr_ideas, evaluate_practices, load_cases, table

SHARED_OPL = Path(__file__).resolve().parent.parent.parent / "shared" / "opl" / "practice"


def run_all(coach: Coach, opl: Path | None = SHARED_OPL) -> list[Scores]:
    """Every ideas eval on both splits (practices only where the Open Practice Library exists)."""
    opl_ids = {p.stem for p in opl.glob("*.md")} if opl is not None and opl.is_dir() else set()
    results: list[Scores] = []
    for split in ("tune", "heldout"):
        results.append(evaluate_kr_ideas(lambda objective, timeframe: coach.suggest(
            "key-results", {"objective": objective, "timeframe": timeframe}, offline=True).items, split))
        results.append(evaluate_career(lambda about: [i.prompt for i in coach.suggest(
            "career", {"about": about}, offline=True).items], split))
        if opl_ids:
            results.append(evaluate_practices(lambda case: [i.practice_id for i in coach.suggest(
                "practices", {"key_result": case.key_result, "state": case.state, "context": case.context},
                offline=True).items], split, opl_ids))
    return results


def key_results_by_cohort(coach: Coach) -> list[Scores]:
    """Key-result ideas on tune, then each held-out cohort apart (the first held-out cases, and
    batches written later such as `fresh2`): totals only, never one case."""
    def suggest(objective: str, timeframe: str | None) -> object:
        return coach.suggest("key-results", {"objective": objective, "timeframe": timeframe}, offline=True).items
    cohorts = sorted({c.cohort for c in load_cases("kr_objectives", ObjectiveCase) if c.split == "heldout"})
    return [evaluate_kr_ideas(suggest, "tune"), *(evaluate_kr_ideas(suggest, "heldout", c) for c in cohorts)]


def main() -> int:
    """Print the table for a data dir."""
    coach = Coach(Settings(data_dir=Path(sys.argv[1]), embedder="local"))
    print(table(key_results_by_cohort(coach) if "--key-results" in sys.argv else run_all(coach)))
    coach.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
