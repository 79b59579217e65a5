"""The model path against a REAL local model: llama-cpp-python serving SmolLM2-135M-Instruct.

Run with `make test-models` (it installs both; plain `make test` leaves these out). The model
is tiny and invents numbers: these tests prove the path never errors and never lets an
ungrounded answer through, not that the model is good.
"""

from __future__ import annotations

import contextlib
import functools
import json
import re
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from coach.cli import app
from coach.config import Settings
from coach.errors import ValidationError
from coach.llm.cassette import CassetteBackend
from coach.llm.check import ProbeAnswer
from coach.llm.openai_chat import OpenAIChatBackend
from coach.llm.structured import MODES, ModeMemory
from coach.prompts import load_prompt
from coach.service import Coach
from coach.skills.base import SkillContext, SkillResponse
from coach.skills.registry import get_skill
from coach.skills.validators import strings_of
from tests.llm.llama_server import LocalModel
from tests.llm.test_openai_path import REQUESTS, TODAY

pytestmark = pytest.mark.models

# Every way the runner may explain a fallback: the endpoint's own failure, or which rule the
# model's answer broke after its one repair.
PRECISE = re.compile(
    r"^openai:smollm2 answer was not usable \((?P<reason>.+)\); showing the offline suggestions instead$")
REASONS = ("returned invalid JSON", "does not fit", "found in no source", "which was not retrieved",
           "has no citation", "accepted no structured-output mode", "timed out", "context window",
           "lists no items")


def with_model(indexed: Coach, model: LocalModel, **changes: Any) -> Coach:
    """The indexed corpus answering on the local model; the window as a user would set it
    (llama-cpp-python does not list it), so the material is trimmed and the answer capped."""
    settings = indexed.settings.model_copy(update={
        "llm": "openai:smollm2", "openai_base_url": model.base_url, "llm_timeout": 300.0,
        "llm_context": model.window, **changes})
    return Coach(settings, embedder=indexed.embedder)


def test_negotiation_lands_on_json_object_with_schema(local_model: LocalModel) -> None:
    backend = OpenAIChatBackend("smollm2", with_model_settings(local_model), memory=ModeMemory())
    # What a 135M model says is the validators' business; the mode is what is tested here.
    with contextlib.suppress(ValidationError):
        backend.generate(load_prompt("models_check"), {"greeting": "Hello"}, ProbeAnswer)
    assert backend.mode == "json_object_schema"
    [rejected] = backend.last_attempts
    assert rejected.mode == "json_schema" and rejected.status == 500
    assert "Input should be 'text' or 'json_object'" in rejected.message  # the server's own words


def test_models_check_reports_it(local_model: LocalModel, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COACH_LLM", "openai:smollm2")
    monkeypatch.setenv("OPENAI_BASE_URL", local_model.base_url)
    monkeypatch.setenv("COACH_LLM_MAX_TOKENS", "64")
    result = CliRunner().invoke(app, ["models", "check", "--json", "--timeout", "240"])
    data = json.loads(result.stdout)
    assert data["mode"] == "json_object_schema" and data["latency_ms"] > 0, result.output
    assert [r["status"] for r in data["rejected"]] == [500]
    assert result.exit_code == (0 if data["ok"] else 1)
    assert data["context"] is None  # llama-cpp-python does not list its window (the check says so)


@pytest.mark.parametrize("skill", sorted(REQUESTS))
def test_every_skill_answers_validated_or_falls_back_precisely(
        indexed: Coach, local_model: LocalModel, skill: str) -> None:
    team = "platform"  # one team: each answer takes minutes on 2 busy cores
    coach = with_model(indexed, local_model)
    response = coach.suggest(skill, REQUESTS[skill](team), team, today=TODAY)
    fallbacks = [match for match in map(PRECISE.match, response.warnings) if match]
    if response.backend == "openai:smollm2":
        assert not fallbacks and response.items
        assert revalidated(coach, skill, team, response) == []
    else:  # the one fallback warning, beside any caveat of the offline composer's own
        assert response.backend == "offline" and response.items and len(fallbacks) == 1, response.warnings
        assert any(reason in fallbacks[0]["reason"] for reason in REASONS), fallbacks[0].string


def test_an_unset_window_is_learnt_from_the_servers_context_error(
        indexed: Coach, local_model: LocalModel) -> None:
    # The growth team's practices material is several times the window: without COACH_LLM_CONTEXT
    # the server refuses it (cheaply: before evaluating anything), the request falls back at once
    # naming the setting, and the window it named is kept for the next requests.
    coach = with_model(indexed, local_model, llm_context=None)
    response = coach.suggest("practices", REQUESTS["practices"]("growth"), "growth", today=TODAY)
    assert response.backend == "offline" and len(response.warnings) == 1
    warning = response.warnings[0]
    assert PRECISE.match(warning) and "context window" in warning, warning
    assert f"maximum context length is {local_model.window} tokens" in warning
    assert f"set COACH_LLM_CONTEXT={local_model.window}" in warning
    assert MODES.window(local_model.base_url.rstrip("/"), "smollm2") == (True, local_model.window)


def test_record_then_replay(local_model: LocalModel, tmp_path: Path) -> None:
    cassette = tmp_path / "smollm2.json"
    live = OpenAIChatBackend("smollm2", with_model_settings(local_model), memory=ModeMemory())
    recorder = CassetteBackend(live, cassette, "record", name="openai:smollm2")
    prompt, values = load_prompt("models_check"), {"greeting": "Good morning"}
    recorded = recorder.generate(prompt, values, ProbeAnswer)  # the server enforces the schema
    assert json.loads(cassette.read_text(encoding="utf-8"))
    replayer = CassetteBackend(None, cassette, "replay", name="openai:smollm2")  # no server involved
    assert replayer.generate(prompt, values, ProbeAnswer) == recorded


def with_model_settings(model: LocalModel) -> Settings:
    return Settings(llm="openai:smollm2", openai_base_url=model.base_url, llm_timeout=240.0,
                    llm_max_tokens=64)


def revalidated(coach: Coach, skill_name: str, team: str, response: SkillResponse) -> list[str]:
    """Run the validators again on the delivered answer, with freshly gathered material."""
    skill = get_skill(skill_name)
    request = skill.request_model.model_validate(REQUESTS[skill_name](team))
    ctx = SkillContext(search=lambda query, t, k, **kw: coach.search(query, t, k, **kw), team=team,
                       vocabulary=coach.vocabulary(team), today=TODAY,
                       store_chunks=functools.lru_cache(maxsize=4)(coach.team_chunks),
                       file_chunks=lambda source: coach.file_chunks(source, team))
    material = skill.gather(request, ctx)
    material.allow(*strings_of(request.model_dump(mode="json")))
    delivered = skill.response_model.model_validate(response.model_dump(mode="json"))
    problems: list[str] = skill.validate(delivered, request, material)
    return problems

