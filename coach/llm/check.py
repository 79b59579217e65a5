"""`coach models check`: does the configured endpoint answer, in which structured-output mode,
and how fast is one small call."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel, Field

from coach.config import Settings
from coach.errors import BackendError, ConfigError, ValidationError
from coach.llm.openai_chat import OpenAIChatBackend
from coach.llm.structured import LABELS, Attempt, EndpointError, Mode, ModeMemory
from coach.prompts import load_prompt


class ProbeAnswer(BaseModel):
    """The tiny answer the check asks for: enough to prove the JSON round trip."""

    ok: bool
    word: str = Field(max_length=40)  # a bound the schema carries, so small models stop early


@dataclass(frozen=True)
class ModelCheck:
    """What `coach models check` found out."""

    backend: str
    base_url: str
    structured: str
    ok: bool
    mode: Mode | None = None
    seconds: float | None = None
    rejected: list[Attempt] = field(default_factory=list)
    error: str | None = None
    setting: str | None = None
    context: int | None = None  # the context window in tokens, when known

    def as_json(self) -> dict[str, Any]:
        """A JSON-ready dict (`--json`)."""
        data = dataclasses.asdict(self)
        data["mode_label"] = LABELS[self.mode] if self.mode else None
        data["latency_ms"] = round(self.seconds * 1000) if self.seconds is not None else None
        del data["seconds"]
        return data

    def lines(self) -> list[str]:
        """The human summary, one fact per line."""
        out = [f"model      {self.backend} at {self.base_url}",
               f"setting    COACH_LLM_STRUCTURED={self.structured}"]
        if self.mode:
            out.append(f"mode       {LABELS[self.mode]}")
        out += [f"rejected   {attempt.describe()}" for attempt in self.rejected]
        if self.seconds is not None:
            out.append(f"latency    {self.seconds:.2f} s for one small call")
        if self.ok:
            out.append(f"context    {self.context} tokens: longer material is trimmed to fit" if self.context else
                       "context    not listed by the server: set COACH_LLM_CONTEXT to its context size "
                       "so long prompts are trimmed to fit")
        out.append("ok" if self.ok else f"error: {self.error}")
        return out


def check_model(settings: Settings) -> ModelCheck:
    """Ask the configured endpoint one tiny structured question, negotiating afresh.

    Raises ConfigError when no endpoint is configured; every endpoint failure is in the result."""
    if settings.llm == "offline":
        raise ConfigError("COACH_LLM=offline: there is no model endpoint to check; set "
                          "COACH_LLM=openai:<model> (and OPENAI_BASE_URL for a self-hosted server)")
    model = settings.llm.removeprefix("openai:")
    # A memory of its own: the check measures the endpoint now, not what this process learnt.
    backend = OpenAIChatBackend(model, settings, memory=ModeMemory())
    found = ModelCheck(backend=backend.name, base_url=backend.base_url,
                       structured=settings.llm_structured, ok=False)
    try:
        backend.generate(load_prompt("models_check"), {"greeting": "Hello"}, ProbeAnswer)
    except EndpointError as exc:
        return dataclasses.replace(found, error=str(exc), setting=exc.setting,
                                   rejected=backend.last_attempts)
    except ValidationError as exc:
        return dataclasses.replace(
            found, mode=backend.last_mode, seconds=backend.last_seconds, rejected=backend.last_attempts,
            error=f"the endpoint answered, but not in the agreed shape ({exc}); skills will fall back "
                  "to the offline composer: try a larger model in COACH_LLM or another COACH_LLM_STRUCTURED",
            setting="COACH_LLM")
    except BackendError as exc:
        return dataclasses.replace(found, error=str(exc), setting="COACH_LLM")
    return dataclasses.replace(found, ok=True, mode=backend.last_mode, seconds=backend.last_seconds,
                               rejected=backend.last_attempts, context=backend.window)
