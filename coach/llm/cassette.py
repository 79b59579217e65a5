"""Record/replay of model answers, keyed by prompt, values and output schema."""

from __future__ import annotations

import hashlib
import json
import threading
from pathlib import Path
from typing import Literal, TypeVar

from pydantic import BaseModel

from coach.errors import BackendError, ConfigError
from coach.llm import ChatBackend
from coach.prompts import PromptTemplate

T = TypeVar("T", bound=BaseModel)


class CassetteMiss(BackendError):
    """Replay asked for an answer that was never recorded: an error, never a network call."""


def cassette_key(prompt: PromptTemplate, values: dict[str, str], output_type: type[BaseModel],
                 repair: str | None) -> str:
    """A stable key: the same request always maps to the same recorded answer."""
    material = json.dumps({"prompt": prompt.name, "version": prompt.version, "values": values,
                           "schema": output_type.__name__, "repair": repair}, sort_keys=True)
    return hashlib.sha256(material.encode("utf-8")).hexdigest()[:24]


class CassetteBackend:
    """In record mode, calls the live backend and saves each answer; in replay mode, answers
    only from the file and fails on a miss."""

    def __init__(self, live: ChatBackend | None, path: Path | None,
                 mode: Literal["record", "replay"], *, name: str) -> None:
        if path is None:
            raise ConfigError(f"COACH_LLM_MODE={mode} needs COACH_LLM_CASSETTE=<file.json>")
        if mode == "record" and live is None:
            raise ConfigError("record mode needs a live backend")
        if mode == "replay" and not path.is_file():
            raise ConfigError(f"cassette {path} does not exist; record it first with COACH_LLM_MODE=record")
        self.live, self.path, self.mode, self.name = live, path, mode, name
        self._lock = threading.Lock()
        self.entries: dict[str, dict[str, object]] = (
            json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {})

    def generate(self, prompt: PromptTemplate, values: dict[str, str], output_type: type[T],
                 repair: str | None = None) -> T:
        """Replay a recorded answer, or record a live one."""
        key = cassette_key(prompt, values, output_type, repair)
        if key in self.entries:
            return output_type.model_validate(self.entries[key]["answer"])
        if self.mode == "replay" or self.live is None:
            raise CassetteMiss(f"no recorded answer for prompt {prompt.name!r} (key {key}) in "
                               f"{self.path}; re-record with COACH_LLM_MODE=record")
        answer = self.live.generate(prompt, values, output_type, repair)
        with self._lock:
            self.entries[key] = {"prompt": prompt.name, "answer": answer.model_dump(mode="json")}
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.path.write_text(json.dumps(self.entries, indent=1, sort_keys=True), encoding="utf-8")
        return answer
