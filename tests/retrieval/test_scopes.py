"""Team isolation and private notes, through the real embedded Chroma."""

from __future__ import annotations

from pathlib import Path

import chromadb
import pytest

from coach.config import Settings
from coach.errors import ConfigError
from coach.service import Coach
from coach.store.chroma import EF_SEARCH, ChromaStore
from tests.samples import write


@pytest.fixture
def scoped(coach: Coach, tmp_path: Path) -> Coach:
    write(tmp_path / "lib" / "guide.md", "# Check-in guide\nConfidence voting in weekly check-ins.\n")
    write(tmp_path / "a" / "okr.md", "# Alpha plan\nConfidence on the alpha launch is low.\n")
    write(tmp_path / "b" / "okr.md", "# Beta plan\nConfidence on the beta migration is low.\n")
    write(tmp_path / "a" / "note.md", "---\nprivate: true\nowner: Priya\nperson: Sam\n---\n"
          "Sam worries about confidence in public.\n")
    coach.ingest([tmp_path / "lib"])
    coach.ingest([tmp_path / "a"], team="alpha")
    coach.ingest([tmp_path / "b"], team="beta")
    return coach


@pytest.mark.parametrize("mode", ["hybrid", "dense", "lexical"])
def test_team_sees_library_and_itself_never_another_team(scoped: Coach, mode: str) -> None:
    titles = {r.title for r in scoped.search("confidence low plan", "alpha", 20, mode=mode)}  # type: ignore[arg-type]
    assert "Beta plan" not in titles and "Alpha plan" in titles
    titles = {r.title for r in scoped.search("confidence low plan", "beta", 20, mode=mode)}  # type: ignore[arg-type]
    assert "Alpha plan" not in titles and "Beta plan" in titles


def test_no_team_sees_the_library_only(scoped: Coach) -> None:
    assert {r.title for r in scoped.search("confidence", None, 20)} == {"Check-in guide"}


def test_private_note_only_for_its_owner(scoped: Coach) -> None:
    def kinds(viewer: str | None) -> set[str]:
        return {r.kind for r in scoped.search("Sam worries confidence", "alpha", 20, viewer=viewer)}

    assert "note" not in kinds(None) and "note" not in kinds("Marco")
    assert "note" in kinds("Priya")


def test_kind_filter(scoped: Coach) -> None:
    results = scoped.search("confidence", "alpha", 20, kinds=["article"])
    assert results and all(r.kind == "article" for r in results)
    assert scoped.search("confidence", "alpha", 20, kinds=["practice"]) == []


def test_bad_team_name_is_a_config_error(coach: Coach) -> None:
    with pytest.raises(ConfigError, match="invalid team name 'Bad Team!'"):
        coach.search("x", "Bad Team!")


def test_private_notes_live_in_their_own_collection(scoped: Coach) -> None:
    shared = scoped.store.client.get_collection("coach-team-alpha").get(include=["metadatas"])
    private = scoped.store.client.get_collection("coach-private-alpha").get(include=["metadatas"])
    assert all(m.get("visibility") == "shared" for m in shared["metadatas"])
    assert [m["owner"] for m in private["metadatas"]] == ["Priya"]


def test_library_is_not_a_team_name(coach: Coach) -> None:
    with pytest.raises(ConfigError, match="not 'library'"):
        coach.search("x", "library")


def test_collections_search_broadly_even_when_made_before_that_setting(settings: Settings) -> None:
    """The same query must give the same neighbours in every process (see EF_SEARCH)."""
    settings.chroma_path.mkdir(parents=True, exist_ok=True)
    old = chromadb.PersistentClient(path=str(settings.chroma_path))
    old.get_or_create_collection("coach-library", embedding_function=None, metadata={"hnsw:space": "cosine"})
    store = ChromaStore(settings)
    for part in ("shared", "purpose"):
        hnsw = store._collection("library", part=part).configuration_json["hnsw"]
        assert (hnsw["ef_search"], hnsw["space"]) == (EF_SEARCH, "cosine")
