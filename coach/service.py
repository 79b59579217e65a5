"""`Coach`: the one object the CLI, the API and Python callers use; it wires the parts."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Sequence
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pydantic

from coach.catalogue import Catalogue, builtin_catalogue
from coach.config import Settings, check_team
from coach.db import Database, open_database
from coach.embeddings import Embedder, make_embedder
from coach.errors import IngestionError, ValidationError
from coach.ingest.chunking import LIBRARY, Chunker, text_hash
from coach.ingest.manifest import Manifest
from coach.ingest.pipeline import Indexer, IngestReport, ProgressHook
from coach.ingest.structured import pydantic_problem
from coach.retrieval.search import Mode, Searcher, SearchResult
from coach.store.chroma import ChromaStore
from coach.workspace import RECORD_KINDS, ImportResult, TeamRecords, TeamRepository, import_team_file
from coach.workspace.importer import RecordKind

if TYPE_CHECKING:
    from pydantic import BaseModel

    from coach.appdb import AppDatabase
    from coach.llm import ChatBackend
    from coach.review.delivery import DeliveryReport
    from coach.ritual.service import Ritual
    from coach.skills.base import SkillResponse
    from coach.vocabulary import Vocabulary


class Coach:
    """Ingest and search, scoped by team, on the configured store and embedder."""

    def __init__(self, settings: Settings, *, embedder: Embedder | None = None) -> None:
        self.settings = settings
        self._embedder = embedder
        self._cards_seen: tuple[int, dict[tuple[str, ...], dict[str, SearchResult]]] = (-1, {})

    @cached_property
    def embedder(self) -> Embedder:
        """The configured embedder (the model itself loads on first use)."""
        return self._embedder or make_embedder(self.settings)

    @cached_property
    def database(self) -> Database:
        """The app database (SQLite in the data dir, or COACH_DATABASE_URL), migrated on open."""
        return open_database(self.settings)

    @cached_property
    def manifest(self) -> Manifest:
        """The ingest manifest and embedding cache."""
        return Manifest(self.database)

    @cached_property
    def store(self) -> ChromaStore:
        """The vector store (embedded or server)."""
        return ChromaStore(self.settings)

    @cached_property
    def searcher(self) -> Searcher:
        """Hybrid search over the store."""
        return Searcher(self.store, self.embedder, self.manifest)

    def ingest(self, paths: Sequence[Path], team: str | None = None,
               progress: ProgressHook | None = None) -> IngestReport:
        """Ingest files or directories into the library, or into a team's own scope."""
        scope = check_team(team) if team else LIBRARY
        chunker = Chunker(self.settings.chunk_size, self.settings.chunk_overlap)
        indexer = Indexer(self.store, self.embedder, self.manifest, chunker)
        if team:
            self.appdb.ensure_team(scope)
        report = indexer.ingest(paths, scope, progress)
        if team:
            self._import_team_records(scope, report)
        return report

    def search(self, query: str, team: str | None = None, k: int = 10, *,
               kinds: Sequence[str] = (), viewer: str | None = None,
               mode: Mode = "hybrid", per_source: int = 2) -> list[SearchResult]:
        """The k best chunks for a query; a team sees the library plus its own data only.
        `per_source` caps chunks from one file while others remain (record-like card files
        such as KR patterns want more)."""
        scope = check_team(team) if team else None
        return self.searcher.search(query, scope, k, kinds=kinds, viewer=viewer, mode=mode,
                                    per_source=per_source)

    def forget(self, paths: Sequence[Path], team: str | None = None) -> int:
        """Remove files' chunks from a scope (retention purges); returns how many were known."""
        scope = check_team(team) if team else LIBRARY
        known = 0
        for path in paths:
            key = str(path.resolve())
            ids = self.manifest.chunk_ids(scope, key)
            if self.manifest.file(scope, key) is not None:
                known += 1
                self.store.delete(scope, ids)
                self.manifest.forget_file(scope, key)
                if team:
                    self.repository.forget_file(scope, key)  # its OKR set or snapshots go too
        if known:
            self.manifest.bump(scope)
        return known

    def deliver(self, team: str | None = None, *, actor: str = "delivery") -> DeliveryReport:
        """Send approved and edited nudges (each at most once) to the team feed and webhook;
        the audit log names `actor` for each send."""
        from coach.review.delivery import Deliverer, HttpxWebhookTransport

        transport = HttpxWebhookTransport()
        try:
            return Deliverer(self.appdb, transport, actor=actor).deliver(check_team(team) if team else None)
        finally:
            transport.close()

    @cached_property
    def backend(self) -> ChatBackend | None:
        """The configured model backend (None: the offline composer)."""
        from coach.llm import make_backend

        return make_backend(self.settings)

    @cached_property
    def appdb(self) -> AppDatabase:
        """Teams, the review queue, deliveries and the audit trail."""
        from coach.appdb import AppDatabase

        return AppDatabase(self.database)

    def vocabulary(self, team: str | None) -> Vocabulary:
        """The team's words for objective / key result / initiative."""
        from coach.vocabulary import Vocabulary

        return self.appdb.get_team(team).vocabulary if team else Vocabulary()

    @cached_property
    def repository(self) -> TeamRepository:
        """The team records: settings, members, OKRs, metric snapshots, meetings."""
        return TeamRepository(self.database)

    def import_team_file(self, path: Path, team: str, kind: RecordKind) -> ImportResult:
        """Import an OKR file, metric CSV or team.yaml into the team's records, then index it
        for retrieval; a file of another kind is refused before anything is stored."""
        scope = check_team(team)
        if not path.is_file():
            raise IngestionError(str(path), f"no such file: give the path of a {kind} file")
        result = import_team_file(self.repository, scope, path, kind)
        report = self.ingest([path], scope)
        if report.errors:
            raise IngestionError(str(path), report.errors[0]["error"])
        return result

    def _import_team_records(self, team: str, report: IngestReport) -> None:
        """OKR files, metric CSVs and team.yaml become team records as well as chunks. An unchanged
        file is imported only when its records are missing (a data dir from an older release);
        a removed file's records go."""
        for path, status in report.statuses.items():
            if status == "removed":
                self.repository.forget_file(team, path)
                continue
            known = self.manifest.file(team, path)
            if status == "error" or known is None or known.kind not in RECORD_KINDS:
                continue
            if status == "unchanged" and known.kind != "team" and self.repository.has_file(team, path):
                continue
            try:
                import_team_file(self.repository, team, Path(path), known.kind, settings=status != "unchanged")
            except IngestionError as exc:
                report.errors.append({"path": path, "error": exc.problem})

    @cached_property
    def ritual(self) -> Ritual:
        """Check-ins, computed key-result states, the agenda and the experiment ledger."""
        from coach.ritual.service import Ritual
        from coach.ritual.sql import SqlRitualStore
        from coach.ritual.team_data import RepositoryTeamData

        return Ritual(self, RepositoryTeamData(self.repository, self.manifest),
                      SqlRitualStore(self.database))

    def team_chunks(self, team: str) -> list[SearchResult]:
        """Every chunk in a team's own scope, private notes excluded."""
        return [SearchResult.from_stored(c) for c in self.store.all_chunks(team)
                if c.metadata.get("visibility") == "shared"]

    def file_chunks(self, source: str, team: str | None = None) -> list[SearchResult]:
        """A file's shared chunks in order, from the team's scope or else the library."""
        for scope in ([team] if team else []) + [LIBRARY]:
            found = self.store.chunks_of(scope, source)
            if found:
                return [SearchResult.from_stored(c) for c in found]
        return []

    @cached_property
    def catalogue(self) -> Catalogue:
        """The built-in knowledge cards, as typed records by id."""
        return builtin_catalogue()

    def card_chunks(self, ids: Sequence[str]) -> dict[str, SearchResult]:
        """The indexed library chunk of each card id (a practice: its first chunk). Built-in
        cards missing from the library (a data dir holding only the user's own files) are
        indexed first, so skills can always cite them. Remembered until the library changes
        (every practices request asks for all the built-in practice cards)."""
        key = tuple(ids)
        generation = self.manifest.generation(LIBRARY)
        if self._cards_seen[0] != generation:
            self._cards_seen = (generation, {})
        if key not in self._cards_seen[1]:
            found = self._stored_cards(ids)
            missing = [card_id for card_id in ids if card_id not in found]
            files = sorted({path for card_id in missing if (path := self.catalogue.path_of(card_id))})
            if files:
                self.ingest(files)
                found.update(self._stored_cards(missing))
                self._cards_seen = (self.manifest.generation(LIBRARY), {})
            self._cards_seen[1][key] = found
        return dict(self._cards_seen[1][key])

    def _stored_cards(self, ids: Sequence[str]) -> dict[str, SearchResult]:
        if not ids:
            return {}
        where = {"$or": [{key: {"$in": list(ids)}} for key in ("card_id", "practice_id", "id")]}
        chunks = sorted(self.store.find(LIBRARY, where), key=lambda c: int(c.metadata.get("position", 0)))
        found: dict[str, SearchResult] = {}
        for chunk in chunks:
            card_id = str(chunk.metadata.get("card_id") or chunk.metadata.get("practice_id")
                          or chunk.metadata.get("id"))
            found.setdefault(card_id, SearchResult.from_stored(chunk))
        return found

    def relatedness(self, query: str, chunks: Sequence[SearchResult]) -> dict[str, float]:
        """Cosine similarity of the query to each chunk, from the vectors cached at ingest (a
        chunk never embedded is embedded now): a calibrated score, unlike a fused rank."""
        if not chunks:
            return {}
        by_hash = {str(c.metadata.get("content_hash") or text_hash(c.text)): c for c in chunks}
        vectors = self.manifest.cached_vectors(self.embedder.name, list(by_hash))
        missing = [h for h in by_hash if h not in vectors]
        if missing:
            vectors.update(zip(missing, self.embedder.embed_documents([by_hash[h].text for h in missing]),
                               strict=True))
        query_vector = np.asarray(self.embedder.embed_query(query), dtype=np.float32)
        query_vector /= float(np.linalg.norm(query_vector)) or 1.0
        scores = {}
        for digest, chunk in by_hash.items():
            vector = np.asarray(vectors[digest], dtype=np.float32)
            scores[chunk.chunk_id] = float(query_vector @ vector / (float(np.linalg.norm(vector)) or 1.0))
        return scores

    def suggest(self, skill: str, request: BaseModel | dict[str, Any], team: str | None = None, *,
                viewer: str | None = None, today: dt.date | None = None,
                offline: bool = False) -> SkillResponse:
        """Run a registered skill for a team (or the library alone)."""
        from coach.ritual.hooks import learning_notes, with_computed_state
        from coach.ritual.notes import CitesLearnings
        from coach.ritual.service import find_tracked
        from coach.skills.base import SkillContext
        from coach.skills.registry import get_skill

        found = get_skill(skill)
        scope = check_team(team) if team else None
        try:
            typed = found.request_model.model_validate(request)
        except pydantic.ValidationError as exc:
            raise ValidationError(f"invalid {skill} request: {pydantic_problem(exc)}") from exc
        # The team's key results with their computed states, read once per request (risks ask for each).
        tracked = functools.cache(lambda: self.ritual.tracked(scope) if scope else [])
        ctx = SkillContext(
            search=lambda query, t, k, **kw: self.search(query, t, k, viewer=viewer, **kw),
            team=scope, vocabulary=self.vocabulary(scope), today=today or dt.date.today(),
            backend=None if offline else self.backend, viewer=viewer,
            team_data=TeamRecords(self.repository, scope) if scope else None,
            store_chunks=functools.lru_cache(maxsize=4)(self.team_chunks),  # one read per request
            file_chunks=lambda source: self.file_chunks(source, scope),
            catalogue=self.catalogue, cards=self.card_chunks, relatedness=self.relatedness,
            purposes=lambda situation: self.searcher.purpose_fits(situation, scope),
            find_key_result=(lambda text, kr_id: find_tracked(tracked(), text, kr_id)) if scope else None)
        typed = with_computed_state(typed, ctx)  # a skill asked without a state gets the computed one
        response: SkillResponse = found.run(typed, ctx)
        if scope and isinstance(response, CitesLearnings):  # only skills about key results cite them
            response.learnings = learning_notes(ctx, typed)
        return response

    def close(self) -> None:
        """Release the database connections."""
        if "database" in self.__dict__:
            self.database.close()
