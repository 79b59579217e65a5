"""Owners and due dates read off one turn."""

from __future__ import annotations

import pytest

from coach.meetings.owners import commitment, due_date
from coach.meetings.phrases import People
from coach.transcripts import Turn

PEOPLE = People(["Grace Okafor", "Tomasz Wrona", "Aiko Mori", "Mei Lin", "Lena Vogel", "Ngozi Eze"])


def owner(speaker: str, text: str) -> tuple[str | None, bool]:
    said = commitment(Turn(speaker, text, None, None, 1), PEOPLE)
    return said.owner, said.present


@pytest.mark.parametrize(("speaker", "text", "expected"), [
    ("Grace Okafor", "Tomasz, you brief the night team at handover today.", ("Tomasz Wrona", True)),
    ("Grace Okafor", "Tomasz will brief the night team.", ("Tomasz Wrona", True)),
    ("Grace Okafor", "Mei, chase HR today.", ("Mei Lin", True)),
    ("Grace Okafor", "The group: keys pre-cut by three. Lena.", ("Lena Vogel", True)),
    ("Aiko Mori", "I can make the card, it take me one hour.", ("Aiko Mori", True)),
    ("Aiko Mori", "Yeah, I'll get it done tonight.", ("Aiko Mori", True)),
    ("Grace Okafor", "Someone should ring round the part-timers before Friday.", (None, True)),
    ("Grace Okafor", "Somebody from operations has to do a walk-round.", (None, True)),
    ("Ngozi Eze", "So we go with the legal wording, and Hendrik Vos from legal will write it.", ("Hendrik Vos", False)),
    ("Grace Okafor", "Thanks Aiko, the audit was great.", (None, True)),
])
def test_owner(speaker: str, text: str, expected: tuple[str | None, bool]) -> None:
    assert owner(speaker, text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("I'll draft the letter and send it to you by the 15th.", "by the 15th"),
    ("Pilot offer by Friday, then we decide.", "by Friday"),
    ("Ravi leads the safety walk at 10.", "at 10"),
    ("I'll do it in the next two weeks.", "in the next two weeks"),
    ("Keys pre-cut by three.", "by three"),
    ("We had three falls.", None),
    ("Samir, before March?", "before March"),
    ("Report due 2026-11-18.", "2026-11-18"),
    ("I'll send the invites this afternoon.", "this afternoon"),
    ("I'll check with IT whether it's a setting.", None),
])
def test_due_date_as_written(text: str, expected: str | None) -> None:
    assert due_date(text) == expected
