"""The team's existing key results as a source of key-result ideas ("team data first").

A key result the team already wrote with a named metric is a metric the team tracks. It is
read from the typed OKR records (`ctx.team_data.okrs`), never parsed from chunk text; the
chunk of the OKR file that holds its objective is only what the idea cites.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from coach.okr import KeyResult
from coach.retrieval.ranking import tokenize
from coach.retrieval.search import SearchResult
from coach.skills.base import SkillContext
from coach.skills.kr_relevance import SNAPSHOT_GATE, score_metric
from coach.skills.objective import ObjectiveReading

Relatedness = Callable[[str, Sequence[SearchResult]], dict[str, float]]


@dataclass(frozen=True)
class CitedKeyResult:
    """One of the team's key results that names a metric, with the OKR-file chunk citing it."""

    key_result: KeyResult
    metric: str
    file: str
    imported: str  # ISO date the OKR file was imported: the as-of of the baseline it states
    chunk: SearchResult

    @property
    def probe(self) -> SearchResult:
        """The key result alone as a pseudo-chunk, so relatedness compares the objective with
        this key result rather than with every key result of its objective's section."""
        return SearchResult(f"{self.chunk.chunk_id}#{self.key_result.id or self.metric}", self.file,
                            self.metric, "okr", self.key_result.text, 0.0, {})


def existing_key_results(ctx: SkillContext) -> list[CitedKeyResult]:
    """Every key result with a metric in the team's OKR sets (newest set first, one per metric),
    each with the chunk of its objective's section to cite; none without a team."""
    if ctx.team_data is None or ctx.file_chunks is None:
        return []
    found: dict[str, CitedKeyResult] = {}
    for okrs in ctx.team_data.okrs:
        chunks = ctx.file_chunks(okrs.file)
        for number, objective in enumerate(okrs.okrs.objectives, start=1):
            label = objective.id or f"O{number}"
            chunk = next((c for c in chunks if c.metadata.get("objective_id") == label), None)
            for kr in objective.key_results:
                key = metric_key(kr.metric or "")
                if chunk is not None and kr.metric and key and key not in found:
                    found[key] = CitedKeyResult(kr, kr.metric, okrs.file, okrs.imported_at[:10], chunk)
    return list(found.values())


def metric_key(metric: str) -> str:
    """A metric name reduced to its words, to tell two names for the same metric apart."""
    return " ".join(tokenize(metric))


def related_key_results(objective: str, reading: ObjectiveReading, ctx: SkillContext,
                        related: Relatedness) -> list[CitedKeyResult]:
    """The team's existing key results whose metric bears on the objective, scored like its
    metric snapshots (the same gate), best first."""
    krs = existing_key_results(ctx)
    dense = related(objective, [k.probe for k in krs])
    scored = [(score_metric(reading, k.metric, dense.get(k.probe.chunk_id, 0.0)), k) for k in krs]
    return [k for score, k in sorted(scored, key=lambda pair: -pair[0]) if score >= SNAPSHOT_GATE]
