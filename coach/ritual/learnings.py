"""A finished experiment's learning as a chunk in the team's own scope (so search, and every
later suggestion for that key result or its metric, can cite it; another team never sees it).
"""

from __future__ import annotations

from coach.embeddings import Embedder
from coach.ingest.chunking import Chunk, chunk_id, text_hash
from coach.ingest.documents import Metadata
from coach.ritual.hooks import LEARNING_KIND
from coach.ritual.ledger import ExperimentRecord
from coach.store.chroma import ChromaStore


def learning_chunk(record: ExperimentRecord, *, kr_text: str, metric: str | None) -> Chunk:
    """The chunk for one learning: its words, the hypothesis and result, the key result and date."""
    learned_on = (record.ended_on or record.created_on).isoformat()
    text = "\n".join(line for line in (
        f"Learning › {record.kr_id}: {kr_text}",
        f"On {learned_on} the team learned: {record.learning}",
        f"Hypothesis: {record.hypothesis}",
        f"Test: {record.test}" if record.test else "",
        f"Result: {record.result}" if record.result else "",
        f"Experiment {record.id} ended {record.status}.") if line)
    source = f"experiments/{record.id}"
    digest = text_hash(text)
    metadata: Metadata = {"kr_id": record.kr_id, "kr_text": kr_text, "metric": metric or "", "learned_on": learned_on,
                "learning": record.learning or "", "experiment_id": record.id, "status": record.status}
    return Chunk(id=chunk_id(record.team, source, 0, digest), text=text, source=source,
                 title=f"Learning from experiment {record.id} ({record.kr_id})", kind=LEARNING_KIND,
                 team=record.team, position=0, heading_path="Learning", content_hash=digest, metadata=metadata)


def index_learning(store: ChromaStore, embedder: Embedder, chunk: Chunk, *, replaces: list[str]) -> None:
    """Write the learning (replacing an earlier version of the same experiment's learning)."""
    stale = [i for i in replaces if i != chunk.id]
    if stale:
        store.delete(chunk.team, stale)
    store.upsert(chunk.team, [chunk], embedder.embed_documents([chunk.text]))
