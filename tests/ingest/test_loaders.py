"""Every loader, with one good and one malformed sample per format."""

from __future__ import annotations

from pathlib import Path

import pytest

from coach.errors import IngestionError
from coach.ingest.loaders import iter_files, load_file
from tests.samples import METRICS_CSV, OKR_YAML, PLAIN, SRT, VTT, make_docx, make_pdf, write


def _texts(document) -> str:  # type: ignore[no-untyped-def]
    return "\n".join(b.text for s in document.sections for b in s.blocks)


def test_markdown_front_matter_becomes_metadata_and_headings_become_sections(tmp_path: Path) -> None:
    path = write(tmp_path / "a.md", "---\ntitle: Check-ins\nauthors: [ana, bo]\ntags: [okr]\n---\n"
                 "# Check-ins\nIntro.\n\n## Agenda\nFirst item.\n\n### Detail\nDeeper.\n")
    doc = load_file(path)
    assert doc.title == "Check-ins" and doc.kind == "article"
    assert doc.metadata["authors"] == "ana, bo" and doc.metadata["tags"] == "okr"
    assert [s.heading_path for s in doc.sections] == [(), ("Agenda",), ("Agenda", "Detail")]


def test_markdown_with_broken_front_matter_names_the_line(tmp_path: Path) -> None:
    path = write(tmp_path / "bad.md", "---\ntitle: [unclosed\n---\nbody\n")
    with pytest.raises(IngestionError, match=r"bad\.md: invalid YAML front matter.*line"):
        load_file(path)


def test_markdown_front_matter_that_never_closes(tmp_path: Path) -> None:
    with pytest.raises(IngestionError, match="never closes"):
        load_file(write(tmp_path / "open.md", "---\ntitle: x\nbody without end\n"))


def test_private_note_is_kind_note(tmp_path: Path) -> None:
    doc = load_file(write(tmp_path / "n.md", "---\nprivate: true\nowner: Priya\n---\nHopes.\n"))
    assert doc.kind == "note" and doc.metadata["private"] is True and doc.metadata["owner"] == "Priya"


def test_plain_text(tmp_path: Path) -> None:
    doc = load_file(write(tmp_path / "t.txt", "A title\n\nFirst paragraph.\n\nSecond one.\n"))
    assert doc.title == "A title" and len(doc.sections[0].blocks) == 3


def test_text_that_is_not_utf8_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "latin.txt"
    path.write_bytes("caf\xe9 cr\xe8me".encode("latin-1"))
    with pytest.raises(IngestionError, match="not valid UTF-8"):
        load_file(path)


def test_binary_content_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "blob.md"
    path.write_bytes(b"\x00\x01\x02 binary")
    with pytest.raises(IngestionError, match="binary"):
        load_file(path)


def test_unknown_type_names_the_supported_ones(tmp_path: Path) -> None:
    with pytest.raises(IngestionError, match=r"unsupported file type '\.xlsx'.*\.md"):
        load_file(write(tmp_path / "sheet.xlsx", "x"))


def test_empty_file_is_reported(tmp_path: Path) -> None:
    with pytest.raises(IngestionError, match="no text"):
        load_file(write(tmp_path / "empty.txt", "  \n"))


def test_html_main_text(tmp_path: Path) -> None:
    body = " ".join(["Weekly check-ins keep key results honest and visible."] * 8)
    html = (f"<html><head><title>Check-in guide</title></head><body><nav>Home | About</nav>"
            f"<article><h1>Check-in guide</h1><p>{body}</p><p>{body}</p></article></body></html>")
    doc = load_file(write(tmp_path / "g.html", html))
    assert doc.title == "Check-in guide" and "key results honest" in _texts(doc)


def test_html_without_text_is_reported(tmp_path: Path) -> None:
    with pytest.raises(IngestionError, match="no readable text"):
        load_file(write(tmp_path / "e.html", "<html><body><script>1</script></body></html>"))


def test_pdf_pages(tmp_path: Path) -> None:
    doc = load_file(make_pdf(tmp_path / "p.pdf", ["Pre-mortems surface risks early.", "Try one."]))
    assert doc.sections[0].heading_path == ("Page 1",) and "Pre-mortems" in _texts(doc)


def test_malformed_pdf(tmp_path: Path) -> None:
    path = tmp_path / "broken.pdf"
    path.write_bytes(b"%PDF-1.4\nthis is not really a pdf")
    with pytest.raises(IngestionError, match=r"broken\.pdf: .*PDF"):
        load_file(path)


def test_docx_headings(tmp_path: Path) -> None:
    doc = load_file(make_docx(tmp_path / "d.docx", "Retrospective", ["What went well.", "Next."]))
    assert doc.sections[0].heading_path == ("Retrospective",) and "What went well." in _texts(doc)


def test_malformed_docx(tmp_path: Path) -> None:
    with pytest.raises(IngestionError, match="not a readable DOCX"):
        load_file(write(tmp_path / "x.docx", "plain text pretending"))


