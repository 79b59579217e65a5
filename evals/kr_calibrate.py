"""Calibrate the key-result relevance gate on the tune splits (never heldout).

    python -m evals.kr_calibrate DATA_DIR [--min-precision P]   # a data dir bootstrapped with the real MiniLM

Scores every pattern against every tune objective of `kr_objectives.yaml` (teams outside
software; a pattern a coach accepts is a positive, any other a negative) and of
`key_results.yaml` (software teams; its `good_patterns` are positives, other patterns of its
listed domains are left unjudged, the rest are negatives). For candidate (sense weight, gate, margin)
it prints the precision and recall of "the gate lets the pattern through", and the triple with
the best F0.5 (precision counts double: an off-topic idea costs more trust than a missing one).
The sense weight (`coach/skills/kr_sense.py`) lowers a pattern by its domain's gap to the domain
closest to the whole objective, and the team weight by its gap to the domain closest to the team's
own work (cases with `team_tracks`: the team's name and what its records track, in the words
`kr_sense.team_context` would give). The team weight is judged on those cases alone (it does
nothing elsewhere), and the chosen point is printed for them apart. With `--min-precision P` it
also prints the setting with the most recall at precision P or better among settings with a
relative margin (used to recover recall without letting more off-topic ideas in).
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

import yaml

from coach.config import Settings
from coach.service import Coach
from coach.skills.key_results import search_ranks
from coach.skills.kr_relevance import score_pattern
from coach.skills.kr_sense import domain_gaps
from coach.skills.objective import read_objective
from evals.env import ROOT


@dataclass(frozen=True)
class Scored:
    """One objective's pattern scores (before the sense weights), their domains' gaps to the
    objective's meaning and to the team's work (0 without team context), and labels: True
    accepted, False not, None unjudged."""

    scores: list[tuple[float, float, float, bool | None]]
    with_team: bool = False


@dataclass(frozen=True)
class Objective:
    """A tune case: the objective, its accepted patterns, the domains left unjudged, and the
    team's work in words (None: no team records)."""

    text: str
    positives: set[str]
    unjudged_domains: set[str]
    team: str | None = None


def team_text(team: str, tracks: list[str]) -> str | None:
    """The team context a team with these records gives (`kr_sense.team_context`'s shape)."""
    return f"{team}: " + "; ".join(tracks) if tracks else None


def _objectives() -> list[Objective]:
    """Every tune case of both sets."""
    datasets = ROOT / "evals" / "datasets"
    cases: list[Objective] = []
    for raw in yaml.safe_load((datasets / "kr_objectives.yaml").read_text(encoding="utf-8"))["cases"]:
        if raw.get("split", "tune") == "tune":
            cases.append(Objective(raw["objective"], set(raw["acceptable"]), set(),
                                   team_text(raw["team"], raw.get("team_tracks", []))))
    for raw in yaml.safe_load((datasets / "key_results.yaml").read_text(encoding="utf-8"))["cases"]:
        if raw.get("split", "tune") == "tune":
            cases.append(Objective(raw["objective"], set(raw["good_patterns"]), set(raw["domains"])))
    return cases


def pattern_scores(coach: Coach) -> list[Scored]:
    """Every pattern's score against every tune objective, with its label."""
    entries = coach.catalogue.patterns
    chunks = coach.card_chunks(sorted(entries))
    out = []
    for case in _objectives():
        reading = read_objective(case.text)
        dense = coach.relatedness(case.text, list(chunks.values()))
        gaps = domain_gaps(dense, list(chunks.values()))
        team = domain_gaps(coach.relatedness(case.team, list(chunks.values())), list(chunks.values())) \
            if case.team else {}
        ranks = search_ranks(case.text, coach.search)
        scores: list[tuple[float, float, float, bool | None]] = []
        for pattern_id, chunk in chunks.items():
            fit = score_pattern(reading, entries[pattern_id], chunk, dense[chunk.chunk_id], ranks.get(pattern_id))
            label = True if pattern_id in case.positives else (
                None if entries[pattern_id].domain in case.unjudged_domains else False)
            domain = entries[pattern_id].domain
            scores.append((fit.score, gaps.get(domain, 0.0), team.get(domain, 0.0), label))
        out.append(Scored(scores, case.team is not None))
    return out


Point = tuple[float, float, float, float, float, float, float]  # sense, team, gate, margin, P, R, F0.5
WEIGHTS = (0.0, 0.25, 0.5, 0.75, 1.0)


def measure(rows: list[Scored], weight: float, team: float, gate: float, margin: float) -> Point:
    """Precision, recall and F0.5 of "the gate lets the pattern through" at one setting."""
    positives = sum(label is True for row in rows for *_, label in row.scores)
    kept: list[bool] = []
    for row in rows:
        scored = [(score - weight * gap - team * team_gap, label) for score, gap, team_gap, label in row.scores]
        floor = max(gate, max(score for score, _ in scored) - margin)
        kept += [label for score, label in scored if score >= floor and label is not None]
    precision = sum(kept) / len(kept) if kept else 0.0
    recall = sum(kept) / positives if positives else 0.0
    f05 = 1.25 * precision * recall / (0.25 * precision + recall) if precision + recall else 0.0
    return (weight, team, gate, margin, precision, recall, f05)


def sweep(rows: list[Scored]) -> list[Point]:
    """Every setting of the grid; the team weight only where some case has team context."""
    teams = WEIGHTS if any(row.with_team for row in rows) else (0.0,)
    return [measure(rows, weight, team, gate, margin) for weight in WEIGHTS for team in teams
            for gate in (g / 100 for g in range(30, 61, 2)) for margin in (0.1, 0.15, 0.2, 0.25, 0.3, 1.0)]


def main() -> int:
    """Print the sweep for the tune splits."""
    args = sys.argv[1:]
    floor = float(args[args.index("--min-precision") + 1]) if "--min-precision" in args else None
    coach = Coach(Settings(data_dir=Path(args[0]), embedder="local"))
    rows = pattern_scores(coach)
    coach.close()
    results = sweep(rows)
    for point in results:
        print(_line(point))
    best = max(results, key=lambda r: r[6])
    print(f"best: {_line(best)}")
    # A relative margin keeps each list near its best idea: without one, lists grow long with
    # ideas a coach would drop even at the same pattern-level precision.
    held = [r for r in results if floor is not None and r[4] >= floor and r[3] < 1.0]
    if held:
        most = max(held, key=lambda r: (r[5], r[4]))
        print(f"most recall at precision >= {floor}: {_line(most)}")
    teamed = [row for row in rows if row.with_team]
    if teamed:
        for team in WEIGHTS:
            print(f"cases with team context ({len(teamed)}), team weight {team:.2f}: "
                  f"{_line(measure(teamed, best[0], team, best[2], best[3]))}")
    return 0


def _line(point: Point) -> str:
    weight, team, gate, margin, precision, recall, f05 = point
    return (f"sense {weight:.2f} team {team:.2f} gate {gate:.2f} margin {margin:.2f}  precision {precision:.3f}  "
            f"recall {recall:.3f}  F0.5 {f05:.3f}")


if __name__ == "__main__":
    sys.exit(main())
