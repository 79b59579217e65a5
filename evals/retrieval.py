"""Retrieval quality: labelled queries → nDCG@10, recall@5 and MRR per search mode."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from statistics import mean

import yaml
from pydantic import BaseModel, Field

from coach.retrieval.search import Mode
from coach.service import Coach
from evals.metrics import dedupe, mrr, ndcg_at, recall_at

DATASETS = Path(__file__).parent / "datasets"
MODES: tuple[Mode, ...] = ("hybrid", "dense", "lexical")


class LabelledQuery(BaseModel):
    """A query and the file stems that answer it (grade 2 = highly relevant)."""

    id: str
    query: str = Field(min_length=3)
    relevant: list[str] = Field(min_length=1)
    grades: dict[str, int] = Field(default_factory=dict)

    def grade_map(self) -> dict[str, int]:
        """Every relevant stem with its grade (1 unless given)."""
        return {stem: self.grades.get(stem, 1) for stem in self.relevant}


class QuerySet(BaseModel):
    """A labelled query set file."""

    description: str
    queries: list[LabelledQuery] = Field(min_length=1)


def load_queries(name: str) -> QuerySet:
    """Load `evals/datasets/<name>.yaml`."""
    return QuerySet.model_validate(yaml.safe_load((DATASETS / f"{name}.yaml").read_text()))


@dataclass(frozen=True)
class ModeScores:
    """Mean scores of one mode over a query set."""

    mode: str
    ndcg10: float
    recall5: float
    mrr: float


def ranked_stems(coach: Coach, query: str, mode: Mode, team: str | None = None) -> list[str]:
    """Files (by stem) in the order the search returns their chunks."""
    results = coach.search(query, team, 30, mode=mode)
    return dedupe([Path(r.source).stem for r in results])


def evaluate(coach: Coach, queries: QuerySet, modes: tuple[Mode, ...] = MODES) -> list[ModeScores]:
    """Score every mode on every query."""
    scores = []
    for mode in modes:
        rows = [(q, ranked_stems(coach, q.query, mode)) for q in queries.queries]
        scores.append(ModeScores(
            mode,
            mean(ndcg_at(r, q.grade_map(), 10) for q, r in rows),
            mean(recall_at(r, q.relevant, 5) for q, r in rows),
            mean(mrr(r, q.relevant) for q, r in rows)))
    return scores


def table(scores: list[ModeScores]) -> str:
    """A plain-text table of scores."""
    lines = [f"{'mode':<8} {'nDCG@10':>8} {'recall@5':>9} {'MRR':>6}"]
    lines += [f"{s.mode:<8} {s.ndcg10:>8.3f} {s.recall5:>9.3f} {s.mrr:>6.3f}" for s in scores]
    return "\n".join(lines)
