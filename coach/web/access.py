"""The services the web app calls for one signed-in Principal.

Every method reads the team and the acting user from the Principal and checks the role
before it touches data; another team's nudge looks exactly like a missing one.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel

from coach.appdb import FeedItem, TeamSettings
from coach.errors import IngestionError, NotFoundError, ValidationError
from coach.identity import Capability, Principal
from coach.meetings.models import Nudge
from coach.meetings.service import MeetingReport, review_meeting
from coach.review.delivery import DeliveryReport
from coach.review.queue import ReviewQueue
from coach.service import Coach
from coach.skills.base import SkillResponse
from coach.transcripts import parse_transcript
from coach.vocabulary import Vocabulary

_SKILL_NEEDS: dict[str, Capability] = {"career": "career"}
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

    def suggest(self, skill: str, request: BaseModel | dict[str, Any]) -> SkillResponse:
        """Run a registered skill for this team."""
        self.principal.require(_SKILL_NEEDS.get(skill, "suggest"))
        return self.coach.suggest(skill, request, self.team, viewer=self.viewer)

    def settings(self) -> TeamSettings:
        """The team's vocabulary, webhook and retention."""
        self.principal.require("read")
        return self.coach.appdb.get_team(self.team)

    def set_terms(self, changes: dict[str, str]) -> Vocabulary:
        """Rename objective / key result / initiative."""
        self.principal.require("admin")
        updated = Vocabulary(**{**self.coach.vocabulary(self.team).model_dump(), **changes})
        self.coach.appdb.set_vocabulary(self.team, updated)
        return updated

    def set_webhook(self, url: str | None) -> None:
        """Set (or clear) the team's webhook."""
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

    def upload_transcript(self, filename: str, text: str) -> MeetingReport:
        """Parse a check-in transcript, store it under a new name, queue its nudges as pending."""
        self.principal.require("review")
        try:
            parse_transcript(text, suffix=Path(filename).suffix)
        except ValidationError as exc:
            raise IngestionError(filename, f"malformed transcript: {exc}") from exc
        folder = self.coach.settings.data_dir / "transcripts" / self.team
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / filename
        if path.is_file() and path.read_text(encoding="utf-8") != text:
            raise ValidationError(f"a transcript named {filename!r} is already stored with other text: "
                                  "upload it under a new name")
        path.write_text(text, encoding="utf-8")
        return review_meeting(self.coach, path, self.team, actor=self.principal.user)

    def nudges(self) -> list[Nudge]:
        """This team's nudges in the review queue, oldest first."""
        self.principal.require("review")
        return ReviewQueue(self.coach.appdb).list(self.team)

    def nudge(self, nudge_id: str) -> Nudge:
        """One of this team's nudges; another team's id is reported as missing."""
        self.principal.require("review")
        nudge = self.coach.appdb.get_nudge(nudge_id)
        if nudge is None or nudge.team != self.team:
            raise NotFoundError(f"no nudge with id {nudge_id!r} in this team's review queue")
        return nudge

    def review(self, nudge_id: str, change: ReviewChange, text: str | None = None) -> Nudge:
        """Approve, edit (text: the new wording) or dismiss (text: the reason) one nudge."""
        queue, actor = ReviewQueue(self.coach.appdb), self.principal.user
        self.nudge(nudge_id)
        if change == "approve":
            return queue.approve(nudge_id, actor=actor)
        if change == "edit":
            return queue.edit(nudge_id, text=text or "", actor=actor)
        return queue.dismiss(nudge_id, reason=text or "", actor=actor)

    def deliver(self) -> DeliveryReport:
        """Send this team's approved and edited nudges (each at most once)."""
        self.principal.require("review")
        return self.coach.deliver(self.team)
