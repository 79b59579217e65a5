"""Model backends behind one small interface.

`offline` (default) means no model: skills use their deterministic composers.
`openai:<model>` talks to any OpenAI-compatible chat endpoint through langchain-openai.
`COACH_LLM_CASSETTE` + `COACH_LLM_MODE=record|replay` wraps it for tests and evals; a replay
miss is an error, never a network call.
"""

from __future__ import annotations

from typing import Protocol, TypeVar

from pydantic import BaseModel

from coach.config import Settings
from coach.prompts import PromptTemplate

T = TypeVar("T", bound=BaseModel)


class ChatBackend(Protocol):
    """Turns a prompt and its values into a typed value (or raises BackendError/ValidationError)."""

    name: str

    def generate(self, prompt: PromptTemplate, values: dict[str, str], output_type: type[T],
                 repair: str | None = None) -> T:
        """One structured answer; `repair` lists problems with the previous answer to fix."""
        ...


def make_backend(settings: Settings) -> ChatBackend | None:
    """The configured backend, or None for the offline composer."""
    if settings.llm == "offline":
        return None
    from coach.llm.cassette import CassetteBackend
    from coach.llm.openai_chat import OpenAIChatBackend

    model = settings.llm.removeprefix("openai:")
    if settings.llm_mode == "replay":
        return CassetteBackend(None, settings.llm_cassette, "replay", name=settings.llm)
    live = OpenAIChatBackend(model, settings)
    if settings.llm_mode == "record":
        return CassetteBackend(live, settings.llm_cassette, "record", name=settings.llm)
    return live
