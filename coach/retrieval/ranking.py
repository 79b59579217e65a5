"""Pure ranking code: tokenising, BM25, reciprocal-rank fusion and source diversity."""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass
from typing import TypeVar

T = TypeVar("T")
_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
STOPWORDS = frozenset((
    "a an and are as at be but by can could did do does for from had has have how i if in into "
    "is it its me my of on or our so that the their them then there these they this to was we "
    "were what when where which who why will with would you your"
).split())


def tokenize(text: str) -> list[str]:
    """Lowercase word tokens without stopwords, with a light plural/ing stem."""
    return [_stem(w) for w in _WORD.findall(text.lower()) if w not in STOPWORDS]


def _stem(word: str) -> str:
    for suffix, keep in (("ies", "y"), ("ing", ""), ("es", ""), ("s", "")):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3 and not word.endswith("ss"):
            return word[: -len(suffix)] + keep
    return word


@dataclass(frozen=True)
class Scored:
    """A key with a score; higher is better."""

    key: str
    score: float


class BM25:
    """Okapi BM25 over an inverted index; scores only documents that share a query term."""

    def __init__(self, documents: Sequence[tuple[str, str]], k1: float = 1.5, b: float = 0.75):
        self.k1, self.b = k1, b
        self.keys = [key for key, _ in documents]
        self.lengths: list[int] = []
        self.postings: dict[str, list[tuple[int, int]]] = defaultdict(list)
        for index, (_, text) in enumerate(documents):
            counts = Counter(tokenize(text))
            self.lengths.append(sum(counts.values()))
            for term, freq in counts.items():
                self.postings[term].append((index, freq))
        self.average = (sum(self.lengths) / len(self.lengths)) if self.lengths else 0.0

    def idf(self, term: str) -> float:
        """Inverse document frequency (the non-negative BM25+ style variant)."""
        n, df = len(self.keys), len(self.postings.get(term, ()))
        return math.log(1 + (n - df + 0.5) / (df + 0.5))

    def search(self, query: str, n: int, allowed: Callable[[str], bool] | None = None) -> list[Scored]:
        """The n best documents for a query, optionally only keys passing `allowed`."""
        scores: dict[int, float] = defaultdict(float)
        for term in set(tokenize(query)):
            idf = self.idf(term)
            for index, freq in self.postings.get(term, ()):
                norm = self.k1 * (1 - self.b + self.b * self.lengths[index] / (self.average or 1))
                scores[index] += idf * freq * (self.k1 + 1) / (freq + norm)
        ranked = sorted(scores.items(), key=lambda item: (-item[1], item[0]))
        hits = (Scored(self.keys[i], s) for i, s in ranked)
        return [h for h in hits if allowed is None or allowed(h.key)][:n]


def reciprocal_rank_fusion(rankings: Iterable[Sequence[str]], k: int = 60,
                           weights: Sequence[float] | None = None) -> list[Scored]:
    """Fuse ranked key lists: score = Σ weight / (k + rank). Ties break by first appearance."""
    scores: dict[str, float] = {}
    order: dict[str, int] = {}
    for number, ranking in enumerate(rankings):
        weight = weights[number] if weights else 1.0
        for rank, key in enumerate(ranking, start=1):
            scores[key] = scores.get(key, 0.0) + weight / (k + rank)
            order.setdefault(key, len(order))
    return sorted((Scored(key, s) for key, s in scores.items()), key=lambda x: (-x.score, order[x.key]))


def diversify(items: Sequence[T], group: Callable[[T], Hashable], limit: int,
              per_group: int = 2) -> list[T]:
    """Keep rank order but allow at most `per_group` items from one group while others remain;
    items held back fill the list only when there is nothing else."""
    chosen: list[T] = []
    held: list[T] = []
    counts: Counter[Hashable] = Counter()
    for item in items:
        key = group(item)
        if counts[key] < per_group:
            chosen.append(item)
            counts[key] += 1
        else:
            held.append(item)
        if len(chosen) == limit:
            return chosen
    return (chosen + held)[:limit]
