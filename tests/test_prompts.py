"""Prompt templates: every shipped one renders fully; variables are strict both ways."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from coach.errors import ConfigError, ValidationError
from coach.prompts import PromptTemplate, load_prompt, prompt_names

_PLACEHOLDER = re.compile(r"\{\w+\}")

_TEMPLATE = """\
name: {name}
version: 2
description: A test template.
system: |
  You are a test coach. Use the team's words: {{vocabulary}}.
user: |
  Objective: {{objective}}
variables: {variables}
"""


def _write(directory: Path, name: str, variables: str) -> None:
    text = _TEMPLATE.format(name=name, variables=variables)
    (directory / f"{name}.yaml").write_text(text, encoding="utf-8")


def test_every_skill_has_a_template() -> None:
    assert {"career", "key_results", "nudges", "practices", "risks"} <= set(prompt_names())


@pytest.mark.parametrize("name", prompt_names())
def test_every_template_renders_every_variable(name: str) -> None:
    prompt = load_prompt(name)
    assert prompt.name == name
    values = {v: f"<value of {v}>" for v in prompt.variables}
    system, user = prompt.render(**values)
    rendered = system + user
    assert not _PLACEHOLDER.search(rendered), f"{name} left a placeholder unfilled"
    for v in prompt.variables:
        assert f"<value of {v}>" in rendered


def test_a_missing_variable_is_named() -> None:
    prompt = load_prompt("nudges")
    with pytest.raises(ValidationError, match=r"missing \['vocabulary'\]"):
        prompt.render(drafts="draft")


def test_an_unknown_variable_is_named() -> None:
    prompt = load_prompt("nudges")
    with pytest.raises(ValidationError, match=r"unknown \['tone'\]"):
        prompt.render(drafts="draft", vocabulary="standard", tone="warm")


def test_values_with_braces_are_inserted_verbatim_once() -> None:
    prompt = load_prompt("nudges")
    _, user = prompt.render(drafts="say {vocabulary} literally", vocabulary="standard")
    assert "say {vocabulary} literally" in user  # a value is never re-rendered


def test_values_with_double_braces_are_kept() -> None:
    _, user = load_prompt("nudges").render(drafts='{{"a": 1}}', vocabulary="standard")
    assert '{{"a": 1}}' in user


def test_a_template_from_another_directory_loads(tmp_path: Path) -> None:
    _write(tmp_path, "custom", "[objective, vocabulary]")
    prompt = load_prompt("custom", directory=tmp_path)
    assert (prompt.name, prompt.version) == ("custom", 2)
    assert prompt.render(objective="Ship it", vocabulary="standard")[1].strip() == "Objective: Ship it"
    assert prompt_names(tmp_path) == ["custom"]


@pytest.mark.parametrize(("variables", "problem"), [
    ("[objective]", "use ['objective', 'vocabulary']"),
    ("[objective, vocabulary, timeframe]", "declared variables ['objective', 'timeframe', 'vocabulary']"),
])
def test_declared_variables_must_match_the_text(tmp_path: Path, variables: str, problem: str) -> None:
    _write(tmp_path, "mismatch", variables)
    with pytest.raises(ConfigError, match=re.escape(problem)) as caught:
        load_prompt("mismatch", directory=tmp_path)
    assert str(tmp_path / "mismatch.yaml") in str(caught.value)


def test_invalid_yaml_is_a_config_error(tmp_path: Path) -> None:
    (tmp_path / "broken.yaml").write_text("name: [unclosed\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="is invalid"):
        load_prompt("broken", directory=tmp_path)


def test_a_missing_template_is_a_config_error_naming_the_path(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as caught:
        load_prompt("absent", directory=tmp_path)
    assert str(tmp_path / "absent.yaml") in str(caught.value)


def test_a_template_model_rejects_too_short_a_system_text() -> None:
    with pytest.raises(ValueError, match="system"):
        PromptTemplate(name="x", version=1, description="d", system="short", user="long enough user",
                       variables=())
