"""`make bench`: ingestion throughput, re-ingest, search latency and retrieval quality.

Ingests ../shared/seeds and ../shared/opl/practice into fresh data dirs with the real
MiniLM embedder and prints figures side by side:
  (a) coach's pipeline, (b) raw SentenceTransformer.encode over exactly the same chunk
  texts, (c) a naive LangChain pipeline (RecursiveCharacterTextSplitter + Chroma.from_documents).
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

from coach.config import Settings
from coach.embeddings import LocalEmbedder
from coach.ingest.loaders import iter_files
from coach.service import Coach
from evals.retrieval import evaluate, load_queries, table

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
SOURCES = [SHARED / "seeds", SHARED / "opl" / "practice"]
TARGETS = {"throughput": 0.9, "reingest": 0.05, "search_p50_ms": 30.0}


def _timed(action):  # type: ignore[no-untyped-def]
    started = time.perf_counter()
    value = action()
    return value, time.perf_counter() - started


def coach_pipeline(embedder: LocalEmbedder, data_dir: Path) -> tuple[Coach, int, float, float]:
    """(a) Full ingest, then re-ingest of the unchanged corpus."""
    coach = Coach(Settings(data_dir=data_dir), embedder=embedder)
    report, seconds = _timed(lambda: coach.ingest(SOURCES))
    if report.errors:
        raise SystemExit(f"ingest errors: {report.errors}")
    again, reseconds = _timed(lambda: coach.ingest(SOURCES))
    assert again.unchanged == report.files and again.embedded == 0
    return coach, report.chunks, seconds, reseconds


def raw_encode(embedder: LocalEmbedder, texts: list[str]) -> float:
    """(b) The practical limit: encode the same texts, nothing else."""
    _, seconds = _timed(lambda: embedder.model.encode(
        texts, batch_size=embedder.batch_size, normalize_embeddings=True, show_progress_bar=False))
    return seconds


def naive_langchain(embedder: LocalEmbedder, data_dir: Path) -> tuple[int, float]:
    """(c) The textbook LangChain pipeline with the same embedder."""
    from langchain_chroma import Chroma
    from langchain_core.documents import Document
    from langchain_core.embeddings import Embeddings
    from langchain_text_splitters import RecursiveCharacterTextSplitter

    class MiniLM(Embeddings):
        def embed_documents(self, texts: list[str]) -> list[list[float]]:
            return [row.tolist() for row in embedder.model.encode(
                texts, batch_size=embedder.batch_size, normalize_embeddings=True)]

        def embed_query(self, text: str) -> list[float]:
            return embedder.embed_query(text)

    def run() -> int:
        files = [p for root in SOURCES for p in iter_files(root)]
        documents = [Document(p.read_text(encoding="utf-8"), metadata={"source": str(p)}) for p in files]
        splitter = RecursiveCharacterTextSplitter(chunk_size=800, chunk_overlap=120)
        chunks = splitter.split_documents(documents)
        Chroma.from_documents(chunks, MiniLM(), persist_directory=str(data_dir))
        return len(chunks)

    count, seconds = _timed(run)
    return count, seconds


def search_latency(coach: Coach, queries: list[str], runs: int = 100) -> tuple[float, float]:
    """Warm p50/p95 in milliseconds over `runs` hybrid searches."""
    for query in queries[:5]:
        coach.search(query, k=10)
    timings = []
    for n in range(runs):
        _, seconds = _timed(lambda n=n: coach.search(queries[n % len(queries)], k=10))
        timings.append(seconds * 1000)
    cuts = statistics.quantiles(timings, n=100)
    return statistics.median(timings), cuts[94]


def main() -> int:
    """Run everything and print the table."""
    if not all(p.is_dir() for p in SOURCES):
        print(f"benchmark needs {SHARED}/seeds and {SHARED}/opl/practice beside the checkout")
        return 2
    embedder = LocalEmbedder()
    embedder.embed_query("warm up")  # model load is reported apart from throughput
    with tempfile.TemporaryDirectory() as tmp:
        coach, chunks, seconds, reseconds = coach_pipeline(embedder, Path(tmp) / "coach")
        texts = [c.text for c in coach.store.all_chunks("library")]
        raw_seconds = raw_encode(embedder, texts)
        lc_chunks, lc_seconds = naive_langchain(embedder, Path(tmp) / "langchain")
        queries = load_queries("retrieval_shared")
        p50, p95 = search_latency(coach, [q.query for q in queries.queries])
        scores = evaluate(coach, queries)
    ratio = (chunks / seconds) / (len(texts) / raw_seconds)
    print(f"\n{'pipeline':<34} {'chunks':>7} {'wall s':>8} {'chunks/s':>9}")
    for name, n, s in (("(a) coach ingest", chunks, seconds),
                       ("(b) raw encode, same texts", len(texts), raw_seconds),
                       ("(c) naive LangChain + Chroma", lc_chunks, lc_seconds)):
        print(f"{name:<34} {n:>7} {s:>8.1f} {n / s:>9.1f}")
    print(f"\nthroughput (a)/(b): {ratio:.2f}  (target >= {TARGETS['throughput']})")
    print(f"re-ingest unchanged: {reseconds:.2f} s = {reseconds / seconds:.1%} of a full ingest "
          f"(target <= {TARGETS['reingest']:.0%})")
    print(f"search latency, warm, 100 queries: p50 {p50:.1f} ms, p95 {p95:.1f} ms "
          f"(target p50 <= {TARGETS['search_p50_ms']:.0f} ms)")
    print(f"\nretrieval quality on {len(queries.queries)} labelled queries "
          "(evals/datasets/retrieval_shared.yaml)")
    print(table(scores))
    return 0


if __name__ == "__main__":
    sys.exit(main())
