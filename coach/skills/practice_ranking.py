"""Ranking practices by the situation (pure apart from the searches and similarities it is handed).

The key result's subject (what it measures, without its figures) and the team's context (what
is going on) decide what fits; the state only nudges. Three things keep the ranking honest:

- every search is fused per practice, not per chunk, so a long imported page with many chunks
  gets no more say than a short card with one;
- each query's weight is fixed in advance (the situation and the context alone, the state a quarter);
- a practice about running goals themselves (confidence votes, check-ins, target setting) is
  what any key-result-shaped text resembles, so each candidate's similarity to the situation is
  compared with its similarity to that generic goal-keeping text, and the difference adjusts it.
  Such a practice still leads when the situation is about the goal-keeping itself.
- the searches match chunks, most of which say how a practice is run; what it is *for* (its
  purpose statements, `coach.retrieval.purposes`) is compared with the situation apart, read
  whole and clause by clause, and those two orders are fused with the searches' order, each
  with an equal say.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from coach.retrieval.purposes import PurposeFit
from coach.retrieval.ranking import reciprocal_rank_fusion
from coach.retrieval.search import SearchResult
from coach.ritual.metric import metric_phrase

# What every key result resembles, whatever the situation: the work of keeping goals.
GOAL_KEEPING = ("set objectives and key results, agree the targets, and check progress and confidence "
                "towards each key result every week")
CONTEXT_WEIGHT, STATE_WEIGHT = 1.0, 0.25
FUSION_K = 10  # sharper than the usual 60: a practice first in one search should beat one tenth in all
CONTRAST = 0.1  # how much (similarity to the situation − to goal keeping) moves a fused score
# How far down each order takes part when the searches' order meets the purpose orders: the
# purpose orders score every practice exactly, while below its first ten a search's order holds
# practices that share an incidental word with the context ("phoning round" → Round-robin).
SEARCH_DEPTH, PURPOSE_DEPTH = 10, 30
PURPOSE_FUSION_K = 30

Relatedness = Callable[[str, Sequence[SearchResult]], dict[str, float]]


def practice_id(result: SearchResult) -> str:
    """The practice a chunk belongs to (a built-in card's id, else the imported page's source)."""
    return str(result.metadata.get("practice_id") or result.source)


def situation(key_result: str, context: str | None) -> str:
    """The subject of the key result and the team's context, as one text."""
    subject = metric_phrase(key_result)
    return f"{subject}. {context}" if context else subject


def queries(key_result: str, context: str | None, state_words: str | None) -> list[tuple[str, float]]:
    """(query, weight): the subject with the context, the context alone (what is going on, even
    where the subject's words pull elsewhere), the state words."""
    found = [(situation(key_result, context), CONTEXT_WEIGHT)]
    if context:
        found.append((context, CONTEXT_WEIGHT))
    if state_words:
        found.append((state_words, STATE_WEIGHT))
    return found


def purpose_situation(key_result: str, context: str | None) -> str:
    """What a practice's purpose is matched against: the context says what is going on; without
    one, what the key result measures."""
    return context.strip() if context and context.strip() else metric_phrase(key_result)


def with_purposes(searched: Sequence[str], fits: Sequence[PurposeFit]) -> list[str]:
    """Practice ids: the searches' order fused with the two purpose orders (whole, by clause);
    what the searches found below their first ten follows, in their order."""
    if not fits:
        return list(searched)
    whole = sorted(fits, key=lambda f: (-f.whole, f.practice_id))[:PURPOSE_DEPTH]
    by_clause = sorted(fits, key=lambda f: (-f.by_clause, f.practice_id))[:PURPOSE_DEPTH]
    fused = [s.key for s in reciprocal_rank_fusion([list(searched)[:SEARCH_DEPTH], [f.practice_id for f in whole],
                                                    [f.practice_id for f in by_clause]], k=PURPOSE_FUSION_K)]
    kept = set(fused)
    return fused + [p for p in searched if p not in kept]


def searched_order(rankings: Sequence[Sequence[SearchResult]], weights: Sequence[float],
                   situation_text: str, related: Relatedness | None) -> tuple[list[str], dict[str, list[SearchResult]]]:
    """(practice ids best first, each practice's retrieved chunks) from the searches alone."""
    scores: dict[str, float] = {}
    chunks: dict[str, list[SearchResult]] = {}
    for ranking, weight in zip(rankings, weights, strict=True):
        seen: list[str] = []
        for result in ranking:
            pid = practice_id(result)
            group = chunks.setdefault(pid, [])
            if all(c.chunk_id != result.chunk_id for c in group):
                group.append(result)
            if pid not in seen:
                seen.append(pid)
        for position, pid in enumerate(seen, start=1):
            scores[pid] = scores.get(pid, 0.0) + weight / (FUSION_K + position)
    if related is not None and scores:
        heads = [group[0] for group in chunks.values()]
        fit, generic = related(situation_text, heads), related(GOAL_KEEPING, heads)
        for pid, group in chunks.items():
            key = group[0].chunk_id
            scores[pid] += CONTRAST * (fit.get(key, 0.0) - generic.get(key, 0.0))
    return sorted(scores, key=lambda p: (-scores[p], p)), chunks
