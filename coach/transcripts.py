"""Meeting transcripts: WebVTT, SRT, plain `[hh:mm:ss] Name: text` / `Name: text`, and JSON.

Pure parsing into speaker turns with timestamps and source line numbers. Errors name the
line that could not be understood.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Literal

from coach.errors import ValidationError

TranscriptFormat = Literal["vtt", "srt", "plain", "json"]

_TS = r"(?:(\d{1,2}):)?(\d{1,2}):(\d{2})(?:[.,](\d{1,3}))?"
_CUE_TIMING = re.compile(rf"^\s*{_TS}\s*-->\s*{_TS}")
_VOICE = re.compile(r"<v(?:\.[\w.-]+)?\s+([^>]+)>(.*?)(?:</v>|$)", re.S)
_TAG = re.compile(r"</?[^>]+>")
_PLAIN = re.compile(rf"^\s*(?:\[\s*{_TS}\s*\]|\(\s*{_TS}\s*\)|{_TS})?\s*([^:\[\]]{{1,60}}?):\s+(.+)$")
_SPEAKER_PREFIX = re.compile(r"^([A-Z][\w .'-]{0,58}?):\s+(.+)$", re.S)
_ATTENDEES = re.compile(r"^\s*(?:#|NOTE)?\s*attendees\s*:\s*(.+)$", re.I)


@dataclass(frozen=True)
class Turn:
    """One speaker turn. Times are seconds from the start, or None when the format has none."""

    speaker: str
    text: str
    start: float | None
    end: float | None
    line: int


@dataclass(frozen=True)
class Transcript:
    """Parsed turns plus any attendee list the file declares."""

    turns: tuple[Turn, ...]
    attendees: tuple[str, ...]

    @property
    def speakers(self) -> tuple[str, ...]:
        """Speakers in order of first appearance."""
        return tuple(dict.fromkeys(t.speaker for t in self.turns))


def format_timestamp(seconds: float | None) -> str:
    """Render seconds as hh:mm:ss (or '' when unknown)."""
    if seconds is None:
        return ""
    total = int(seconds)
    return f"{total // 3600:02d}:{total % 3600 // 60:02d}:{total % 60:02d}"


def _seconds(groups: tuple[str | None, ...]) -> float:
    hours, minutes, secs, frac = groups
    value = int(hours or 0) * 3600 + int(minutes or 0) * 60 + int(secs or 0)
    return value + (int(frac.ljust(3, "0")) / 1000 if frac else 0.0)


def detect_format(text: str, suffix: str = "") -> TranscriptFormat:
    """Guess the format from the suffix, then from the content."""
    by_suffix: dict[str, TranscriptFormat] = {".vtt": "vtt", ".srt": "srt", ".json": "json"}
    if suffix.lower() in by_suffix:
        return by_suffix[suffix.lower()]
    stripped = text.lstrip("\ufeff \n")
    if stripped.startswith("WEBVTT"):
        return "vtt"
    if stripped.startswith("[") and stripped[1:2] in ('{', '\n', ' ') and '"speaker"' in stripped:
        return "json"
    if re.match(r"^\d+\s*\n\s*" + _TS + r"\s*-->", stripped):
        return "srt"
    return "plain"


def parse_transcript(text: str, fmt: TranscriptFormat | None = None, *, suffix: str = "") -> Transcript:
    """Parse a transcript; raises ValidationError naming the offending line."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    fmt = fmt or detect_format(text, suffix)
    parser = {"vtt": _parse_cues, "srt": _parse_cues, "plain": _parse_plain, "json": _parse_json}
    transcript = parser[fmt](text, fmt)
    if not transcript.turns:
        raise ValidationError(f"no speaker turns found in this {fmt} transcript")
    return transcript


def _attendee_list(value: str) -> tuple[str, ...]:
    return tuple(name.strip() for name in value.split(",") if name.strip())


def _parse_plain(text: str, fmt: str) -> Transcript:
    turns: list[Turn] = []
    attendees: tuple[str, ...] = ()
    for number, raw in enumerate(text.split("\n"), start=1):
        line = raw.strip()
        if not line:
            continue
        if found := _ATTENDEES.match(line):
            attendees = _attendee_list(found.group(1))
            continue
        if line.startswith("#"):
            continue
        turns.append(_plain_turn(line, number, turns))
    return Transcript(tuple(turns), attendees)


