"""How well each practice's purpose fits a situation (pure: vectors in, scores out).

A situation is the team's context (or, without one, what the key result measures), read two
ways, each of which catches what the other misses:

- whole: the situation's vector against the mean of a practice's purpose statements, the
  practice's overall aim;
- by clause: each clause of the situation ("nobody has asked the ones who left") against the
  practice's closest statement, averaged over the clauses, so a practice that answers one
  clause strongly and the rest not at all does not win on that clause alone.

Every statement in reach is scored exactly (no approximate index), so the result is the same
in every process and every build of the index.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from coach.store.chroma import StoredVectors

_CLAUSE = re.compile(r"[.;:!?\n]+|,\s*(?:but|and|so|because|while|yet)\s+|\s+but\s+|\s+-\s+")
MIN_CLAUSE_WORDS = 3


def clauses(text: str) -> list[str]:
    """The clauses of a context worth matching on their own (three words or more)."""
    parts = (part.strip(" ,-\t") for part in _CLAUSE.split(text))
    return [part for part in parts if len(part.split()) >= MIN_CLAUSE_WORDS]


@dataclass(frozen=True)
class PurposeFit:
    """One practice's fit to the situation, and the clause and statement that matched best."""

    practice_id: str
    source: str
    whole: float
    by_clause: float
    clause: str
    statement: str


@dataclass(frozen=True)
class PurposeBook:
    """The statements in reach grouped by practice, with each practice's aim (the mean of its
    statements), built once per change of the store rather than on every request."""

    statements: StoredVectors
    practices: list[str]      # practice ids, sorted
    sources: list[str]        # each practice's file
    rows: list[list[int]]     # each practice's statement rows
    aims: np.ndarray          # practices x dim, unit length

    @classmethod
    def of(cls, statements: StoredVectors) -> PurposeBook:
        """Group the statements by the practice they belong to."""
        groups: dict[str, list[int]] = {}
        for row, chunk in enumerate(statements.chunks):
            groups.setdefault(str(chunk.metadata.get("practice_id") or chunk.metadata.get("source")), []).append(row)
        practices = sorted(groups)
        rows = [groups[p] for p in practices]
        aims = _unit(np.stack([statements.matrix[r].mean(axis=0) for r in rows])) if rows \
            else np.zeros((0, 0), dtype=np.float32)
        sources = [str(statements.chunks[r[0]].metadata.get("source", "")) for r in rows]
        return cls(statements, practices, sources, rows, aims)


def purpose_fits(book: PurposeBook, situation: Sequence[float], clause_texts: Sequence[str],
                 clause_vectors: Sequence[Sequence[float]]) -> list[PurposeFit]:
    """Every practice in the book scored against the situation, in practice-id order."""
    if not book.practices:
        return []
    whole = _unit(np.asarray([situation], dtype=np.float32))[0]
    parts = _unit(np.asarray(clause_vectors, dtype=np.float32).reshape(len(clause_texts), -1))
    aims = book.aims @ whole
    fits = []
    for number, rows in enumerate(book.rows):
        vectors = book.statements.matrix[rows]
        if len(clause_texts):
            sims = parts @ vectors.T  # clauses x statements
            best_row, column = np.unravel_index(int(np.argmax(sims)), sims.shape)
            best_statement, by_clause = int(column), float(sims.max(axis=1).mean())
            clause = clause_texts[int(best_row)]
        else:
            sims = (vectors @ whole)[None, :]
            best_statement, by_clause, clause = int(np.argmax(sims)), float(sims.max()), ""
        fits.append(PurposeFit(book.practices[number], book.sources[number], float(aims[number]), by_clause,
                               clause, book.statements.chunks[rows[best_statement]].text))
    return fits


def _unit(matrix: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    return matrix / np.where(norms == 0, 1.0, norms)
