"""A team's own records (settings, members, OKRs, metric snapshots, meetings) and the one
repository that reads and writes them."""

from coach.workspace.importer import RECORD_KINDS, import_team_file
from coach.workspace.records import (
    Cycle,
    ImportResult,
    Meeting,
    Member,
    MetricSnapshot,
    Team,
    TeamConfig,
    TeamOkrs,
)
from coach.workspace.repository import TeamRepository
from coach.workspace.view import TeamRecords

__all__ = ["RECORD_KINDS", "Cycle", "ImportResult", "Meeting", "Member", "MetricSnapshot", "Team", "TeamConfig",
           "TeamOkrs", "TeamRecords", "TeamRepository", "import_team_file"]