def _plain_turn(line: str, number: int, previous: list[Turn]) -> Turn:
    found = _PLAIN.match(line)
    if not found:
        if previous:  # a wrapped continuation of the previous turn
            last = previous.pop()
            return Turn(last.speaker, f"{last.text} {line}", last.start, last.end, last.line)
        raise ValidationError(
            f"line {number}: expected '[hh:mm:ss] Name: text' or 'Name: text', got {line[:60]!r}"
        )
    start = None
    for first in (1, 5, 9):  # bracketed, parenthesised or bare timestamp
        if found.group(first + 2) is not None:
            start = _seconds(found.group(first, first + 1, first + 2, first + 3))
            break
    return Turn(found.group(13).strip(), found.group(14).strip(), start, None, number)


def _parse_cues(text: str, fmt: str) -> Transcript:
    lines = text.split("\n")
    if fmt == "vtt" and not lines[0].startswith("WEBVTT"):
        raise ValidationError("line 1: a WebVTT file must start with 'WEBVTT'")
    turns: list[Turn] = []
    attendees: tuple[str, ...] = ()
    index = 1 if fmt == "vtt" else 0
    while index < len(lines):
        line = lines[index].strip()
        if found := _ATTENDEES.match(line):
            attendees = _attendee_list(found.group(1))
        elif timing := _CUE_TIMING.match(line):
            body, index = _cue_body(lines, index + 1)
            turns.extend(_cue_turns(body, timing, index_line=index - len(body)))
            continue
        elif _stray_line(lines, index, fmt):
            raise ValidationError(
                f"line {index + 1}: expected a cue timing 'hh:mm:ss.mmm --> hh:mm:ss.mmm', "
                f"got {line[:60]!r}"
            )
        index += 1
    return Transcript(tuple(turns), attendees)


def _stray_line(lines: list[str], index: int, fmt: str) -> bool:
    """A non-empty line outside any cue that is not a cue number or a NOTE/STYLE/REGION block."""
    line = lines[index].strip()
    if not line or line.isdigit() or line.startswith(("NOTE", "STYLE", "REGION")):
        return False
    return fmt == "srt" or not _is_block_continuation(lines, index)


def _is_block_continuation(lines: list[str], index: int) -> bool:
    """True for lines inside a NOTE/STYLE block or a cue identifier line."""
    previous = lines[index - 1].strip() if index else ""
    following = lines[index + 1].strip() if index + 1 < len(lines) else ""
    return bool(previous) or bool(_CUE_TIMING.match(following))


def _cue_body(lines: list[str], index: int) -> tuple[list[str], int]:
    body: list[str] = []
    while index < len(lines) and lines[index].strip():
        body.append(lines[index].strip())
        index += 1
    return body, index


def _cue_turns(body: list[str], timing: re.Match[str], index_line: int) -> list[Turn]:
    start = _seconds(timing.group(1, 2, 3, 4))
    end = _seconds(timing.group(5, 6, 7, 8))
    if end < start:
        raise ValidationError(f"line {index_line}: cue ends before it starts")
    joined = " ".join(body)
    voices = _VOICE.findall(joined)
    if voices:
        return [Turn(name.strip(), _TAG.sub("", said).strip(), start, end, index_line + 1)
                for name, said in voices if _TAG.sub("", said).strip()]
    plain = _TAG.sub("", joined).strip()
    if found := _SPEAKER_PREFIX.match(plain):
        return [Turn(found.group(1).strip(), found.group(2).strip(), start, end, index_line + 1)]
    return [Turn("Unknown", plain, start, end, index_line + 1)] if plain else []


def _parse_json(text: str, fmt: str) -> Transcript:
    try:
        rows = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ValidationError(f"line {exc.lineno}: invalid JSON ({exc.msg})") from exc
    if not isinstance(rows, list):
        raise ValidationError("line 1: expected a JSON list of {speaker, start, end, text}")
    return Transcript(tuple(_json_turn(row, n) for n, row in enumerate(rows, start=1)), ())


def _json_turn(row: object, number: int) -> Turn:
    if not isinstance(row, dict) or not row.get("speaker") or not isinstance(row.get("text"), str):
        raise ValidationError(f"item {number}: each entry needs 'speaker' and 'text' strings")
    start, end = row.get("start"), row.get("end")
    for name, value in (("start", start), ("end", end)):
        if value is not None and not isinstance(value, int | float):
            raise ValidationError(f"item {number}: '{name}' must be a number of seconds")
    return Turn(str(row["speaker"]), row["text"].strip(), start, end, number)
