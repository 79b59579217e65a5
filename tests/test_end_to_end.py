"""End to end on real third-party material with the real MiniLM embedder."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from coach.config import Settings
from coach.service import Coach

pytestmark = pytest.mark.slow

OPL_PAGES = ["backcasting-pre-mortem-premortem", "five-whys-5-whys", "empathy-mapping",
             "impact-effort-prioritization-matrix", "retrospectives", "4ls-retrospective",
             "objectives-key-results-okrs", "stakeholder-map", "stakeholder-mapping",
             "blameless-postmortem", "1-2-4-all", "impact-mapping"]


@pytest.fixture
def ingested(shared: Path, tmp_path: Path, minilm) -> Coach:  # type: ignore[no-untyped-def]
    library = tmp_path / "library"
    library.mkdir()
    for name in OPL_PAGES:
        shutil.copy(shared / "opl" / "practice" / f"{name}.md", library)
    seed = next((shared / "seeds").glob("003_*.txt"))
    shutil.copy(seed, library)
    coach = Coach(Settings(data_dir=tmp_path / "data"), embedder=minilm)
    report = coach.ingest([library])
    assert report.errors == [] and report.added == len(OPL_PAGES) + 1
    return coach


@pytest.mark.parametrize(("query", "expected"), [
    ("imagine the project has already failed and work back to the causes",
     "backcasting-pre-mortem-premortem.md"),
    ("keep asking why until you reach the root cause", "five-whys-5-whys.md"),
    ("podcast about friction between product and engineering as companies scale", "003_"),
])
def test_finds_known_passages(ingested: Coach, query: str, expected: str) -> None:
    results = ingested.search(query, k=3)
    assert any(Path(r.source).name.startswith(expected) for r in results), [r.source for r in results]


def test_reingest_embeds_nothing(ingested: Coach, shared: Path, tmp_path: Path) -> None:
    report = ingested.ingest([tmp_path / "library"])
    assert report.unchanged == len(OPL_PAGES) + 1 and report.embedded == 0
