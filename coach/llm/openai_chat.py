"""Any OpenAI-compatible chat endpoint via LangChain: ChatPromptTemplate → ChatOpenAI → JSON.

The structured-output mode is negotiated per endpoint and model (see `coach.llm.structured`):
the first request tries the modes strongest first, later requests use the one that worked.
"""

from __future__ import annotations

import logging
import time
from typing import Any, TypeVar

import httpx
import openai
import pydantic
from langchain_core.messages import AIMessage
from langchain_core.prompts import ChatPromptTemplate
from langchain_openai import ChatOpenAI
from pydantic import BaseModel

from coach.config import Settings
from coach.errors import BackendError, ConfigError, ValidationError
from coach.llm.budget import MATERIAL, estimate_tokens, fit, output_cap, prompt_budget
from coach.llm.structured import (
    CANDIDATES,
    LABELS,
    MODES,
    SCHEMA_VARIABLE,
    Attempt,
    EndpointError,
    Mode,
    ModeMemory,
    answer_json,
    context_exceeded,
    request_options,
    schema_instruction,
    shorten,
    too_long,
    unsupported,
    window_in,
)
from coach.llm.window import served_window
from coach.prompts import PromptTemplate

T = TypeVar("T", bound=BaseModel)
log = logging.getLogger("coach.llm")
OPENAI_URL = "https://api.openai.com/v1"


