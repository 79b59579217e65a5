"""What every skill is judged on, whatever the skill: schema validity, citation validity,
grounding (no number absent from the inputs and the cited text), the team's vocabulary.
Latency is measured by the runner for every case."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import pydantic
import yaml

from coach.retrieval.search import SearchResult
from coach.skills.base import SkillResponse
from coach.skills.registry import get_skill
from coach.skills.validators import numbers_in, strings_of
from coach.vocabulary import Vocabulary
from evals.env import ROOT, Env, RecordingCoach
from evals.harness import Case, CaseView, Cited, Evaluator, Score, Split


@dataclass(frozen=True)
class SkillRun:
    """One skill answer and everything it was allowed to rely on."""

    skill: str
    request: dict[str, Any]
    team: str | None
    response: SkillResponse
    retrieved: Mapping[str, SearchResult]
    vocabulary: Vocabulary
    today: str
    cycle: str = ""  # the team's cycle in words, from its records: an input like the request


def ask(env: Env, skill: str, request: dict[str, Any], team: str | None = None, *,
        coach: RecordingCoach | None = None) -> SkillRun:
    """Run a skill through `Coach.suggest` (on `env.coach` unless another is given), recording
    what it retrieved for this request."""
    coach = coach or env.coach
    coach.seen = {}
    response = coach.suggest(skill, request, team, today=env.today)
    record = coach.repository.team(team) if team else None
    cycle = record.cycle.as_text() if record is not None and record.cycle is not None else ""
    return SkillRun(skill, request, team, response, dict(coach.seen), coach.vocabulary(team),
                    env.today.isoformat(), cycle)


def warm(env: Env) -> object:
    """Index the corpus before the first case, so no case's latency includes it."""
    return env.coach


def load_cases(path: str, model: type[pydantic.BaseModel]) -> list[Case[Any]]:
    """Cases from `evals/datasets/<path>`: a `cases:` list, each with `id` and `split`
    (default `tune`), validated by `model`."""
    data = yaml.safe_load((ROOT / "evals" / "datasets" / path).read_text(encoding="utf-8"))
    cases = []
    for raw in data["cases"]:
        split: Split = raw.pop("split", "tune")
        cases.append(Case(str(raw["id"]), split, model.model_validate(raw)))
    return cases


def _items(run: SkillRun) -> list[dict[str, Any]]:
    return [item if isinstance(item, dict) else item.model_dump(mode="json") for item in run.response.items]


def schema_valid(data: object, run: SkillRun) -> Score:
    """The answer parses as the skill's response model."""
    model = get_skill(run.skill).response_model
    try:
        model.model_validate(run.response.model_dump(mode="json"))
    except pydantic.ValidationError as exc:
        return Score(0.0, f"does not fit {model.__name__}: {exc.errors()[0]['msg']}", ok=False)
    return Score(1.0, f"fits {model.__name__} ({len(run.response.items)} items)")


def citations_valid(data: object, run: SkillRun) -> Score:
    """Every item cites, and every cited id was retrieved for this request."""
    items = _items(run)
    bad = [f"item {n} cites {c['chunk_id']}" for n, item in enumerate(items, start=1)
           for c in item.get("citations") or [] if c["chunk_id"] not in run.retrieved]
    bare = [f"item {n} cites nothing" for n, item in enumerate(items, start=1) if not item.get("citations")]
    if not items:
        return Score(None, "no items")
    problems = bad + bare
    if problems:
        return Score(0.0, "; ".join(problems[:3]), ok=False)
    return Score(1.0, f"all citations of {len(items)} items were retrieved for this request")


def grounded(data: object, run: SkillRun) -> Score:
    """No number in an item's display text that the request, the day or its cited text lacks."""
    fields = get_skill(run.skill).text_fields
    # The inputs: the request, the day, and the team's settings (its cycle dates), read from
    # its records, or from a team card where one was retrieved.
    settings = [run.cycle, *(c.text for c in run.retrieved.values() if c.kind == "team")]
    settings += [str(v) for c in run.retrieved.values() if c.kind == "team" for v in c.metadata.values()]
    allowed = numbers_in(" ".join([*strings_of(run.request), run.today, *settings]))
    allowed |= _list_sizes(run.request)  # counts of what the request holds ("only 1 key result")
    items = _items(run)
    invented: list[str] = []
    for n, item in enumerate(items, start=1):
        cited = set(allowed)
        for citation in item.get("citations") or []:
            chunk = run.retrieved.get(citation["chunk_id"])
            if chunk is not None:
                cited |= numbers_in(chunk.text) | numbers_in(" ".join(map(str, chunk.metadata.values())))
        shown = numbers_in(" ".join(t for f in fields for t in strings_of(item.get(f))))
        invented += [f"item {n}: {number}" for number in sorted(shown - cited)]
    if not items:
        return Score(None, "no items")
    if invented:
        return Score(0.0, "numbers in no input or cited text: " + ", ".join(invented[:5]), ok=False)
    return Score(1.0, f"every number in {len(items)} items is in the inputs or cited text")


def _list_sizes(value: Any) -> set[str]:
    """The length of every list inside a JSON-like value, and the total of list items."""
    sizes: set[str] = set()
    if isinstance(value, dict):
        for item in value.values():
            sizes |= _list_sizes(item)
    elif isinstance(value, list):
        sizes.add(str(len(value)))
        for item in value:
            sizes |= _list_sizes(item)
        nested = [k for item in value if isinstance(item, dict) for k, v in item.items() if isinstance(v, list)]
        for key in set(nested):  # e.g. every key result across the objectives
            sizes.add(str(sum(len(item.get(key) or []) for item in value if isinstance(item, dict))))
    return sizes


_DEFAULT = Vocabulary()


def team_words(data: object, run: SkillRun) -> Score:
    """Where the team renamed objective / key result / initiative, the display text uses its
    words and never the default ones."""
    renamed = [(word, getattr(run.vocabulary, attr)) for attr, word in
               (("objective", _DEFAULT.objective), ("key_result", _DEFAULT.key_result),
                ("initiative", _DEFAULT.initiative)) if getattr(run.vocabulary, attr) != word]
    if not renamed:
        return Score(None, "the team uses the default words")
    display = " ".join(strings_of(_items(run), skip=("citations", "source", "practice_id", "id", "rule")))
    leaks = [old for old, _ in renamed if re.search(rf"\b{re.escape(old)}s?\b", display, re.IGNORECASE)]
    if leaks:
        return Score(0.0, f"default words {leaks} used although the team says "
                          f"{[new for _, new in renamed]}", ok=False)
    return Score(1.0, f"uses the team's words {[new for _, new in renamed]}")


def common_evaluators() -> dict[str, Evaluator[Any, SkillRun]]:
    """The checks every skill suite includes."""
    return {"schema": schema_valid, "citations": citations_valid, "grounding": grounded,
            "vocabulary": team_words}


def outcome(run: SkillRun) -> tuple[str, tuple[str, ...]]:
    """How the answer came about: offline, accepted from the model, repaired, or fallback."""
    found = run.response.model_outcome
    return found.status, found.problems


def view(data: pydantic.BaseModel, run: SkillRun) -> CaseView:
    """Inputs, the answer and every cited passage with its text."""
    ids = dict.fromkeys(c["chunk_id"] for item in _items(run) for c in item.get("citations") or [])
    cited = [Cited(i, r.title, r.source, r.text) for i in ids if (r := run.retrieved.get(i))]
    return CaseView({"team": run.team, **run.request}, run.response.model_dump(mode="json"), cited)

