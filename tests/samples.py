"""Builders for sample files of every supported format (made here, not downloaded)."""

from __future__ import annotations

from pathlib import Path


def write(path: Path, text: str) -> Path:
    """Write UTF-8 text, creating parent folders."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def make_pdf(path: Path, lines: list[str]) -> Path:
    """A minimal valid one-page PDF showing lines of text in Helvetica."""
    stream = "BT /F1 12 Tf 72 720 Td 14 TL " + " ".join(
        f"({line.replace('(', '[').replace(')', ']')}) '" for line in lines) + " ET"
    objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        "/Resources << /Font << /F1 5 0 R >> >> >>",
        f"<< /Length {len(stream)} >>\nstream\n{stream}\nendstream",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = b"%PDF-1.4\n"
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n{body}\nendobj\n".encode("latin-1")
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(out)
    return path


def make_docx(path: Path, heading: str, paragraphs: list[str]) -> Path:
    """A DOCX with one heading and some paragraphs, via python-docx."""
    import docx

    document = docx.Document()
    document.add_heading(heading, level=1)
    for text in paragraphs:
        document.add_paragraph(text)
    path.parent.mkdir(parents=True, exist_ok=True)
    document.save(str(path))
    return path


OKR_YAML = """\
team: demo
cycle: "2026-Q4"
objectives:
  - id: O1
    title: "Make onboarding effortless"
    key_results:
      - id: KR1.1
        text: "Raise activation rate from 31 to 45 percent by 2026-12-31"
        metric: "activation rate"
        unit: "%"
        direction: increase
        baseline: 31
        target: 45
        due: 2026-12-31
        owner: "Ana"
        confidence: 0.5
      - text: "Launch the new onboarding checklist"
"""

METRICS_CSV = """\
metric,value,unit,as_of,source,notes
activation rate,31,%,2026-10-01,analytics,
activation rate,33,%,2026-11-01,analytics,after the email change
weekly active teams,120,count,2026-11-01,analytics,
"""

VTT = """\
WEBVTT

NOTE Attendees: Priya Raman, Marco Silva, Ana Costa

00:00:01.000 --> 00:00:05.000
<v Priya Raman>Morning all, let's look at the activation numbers.</v>

00:00:05.500 --> 00:00:09.000
<v Marco Silva>Activation is at thirty three percent this week.</v>
"""

SRT = """\
1
00:00:01,000 --> 00:00:04,000
Priya Raman: Let's start with the reliability review.

2
00:00:04,500 --> 00:00:08,000
Marco Silva: The error budget is nearly spent.
"""

PLAIN = """\
# Attendees: Priya Raman, Marco Silva
[00:00:01] Priya Raman: Quick round on confidence for each key result.
[00:00:12] Marco Silva: I'd say six out of ten for the deploy frequency one.
"""
