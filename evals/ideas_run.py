"""Run the ideas evals on a data dir and print tune and held-out figures.

    python -m evals.ideas_run DATA_DIR [--show tune]

DATA_DIR is bootstrapped with the real MiniLM (and, for the practice figures, the Open
Practice Library ingested from ../shared/opl). `--show tune` prints every tune answer;
held-out answers are never printed.
"""

from __future__ import annotations

import sys
from pathlib import Path

from coach.config import Settings
from coach.service import Coach
from evals.ideas import Scores, evaluate_career, evaluate_kr_ideas, evaluate_practices, table

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


def main() -> int:
    """Print the table for a data dir."""
    coach = Coach(Settings(data_dir=Path(sys.argv[1]), embedder="local"))
    print(table(run_all(coach)))
    coach.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
