"""Does a key-result pattern (or a team metric) fit this objective? A calibrated relevance gate.

The score adds three kinds of evidence: the embedding similarity of objective and pattern card,
small capped bonuses for lemmas the objective shares with the pattern's domain vocabulary (ward,
donor, pallet…) and with its own keywords and metric name, and a bonus for the pattern's rank in
the hybrid (BM25 + dense) search of the objective, which catches the exact words a short
objective shares with a metric ("deploys" and "deployment frequency") that a whole card's
embedding blurs. A pattern is shown when it clears `GATE` and sits within `MARGIN` of the best
pattern for the objective, so a catalogue that barely covers the objective offers its closest
measures and never its distant ones. The constants were chosen on the tune splits of
`evals/datasets/kr_objectives.yaml` and `key_results.yaml` (`python -m evals.kr_calibrate`).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Literal

from coach.catalogue import PatternEntry
from coach.nlp import lemmas
from coach.retrieval.search import SearchResult
from coach.skills.objective import ObjectiveReading
from coach.skills.team_data import CitedSnapshot

# Calibrated with `kr_sense.SENSE_WEIGHT` and `TEAM_WEIGHT` on the tune splits after session 16
# added 27 tune objectives from 19 more kinds of team (`python -m evals.kr_calibrate DATA`, 77 tune
# objectives, 241 patterns). Pattern-level F0.5 is flat from gate 0.48 to 0.58 (0.478-0.502 at
# margin 0.20) and peaks at gate 0.54 / margin 0.20 (precision 0.687, recall 0.242); the old
# 0.40 / 0.20 scores 0.444 (precision 0.479, recall 0.343) on the enlarged tune split. In the full
# offline composer on the 50 tune objectives (catalogue ideas plus measure shapes), gate 0.40 / 0.46
# / 0.50 / 0.54 / 0.58 at margin 0.20 gave on-topic 0.577 / 0.618 / 0.634 / 0.686 / 0.678 and
# off-domain 0.258 / 0.209 / 0.148 / 0.112 / 0.096 (hit@3 0.82-0.88; 2.7 ideas per answer at 0.54
# against 3.8 at 0.40); margin 0.15 at gate 0.50 gave 0.664 / 0.135. 0.54 sits inside the flat
# region, not on a spike; the gate is higher than before because the new teams' objectives share
# words with patterns from trades that do not fit them.
GATE = 0.54          # minimum score for a catalogue pattern to be shown
MARGIN = 0.20        # ...and no further than this below the best pattern for the objective
RANK_BONUS, RANK_SCALE = 0.15, 3.0  # search rank r earns RANK_BONUS / (1 + r / RANK_SCALE)
CLOSE = 0.50         # patterns at or above this "fit closely"; fewer than 3 → measure shapes too
SNAPSHOT_GATE = 0.40  # minimum score for one of the team's own metrics to be proposed
DOMAIN_BONUS, KEYWORD_BONUS, MAX_HITS = 0.06, 0.05, 3
# Lemmas too common across domains to say anything about fit.
_WEAK = frozenset({"time", "rate", "share", "number", "day", "week", "month", "year", "people", "team",
                   "work", "new", "first", "good", "better", "make", "get", "keep", "more", "less",
                   "service", "quality", "cost", "customer", "staff", "user", "manager", "weekly",
                   "daily", "monthly", "every"})


@dataclass(frozen=True)
class Fit:
    """How well one pattern fits the objective, and why."""

    entry: PatternEntry
    chunk: SearchResult
    score: float
    dense: float
    shared: tuple[str, ...]


@functools.lru_cache(maxsize=512)
def _lemma_set(text: str) -> frozenset[str]:
    return frozenset(lemmas(text)) - _WEAK


def pattern_lemmas(entry: PatternEntry) -> tuple[frozenset[str], frozenset[str]]:
    """(domain vocabulary lemmas, the pattern's own keyword and metric lemmas)."""
    pattern = entry.pattern
    return (_lemma_set(" , ".join(entry.vocabulary)),
            _lemma_set(" , ".join([pattern.metric, *pattern.keywords])))


def score_pattern(reading: ObjectiveReading, entry: PatternEntry, chunk: SearchResult,
                  dense: float, rank: int | None = None) -> Fit:
    """Dense similarity plus capped bonuses for lemmas the objective shares with the pattern and
    for the pattern's rank in the objective's hybrid search (None: not among the results)."""
    objective = reading.lemmas - _WEAK
    domain, own = pattern_lemmas(entry)
    in_domain, in_pattern = objective & domain, objective & own
    score = (dense + DOMAIN_BONUS * min(len(in_domain), MAX_HITS)
             + KEYWORD_BONUS * min(len(in_pattern), MAX_HITS)
             + (RANK_BONUS / (1 + rank / RANK_SCALE) if rank is not None else 0.0))
    return Fit(entry, chunk, score, dense, tuple(sorted(in_domain | in_pattern)))


def passing(fits: list[Fit]) -> list[Fit]:
    """The fits the gate lets through, best first: above `GATE` and within `MARGIN` of the best."""
    ranked = sorted(fits, key=lambda f: -f.score)
    if not ranked:
        return []
    floor = max(GATE, ranked[0].score - MARGIN)
    return [f for f in ranked if f.score >= floor]


def score_metric(reading: ObjectiveReading, metric: str, dense: float) -> float:
    """The same idea for a metric the team already tracks: its name against the objective. An
    objective that names the metric outright ("raise deployment frequency") always passes."""
    own = _lemma_set(metric)
    shared = (reading.lemmas - _WEAK) & own
    named = bool(own) and own <= reading.lemmas
    return dense + KEYWORD_BONUS * 2 * min(len(shared), MAX_HITS) + (SNAPSHOT_GATE if named else 0.0)


def related_metrics(reading: ObjectiveReading, snapshots: list[CitedSnapshot],
                    dense: dict[str, float]) -> list[CitedSnapshot]:
    """The team's metrics that bear on the objective, best first."""
    scored = [(score_metric(reading, s.snapshot.metric, dense.get(s.chunk.chunk_id, 0.0)), s)
              for s in snapshots]
    return [s for score, s in sorted(scored, key=lambda pair: -pair[0]) if score >= SNAPSHOT_GATE]


_LOWER_IS_BETTER = frozenset({"time", "wait", "delay", "error", "defect", "incident", "fall", "complaint",
                              "cost", "backlog", "absence", "turnover", "churn", "waste", "scrap", "breach",
                              "late", "day", "hour", "minute", "injury", "miss", "failure", "overdue",
                              "reopen", "escalation", "vacancy", "sickness", "outage", "dna", "ticket"})


def direction_of(metric: str) -> Literal["increase", "decrease"]:
    """Whether more of a metric is better, from its words ("days to close" → decrease)."""
    return "decrease" if set(lemmas(metric)) & _LOWER_IS_BETTER else "increase"
