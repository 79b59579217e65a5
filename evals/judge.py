"""The optional model judge (`COACH_JUDGE=openai:<model>`): usefulness and tone on a 0-2
scale with a reason, asked three times per answer with the spread reported. It goes through
the same backends as the skills, so `COACH_JUDGE_MODE=record|replay` with
`COACH_JUDGE_CASSETTE=FILE` records and replays its verdicts. Never part of the gate: no
threshold names a judge metric, and the judge is an evaluator with I/O, the one exception to
"evaluators are pure", kept behind this switch."""

from __future__ import annotations

import json
import os
from dataclasses import replace
from pathlib import Path
from statistics import mean
from typing import Any

from pydantic import BaseModel, Field

from coach.config import Settings
from coach.errors import BackendError, ConfigError, ValidationError
from coach.llm import ChatBackend, make_backend
from coach.prompts import load_prompt
from evals.harness import Evaluator, Score, Suite
from evals.suites.common import SkillRun

ASKS = 3


class Verdict(BaseModel):
    """One grading of one answer."""

    usefulness: int = Field(ge=0, le=2)
    tone: int = Field(ge=0, le=2)
    reason: str = Field(min_length=3, max_length=400)


def judge_backend(environ: dict[str, str] | None = None) -> ChatBackend | None:
    """The judge named by COACH_JUDGE (None when unset), with its own cassette settings."""
    env = dict(os.environ if environ is None else environ)
    name = env.get("COACH_JUDGE", "")
    if not name:
        return None
    if not name.startswith("openai:"):
        raise ConfigError(f"COACH_JUDGE={name!r}: use openai:<model> (or leave it unset)")
    cassette = env.get("COACH_JUDGE_CASSETTE")
    settings = Settings(llm=name, llm_mode=env.get("COACH_JUDGE_MODE", "live"),  # type: ignore[arg-type]
                        llm_cassette=Path(cassette) if cassette else None)
    return make_backend(settings)


def _verdicts(backend: ChatBackend, run: SkillRun) -> list[Verdict]:
    prompt = load_prompt("judge")
    answer = json.dumps(run.response.model_dump(mode="json")["items"], ensure_ascii=False)[:6000]
    values = {"skill": run.skill, "request": json.dumps(run.request, ensure_ascii=False)[:3000],
              "answer": answer}
    return [backend.generate(prompt, {**values, "attempt": str(n)}, Verdict) for n in range(1, ASKS + 1)]


def judged(backend: ChatBackend) -> dict[str, Evaluator[Any, SkillRun]]:
    """Two evaluators sharing three verdicts per answer (asked once, cached by answer)."""
    cache: dict[int, list[Verdict] | str] = {}

    def verdicts(run: SkillRun) -> list[Verdict] | str:
        if id(run) not in cache:
            try:
                cache[id(run)] = _verdicts(backend, run)
            except (BackendError, ValidationError) as exc:
                cache[id(run)] = f"judge failed: {exc}"
        return cache[id(run)]

    def grade(field: str) -> Evaluator[Any, SkillRun]:
        def evaluate(data: object, run: SkillRun) -> Score:
            found = verdicts(run)
            if isinstance(found, str):
                return Score(None, found)
            values = [getattr(v, field) for v in found]
            spread = max(values) - min(values)
            reasons = " | ".join(v.reason for v in found)
            return Score(mean(values) / 2, f"{field} {values} (0-2, spread {spread}): {reasons}")
        return evaluate

    def spread(field: str) -> Evaluator[Any, SkillRun]:
        def evaluate(data: object, run: SkillRun) -> Score:
            found = verdicts(run)
            if isinstance(found, str):
                return Score(None, found)
            values = [getattr(v, field) for v in found]
            return Score(float(max(values) - min(values)), f"{field} verdicts {values}")
        return evaluate

    # Grades are reported on 0..1 (the 0-2 mean halved); spreads in grade points (0-2).
    return {"judge.usefulness": grade("usefulness"), "judge.tone": grade("tone"),
            "judge.usefulness_spread": spread("usefulness"), "judge.tone_spread": spread("tone")}


def with_judge(suite: Suite[Any, Any], backend: ChatBackend | None) -> Suite[Any, Any]:
    """The suite plus judge evaluators when a judge is configured and the suite runs a skill."""
    if backend is None or "schema" not in suite.evaluators:  # only skill suites have answers
        return suite
    return replace(suite, evaluators={**suite.evaluators, **judged(backend)})
