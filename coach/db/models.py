"""Every table model, imported in one place so `Base.metadata` is complete."""

from coach.db.base import Base
from coach.db.ingest_models import EmbeddingRow, IngestChunkRow, IngestFileRow, ScopeGenerationRow
from coach.db.review_models import AuditRow, DeliveryRow, FeedRow, NudgeRow
from coach.db.ritual_models import CheckInRow, ExperimentRow
from coach.db.workspace_models import (
    ApiKeyRow,
    KeyResultRow,
    MeetingRow,
    MemberRow,
    ObjectiveRow,
    OkrSetRow,
    TeamRow,
)

__all__ = [
    "ApiKeyRow", "AuditRow", "Base", "CheckInRow", "DeliveryRow", "EmbeddingRow", "ExperimentRow",
    "FeedRow", "IngestChunkRow", "IngestFileRow", "KeyResultRow", "MeetingRow", "MemberRow",
    "NudgeRow", "ObjectiveRow", "OkrSetRow", "ScopeGenerationRow", "TeamRow",
]
