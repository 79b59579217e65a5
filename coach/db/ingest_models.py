"""Tables for the ingest manifest and the embedding cache (scopes: "library" or a team)."""

from __future__ import annotations

from sqlalchemy import Float, Index, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from coach.db.base import Base


class IngestFileRow(Base):
    """One ingested file of a scope: its digest, kind and chunk count."""

    __tablename__ = "ingest_files"

    team: Mapped[str] = mapped_column(String(63), primary_key=True)
    path: Mapped[str] = mapped_column(Text, primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(40))
    chunks: Mapped[int] = mapped_column(Integer)
    ingested_at: Mapped[float] = mapped_column(Float)


class IngestChunkRow(Base):
    """A stored chunk id of a file, with the hash of its text."""

    __tablename__ = "ingest_chunks"
    __table_args__ = (Index("ix_ingest_chunks_file", "team", "path"),)

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    team: Mapped[str] = mapped_column(String(63))
    path: Mapped[str] = mapped_column(Text)
    content_hash: Mapped[str] = mapped_column(String(64))


class EmbeddingRow(Base):
    """A cached embedding: float32 bytes, keyed by model and content hash."""

    __tablename__ = "embedding_cache"

    model: Mapped[str] = mapped_column(String(200), primary_key=True)
    content_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    vector: Mapped[bytes] = mapped_column(LargeBinary)


class ScopeGenerationRow(Base):
    """A counter bumped whenever a scope's chunks change (invalidates lexical indexes)."""

    __tablename__ = "scope_generations"

    team: Mapped[str] = mapped_column(String(63), primary_key=True)
    generation: Mapped[int] = mapped_column(Integer)
