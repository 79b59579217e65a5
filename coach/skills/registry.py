"""The one place skills are registered; the API, CLI, evals and `Coach` all go through it."""

from __future__ import annotations

from typing import Any

from coach.errors import NotFoundError
from coach.skills import career, experiments, key_results, lint_skill, practices, risks
from coach.skills.base import Skill

SKILLS: dict[str, Skill[Any, Any]] = {
    skill.name: skill for skill in (key_results.SKILL, lint_skill.SKILL, practices.SKILL, risks.SKILL,
                                career.SKILL, experiments.SKILL)
}


def get_skill(name: str) -> Skill[Any, Any]:
    """A skill by name, or NotFoundError listing the known ones."""
    try:
        return SKILLS[name]
    except KeyError:
        raise NotFoundError(f"no skill {name!r}; known skills: {', '.join(sorted(SKILLS))}") from None
