"""From a check-in transcript to pending nudges: the I/O around the pure meeting analysis."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from coach.embeddings import Embedder
from coach.errors import IngestionError, ValidationError
from coach.ingest.loaders import decode_text
from coach.meetings.classifier import default_embedder, shipped_model
from coach.meetings.drafting import draft_nudges
from coach.meetings.dynamics import KeyResultRef, MeetingDynamics
from coach.meetings.models import LinkedPractice, Nudge, NudgeDraft
from coach.meetings.reading import read_meeting
from coach.meetings.rewording import DraftToReword, RewordRequest
from coach.meetings.summary import SummarySentence, summarise
from coach.review.queue import ReviewQueue
from coach.skills.validators import cite
from coach.transcripts import Transcript, parse_transcript

if TYPE_CHECKING:
    from coach.service import Coach

@dataclass
class MeetingReport:
    """What `coach nudges` prints."""

    transcript: str
    summary: tuple[SummarySentence, ...]
    dynamics: MeetingDynamics
    nudges: list[Nudge]
    warnings: list[str] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        """`{"summary": ..., "dynamics": ..., "nudges": [...]}` plus the transcript and warnings."""
        return {"transcript": self.transcript,
                "summary": [dataclasses.asdict(s) for s in self.summary],
                "dynamics": dataclasses.asdict(self.dynamics),
                "nudges": [n.model_dump(mode="json") for n in self.nudges],
                "warnings": self.warnings}


def read_transcript(path: Path) -> Transcript:
    """Parse a transcript file; errors name the file and the line."""
    try:
        text = decode_text(path, path.read_bytes())
    except OSError as exc:
        raise IngestionError(str(path), f"cannot read the file ({exc.strerror})") from exc
    try:
        return parse_transcript(text, suffix=path.suffix)
    except ValidationError as exc:
        raise IngestionError(str(path), f"malformed transcript: {exc}") from exc


def team_goals(coach: Coach, team: str) -> list[str]:
    """The team's objectives and key results, as texts, from its OKR records."""
    return [text for okr_set in coach.repository.okrs(team) for objective in okr_set.okrs.objectives
            for text in (objective.title, *(kr.text for kr in objective.key_results))]


def team_key_results(coach: Coach, team: str) -> list[KeyResultRef]:
    """The team's key results with metric and owner, from its OKR records."""
    return [KeyResultRef(kr.text, kr.owner, kr.metric) for okr_set in coach.repository.okrs(team)
            for objective in okr_set.okrs.objectives for kr in objective.key_results]


def utterance_embedder(coach: Coach) -> Embedder:
    """The embedder the utterance model was trained on: the coach's own when it is MiniLM.

    With any other configured embedder (`hash` in unit tests, an OpenAI-compatible endpoint) the
    turns are still embedded with MiniLM: the classifier's weights are over MiniLM's vectors, and
    other vectors would give meaningless labels, not merely worse ones. MiniLM ships inside the
    package and is loaded once per process, shared by every LocalEmbedder."""
    return coach.embedder if coach.embedder.name == shipped_model().embedder else default_embedder()


def meeting_dynamics(coach: Coach, transcript: Transcript, team: str,
                     attendees: Sequence[str] = ()) -> MeetingDynamics:
    """Label the turns and analyse them against the team's goals and key results."""
    return read_meeting(transcript, utterance_embedder(coach), goals=team_goals(coach, team),
                        key_results=team_key_results(coach, team), attendees=attendees)


def link_practice(coach: Coach, draft: NudgeDraft, team: str) -> NudgeDraft:
    """Attach the best-matching practice, with its citation."""
    if not draft.practice_query:
        return draft
    found = coach.search(draft.practice_query, team, 1, kinds=["practice"])
    if not found:
        return draft
    best = found[0]
    practice = LinkedPractice(practice_id=str(best.metadata.get("practice_id") or best.source),
                              name=best.title, citations=[cite(best)])
    return draft.model_copy(update={"practice": practice})


def review_meeting(coach: Coach, path: Path, team: str, *, attendees: Sequence[str] = (),
                   actor: str = "coach") -> MeetingReport:
    """Analyse a check-in, queue its nudges as pending, and return the report."""
    transcript = read_transcript(path)
    report = coach.ingest([path], team)  # the transcript belongs to the team
    if report.errors:
        raise IngestionError(str(path), report.errors[0]["error"])
    dynamics = meeting_dynamics(coach, transcript, team, attendees or transcript.attendees)
    drafts = [link_practice(coach, d, team) for d in draft_nudges(transcript, dynamics)]
    warnings: list[str] = []
    if coach.backend is not None:
        drafts, warnings = reword(coach, drafts, transcript, source=ingested_source(coach, path, team), team=team)
    vocabulary = coach.vocabulary(team)
    drafts = [d.model_copy(update={"text": vocabulary.apply(d.text)}) for d in drafts]
    nudges = ReviewQueue(coach.appdb).submit(team, str(path.resolve()), drafts, actor)
    return MeetingReport(str(path.resolve()), summarise(transcript, dynamics), dynamics, nudges, warnings)


def reword(coach: Coach, drafts: list[NudgeDraft], transcript: Transcript, *, source: str,
           team: str) -> tuple[list[NudgeDraft], list[str]]:
    """Let the model warm up the wording through the `nudges` skill (runner, validation, one repair,
    visible fallback); facts, numbers, names and stance must not change."""
    if not drafts:
        return drafts, []
    request = RewordRequest(transcript=source, speakers=list(transcript.speakers), drafts=[
        DraftToReword(index=i, stance=d.stance, text=d.text, evidence=[e.text for e in d.evidence])
        for i, d in enumerate(drafts)])
    response = coach.suggest("nudges", request, team)
    texts = {item.index: item.text for item in response.items}
    return [d.model_copy(update={"text": texts.get(i, d.text)}) for i, d in enumerate(drafts)], response.warnings


def ingested_source(coach: Coach, path: Path, team: str) -> str:
    """The source id the transcript was stored under in the team's scope."""
    for candidate in (str(path), str(path.resolve())):
        if coach.file_chunks(candidate, team):
            return candidate
    raise IngestionError(str(path), "the transcript was not stored in the team's scope")
