"""The records the app database stores and returns, and the small helpers that shape them.

Frozen dataclasses, the fixed sets they use, and pure conversions between values and their
stored text (timestamps, webhook URLs, nudge rows). Nothing here opens a connection;
`coach.appdb` re-exports the records, so callers keep importing them from there.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Literal
from urllib.parse import urlsplit

from pydantic import TypeAdapter

from coach.errors import ValidationError
from coach.meetings.models import Evidence, LinkedPractice, Nudge
from coach.vocabulary import Vocabulary

Action = Literal["created", "approved", "edited", "dismissed", "delivered", "delivery_failed", "purged"]
Channel = Literal["webhook", "feed"]
DeliveryStatus = Literal["sent", "failed"]

# The nudge columns a query selects, in the order `nudge_from_row` unpacks them.
NUDGE_FIELDS = ("id", "team", "transcript", "kind", "stance", "text", "evidence", "practice",
                "practice_query", "confidence", "status", "created_at")
_EVIDENCE = TypeAdapter(list[Evidence])


def utc_now() -> datetime:
    """The current time in UTC (the default clock)."""
    return datetime.now(UTC)


def iso(moment: datetime) -> str:
    """An ISO-8601 UTC string; naive datetimes are taken to be UTC already."""
    aware = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    return aware.astimezone(UTC).isoformat(timespec="microseconds")


@dataclass(frozen=True)
class TeamSettings:
    """A team's app settings; defaults when the team has never saved any."""

    team: str
    vocabulary: Vocabulary
    webhook_url: str | None = None
    retention_days: int | None = None


@dataclass(frozen=True)
class NudgeEvent:
    """One row of a nudge's audit trail."""

    id: int
    nudge_id: str
    team: str
    actor: str
    action: Action
    before_text: str | None
    after_text: str | None
    reason: str | None
    at: str


@dataclass(frozen=True)
class DeliveryRecord:
    """The ledger row for one (nudge, channel): the truth about what was sent."""

    nudge_id: str
    channel: Channel
    status: DeliveryStatus
    attempts: int
    last_error: str | None
    delivered_at: str | None


@dataclass(frozen=True)
class FeedItem:
    """A nudge as delivered to the team's feed in the app."""

    id: int
    team: str
    nudge_id: str
    text: str
    kind: str
    delivered_at: str


@dataclass(frozen=True)
class PurgeReport:
    """What a retention purge removed; `transcripts` are paths whose chunks the caller deletes."""

    nudges: int
    transcripts: list[str]


@dataclass(frozen=True)
class EventInput:
    """The audit facts of a change, written alongside it."""

    actor: str
    action: Action
    before_text: str | None = None
    after_text: str | None = None
    reason: str | None = None


def check_webhook_url(url: str) -> str:
    """Accept only http(s) URLs with a host."""
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValidationError(f"invalid webhook URL {url!r}: use an http:// or https:// address with a "
                              "host, for example https://hooks.slack.com/services/...")
    return url.strip()


def evidence_json(evidence: list[Evidence]) -> str:
    """A nudge's evidence as the JSON text stored in its row."""
    return _EVIDENCE.dump_json(evidence).decode()


def nudge_from_row(row: tuple[Any, ...]) -> Nudge:
    """The nudge stored in a row of NUDGE_FIELDS."""
    (nudge_id, team, transcript, kind, stance, text, evidence, practice, practice_query,
     confidence, status, created_at) = row
    return Nudge(id=nudge_id, team=team, transcript=transcript, kind=kind, stance=stance, text=text,
                 evidence=_EVIDENCE.validate_json(evidence),
                 practice=LinkedPractice.model_validate_json(practice) if practice else None,
                 practice_query=practice_query, confidence=confidence, status=status,
                 created_at=created_at)
