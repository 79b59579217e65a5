"""Cassettes: stable keys, strict replay, and recording through a live backend."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TypeVar

import pytest
from pydantic import BaseModel

from coach.errors import BackendError, ConfigError
from coach.llm.cassette import CassetteBackend, CassetteMiss, cassette_key
from coach.prompts import PromptTemplate

T = TypeVar("T", bound=BaseModel)


class Answer(BaseModel):
    """A tiny structured answer."""

    text: str
    count: int


class OtherAnswer(BaseModel):
    """The same shape under another name: a different schema."""

    text: str
    count: int


def _prompt(version: int = 1, name: str = "nudges") -> PromptTemplate:
    return PromptTemplate(name=name, version=version, description="test",
                          system="You are a test coach; be brief.", user="Drafts: {drafts}",
                          variables=("drafts",))


VALUES = {"drafts": "try pairing"}
KEY = cassette_key(_prompt(), VALUES, Answer, None)


class FakeLive:
    """A live backend that counts calls and answers from a fixed value."""

    name = "fake"

    def __init__(self) -> None:
        self.calls = 0

    def generate(self, prompt: PromptTemplate, values: dict[str, str], output_type: type[T],
                 repair: str | None = None) -> T:
        self.calls += 1
        return output_type.model_validate({"text": values["drafts"].upper(), "count": self.calls})


def test_equal_requests_share_a_key() -> None:
    assert cassette_key(_prompt(), dict(VALUES), Answer, None) == KEY
    assert len(KEY) == 24 and int(KEY, 16) >= 0


def test_value_order_does_not_change_the_key() -> None:
    prompt = PromptTemplate(name="p", version=1, description="d", system="System text for a test.",
                            user="{a} and {b} here", variables=("a", "b"))
    assert cassette_key(prompt, {"a": "1", "b": "2"}, Answer, None) == \
        cassette_key(prompt, {"b": "2", "a": "1"}, Answer, None)


@pytest.mark.parametrize("other", [
    cassette_key(_prompt(version=2), VALUES, Answer, None),
    cassette_key(_prompt(name="risks"), VALUES, Answer, None),
    cassette_key(_prompt(), {"drafts": "try pairing!"}, Answer, None),
    cassette_key(_prompt(), VALUES, OtherAnswer, None),
    cassette_key(_prompt(), VALUES, Answer, "item 1 has no citation"),
    cassette_key(_prompt(), VALUES, Answer, ""),
])
def test_any_difference_changes_the_key(other: str) -> None:
    assert other != KEY


def test_a_cassette_needs_a_path() -> None:
    with pytest.raises(ConfigError, match="COACH_LLM_CASSETTE"):
        CassetteBackend(None, None, "replay", name="openai:test")


def test_replay_of_a_missing_file_is_a_config_error(tmp_path: Path) -> None:
    path = tmp_path / "absent.json"
    with pytest.raises(ConfigError, match="COACH_LLM_MODE=record") as caught:
        CassetteBackend(None, path, "replay", name="openai:test")
    assert str(path) in str(caught.value)


def test_record_without_a_live_backend_is_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="live backend"):
        CassetteBackend(None, tmp_path / "new.json", "record", name="openai:test")


def test_replay_returns_the_recorded_model(tmp_path: Path) -> None:
    path = tmp_path / "cassette.json"
    path.write_text(json.dumps({KEY: {"prompt": "nudges", "answer": {"text": "Try pairing", "count": 2}}}),
                    encoding="utf-8")
    backend = CassetteBackend(None, path, "replay", name="openai:test")
    assert backend.generate(_prompt(), VALUES, Answer) == Answer(text="Try pairing", count=2)


def test_a_replay_miss_is_a_backend_error_naming_the_prompt(tmp_path: Path) -> None:
    path = tmp_path / "cassette.json"
    path.write_text("{}", encoding="utf-8")
    backend = CassetteBackend(None, path, "replay", name="openai:test")
    with pytest.raises(CassetteMiss, match="'nudges'") as caught:
        backend.generate(_prompt(), VALUES, Answer, repair="fix it")
    assert isinstance(caught.value, BackendError)


def test_record_saves_each_answer_and_reuses_it(tmp_path: Path) -> None:
    path = tmp_path / "sub" / "cassette.json"
    live = FakeLive()
    recorder = CassetteBackend(live, path, "record", name="openai:test")
    first = recorder.generate(_prompt(), VALUES, Answer)
    assert first == Answer(text="TRY PAIRING", count=1)
    assert recorder.generate(_prompt(), VALUES, Answer) == first
    assert live.calls == 1
    assert json.loads(path.read_text(encoding="utf-8")) == {
        KEY: {"prompt": "nudges", "answer": {"text": "TRY PAIRING", "count": 1}}}
    replayer = CassetteBackend(None, path, "replay", name="openai:test")
    assert replayer.generate(_prompt(), VALUES, Answer) == first
