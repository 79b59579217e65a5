"""Chunker: token budget, structure, overlap and id stability."""

from __future__ import annotations

from coach.ingest.chunking import Chunker, chunk_id
from coach.ingest.documents import Block, Document, Section


def _doc(*sections: Section, kind: str = "article", title: str = "Guide") -> Document:
    return Document("/x/guide.md", title, kind, sections)


def _long_paragraph(words: int, seed: str = "word") -> str:
    return " ".join(f"{seed}{i}." if i % 12 == 11 else f"{seed}{i}" for i in range(words))


def test_every_chunk_fits_the_budget() -> None:
    chunker = Chunker(size=64, overlap=8)
    doc = _doc(Section(("A",), tuple(Block(_long_paragraph(90, f"p{n}x")) for n in range(4))))
    chunks = chunker.chunk(doc)
    assert len(chunks) > 4
    assert all(chunker.count(c.text) <= 64 for c in chunks)


def test_small_sections_share_a_chunk_and_large_ones_split_at_headings() -> None:
    chunker = Chunker(size=80, overlap=10)
    small = (Section(("One",), (Block("Short."),)), Section(("Two",), (Block("Also short."),)))
    chunks = chunker.chunk(_doc(*small))
    assert len(chunks) == 1 and "One\nShort." in chunks[0].text and "Two\nAlso short." in chunks[0].text
    big = Section(("Three",), tuple(Block(_long_paragraph(30, f"b{n}x")) for n in range(4)))
    chunks = chunker.chunk(_doc(*small, big))
    assert chunks[0].heading_path == "One"
    assert all(c.heading_path == "Three" and c.text.startswith("Guide › Three\n") for c in chunks[1:])


def test_speaker_turns_are_never_split_across_chunks_and_carry_times() -> None:
    turns = tuple(Block(f"[00:00:{n:02d}] Ana: point number {n} about the goal",
                        {"speaker": "Ana" if n % 2 else "Bo", "start": float(n)}) for n in range(30))
    chunks = Chunker(size=60, overlap=12).chunk(_doc(Section((), turns), kind="transcript"))
    for chunk in chunks:
        assert all(line.startswith("[00:00:") for line in chunk.text.split("\n\n"))
    assert chunks[1].metadata["start_seconds"] <= chunks[1].metadata["end_seconds"]
    assert chunks[0].metadata["chunk_speakers"] == "Bo, Ana"


def test_overlap_carries_trailing_context() -> None:
    blocks = tuple(Block(f"Paragraph {n} talks about topic {n}.") for n in range(20))
    chunks = Chunker(size=40, overlap=12).chunk(_doc(Section((), blocks)))
    first_last = chunks[0].text.split("\n\n")[-1]
    assert first_last in chunks[1].text


def test_ids_are_stable_and_depend_on_scope_source_position_and_content() -> None:
    doc = _doc(Section((), (Block("Stable text."),)))
    a, b = Chunker().chunk(doc), Chunker().chunk(doc)
    assert [c.id for c in a] == [c.id for c in b]
    assert Chunker().chunk(doc, "platform")[0].id != a[0].id
    assert chunk_id("library", "/x", 0, "h1") != chunk_id("library", "/x", 0, "h2")


def test_store_metadata_has_the_required_fields() -> None:
    chunk = Chunker().chunk(_doc(Section(("H",), (Block("Text."),))), "growth")[0]
    meta = chunk.store_metadata()
    for key in ("source", "title", "kind", "team", "position", "heading_path", "content_hash"):
        assert key in meta
    assert meta["team"] == "growth" and meta["visibility"] == "shared"
