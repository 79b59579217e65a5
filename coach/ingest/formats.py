"""Loaders for plain text, HTML, PDF, DOCX and meeting transcripts."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from coach.errors import IngestionError, ValidationError
from coach.ingest.documents import Block, Document, Metadata, Section, paragraphs
from coach.transcripts import Transcript, format_timestamp, parse_transcript


def load_text(path: Path, text: str) -> Document:
    """Plain text: paragraphs under no heading; the title is the first short line or the name."""
    first = text.strip().split("\n", 1)[0].strip()
    title = first if 0 < len(first) <= 120 else path.stem
    return Document(str(path), title, "article", (Section((), paragraphs(text)),))


def load_html(path: Path, data: bytes) -> Document:
    """HTML: main text via trafilatura (a maintained extraction library)."""
    import trafilatura  # imported lazily: it is slow to import

    try:
        html = data.decode("utf-8")
    except UnicodeDecodeError:
        html = data.decode("latin-1")
    text = trafilatura.extract(html, favor_recall=True, include_comments=False)
    if not text or not text.strip():
        raise IngestionError(str(path), "no readable text found in this HTML page")
    metadata = trafilatura.extract_metadata(html)
    title = (metadata.title if metadata and metadata.title else None) or path.stem
    return Document(str(path), title, "article", (Section((), paragraphs(text)),))


def load_pdf(path: Path, data: bytes) -> Document:
    """PDF: one section per page, via pypdf."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        pages = [page.extract_text() or "" for page in reader.pages]
        title = str(reader.metadata.title) if reader.metadata and reader.metadata.title else ""
    except (PdfReadError, ValueError, KeyError, TypeError) as exc:
        raise IngestionError(str(path), f"not a readable PDF ({exc})") from exc
    sections = tuple(Section((f"Page {n}",), paragraphs(text))
                     for n, text in enumerate(pages, start=1) if text.strip())
    if not sections:
        raise IngestionError(str(path), "the PDF has no extractable text (is it a scan?)")
    return Document(str(path), title or path.stem, "article", sections)


def load_docx(path: Path, data: bytes) -> Document:
    """DOCX: paragraphs grouped under their Heading-styled paragraphs, via python-docx."""
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, zipfile.BadZipFile, ValueError, KeyError) as exc:
        raise IngestionError(str(path), f"not a readable DOCX file ({exc})") from exc
    sections: list[Section] = []
    heading: tuple[str, ...] = ()
    blocks: list[Block] = []
    for para in document.paragraphs:
        text = para.text.strip()
        style = para.style.name if para.style is not None else ""
        if text and style.startswith("Heading"):
            if blocks:
                sections.append(Section(heading, tuple(blocks)))
            heading, blocks = (text,), []
        elif text:
            blocks.append(Block(text))
    if blocks:
        sections.append(Section(heading, tuple(blocks)))
    title = document.core_properties.title or path.stem
    return Document(str(path), title, "article", tuple(sections))


def load_transcript(path: Path, text: str) -> Document:
    """A meeting transcript: one block per speaker turn, with speaker and time metadata."""
    try:
        transcript = parse_transcript(text, suffix=path.suffix)
    except ValidationError as exc:
        raise IngestionError(str(path), f"malformed transcript: {exc}") from exc
    return transcript_document(path, transcript)


def transcript_document(path: Path, transcript: Transcript) -> Document:
    """Turn parsed turns into a transcript document."""
    blocks = tuple(
        Block(_turn_line(t.speaker, t.text, t.start),
              {"speaker": t.speaker, "start": t.start if t.start is not None else -1.0})
        for t in transcript.turns
    )
    metadata: Metadata = {"speakers": ", ".join(transcript.speakers), "turns": len(transcript.turns)}
    if transcript.attendees:
        metadata["attendees"] = ", ".join(transcript.attendees)
    return Document(str(path), path.stem, "transcript", (Section((), blocks),), metadata)


def _turn_line(speaker: str, text: str, start: float | None) -> str:
    stamp = f"[{format_timestamp(start)}] " if start is not None else ""
    return f"{stamp}{speaker}: {text}"
