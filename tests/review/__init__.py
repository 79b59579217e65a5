"""Review-queue and delivery tests, plus the small builders they share with tests/test_appdb.py."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from coach.meetings.models import Evidence, NudgeDraft, NudgeKind


def draft(text: str = "Try a round-robin so every voice is heard before deciding.",
          kind: NudgeKind = "silent_participant", line: int = 4) -> NudgeDraft:
    """A valid nudge draft quoting one transcript line."""
    evidence = Evidence(line=line, timestamp="00:01:05", speaker="Priya Raman",
                        text="Let's start with the reliability review.")
    return NudgeDraft(kind=kind, stance="try", text=text, evidence=[evidence], confidence=0.7)


@dataclass
class Clock:
    """A clock the test moves by hand."""

    now: datetime = field(default_factory=lambda: datetime(2026, 3, 2, 9, 0, tzinfo=UTC))

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        """Move time forward."""
        self.now += timedelta(**delta)
