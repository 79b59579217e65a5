"""Retrieval: nDCG@10, recall@5 and MRR for hybrid, dense and BM25 search, on labelled
queries over the built-in cards and, where ../shared is present, the seeds and the Open
Practice Library. Relevance is by file stem, graded 1 or 2."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import yaml

from coach.retrieval.search import Mode
from coach.service import Coach
from evals.env import ROOT, SHARED, Env, shared_paths
from evals.harness import Case, CaseView, Evaluator, Score, Split, Suite
from evals.metrics import mrr, ndcg_at, recall_at
from evals.retrieval import MODES, LabelledQuery, ranked_stems

Ranked = dict[str, list[str]]  # mode → file stems, best first


def load(name: str) -> Callable[[], list[Case[LabelledQuery]]]:
    """Cases from a labelled query set (`queries:`; each may carry `split`, default tune)."""
    def cases() -> list[Case[LabelledQuery]]:
        path = ROOT / "evals" / "datasets" / f"{name}.yaml"
        found = []
        for raw in yaml.safe_load(path.read_text(encoding="utf-8"))["queries"]:
            split: Split = raw.pop("split", "tune")
            found.append(Case(raw["id"], split, LabelledQuery.model_validate(raw)))
        return found
    return cases


def _rank(coach: Callable[[Env], Coach]) -> Callable[[LabelledQuery, Env], Ranked]:
    def run(query: LabelledQuery, env: Env) -> Ranked:
        return {mode: ranked_stems(coach(env), query.query, mode) for mode in MODES}
    return run


def _ndcg(mode: Mode) -> Evaluator[LabelledQuery, Ranked]:
    def evaluate(query: LabelledQuery, ranked: Ranked) -> Score:
        value = ndcg_at(ranked[mode], query.grade_map(), 10)
        return Score(value, f"top 10: {ranked[mode][:10]}")
    return evaluate


def _recall(mode: Mode) -> Evaluator[LabelledQuery, Ranked]:
    def evaluate(query: LabelledQuery, ranked: Ranked) -> Score:
        value = recall_at(ranked[mode], query.relevant, 5)
        found = sorted(set(ranked[mode][:5]) & set(query.relevant))
        # A case fails only when hybrid search, the one users get, finds nothing relevant.
        return Score(value, f"{len(found)} of {len(query.relevant)} relevant in the top 5: {found}",
                     ok=mode != "hybrid" or value > 0)
    return evaluate


def _mrr(mode: Mode) -> Evaluator[LabelledQuery, Ranked]:
    def evaluate(query: LabelledQuery, ranked: Ranked) -> Score:
        value = mrr(ranked[mode], query.relevant)
        rank = f"first relevant at rank {round(1 / value)}" if value else "no relevant file in 30"
        return Score(value, rank)
    return evaluate


def evaluators() -> dict[str, Evaluator[LabelledQuery, Ranked]]:
    """Three metrics for each search mode, named `<mode>.<metric>`."""
    found: dict[str, Evaluator[LabelledQuery, Ranked]] = {}
    for mode in MODES:
        found |= {f"{mode}.ndcg10": _ndcg(mode), f"{mode}.recall5": _recall(mode), f"{mode}.mrr": _mrr(mode)}
    return found


def view(query: LabelledQuery, ranked: Ranked) -> CaseView:
    """The query with its labels, and the top ten per mode."""
    inputs: dict[str, Any] = {"query": query.query, "relevant": query.grade_map()}
    return CaseView(inputs, {mode: stems[:10] for mode, stems in ranked.items()})


def shared_missing() -> str | None:
    """Why the shared set cannot run here, or None."""
    missing = [str(p) for p in shared_paths(SHARED) if not p.is_dir()]
    if not missing:
        return None
    return (f"{', '.join(missing)} absent: the seeds and the Open Practice Library live beside "
            "the checkout and are not shipped with coach")


CORPUS_SUITE: Suite[LabelledQuery, Ranked] = Suite(
    "retrieval", "50 labelled queries over the built-in cards (evals/datasets/retrieval_corpus.yaml)",
    load("retrieval_corpus"), _rank(lambda env: env.coach), evaluators(), view,
    notes=("Every query was written while the ranking was tuned: there is no held-out split yet.",),
    prepare=lambda env: env.coach)

SHARED_SUITE: Suite[LabelledQuery, Ranked] = Suite(
    "retrieval-shared", "50 labelled queries over ../shared seeds and the Open Practice Library "
    "(evals/datasets/retrieval_shared.yaml)",
    load("retrieval_shared"), _rank(lambda env: env.shared_coach), evaluators(), view,
    notes=("Every query was written while the ranking was tuned: there is no held-out split yet.",),
    unavailable=shared_missing, prepare=lambda env: env.shared_coach)
