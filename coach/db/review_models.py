"""Tables for the nudge review queue, the delivery ledger, the team feed and the audit log."""

from __future__ import annotations

from sqlalchemy import Float, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from coach.db.base import Base
from coach.db.workspace_models import TEAM_FK


class NudgeRow(Base):
    """A drafted nudge and its review state. `delivered_at` freezes it once the team has it."""

    __tablename__ = "nudges"
    __table_args__ = (Index("ix_nudges_team_status", "team", "status"),)

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    team: Mapped[str] = mapped_column(ForeignKey(TEAM_FK))
    transcript: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(40))
    stance: Mapped[str] = mapped_column(String(16))
    text: Mapped[str] = mapped_column(Text)
    original_text: Mapped[str] = mapped_column(Text)
    evidence: Mapped[str] = mapped_column(Text)  # JSON list of Evidence
    practice: Mapped[str | None] = mapped_column(Text)  # JSON LinkedPractice
    practice_query: Mapped[str | None] = mapped_column(Text)
    confidence: Mapped[float] = mapped_column(Float)
    status: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[str] = mapped_column(String(40))
    updated_at: Mapped[str] = mapped_column(String(40))
    delivered_at: Mapped[str | None] = mapped_column(String(40))
    resolved_at: Mapped[str | None] = mapped_column(String(40))


class AuditRow(Base):
    """Who did what to which record, when, with the text before and after."""

    __tablename__ = "audit_log"
    __table_args__ = (Index("ix_audit_log_subject", "subject_kind", "subject_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    team: Mapped[str] = mapped_column(String(63), index=True)
    actor: Mapped[str] = mapped_column(String(120))
    actor_role: Mapped[str | None] = mapped_column(String(16))
    action: Mapped[str] = mapped_column(String(40))
    subject_kind: Mapped[str] = mapped_column(String(40))  # "nudge", "api_key", "team", ...
    subject_id: Mapped[str] = mapped_column(String(120))
    before_text: Mapped[str | None] = mapped_column(Text)
    after_text: Mapped[str | None] = mapped_column(Text)
    reason: Mapped[str | None] = mapped_column(Text)
    at: Mapped[str] = mapped_column(String(40))


class DeliveryRow(Base):
    """The ledger row of one (nudge, channel); "sent" is final."""

    __tablename__ = "deliveries"

    nudge_id: Mapped[str] = mapped_column(String(40), primary_key=True)
    channel: Mapped[str] = mapped_column(String(16), primary_key=True)
    status: Mapped[str] = mapped_column(String(16))
    attempts: Mapped[int] = mapped_column(Integer)
    last_error: Mapped[str | None] = mapped_column(Text)
    delivered_at: Mapped[str | None] = mapped_column(String(40))


class FeedRow(Base):
    """A nudge as delivered to its team's feed (at most once per nudge)."""

    __tablename__ = "feed"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    team: Mapped[str] = mapped_column(String(63), index=True)
    nudge_id: Mapped[str] = mapped_column(String(40), unique=True)
    text: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(40))
    delivered_at: Mapped[str] = mapped_column(String(40))
