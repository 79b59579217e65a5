"""Delivery of reviewed nudges to the team feed and the team's webhook.

Only approved or edited nudges are ever sent: `Deliverer._send` is the one function that
sends, it takes an id and re-reads the row right before sending, and the feed insert
repeats the status check inside its own SQL statement. The `deliveries` ledger makes
delivery idempotent across runs and processes: a (nudge, channel) marked "sent" is never
sent again, and "sent" is written only after the channel accepted the nudge.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal, Protocol
from urllib.parse import urlsplit

import httpx

from coach.appdb import AppDatabase, Channel
from coach.errors import BackendError
from coach.meetings.models import Evidence, Nudge
from coach.vocabulary import Vocabulary

Outcome = Literal["sent", "skipped", "failed"]
_ACTOR = "delivery"


class DeliveryFailed(BackendError):
    """A channel did not accept a nudge (network error or a non-2xx answer)."""


class WebhookTransport(Protocol):
    """Posts one JSON payload to a webhook."""

    def post(self, url: str, payload: dict[str, object]) -> None:
        """Send the payload; raise DeliveryFailed on a network error or a non-2xx answer."""
        ...


def _where(url: str) -> str:
    # Webhook URLs carry their secret in the path (Slack, Teams), so messages name the host only.
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


class HttpxWebhookTransport:
    """Real HTTP with httpx; pass `transport=httpx.MockTransport(...)` to fake the network."""

    def __init__(self, timeout: float = 10.0, transport: httpx.BaseTransport | None = None) -> None:
        self._client = httpx.Client(timeout=timeout, transport=transport)

    def post(self, url: str, payload: dict[str, object]) -> None:
        """POST the payload as JSON; any 2xx is success."""
        try:
            response = self._client.post(url, json=payload)
        except httpx.HTTPError as exc:
            raise DeliveryFailed(f"webhook at {_where(url)} unreachable: {type(exc).__name__}: "
                                 f"{exc}") from exc
        if not response.is_success:
            raise DeliveryFailed(f"webhook at {_where(url)} answered HTTP {response.status_code}: "
                                 f"{response.text[:200]}")

    def close(self) -> None:
        """Close the connection pool."""
        self._client.close()


@dataclass
class ChannelCounts:
    """Outcomes on one channel."""

    sent: int = 0
    skipped: int = 0
    failed: int = 0


@dataclass
class DeliveryReport:
    """What one `deliver` call did, per channel; `errors` name the nudge and the problem."""

    feed: ChannelCounts = field(default_factory=ChannelCounts)
    webhook: ChannelCounts = field(default_factory=ChannelCounts)
    errors: list[str] = field(default_factory=list)

    def add(self, channel: Channel, outcome: Outcome) -> None:
        """Count one outcome."""
        counts = self.feed if channel == "feed" else self.webhook
        setattr(counts, outcome, getattr(counts, outcome) + 1)


def render(nudge: Nudge, vocabulary: Vocabulary) -> str:
    """The nudge in the team's words, then its first evidence line quoted (Slack mrkdwn)."""
    quote = _quote(nudge.evidence[0])
    # The quote stays verbatim: it is what someone said, not coach's wording.
    return f"{_escape(vocabulary.apply(nudge.text))}\n> {_escape(quote)}"


def _quote(evidence: Evidence) -> str:
    where = evidence.timestamp or f"line {evidence.line}"
    return f"{evidence.speaker}, {where}: \u201c{evidence.text}\u201d"


def _escape(text: str) -> str:
    # Slack reads <...> as links and mentions; its documented escapes keep the text literal.
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class Deliverer:
    """Sends approved and edited nudges to the team feed (always) and webhook (if set)."""

    def __init__(self, db: AppDatabase, transport: WebhookTransport, *, retries: int = 3,
                 backoff: float = 0.5, sleep: Callable[[float], None] = time.sleep,
                 actor: str = _ACTOR) -> None:
        self.db = db
        self.actor = actor  # who the audit log names for each send (an API caller's user)
        self.transport = transport
        self.retries = retries
        self.backoff = backoff
        self.sleep = sleep

    def deliver(self, team: str | None = None) -> DeliveryReport:
        """Deliver every approved or edited nudge of one team (or all teams) not yet delivered."""
        report = DeliveryReport()
        down: set[str] = set()
        for nudge in self.db.list_nudges(team, ("approved", "edited")):
            self._send(nudge.id, report, down)
        return report

    def _send(self, nudge_id: str, report: DeliveryReport, down: set[str]) -> None:
        """The only code that sends: re-reads the nudge and sends it only if approved or edited."""
        nudge = self.db.get_nudge(nudge_id)
        if nudge is None or nudge.status not in ("approved", "edited"):
            return
        settings = self.db.get_team(nudge.team)
        text = render(nudge, settings.vocabulary)
        ledger = self.db.deliveries(nudge_id)
        # A resolved nudge reached every channel the team had; a webhook added later
        # must not replay the team's whole history.
        done = self.db.resolved_at(nudge_id) is not None
        if done or ("feed" in ledger and ledger["feed"].status == "sent"):
            report.add("feed", "skipped")
        elif self.db.post_to_feed(nudge_id, text, self.actor):
            report.add("feed", "sent")
        else:
            return  # the status changed since it was read: nothing is sent
        url = settings.webhook_url
        if not url:
            self.db.mark_resolved(nudge_id)
            return
        # No status re-check is needed here: the feed row above freezes the nudge (the
        # queue refuses to change a delivered nudge), so what was approved is what is posted.
        if done or ("webhook" in ledger and ledger["webhook"].status == "sent"):
            outcome: Outcome = "skipped"
        else:
            outcome = self._post(nudge_id, url, {"text": text}, report, down)
        report.add("webhook", outcome)
        if outcome != "failed":
            self.db.mark_resolved(nudge_id)

    def _post(self, nudge_id: str, url: str, payload: dict[str, object], report: DeliveryReport,
              down: set[str]) -> Outcome:
        if url in down:
            # The webhook already failed every retry in this run; waiting on it again per
            # nudge would only stall the run. The next run tries again.
            error = f"not tried: the webhook at {_where(url)} failed every retry earlier in this run"
            self.db.record_webhook(nudge_id, 0, error, self.actor)
            report.errors.append(f"{nudge_id}: {error}")
            return "failed"
        error = ""
        for attempt in range(self.retries + 1):
            if attempt:
                self.sleep(self.backoff * 2 ** (attempt - 1))
            try:
                self.transport.post(url, payload)
            except DeliveryFailed as exc:
                error = str(exc)
                continue
            self.db.record_webhook(nudge_id, attempt + 1, None, self.actor)
            return "sent"
        self.db.record_webhook(nudge_id, self.retries + 1, error, self.actor)
        report.errors.append(f"{nudge_id}: {error}")
        down.add(url)
        return "failed"
