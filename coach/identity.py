"""Who is calling: the `Principal` every service takes, resolved once at the edge.

The API resolves `Authorization: Bearer KEY` into a Principal; the CLI, the local operator
with file access to the data dir, acts as `Principal.operator(team)`. Nothing below the edge
takes a team, viewer or actor from a caller: it reads them from the Principal.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, get_args

from coach.errors import ForbiddenError

Role = Literal["member", "manager", "coach", "admin"]
ROLES: tuple[Role, ...] = get_args(Role)

# What each role adds to the one below it is a product decision, kept in one table.
# member: search, every suggestion skill, the team's OKRs and feed.
# manager: adds career prompts, their own private notes, and the notes the review queue
#          addresses to the team's manager (wellbeing signals from check-ins), read only.
# coach: adds the review queue (upload, approve, edit, dismiss, deliver), manager notes included.
# admin: adds settings, keys, uploads of team files and retention.
Capability = Literal["read", "suggest", "career", "private_notes", "manager_notes", "review", "admin"]
_GRANTS: dict[Role, frozenset[Capability]] = {
    "member": frozenset({"read", "suggest"}),
    "manager": frozenset({"read", "suggest", "career", "private_notes", "manager_notes"}),
    "coach": frozenset({"read", "suggest", "manager_notes", "review"}),
    "admin": frozenset({"read", "suggest", "career", "private_notes", "manager_notes", "review", "admin"}),
}


@dataclass(frozen=True)
class Principal:
    """A resolved caller: the one team it acts for, its user name and its role."""

    team: str
    user: str
    role: Role

    def can(self, capability: Capability) -> bool:
        """Whether this role grants the capability."""
        return capability in _GRANTS[self.role]

    def require(self, capability: Capability) -> None:
        """Raise ForbiddenError naming the role needed when this one lacks the capability."""
        if not self.can(capability):
            needed = [r for r in ROLES if capability in _GRANTS[r]]
            raise ForbiddenError(
                f"the {self.role} role may not do this ({capability}); it needs one of: "
                f"{', '.join(needed)}. Ask a team admin for a key with that role"
            )

    @classmethod
    def operator(cls, team: str, user: str = "operator") -> Principal:
        """The local operator (the CLI): admin of the team it names."""
        return cls(team=team, user=user, role="admin")
