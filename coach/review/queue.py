"""The review queue: a coach approves, edits or dismisses each drafted nudge before delivery."""

from __future__ import annotations

import builtins
import hashlib
from collections.abc import Sequence
from typing import Literal

from coach.appdb import AppDatabase, EventInput, NudgeEvent
from coach.config import check_team
from coach.errors import NotFoundError, ValidationError
from coach.meetings.models import SEVERITY, Nudge, NudgeDraft, NudgeStatus

Change = Literal["approve", "edit", "dismiss"]

# Which statuses each change may start from; "dismissed" is final, so it starts nothing.
_ALLOWED_FROM: dict[Change, tuple[NudgeStatus, ...]] = {
    "approve": ("pending", "edited"),
    "edit": ("pending", "approved", "edited"),
    "dismiss": ("pending", "approved", "edited"),
}
_RESULT: dict[Change, NudgeStatus] = {"approve": "approved", "edit": "edited", "dismiss": "dismissed"}
# The same floor NudgeDraft puts on drafted text, so an edit cannot make a nudge a drafter could not.
_MIN_TEXT = 10


def nudge_id(team: str, transcript: str, draft: NudgeDraft) -> str:
    """A stable id: the same draft from the same transcript always gets the same id."""
    key = "|".join((team, transcript, draft.kind, str(draft.evidence[0].line), draft.text))
    return hashlib.sha256(key.encode()).hexdigest()[:12]


def review_order(nudges: Sequence[Nudge]) -> builtins.list[Nudge]:
    """The same order for the same input on every run: oldest meeting first, then within a meeting
    by severity (`SEVERITY`), then by where the evidence starts in the meeting, then by text and id.
    Ids hash the transcript's path, so they alone would order a meeting differently per copy."""
    return sorted(nudges, key=lambda n: (n.created_at, n.transcript, SEVERITY[n.kind], n.evidence[0].line,
                                         n.text, n.id))


class ReviewQueue:
    """Nudges waiting for, and past, a coach's review; every change leaves an audit event."""

    def __init__(self, db: AppDatabase) -> None:
        self.db = db

    def submit(self, team: str, transcript: str, drafts: Sequence[NudgeDraft],
               actor: str = "coach") -> builtins.list[Nudge]:
        """Queue drafts as pending nudges; drafts already queued keep their stored state."""
        check_team(team)
        self.db.record_transcript(team, transcript)
        created_at = self.db.now()
        nudges: dict[str, Nudge] = {}
        for draft in drafts:
            nudge = Nudge(**draft.model_dump(), id=nudge_id(team, transcript, draft), team=team,
                          transcript=transcript, status="pending", created_at=created_at)
            self.db.add_nudge(nudge, actor)
            nudges.setdefault(nudge.id, nudge)
        return review_order([self.get(i) for i in nudges])

    def list(self, team: str | None = None, status: NudgeStatus | None = None) -> builtins.list[Nudge]:
        """Nudges in review order (`review_order`), optionally of one team and one status."""
        return review_order(self.db.list_nudges(team, (status,) if status else ()))

    def get(self, nudge_id: str) -> Nudge:
        """One nudge, or NotFoundError."""
        nudge = self.db.get_nudge(nudge_id)
        if nudge is None:
            raise NotFoundError(f"no nudge with id {nudge_id!r}: run `coach review list` to see the "
                                "ids in the queue")
        return nudge

    def approve(self, nudge_id: str, actor: str) -> Nudge:
        """Approve a nudge for delivery as it reads now."""
        nudge = self._changeable(nudge_id, "approve")
        return self._apply(nudge, "approve", nudge.text, EventInput(actor, "approved"))

    def edit(self, nudge_id: str, text: str, actor: str) -> Nudge:
        """Rewrite a nudge; an edited nudge counts as approved for delivery."""
        nudge = self._changeable(nudge_id, "edit")
        new_text = text.strip()
        if len(new_text) < _MIN_TEXT:
            raise ValidationError(f"the edited text of nudge {nudge_id} is too short ({len(new_text)} "
                                  f"characters): write at least {_MIN_TEXT}, or dismiss the nudge")
        if new_text == nudge.text:
            raise ValidationError(f"the edit leaves nudge {nudge_id} unchanged: change the text, or "
                                  "approve it as it is")
        event = EventInput(actor, "edited", before_text=nudge.text, after_text=new_text)
        return self._apply(nudge, "edit", new_text, event)

    def dismiss(self, nudge_id: str, reason: str, actor: str) -> Nudge:
        """Drop a nudge for good; the reason is kept in the audit trail."""
        if not reason.strip():
            raise ValidationError(f"dismissing nudge {nudge_id} needs a reason: say why it should not "
                                  "reach the team (for example 'wrong speaker')")
        nudge = self._changeable(nudge_id, "dismiss")
        event = EventInput(actor, "dismissed", before_text=nudge.text, reason=reason.strip())
        return self._apply(nudge, "dismiss", nudge.text, event)

    def history(self, nudge_id: str) -> builtins.list[NudgeEvent]:
        """The nudge's audit events, oldest first."""
        self.get(nudge_id)
        return self.db.history(nudge_id)

    def _changeable(self, nudge_id: str, change: Change) -> Nudge:
        nudge = self.get(nudge_id)
        sent = [r for r in self.db.deliveries(nudge_id).values() if r.status == "sent"]
        if sent:
            raise ValidationError(f"nudge {nudge_id} was already delivered ({sent[0].channel}, "
                                  f"{sent[0].delivered_at}): the team has seen it, so it can no longer "
                                  f"be changed; review new nudges instead")
        if nudge.status == "dismissed":
            raise ValidationError(f"nudge {nudge_id} was dismissed, and dismissal is final: it cannot be "
                                  f"{_RESULT[change]}; see `coach review history {nudge_id}`")
        if nudge.status not in _ALLOWED_FROM[change]:
            raise ValidationError(f"nudge {nudge_id} is already {nudge.status}: it can still be edited or "
                                  "dismissed until it is delivered")
        return nudge

    def _apply(self, nudge: Nudge, change: Change, text: str, event: EventInput) -> Nudge:
        # The update is conditional on the status read above and on no delivery in between.
        if not self.db.change_nudge(nudge.id, nudge.status, _RESULT[change], text, event):
            raise ValidationError(f"nudge {nudge.id} changed while you were reviewing it (it was "
                                  f"{nudge.status}): reload it with `coach review list` and try again")
        return self.get(nudge.id)
