"""The talk-share chart: pure layout of horizontal bars for inline SVG, with its text alternative.

Each speaker takes two rows (name, then bar and share) so the chart stays legible at phone width.
"""

from __future__ import annotations

from dataclasses import dataclass

from coach.meetings.dynamics import SpeakerStats

ROW = 44  # one speaker: the name line, then the bar
BAR_HEIGHT = 16
BAR_WIDTH = 300
WIDTH = BAR_WIDTH + 60


@dataclass(frozen=True)
class Bar:
    """One speaker's bar: where it sits and what it says."""

    speaker: str
    share: float
    y: int
    width: int

    @property
    def percent(self) -> str:
        """The share as a whole percentage."""
        return f"{round(self.share * 100)}%"

    @property
    def label_y(self) -> int:
        """Baseline of the speaker's name."""
        return self.y + 14

    @property
    def bar_y(self) -> int:
        """Top of the bar."""
        return self.y + 20


@dataclass(frozen=True)
class TalkShare:
    """Bars for every speaker, largest share first, and the sentence that says the same."""

    bars: list[Bar]
    height: int
    width: int
    description: str


def talk_share(speakers: tuple[SpeakerStats, ...]) -> TalkShare:
    """Lay out each speaker's share of the words spoken."""
    ordered = sorted(speakers, key=lambda s: (-s.word_share, s.speaker))
    bars = [Bar(s.speaker, s.word_share, i * ROW, max(1, round(s.word_share * BAR_WIDTH)))
            for i, s in enumerate(ordered)]
    description = "Share of words spoken: " + "; ".join(f"{b.speaker} {b.percent}" for b in bars) + "."
    return TalkShare(bars, max(ROW, len(bars) * ROW), WIDTH, description)
