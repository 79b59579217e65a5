"""Structured-output negotiation over real HTTP against servers that behave like OpenAI,
llama-cpp-python, a plain JSON-mode server and a tools-only server."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from pydantic import BaseModel

from coach.config import Settings, load_settings
from coach.errors import ConfigError, ValidationError
from coach.llm.cassette import CassetteBackend
from coach.llm.openai_chat import OpenAIChatBackend
from coach.llm.structured import EndpointError, ModeMemory
from coach.prompts import PromptTemplate
from tests.llm.openai_server import Dialect, Failure, FakeOpenAI, answer, raw

Server = Callable[..., FakeOpenAI]

PROMPT = PromptTemplate(name="practices", version=1, description="test",
                        system="You suggest practices. Use the team's words: {vocabulary}.",
                        user="Key result: {key_result}", variables=("vocabulary", "key_result"))
VALUES = {"vocabulary": "goal, measure", "key_result": "Raise week-1 activation"}


class Idea(BaseModel):
    """One idea."""

    title: str
    why: str


class Ideas(BaseModel):
    """The answer type the tests ask for."""

    items: list[Idea]


GOOD = {"items": [{"title": "Pair on onboarding", "why": "New users stall on setup."}]}


def backend(fake: FakeOpenAI, memory: ModeMemory, structured: str = "auto",
            model: str = "test-model") -> OpenAIChatBackend:
    settings = Settings(llm=f"openai:{model}", openai_base_url=fake.base_url,
                        llm_structured=structured, llm_timeout=10)  # type: ignore[arg-type]
    return OpenAIChatBackend(model, settings, memory=memory)


@pytest.mark.parametrize(("dialect", "probes", "mode"), [
    ("openai", ["json_schema"], "json_schema"),
    ("llama-cpp-python", ["json_schema", "json_object_schema"], "json_object_schema"),
    ("json-mode", ["json_schema", "json_object_schema", "json_object"], "json_object"),
    ("tools-only", ["json_schema", "json_object_schema", "json_object", "tools"], "tools"),
])
def test_the_strongest_accepted_mode_is_found_then_remembered(server: Server, dialect: Dialect,
                                                               probes: list[str], mode: str) -> None:
    memory = ModeMemory()
    fake = server([answer(GOOD), answer(GOOD)], dialect=dialect)
    first = backend(fake, memory)
    assert first.generate(PROMPT, VALUES, Ideas) == Ideas.model_validate(GOOD)
    assert fake.modes == probes and first.mode == mode
    # A second backend for the same endpoint and model (a new request) asks once, in that mode.
    assert backend(fake, memory).generate(PROMPT, VALUES, Ideas) == Ideas.model_validate(GOOD)
    assert fake.modes == [*probes, mode]


def test_json_object_with_schema_sends_the_answer_schema(server: Server) -> None:
    fake = server([answer(GOOD)], dialect="llama-cpp-python")
    backend(fake, ModeMemory()).generate(PROMPT, VALUES, Ideas)
    assert fake.requests[1]["response_format"] == {"type": "json_object", "schema": Ideas.model_json_schema()}
    assert '"properties"' not in fake.prompt_text(1)  # the server enforces it: no need to spend tokens


def test_plain_json_mode_writes_the_schema_into_the_prompt(server: Server) -> None:
    fenced = raw("```json\n" + json.dumps(GOOD) + "\n```")
    fake = server([fenced], dialect="json-mode")
    assert backend(fake, ModeMemory()).generate(PROMPT, VALUES, Ideas).items[0].title == "Pair on onboarding"
    system = fake.requests[-1]["messages"][0]["content"]
    assert "fits this JSON Schema" in system and '"why"' in system and "goal, measure" in system


def test_tool_calls_carry_the_answer(server: Server) -> None:
    fake = server([answer(GOOD)], dialect="tools-only")
    backend(fake, ModeMemory(), structured="tools").generate(PROMPT, VALUES, Ideas)
    body = fake.requests[0]
    assert fake.modes == ["tools"] and "response_format" not in body
    assert body["tool_choice"] == {"type": "function", "function": {"name": "Ideas"}}
    assert body["tools"][0]["function"]["parameters"] == Ideas.model_json_schema()


def test_memory_is_per_endpoint_and_model(server: Server) -> None:
    memory = ModeMemory()
    fake = server([answer(GOOD)] * 3, dialect="llama-cpp-python")
    backend(fake, memory).generate(PROMPT, VALUES, Ideas)
    backend(fake, memory, model="other-model").generate(PROMPT, VALUES, Ideas)
    assert fake.modes == ["json_schema", "json_object_schema", "json_schema", "json_object_schema"]
    assert [body["model"] for body in fake.requests] == ["test-model"] * 2 + ["other-model"] * 2


@pytest.mark.parametrize(("structured", "dialect", "modes"), [
    ("tools", "openai", ["tools"]),
    ("json_object", "openai", ["json_object_schema"]),
    ("json_object", "json-mode", ["json_object_schema", "json_object"]),
    ("json_schema", "openai", ["json_schema"]),
])
def test_a_forced_mode_is_the_only_one_tried(server: Server, structured: str, dialect: Dialect,
                                             modes: list[str]) -> None:
    fake = server([answer(GOOD)], dialect=dialect)
    backend(fake, ModeMemory(), structured=structured).generate(PROMPT, VALUES, Ideas)
    assert fake.modes == modes


def test_a_forced_mode_the_server_rejects_says_what_it_answered_and_what_to_change(server: Server) -> None:
    fake = server([answer(GOOD)], dialect="llama-cpp-python")
    with pytest.raises(EndpointError) as caught:
        backend(fake, ModeMemory(), structured="json_schema").generate(PROMPT, VALUES, Ideas)
    message = str(caught.value)
    assert f"openai:test-model at {fake.base_url}" in message
    assert "json_schema → HTTP 500" in message and "Input should be 'text' or 'json_object'" in message
    assert "COACH_LLM_STRUCTURED=json_schema forces this; set COACH_LLM_STRUCTURED=auto" in message
    assert caught.value.setting == "COACH_LLM_STRUCTURED" and len(fake.requests) == 1


def test_when_every_mode_fails_each_attempt_is_reported(server: Server) -> None:
    failures = [Failure(500, f"grammar error {n}") for n in range(4)]
    fake = server(failures)
    with pytest.raises(EndpointError) as caught:
        backend(fake, ModeMemory()).generate(PROMPT, VALUES, Ideas)
    message = str(caught.value)
    for label, n in [("json_schema", 0), ("json_object with schema", 1),
                     ("json_object with the schema in the prompt", 2), ("tool calling", 3)]:
        assert f'{label} → HTTP 500 "grammar error {n}"' in message
    assert "set COACH_LLM_STRUCTURED to json_schema, json_object or tools" in message


def test_an_answer_cap_is_sent_as_max_tokens(server: Server) -> None:
    fake = server([answer(GOOD)])
    settings = Settings(llm="openai:test-model", openai_base_url=fake.base_url, llm_max_tokens=512)
    OpenAIChatBackend("test-model", settings, memory=ModeMemory()).generate(PROMPT, VALUES, Ideas)
    assert fake.requests[0]["max_tokens"] == 512 and "max_completion_tokens" not in fake.requests[0]


def test_a_long_server_message_is_shortened_to_one_line(server: Server) -> None:
    fake = server([Failure(500, "line one\n" + "x" * 2000)])
    with pytest.raises(EndpointError) as caught:
        backend(fake, ModeMemory(), structured="json_schema").generate(PROMPT, VALUES, Ideas)
    assert "\n" not in str(caught.value) and "x" * 200 not in str(caught.value) and "…" in str(caught.value)


def test_a_remembered_mode_is_not_renegotiated_on_a_failed_request(server: Server) -> None:
    memory = ModeMemory()
    script = [answer(GOOD), Failure(400, "Requested tokens (3000) exceed context window of 2048")]
    fake = server(script, dialect="llama-cpp-python")
    backend(fake, memory).generate(PROMPT, VALUES, Ideas)
    with pytest.raises(EndpointError, match="exceed context window"):
        backend(fake, memory).generate(PROMPT, VALUES, Ideas)
    assert fake.modes == ["json_schema", "json_object_schema", "json_object_schema"]


@pytest.mark.parametrize(("status", "problem", "setting"), [
    (401, "key", "OPENAI_API_KEY"), (403, "key", "OPENAI_API_KEY"), (404, "model", "COACH_LLM"),
    (429, "rate", "OPENAI_API_KEY"),
])
def test_key_model_and_rate_errors_stop_negotiation(server: Server, status: int, problem: str, setting: str) -> None:
    fake = server([Failure(status, "nope: the server's reason")])
    with pytest.raises(EndpointError) as caught:
        backend(fake, ModeMemory()).generate(PROMPT, VALUES, Ideas)
    assert (caught.value.problem, caught.value.setting) == (problem, setting)
    assert f"HTTP {status} \"nope: the server's reason\"" in str(caught.value) and setting in str(caught.value)
    assert len(fake.requests) == 1


def test_an_unreachable_endpoint_names_the_setting() -> None:
    fake = FakeOpenAI(base_url="http://127.0.0.1:9/v1")
    with pytest.raises(EndpointError, match=r"cannot reach http://127\.0\.0\.1:9/v1 .*check OPENAI_BASE_URL"):
        backend(fake, ModeMemory()).generate(PROMPT, VALUES, Ideas)


def test_an_answer_that_does_not_fit_names_the_field(server: Server) -> None:
    fake = server([answer({"items": [{"title": "x"}]})], dialect="tools-only")
    with pytest.raises(ValidationError, match=r"does not fit Ideas: items\.0\.why: Field required"):
        backend(fake, ModeMemory(), structured="tools").generate(PROMPT, VALUES, Ideas)


@pytest.mark.parametrize("dialect", ["openai", "llama-cpp-python", "json-mode", "tools-only"])
def test_record_then_replay_in_every_mode(server: Server, dialect: Dialect, tmp_path: Path) -> None:
    cassette = tmp_path / "cassette.json"
    fake = server([answer(GOOD)], dialect=dialect)
    recorder = CassetteBackend(backend(fake, ModeMemory()), cassette, "record", name="openai:test-model")
    recorded = recorder.generate(PROMPT, VALUES, Ideas)
    replayer = CassetteBackend(None, cassette, "replay", name="openai:test-model")
    assert replayer.generate(PROMPT, VALUES, Ideas) == recorded == Ideas.model_validate(GOOD)


@pytest.mark.parametrize("value", ["xml", "JSON_SCHEMA", ""])
def test_an_unknown_structured_setting_is_a_config_error(value: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COACH_LLM_STRUCTURED", value)
    with pytest.raises(ConfigError, match=r"set COACH_LLM_STRUCTURED to auto .*json_schema, json_object or tools"):
        load_settings()


def test_the_structured_setting_is_read_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COACH_LLM_STRUCTURED", "tools")
    assert load_settings().llm_structured == "tools"
    assert Settings().model_copy().llm_structured == "tools"

