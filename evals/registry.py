"""Every eval suite, by name, in report order. Add a suite by appending it here."""

from __future__ import annotations

from typing import Any

from coach.errors import NotFoundError
from evals.harness import Suite
from evals.suites import (
    agendas,
    career,
    experiments,
    ideas,
    key_results,
    lint_risks,
    nudges,
    practice_situations,
    practices,
    retrieval,
)

SUITES: dict[str, Suite[Any, Any]] = {suite.name: suite for suite in (
    retrieval.CORPUS_SUITE, retrieval.SHARED_SUITE, key_results.SUITE, practice_situations.SUITE, practices.SUITE,
    lint_risks.LINT, lint_risks.RISKS, career.SUITE, experiments.SUITE, agendas.SUITE, ideas.KEY_RESULTS,
    ideas.CAREER, nudges.SUITE)}


def select(names: list[str] | None) -> list[Suite[Any, Any]]:
    """The named suites (all when none are named), or NotFoundError listing the known ones."""
    if not names:
        return list(SUITES.values())
    unknown = [name for name in names if name not in SUITES]
    if unknown:
        raise NotFoundError(f"no eval suite {', '.join(map(repr, unknown))}; known suites: "
                            f"{', '.join(SUITES)}")
    return [SUITES[name] for name in names]