class OpenAIChatBackend:
    """`openai:<model>` at OPENAI_BASE_URL (OpenAI, vLLM, Ollama, llama.cpp server…)."""

    def __init__(self, model: str, settings: Settings, *, http_client: httpx.Client | None = None,
                 memory: ModeMemory = MODES) -> None:
        if not settings.openai_base_url and not settings.openai_api_key:
            raise ConfigError(f"COACH_LLM=openai:{model} needs OPENAI_API_KEY, or OPENAI_BASE_URL "
                              "for a self-hosted server; or use COACH_LLM=offline")
        self.name = f"openai:{model}"
        self.model = model
        self.base_url = (settings.openai_base_url or OPENAI_URL).rstrip("/")
        self.structured = settings.llm_structured
        self.memory = memory
        self.context_setting = settings.llm_context
        self.max_tokens_setting = settings.llm_max_tokens
        self.api_key = settings.openai_api_key
        self.http = http_client or httpx.Client(timeout=settings.llm_timeout)
        # What the last request did, for `coach models check`: its mode, latency and the
        # modes the server rejected on the way.
        self.last_mode: Mode | None = None
        self.last_seconds = 0.0
        self.last_attempts: list[Attempt] = []
        self.chat = ChatOpenAI(
            model=model, base_url=settings.openai_base_url or None,
            api_key=settings.openai_api_key or "not-needed",  # type: ignore[arg-type]
            timeout=settings.llm_timeout, max_retries=0, temperature=0, http_client=self.http)

    @property
    def mode(self) -> Mode | None:
        """The structured-output mode this endpoint took, once one worked in this process."""
        return self.memory.get(self.base_url, self.model)

    @property
    def window(self) -> int | None:
        """The model's context window in tokens: COACH_LLM_CONTEXT, else what the server lists
        or a context-length error taught (asked once per endpoint and process), else None."""
        if self.context_setting:
            return self.context_setting
        known, window = self.memory.window(self.base_url, self.model)
        if not known:
            window = served_window(self.http, self.base_url, self.model, self.api_key)
            self.memory.remember_window(self.base_url, self.model, window)
        return window

    def generate(self, prompt: PromptTemplate, values: dict[str, str], output_type: type[T],
                 repair: str | None = None) -> T:
        """Render the template with LangChain and parse a structured answer of `output_type`."""
        messages: list[tuple[str, str]] = [("system", prompt.system + "\n\n{" + SCHEMA_VARIABLE + "}"),
                                           ("human", prompt.user)]
        if repair:
            messages.append(("human", "Your previous answer broke these rules; answer again, "
                                      "fixing them:\n{repair_notes}"))
            values = {**values, "repair_notes": repair}
        message = self._negotiated(ChatPromptTemplate.from_messages(messages), values, output_type)
        return _parsed(message, output_type, self.name)

    def _negotiated(self, template: ChatPromptTemplate, values: dict[str, str],
                    output_type: type[BaseModel]) -> AIMessage:
        """The answer in the remembered mode, or in the first mode the server accepts."""
        candidates = CANDIDATES[self.structured]
        remembered = self.mode
        if remembered in candidates:
            candidates = (remembered,)
        attempts: list[Attempt] = []
        self.last_attempts = attempts
        for mode in candidates:
            try:
                message = self._call(mode, template, values, output_type)
            except openai.APIStatusError as exc:
                if exc.status_code in (401, 403, 404, 429):
                    raise self._refused(exc) from exc
                if context_exceeded(exc.status_code, server_message(exc)):
                    raise self._too_long(exc) from exc  # no other mode makes the prompt shorter
                attempts.append(Attempt(mode, exc.status_code, server_message(exc)))
                continue
            if mode != remembered:
                self.memory.remember(self.base_url, self.model, mode)
                log.info("%s at %s: structured output by %s (%s)", self.name, self.base_url,
                         LABELS[mode], "; ".join(a.describe() for a in attempts) or "first try")
            return message
        raise unsupported(self.name, self.base_url, self.structured, attempts)

    def _call(self, mode: Mode, template: ChatPromptTemplate, values: dict[str, str],
              output_type: type[BaseModel]) -> AIMessage:
        """One chat completion in one mode; HTTP errors other than status errors end here."""
        values = {**values, SCHEMA_VARIABLE: schema_instruction(mode, output_type)}
        window = self.window
        output = output_cap(window, self.max_tokens_setting)
        if window:
            values = self._fitted(template, values, prompt_budget(window, output))
        options = request_options(mode, output_type)
        if output:
            # `max_tokens` in the body, not LangChain's `max_completion_tokens`: the older name is
            # the one llama-cpp-python, vLLM and Ollama read.
            options["extra_body"] = {"max_tokens": output}
        chain = template | self.chat.bind(**options)
        started = time.perf_counter()
        try:
            message = chain.invoke(values)
        except openai.LengthFinishReasonError as exc:
            # A small model rambles until the output cap: an unusable answer (repaired, then the
            # offline fallback), not an endpoint failure.
            raise ValidationError(f"{self.name} returned invalid JSON: the answer reached the output limit of "
                                  f"{options.get('extra_body', {}).get('max_tokens', 'the server')} tokens "
                                  "before it was complete; raise COACH_LLM_MAX_TOKENS or COACH_LLM_CONTEXT") from exc
        except openai.APITimeoutError as exc:
            raise EndpointError(f"{self.name} timed out after {self.chat.request_timeout} s; raise "
                                "COACH_LLM_TIMEOUT or use a faster model", problem="timeout",
                                setting="COACH_LLM_TIMEOUT") from exc
        except openai.APIConnectionError as exc:
            raise EndpointError(f"cannot reach {self.base_url} ({shorten(str(exc.__cause__ or exc))}); "
                                "check OPENAI_BASE_URL and that the server is running",
                                problem="unreachable", setting="OPENAI_BASE_URL") from exc
        self.last_mode, self.last_seconds = mode, time.perf_counter() - started
        if not isinstance(message, AIMessage):
            raise BackendError(f"{self.name} returned {type(message).__name__}, not a chat message")
        return message

    def _fitted(self, template: ChatPromptTemplate, values: dict[str, str], budget: int) -> dict[str, str]:
        """The values with the material trimmed so the rendered prompt fits `budget` tokens."""
        if MATERIAL not in values:
            return values
        rest = template.format_messages(**{**values, MATERIAL: ""})
        overhead = sum(estimate_tokens(str(m.content)) for m in rest)
        fitted = fit(values, overhead, budget)
        if fitted.trimmed:
            log.info("%s: prompt trimmed to ~%d tokens for a %s-token window: %d of %d sources, "
                     "excerpts shortened", self.name, budget, self.window, fitted.sources_kept,
                     fitted.sources_given)
        return fitted.values

    def _too_long(self, exc: openai.APIStatusError) -> EndpointError:
        """The prompt did not fit: learn the window the server named, so later requests fit."""
        message = server_message(exc)
        window = window_in(message)
        if window and not self.context_setting:
            self.memory.remember_window(self.base_url, self.model, window)
        return too_long(self.name, self.base_url, exc.status_code, message, window, self.context_setting)

    def _refused(self, exc: openai.APIStatusError) -> EndpointError:
        """A status no other mode can fix: a bad key, an unknown model, a rate limit."""
        said = f"HTTP {exc.status_code} \"{shorten(server_message(exc))}\""
        if exc.status_code in (401, 403):
            return EndpointError(f"{self.base_url} refused the API key ({said}); check OPENAI_API_KEY",
                                 problem="key", setting="OPENAI_API_KEY")
        if exc.status_code == 404:
            return EndpointError(f"{self.base_url} does not serve model {self.model!r} ({said}); check "
                                 "the name in COACH_LLM=openai:<model>, and that OPENAI_BASE_URL ends "
                                 "in /v1", problem="model", setting="COACH_LLM")
        return EndpointError(f"{self.base_url} is rate-limiting requests ({said}); try again later or "
                             "check the plan behind OPENAI_API_KEY", problem="rate", setting="OPENAI_API_KEY")


def server_message(exc: openai.APIStatusError) -> str:
    """What the server said, from the usual error shapes (`{"error": {"message"}}`, `{"detail"}`)."""
    body: Any = exc.body
    if isinstance(body, dict):
        for key in ("message", "detail", "error"):
            if body.get(key):
                return str(body[key])
    return str(body) if body else exc.message


def _parsed(message: AIMessage, output_type: type[T], name: str) -> T:
    """The typed answer from a chat message, or the error the caller repairs or falls back on."""
    refusal = message.additional_kwargs.get("refusal")
    if refusal:
        raise BackendError(f"{name} refused: {refusal}")
    arguments: list[Any] = [call["args"] for call in message.tool_calls]
    arguments += [call.get("args") or "" for call in message.invalid_tool_calls]
    try:
        data = answer_json(message.content, arguments)
    except ValueError as exc:
        raise ValidationError(f"{name} returned invalid JSON: {shorten(str(exc))}") from exc
    try:
        return output_type.model_validate(data)
    except pydantic.ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(part) for part in first["loc"]) or "the answer"
        raise ValidationError(f"{name} returned an answer that does not fit {output_type.__name__}: "
                              f"{where}: {first['msg']}") from exc
