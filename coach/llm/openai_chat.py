"""Any OpenAI-compatible chat endpoint via LangChain: ChatPromptTemplate → ChatOpenAI → structured output."""

from __future__ import annotations

from typing import Any, TypeVar

import httpx
import pydantic
from pydantic import BaseModel

from coach.config import Settings
from coach.errors import BackendError, BackendTimeout, ConfigError, ValidationError
from coach.prompts import PromptTemplate

T = TypeVar("T", bound=BaseModel)


class OpenAIChatBackend:
    """`openai:<model>` at OPENAI_BASE_URL (OpenAI, vLLM, Ollama, llama.cpp server…)."""

    def __init__(self, model: str, settings: Settings, *,
                 http_client: httpx.Client | None = None) -> None:
        if not settings.openai_base_url and not settings.openai_api_key:
            raise ConfigError(f"COACH_LLM=openai:{model} needs OPENAI_API_KEY, or OPENAI_BASE_URL "
                              "for a self-hosted server; or use COACH_LLM=offline")
        from langchain_openai import ChatOpenAI

        self.name = f"openai:{model}"
        self.chat = ChatOpenAI(
            model=model, base_url=settings.openai_base_url or None,
            api_key=settings.openai_api_key or "not-needed",  # type: ignore[arg-type]
            timeout=settings.llm_timeout, max_retries=0, temperature=0,
            http_client=http_client or httpx.Client(timeout=settings.llm_timeout))

    def generate(self, prompt: PromptTemplate, values: dict[str, str], output_type: type[T],
                 repair: str | None = None) -> T:
        """Render the template with LangChain and parse a json_schema structured answer."""
        import openai
        from langchain_core.prompts import ChatPromptTemplate

        messages: list[tuple[str, str]] = [("system", prompt.system), ("human", prompt.user)]
        if repair:
            messages.append(("human", "Your previous answer broke these rules; answer again, "
                                      "fixing them:\n{repair_notes}"))
            values = {**values, "repair_notes": repair}
        template = ChatPromptTemplate.from_messages(messages)
        chain = template | self.chat.with_structured_output(output_type, method="json_schema",
                                                            include_raw=True)
        try:
            answer: dict[str, Any] = chain.invoke(values)
        except openai.APITimeoutError as exc:
            raise BackendTimeout(f"{self.name} timed out after {self.chat.request_timeout} s") from exc
        except openai.APIError as exc:
            raise BackendError(f"{self.name} request failed: {exc}") from exc
        except pydantic.ValidationError as exc:
            raise ValidationError(f"{self.name} returned invalid JSON: {exc.errors()[0]['msg']}") from exc
        return _parsed(answer, output_type, self.name)


def _parsed(answer: dict[str, Any], output_type: type[T], name: str) -> T:
    parsed = answer.get("parsed")
    if isinstance(parsed, output_type):
        return parsed
    refusal = answer["raw"].additional_kwargs.get("refusal") if answer.get("raw") else None
    if refusal:
        raise BackendError(f"{name} refused: {refusal}")
    raise ValidationError(f"{name} returned an answer that does not fit "
                          f"{output_type.__name__}: {answer.get('parsing_error')}")
