"""What suites run against: a Coach over the built-in corpus (and ../shared where present),
on the chosen backend, that remembers every chunk a request retrieved."""

from __future__ import annotations

import datetime as dt
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any, Literal

from coach.config import Settings
from coach.embeddings import Embedder, Progress, Vector, make_embedder
from coach.errors import ConfigError
from coach.retrieval.search import SearchResult
from coach.service import Coach

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
SHARED = ROOT.parent / "shared"
# Skills date their ideas from "today": a fixed day inside the example teams' cycle keeps
# every run comparable with the baseline.
EVAL_DAY = dt.date(2026, 11, 20)


class RecordingCoach(Coach):
    """A Coach that remembers every chunk handed to a skill, so citation validity can check
    that each cited id was retrieved for that very request."""

    def __init__(self, settings: Settings, *, embedder: Embedder | None = None) -> None:
        super().__init__(settings, embedder=embedder)
        self.seen: dict[str, SearchResult] = {}

    def search(self, query: str, team: str | None = None, k: int = 10, **options: Any) -> list[SearchResult]:
        """Search, remembering the results."""
        return self._remember(super().search(query, team, k, **options))

    def team_chunks(self, team: str) -> list[SearchResult]:
        """A team's chunks, remembered."""
        return self._remember(super().team_chunks(team))

    def file_chunks(self, source: str, team: str | None = None) -> list[SearchResult]:
        """A file's chunks, remembered."""
        return self._remember(super().file_chunks(source, team))

    def card_chunks(self, ids: Sequence[str]) -> dict[str, SearchResult]:
        """Catalogue cards by id, remembered (skills cite cards read by id, not searched)."""
        found = super().card_chunks(ids)
        self._remember(list(found.values()))
        return found

    def _remember(self, results: list[SearchResult]) -> list[SearchResult]:
        self.seen.update((r.chunk_id, r) for r in results)
        return results


class MemoEmbedder:
    """One embedder for every Coach of a run that remembers document vectors by text: the Open
    Practice Library sits in two suites' libraries (retrieval over the seeds, practices beside
    the built-in cards) and is embedded once, not twice."""

    def __init__(self, inner: Embedder) -> None:
        self.inner = inner
        self.name = inner.name
        self._vectors: dict[str, Vector] = {}

    def embed_documents(self, texts: Sequence[str], progress: Progress | None = None) -> list[Vector]:
        """Vectors for texts, embedding only those not seen before in this run."""
        missing = [text for text in dict.fromkeys(texts) if text not in self._vectors]
        if missing:
            self._vectors.update(zip(missing, self.inner.embed_documents(missing, progress), strict=True))
        if progress and len(texts) > len(missing):
            progress(len(texts) - len(missing))
        return [self._vectors[text] for text in texts]

    def embed_query(self, text: str) -> Vector:
        """One query vector (queries are not remembered: each is asked once per case)."""
        return self.inner.embed_query(text)


def shared_paths(shared: Path) -> Sequence[Path]:
    """The ../shared folders the shared retrieval set is labelled over."""
    return [shared / "seeds", shared / "opl" / "practice"]


BackendName = str  # "offline", "openai:<model>" or "replay"


def backend_settings(backend: BackendName, cassette: Path | None) -> dict[str, Any]:
    """Settings fields for a `--backend` value; replay needs a cassette, openai records to one."""
    if backend == "offline":
        return {"llm": "offline"}
    if backend == "replay":
        if cassette is None:
            raise ConfigError("--backend replay needs --cassette FILE (recorded with --backend openai:<model>)")
        return {"llm": "openai:replay", "llm_mode": "replay", "llm_cassette": cassette}
    if not backend.startswith("openai:") or backend == "openai:":
        raise ConfigError(f"unknown backend {backend!r}: use offline, openai:<model> or replay")
    mode: Literal["live", "record"] = "record" if cassette else "live"
    return {"llm": backend, "llm_mode": mode, "llm_cassette": cassette}


@dataclass
class Env:
    """The systems under test, built on first use and shared by every suite in a run."""

    backend: BackendName = "offline"
    cassette: Path | None = None
    embedder: Embedder | None = None  # None: the real MiniLM (tests pass the hash embedder)
    corpus: Path = CORPUS
    shared: Path = SHARED
    today: dt.date = EVAL_DAY
    _dirs: list[tempfile.TemporaryDirectory[str]] = field(default_factory=list)

    @cached_property
    def _embedder(self) -> MemoEmbedder:
        # COACH_EMBEDDER still applies: evals measure the embedder a deployment is configured with.
        return MemoEmbedder(self.embedder or make_embedder(Settings()))

    def _settings(self, **fields: Any) -> Settings:
        scratch = tempfile.TemporaryDirectory(prefix="coach-eval-")
        self._dirs.append(scratch)
        return Settings(data_dir=Path(scratch.name), **fields)

    @cached_property
    def coach(self) -> RecordingCoach:
        """The built-in cards in the library and each example team in its own scope, as
        `coach bootstrap` lays them out, answering on the chosen backend."""
        coach = RecordingCoach(self._settings(**backend_settings(self.backend, self.cassette)),
                               embedder=self._embedder)
        coach.ingest([self.corpus])
        for team_dir in sorted(p for p in (self.corpus / "examples").iterdir() if p.is_dir()):
            coach.ingest([team_dir], team_dir.name)
        return coach

    @cached_property
    def practice_coach(self) -> RecordingCoach:
        """The built-in cards and the imported Open Practice Library in one library, as a user
        who ingested the library would have them (only when ../shared is present)."""
        coach = RecordingCoach(self._settings(**backend_settings(self.backend, self.cassette)),
                               embedder=self._embedder)
        coach.ingest([self.corpus / "practices", self.shared / "opl" / "practice"])
        return coach

    @cached_property
    def shared_coach(self) -> Coach:
        """The seeds and the Open Practice Library (only when ../shared is present)."""
        coach = Coach(self._settings(), embedder=self._embedder)
        coach.ingest(shared_paths(self.shared))
        return coach

    def close(self) -> None:
        """Close every Coach opened and remove the scratch data dirs."""
        for name in ("coach", "practice_coach", "shared_coach"):
            if name in self.__dict__:
                self.__dict__[name].close()
        for scratch in self._dirs:
            scratch.cleanup()
