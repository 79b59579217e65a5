"""What one `Principal` may do with its team's data: the services the API and web app call.

Every method reads the team, the viewer of private notes and the actor of review changes
from the Principal, never from the caller, and checks the role before it touches data.
Another team's records look exactly like missing ones (NotFoundError), so an id from
another team reveals nothing, not even that it exists.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel

from coach.appdb import FeedItem, NudgeEvent, TeamSettings
from coach.errors import ConflictError, IngestionError, NotFoundError, ValidationError
from coach.identity import Capability, Principal
from coach.ingest.pipeline import IngestReport
from coach.meetings.models import Nudge, NudgeStatus
from coach.meetings.service import MeetingReport, review_meeting
from coach.retrieval.search import SearchResult
from coach.review.delivery import DeliveryReport
from coach.review.queue import ReviewQueue
from coach.service import Coach
from coach.skills.base import SkillResponse
from coach.transcripts import parse_transcript
from coach.vocabulary import Vocabulary

# Skills that need more than the "suggest" capability.
# Rewording drafted nudges is part of reviewing them, so it needs the review queue.
_SKILL_NEEDS: dict[str, Capability] = {"career": "career", "nudges": "review"}
ReviewChange = Literal["approve", "edit", "dismiss"]


@dataclass(frozen=True)
class TeamAccess:
    """The services of `coach`, as one resolved caller may use them."""

    coach: Coach
    principal: Principal

    @property
    def team(self) -> str:
        """The one team this caller acts for."""
        return self.principal.team

    @property
    def viewer(self) -> str | None:
        """Whose private notes this caller sees: its own, where its role includes private notes."""
        return self.principal.user if self.principal.can("private_notes") else None

    def search(self, query: str, k: int = 10, kinds: Sequence[str] = ()) -> list[SearchResult]:
        """Hybrid search over the library and this team's data (own private notes included)."""
        self.principal.require("read")
        return self.coach.search(query, self.team, k, kinds=kinds, viewer=self.viewer)

    def suggest(self, skill: str, request: BaseModel | dict[str, Any]) -> SkillResponse:
        """Run a registered skill for this team."""
        self.principal.require(_SKILL_NEEDS.get(skill, "suggest"))
        return self.coach.suggest(skill, request, self.team, viewer=self.viewer)

    def settings(self) -> TeamSettings:
        """The team's vocabulary, webhook and retention."""
        self.principal.require("read")
        return self.coach.appdb.get_team(self.team)

    def set_terms(self, changes: dict[str, str]) -> Vocabulary:
        """Rename objective / key result / initiative; names not given keep their value."""
        self.principal.require("admin")
        updated = Vocabulary(**{**self.coach.vocabulary(self.team).model_dump(), **changes})
        self.coach.appdb.set_vocabulary(self.team, updated)
        return updated

    def set_webhook(self, url: str | None) -> None:
        """Set (or clear) the team's Slack-compatible webhook."""
        self.principal.require("admin")
        self.coach.appdb.set_webhook(self.team, url)

    def set_retention(self, days: int | None) -> None:
        """Set (or clear) how many days resolved data is kept."""
        self.principal.require("admin")
        self.coach.appdb.set_retention(self.team, days)

    def feed(self) -> list[FeedItem]:
        """Delivered nudges, as the team sees them."""
        self.principal.require("read")
        return self.coach.appdb.feed(self.team)

    def upload_file(self, filename: str, text: str) -> IngestReport:
        """Store a team file (OKRs, metrics, notes, team config) and index it; a file that fails
        to ingest is refused and the previous version, if any, is kept."""
        self.principal.require("admin")
        path = self._folder("files") / filename
        previous = path.read_bytes() if path.is_file() else None
        path.write_text(text, encoding="utf-8")
        report = self.coach.ingest([path], self.team)
        if report.errors:
            _restore(path, previous)
            raise IngestionError(filename, report.errors[0]["error"].split(": ", 1)[-1])
        return report

    def upload_transcript(self, filename: str, text: str, attendees: Sequence[str] = ()) -> MeetingReport:
        """Parse a check-in transcript, store it under a new name, queue its nudges as pending.
        The same name with other text is refused: a stored transcript is never overwritten."""
        self.principal.require("review")
        try:
            parse_transcript(text, suffix=Path(filename).suffix)
        except ValidationError as exc:
            raise IngestionError(filename, f"malformed transcript: {exc}") from exc
        path = self._folder("transcripts") / filename
        if path.is_file() and path.read_text(encoding="utf-8") != text:
            raise ConflictError(f"a transcript named {filename!r} is already stored for this team with "
                                "other text; upload it under a new name (for example with the date "
                                "and a suffix such as -2)")
        path.write_text(text, encoding="utf-8")
        return review_meeting(self.coach, path, self.team, attendees=attendees, actor=self.principal.user)

    def nudges(self, status: NudgeStatus | None = None) -> list[Nudge]:
        """This team's nudges in the review queue, oldest first. A manager (no review capability)
        sees only the notes addressed to the team's manager; a member sees none of it."""
        self.principal.require("manager_notes")
        found = ReviewQueue(self.coach.appdb).list(self.team, status)
        return found if self.principal.can("review") else [n for n in found if n.audience == "manager"]

    def nudge(self, nudge_id: str) -> Nudge:
        """One of this team's nudges; another team's id is reported as missing."""
        self.principal.require("review")
        nudge = self.coach.appdb.get_nudge(nudge_id)
        if nudge is None or nudge.team != self.team:
            raise NotFoundError(f"no nudge with id {nudge_id!r} in this team's review queue")
        return nudge

    def review(self, nudge_id: str, change: ReviewChange, text: str | None = None) -> Nudge:
        """Approve, edit (text: the new wording) or dismiss (text: the reason) one nudge,
        recorded in the audit log under this caller's user name."""
        queue, actor = ReviewQueue(self.coach.appdb), self.principal.user
        self.nudge(nudge_id)
        if change == "approve":
            return queue.approve(nudge_id, actor=actor)
        if change == "edit":
            return queue.edit(nudge_id, text=text or "", actor=actor)
        return queue.dismiss(nudge_id, reason=text or "", actor=actor)

    def history(self, nudge_id: str) -> list[NudgeEvent]:
        """The nudge's audit events, oldest first."""
        self.nudge(nudge_id)
        return ReviewQueue(self.coach.appdb).history(nudge_id)

    def deliver(self) -> DeliveryReport:
        """Send this team's approved and edited nudges (each at most once)."""
        self.principal.require("review")
        return self.coach.deliver(self.team, actor=self.principal.user)

    def _folder(self, kind: str) -> Path:
        folder = self.coach.settings.data_dir / kind / self.team
        folder.mkdir(parents=True, exist_ok=True)
        return folder


def _restore(path: Path, previous: bytes | None) -> None:
    """Put back what a refused upload replaced (or remove the new file)."""
    if previous is None:
        path.unlink(missing_ok=True)
    else:
        path.write_bytes(previous)

