"""Skills read team data from the records; retrieval only supplies the chunk that cites a value."""

from __future__ import annotations

import datetime as dt

from coach.db import Database
from coach.retrieval.search import SearchResult
from coach.skills.base import SkillContext
from coach.skills.team_data import cycle_end, is_stale, metric_snapshots, timeframe_text
from coach.vocabulary import Vocabulary
from coach.workspace import Cycle, MetricSnapshot, TeamConfig, TeamRecords, TeamRepository

CSV = "/teams/harbour/metrics.csv"


def _chunk(source: str, kind: str, **metadata: str | float) -> SearchResult:
    return SearchResult(f"id-{source}-{metadata}", source, "t", kind, "stored text", 0.0,
                        {"source": source, "kind": kind, **metadata})


# What the index holds. Its metadata disagrees with the records on purpose: the records win.
CHUNKS = {CSV: [_chunk(CSV, "metric", metric="berth turnaround", value=999.0, as_of="1999-01-01")]}


def _ctx(repo: TeamRepository, team: str | None = "harbour") -> SkillContext:
    return SkillContext(search=lambda *a, **k: [], team=team, vocabulary=Vocabulary(), today=dt.date(2026, 11, 30),
                        team_data=TeamRecords(repo, team) if team else None,
                        file_chunks=lambda source: CHUNKS.get(source, []))


def test_values_come_from_the_records_and_citations_from_the_index(database: Database) -> None:
    repo = TeamRepository(database)
    repo.import_metrics("harbour", CSV, [
        MetricSnapshot("berth turnaround", 31, "hours", dt.date(2026, 9, 30), "terminal log", line=2),
        MetricSnapshot("berth turnaround", 29.5, "hours", dt.date(2026, 10, 31), "terminal log", line=3),
        MetricSnapshot("crane idle time", 4, "hours", dt.date(2026, 10, 31), line=4)])  # no chunk: not citable
    cited = metric_snapshots(_ctx(repo))
    assert [(c.snapshot.metric, c.snapshot.value, c.snapshot.as_of) for c in cited] == [
        ("berth turnaround", 29.5, dt.date(2026, 10, 31))]
    assert cited[0].chunk is CHUNKS[CSV][0]
    assert metric_snapshots(_ctx(repo, None)) == []


def test_the_cycle_comes_from_the_records(database: Database) -> None:
    repo = TeamRepository(database)
    ctx = _ctx(repo)
    assert (cycle_end(ctx), timeframe_text(ctx)) == (None, "this cycle (dates to be agreed)")
    repo.apply_team_config("harbour", TeamConfig(None, Cycle("2026-Q4", dt.date(2026, 10, 1), dt.date(2026, 12, 31)),
                                                 (), None, None))
    ctx = _ctx(repo)
    assert (cycle_end(ctx), timeframe_text(ctx)) == ("2026-12-31", "2026-Q4 (2026-10-01 to 2026-12-31)")
    assert is_stale(dt.date(2026, 8, 1), dt.date(2026, 11, 30)) and not is_stale(dt.date(2026, 10, 1),
                                                                                 dt.date(2026, 11, 30))


def test_without_a_team_yaml_the_cycle_is_the_window_the_okrs_name(database: Database) -> None:
    from coach.ingest.manifest import Manifest
    from coach.okr import OkrSet
    from coach.ritual.team_data import RepositoryTeamData

    repo = TeamRepository(database)
    okrs = OkrSet.model_validate({"cycle": "2027-H1", "objectives": [
        {"title": "Shorter berth turnaround", "key_results": [{"text": "Cut turnaround from 31 to 24 hours"}]}]})
    repo.import_okrs("harbour", "/teams/harbour/okrs.yaml", okrs)
    assert timeframe_text(_ctx(repo)) == "2027-H1 (2027-01-01 to 2027-06-30)"
    assert RepositoryTeamData(repo, Manifest(database)).cycle("harbour") == (
        dt.date(2027, 1, 1), dt.date(2027, 6, 30))
    # Dates a team.yaml gives win over the label's window.
    repo.apply_team_config("harbour", TeamConfig(None, Cycle("2027-H1", dt.date(2027, 1, 15), dt.date(2027, 6, 15)),
                                                 (), None, None))
    assert cycle_end(_ctx(repo)) == "2027-06-15"