@pytest.mark.parametrize(("name", "text"), [("c.vtt", VTT), ("c.srt", SRT), ("c.txt", PLAIN)])
def test_transcripts_keep_speakers_and_times(tmp_path: Path, name: str, text: str) -> None:
    doc = load_file(write(tmp_path / name, text))
    assert doc.kind == "transcript"
    blocks = doc.sections[0].blocks
    assert blocks[0].meta["speaker"] == "Priya Raman" and blocks[0].meta["start"] == 1.0
    assert blocks[0].text.startswith("[00:00:01] Priya Raman:")
    assert "Marco Silva" in doc.metadata["speakers"]


def test_json_transcript(tmp_path: Path) -> None:
    path = write(tmp_path / "m.json", '[{"speaker": "Ana", "start": 3, "end": 5, "text": "Hi"}]')
    assert load_file(path).sections[0].blocks[0].meta == {"speaker": "Ana", "start": 3}


@pytest.mark.parametrize(("name", "text", "problem"), [
    ("bad.vtt", "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v A>x</v>\n\nnot a cue\n", "line 6"),
    ("bad.srt", "1\n00:00:01,000 --> 00:00:02,000\nA: hi\n\nstray text\n", "line 5"),
    ("bad.vtt", "00:00:01.000 --> 00:00:02.000\n<v A>x</v>\n", "line 1: a WebVTT file must start"),
    ("bad.json", '[{"speaker": "A"}]', "item 1"),
])
def test_malformed_transcripts_name_the_line(tmp_path: Path, name: str, text: str, problem: str) -> None:
    with pytest.raises(IngestionError, match=f"malformed transcript: {problem}"):
        load_file(write(tmp_path / name, text))


def test_okr_file(tmp_path: Path) -> None:
    doc = load_file(write(tmp_path / "okrs.yaml", OKR_YAML))
    text = _texts(doc)
    assert doc.kind == "okr" and doc.metadata == {"team": "demo", "cycle": "2026-Q4"}
    assert "baseline: 31" in text and "baseline: unknown" in text and "due: no date" in text


def test_okr_json_file(tmp_path: Path) -> None:
    path = write(tmp_path / "okrs.json", '{"objectives": [{"title": "Grow", "key_results": '
                 '[{"text": "Grow weekly users"}]}]}')
    assert load_file(path).kind == "okr"


def test_okr_file_with_a_bad_field_names_it(tmp_path: Path) -> None:
    bad = OKR_YAML.replace("confidence: 0.5", "confidence: high")
    with pytest.raises(IngestionError, match=r"objectives\.0\.key_results\.0\.confidence"):
        load_file(write(tmp_path / "okrs.yaml", bad))


def test_unrecognised_yaml(tmp_path: Path) -> None:
    with pytest.raises(IngestionError, match="unrecognised YAML"):
        load_file(write(tmp_path / "x.yaml", "hello: world\n"))


def test_invalid_yaml_names_the_line(tmp_path: Path) -> None:
    with pytest.raises(IngestionError, match=r"invalid YAML.*line \d"):
        load_file(write(tmp_path / "x.yaml", "objectives:\n  - title: [oops\n"))


def test_metrics_csv(tmp_path: Path) -> None:
    doc = load_file(write(tmp_path / "m.csv", METRICS_CSV))
    assert doc.kind == "metric" and [s.heading_path for s in doc.sections] == [
        ("activation rate",), ("weekly active teams",)]
    assert "33 % as of 2026-11-01" in _texts(doc)


@pytest.mark.parametrize(("text", "problem"), [
    ("name,value\nx,1\n", "CSV header must be"),
    ("metric,value,unit,as_of\nx,lots,%,2026-01-01\n", "row 2: value 'lots' is not a number"),
    ("metric,value,unit,as_of\nx,1,%,yesterday\n", "row 2: as_of 'yesterday' is not a date"),
    ("metric,value,unit,as_of\n", "no snapshot rows"),
    ("metric,value,unit,as_of\nx\n", "row 2: the value is empty"),
    ("\r0", "CSV header must be"),  # a lone carriage return is a line end, not a crash
    ("metric,value,unit,as_of\nx,\x00,%,2026-01-01\n", "binary file|not a readable CSV|not a number"),
])
def test_malformed_metrics_csv(tmp_path: Path, text: str, problem: str) -> None:
    with pytest.raises(IngestionError, match=problem):
        load_file(write(tmp_path / "m.csv", text))


def test_iter_files_skips_hidden_and_ignored(tmp_path: Path) -> None:
    write(tmp_path / "keep.md", "x")
    write(tmp_path / ".hidden.md", "x")
    write(tmp_path / "sub" / "expected.yaml", "x")
    write(tmp_path / "drafts" / "a.md", "x")
    write(tmp_path / ".coachignore", "# comment\nexpected.yaml\ndrafts\n")
    assert [p.name for p in iter_files(tmp_path)] == ["keep.md"]
