"""`coach models check` against local servers of each kind, and against broken set-ups."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from typer.testing import CliRunner, Result

from coach.cli import app
from tests.llm.openai_server import Failure, FakeOpenAI, SlowAnswer, answer, raw

Server = Callable[..., FakeOpenAI]
PROBE = {"ok": True, "word": "Hello"}


@pytest.fixture
def check(monkeypatch: pytest.MonkeyPatch) -> Callable[..., Result]:
    """Run `coach models check [args]` with COACH_LLM and OPENAI_BASE_URL set."""

    def invoke(base_url: str | None, *args: str, llm: str = "openai:test-model") -> Result:
        monkeypatch.setenv("COACH_LLM", llm)
        if base_url is not None:
            monkeypatch.setenv("OPENAI_BASE_URL", base_url)
        return CliRunner().invoke(app, ["models", "check", *args])

    return invoke


def _json(result: Result) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def test_reports_the_mode_the_latency_and_what_was_rejected(server: Server, check: Callable[..., Result]) -> None:
    fake = server([answer(PROBE)], dialect="llama-cpp-python")
    result = check(fake.base_url)
    assert result.exit_code == 0, result.output
    assert f"openai:test-model at {fake.base_url}" in result.stdout
    assert "mode       json_object with schema" in result.stdout
    assert "rejected   json_schema → HTTP 500" in result.stdout and "latency" in result.stdout
    assert result.stdout.rstrip().endswith("ok")


def test_the_context_window_is_reported_or_the_setting_named(server: Server, check: Callable[..., Result]) -> None:
    fake = server([answer(PROBE), answer(PROBE)], dialect="llama-cpp-python")
    assert "context    not listed by the server: set COACH_LLM_CONTEXT" in check(fake.base_url).stdout
    fake.models = {"data": [{"id": "test-model", "max_model_len": 4096}]}
    assert "context    4096 tokens: longer material is trimmed to fit" in check(fake.base_url).stdout


def test_json_output(server: Server, check: Callable[..., Result]) -> None:
    fake = server([answer(PROBE)], dialect="tools-only")
    data = _json(check(fake.base_url, "--json"))
    assert data["ok"] is True and data["mode"] == "tools" and data["mode_label"] == "tool calling"
    assert [r["mode"] for r in data["rejected"]] == ["json_schema", "json_object_schema", "json_object"]
    assert {r["status"] for r in data["rejected"]} == {400}
    assert isinstance(data["latency_ms"], int) and data["latency_ms"] >= 0 and data["error"] is None


def test_a_forced_mode_is_checked_as_forced(server: Server, check: Callable[..., Result],
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COACH_LLM_STRUCTURED", "json_schema")
    fake = server([answer(PROBE)], dialect="llama-cpp-python")
    result = check(fake.base_url, "--json")
    data = _json(result)
    assert result.exit_code == 1 and data["ok"] is False and data["setting"] == "COACH_LLM_STRUCTURED"
    assert "Input should be 'text' or 'json_object'" in data["error"] and len(fake.requests) == 1


@pytest.mark.parametrize(("status", "setting", "words"), [
    (401, "OPENAI_API_KEY", "refused the API key"),
    (404, "COACH_LLM", "does not serve model 'test-model'"),
])
def test_bad_key_and_unknown_model_name_the_setting(server: Server, check: Callable[..., Result],
                                                     status: int, setting: str, words: str) -> None:
    fake = server([Failure(status, "the server's own reason")] * 2)
    result = check(fake.base_url)
    assert result.exit_code == 1
    assert words in result.stderr and setting in result.stderr and "the server's own reason" in result.stderr
    assert _json(check(fake.base_url, "--json"))["setting"] == setting


def test_an_unreachable_endpoint(check: Callable[..., Result]) -> None:
    result = check("http://127.0.0.1:9/v1", "--json")
    data = _json(result)
    assert result.exit_code == 1 and data["setting"] == "OPENAI_BASE_URL"
    assert data["error"].startswith("cannot reach http://127.0.0.1:9/v1")


def test_an_answer_of_the_wrong_shape_is_not_ok(server: Server, check: Callable[..., Result]) -> None:
    fake = server([raw('{"greeting": "hi"}')])
    data = _json(check(fake.base_url, "--json"))
    assert data["ok"] is False and data["mode"] == "json_schema" and "not in the agreed shape" in data["error"]


def test_offline_is_a_config_error(check: Callable[..., Result]) -> None:
    result = check(None, llm="offline")
    assert result.exit_code == 2 and "set COACH_LLM=openai:<model>" in result.stderr


def test_a_timeout_names_the_setting(server: Server, check: Callable[..., Result]) -> None:
    fake = server([SlowAnswer(3.0, PROBE)])
    data = _json(check(fake.base_url, "--json", "--timeout", "0.5"))
    assert data["ok"] is False and data["setting"] == "COACH_LLM_TIMEOUT" and "timed out after 0.5 s" in data["error"]
