"""Transcript parsing: formats, export variants, and errors that name the line."""

from __future__ import annotations

import pytest

from coach.errors import ValidationError
from coach.transcripts import detect_format, format_timestamp, parse_transcript


def test_plain_with_attendees_and_continuation_lines() -> None:
    transcript = parse_transcript("# Attendees: Ana, Bo\n[00:01:05] Ana: first part\nwrapped\n"
                                  "[1:02:03] Bo: second\nCy: no time\n")
    assert transcript.attendees == ("Ana", "Bo")
    assert [(t.speaker, t.text, t.start) for t in transcript.turns] == [
        ("Ana", "first part wrapped", 65.0), ("Bo", "second", 3723.0), ("Cy", "no time", None)]


def test_vtt_voice_tags_with_classes_and_multiple_voices_in_a_cue() -> None:
    text = ("WEBVTT\n\n00:00:01.000 --> 00:00:03.000\n<v.loud Ana>Hello</v> <v Bo>Hi</v>\n\n"
            "00:00:03.000 --> 00:00:04.000\n<v Ana><i>Again</i>\n")
    turns = parse_transcript(text).turns
    assert [(t.speaker, t.text) for t in turns] == [("Ana", "Hello"), ("Bo", "Hi"), ("Ana", "Again")]


def test_zoom_style_vtt_with_speaker_prefix_and_cue_numbers() -> None:
    text = "WEBVTT\n\n1\n00:00:01.000 --> 00:00:03.000\nAna Lima: Hello there\n"
    assert parse_transcript(text).turns[0].speaker == "Ana Lima"


def test_cue_that_ends_before_it_starts() -> None:
    with pytest.raises(ValidationError, match="ends before it starts"):
        parse_transcript("WEBVTT\n\n00:00:05.000 --> 00:00:01.000\n<v A>x</v>\n")


def test_empty_transcript() -> None:
    with pytest.raises(ValidationError, match="no speaker turns"):
        parse_transcript("# Attendees: A\n")


def test_json_needs_a_list() -> None:
    with pytest.raises(ValidationError, match="JSON list"):
        parse_transcript('{"speaker": "A"}', "json")


def test_json_start_must_be_a_number() -> None:
    with pytest.raises(ValidationError, match="item 1: 'start' must be a number"):
        parse_transcript('[{"speaker": "A", "text": "x", "start": "soon"}]', "json")


def test_detect_format() -> None:
    assert detect_format("WEBVTT\n") == "vtt"
    assert detect_format("1\n00:00:01,000 --> 00:00:02,000\nA: x") == "srt"
    assert detect_format("[00:00:01] A: x") == "plain"
    assert detect_format("x", ".json") == "json"


def test_format_timestamp() -> None:
    assert format_timestamp(3723.9) == "01:02:03" and format_timestamp(None) == ""
