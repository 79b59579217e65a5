"""Deterministic retrieval metrics (computed here; no eval framework dependency)."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence


def dedupe(ranked: Sequence[str]) -> list[str]:
    """Keep the first occurrence of each key (chunks → files)."""
    return list(dict.fromkeys(ranked))


def ndcg_at(ranked: Sequence[str], grades: Mapping[str, int], k: int = 10) -> float:
    """Normalised discounted cumulative gain at k with graded relevance."""
    gains = [grades.get(key, 0) for key in ranked[:k]]
    dcg = sum((2 ** g - 1) / math.log2(i + 2) for i, g in enumerate(gains))
    ideal = sorted(grades.values(), reverse=True)[:k]
    idcg = sum((2 ** g - 1) / math.log2(i + 2) for i, g in enumerate(ideal))
    return dcg / idcg if idcg else 0.0


def recall_at(ranked: Sequence[str], relevant: Sequence[str], k: int = 5) -> float:
    """Share of relevant keys found in the top k."""
    if not relevant:
        return 0.0
    return len(set(ranked[:k]) & set(relevant)) / len(relevant)


def mrr(ranked: Sequence[str], relevant: Sequence[str]) -> float:
    """Reciprocal rank of the first relevant key."""
    for rank, key in enumerate(ranked, start=1):
        if key in relevant:
            return 1.0 / rank
    return 0.0
