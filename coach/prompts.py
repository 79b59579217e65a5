"""Prompt templates: one YAML file per skill in `prompts/` (shipped in the wheel), loaded by name,
strict about variables."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, model_validator

from coach.errors import ConfigError, ValidationError
from coach.resources import prompts_dir

PROMPTS_DIR = prompts_dir()
_VARIABLE = re.compile(r"(?<!\{)\{([a-z_]+)\}(?!\})")


class PromptTemplate(BaseModel):
    """A versioned system + user template; `variables` must match the placeholders exactly."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str
    version: int = Field(ge=1)
    description: str
    system: str = Field(min_length=20)
    user: str = Field(min_length=10)
    variables: tuple[str, ...]

    @model_validator(mode="after")
    def _variables_match(self) -> PromptTemplate:
        used = set(_VARIABLE.findall(self.system + self.user))
        if used != set(self.variables):
            raise ValueError(f"declared variables {sorted(self.variables)} but the templates "
                             f"use {sorted(used)}")
        return self

    def render(self, **values: str) -> tuple[str, str]:
        """(system, user) with every variable filled; a missing or unknown one is an error."""
        missing = set(self.variables) - values.keys()
        extra = values.keys() - set(self.variables)
        if missing or extra:
            raise ValidationError(f"prompt {self.name!r}: missing {sorted(missing)}, unknown {sorted(extra)}")
        return (_fill(self.system, values), _fill(self.user, values))


def _fill(template: str, values: dict[str, str]) -> str:
    """Substitute variables; un-escape {{ }} in the template text only, never in values."""
    parts = _VARIABLE.split(template)  # literal, name, literal, name, ..., literal
    return "".join(values[part] if odd else part.replace("{{", "{").replace("}}", "}")
                   for odd, part in ((i % 2 == 1, p) for i, p in enumerate(parts)))


@lru_cache(maxsize=32)
def load_prompt(name: str, directory: Path = PROMPTS_DIR) -> PromptTemplate:
    """Load `prompts/<name>.yaml`."""
    path = directory / f"{name}.yaml"
    if not path.is_file():
        raise ConfigError(f"no prompt template {path}; expected one file per skill in {directory}")
    try:
        return PromptTemplate.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))
    except (yaml.YAMLError, ValueError) as exc:
        raise ConfigError(f"prompt template {path} is invalid: {exc}") from exc


def prompt_names(directory: Path = PROMPTS_DIR) -> list[str]:
    """Every template shipped."""
    return sorted(p.stem for p in directory.glob("*.yaml"))
