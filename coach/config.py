"""Settings: one object, read from `COACH_*` environment variables, passed explicitly."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Annotated, Literal

from pydantic import AliasChoices, Field, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from coach.errors import ConfigError

_TEAM_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]{0,62}$")


def default_data_dir() -> Path:
    """Where coach keeps its data when `COACH_DATA_DIR` is not set (XDG data home)."""
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "coach"


class Settings(BaseSettings):
    """Everything coach can be configured with. Env prefix `COACH_`."""

    model_config = SettingsConfigDict(env_prefix="COACH_", extra="ignore")

    data_dir: Path = Field(default_factory=default_data_dir)
    embedder: str = "local"
    chroma_url: str = ""
    database_url: str = ""
    chunk_size: Annotated[int, Field(ge=32, le=2048)] = 200
    chunk_overlap: Annotated[int, Field(ge=0, le=512)] = 30
    embed_batch_size: Annotated[int, Field(ge=1, le=1024)] = 32
    llm: str = "offline"
    llm_mode: Literal["live", "record", "replay"] = "live"
    llm_cassette: Path | None = None
    llm_timeout: Annotated[float, Field(gt=0, le=600)] = 30.0
    max_body_bytes: Annotated[int, Field(ge=1024)] = 20 * 1024 * 1024
    rate_limit_per_minute: Annotated[float, Field(ge=0)] = 120.0  # per API key, per worker; 0: off
    rate_limit_burst: Annotated[int, Field(ge=1)] = 30
    llm_structured: Literal["auto", "json_schema", "json_object", "tools"] = "auto"
    llm_max_tokens: Annotated[int | None, Field(ge=16, le=65536)] = None  # None: the server's own cap
    # The model's context window in tokens; None: ask the server (or learn it from its errors).
    llm_context: Annotated[int | None, Field(ge=256, le=10_000_000)] = None
    openai_api_key: str = Field(
        default="", validation_alias=AliasChoices("OPENAI_API_KEY", "COACH_OPENAI_API_KEY")
    )
    openai_base_url: str = Field(
        default="", validation_alias=AliasChoices("OPENAI_BASE_URL", "COACH_OPENAI_BASE_URL")
    )
    # Signs the web app's session cookie; when empty, one is generated into the data dir.
    session_secret: str = Field(default="", repr=False)

    @field_validator("embedder")
    @classmethod
    def _known_embedder(cls, value: str) -> str:
        if value in ("local", "hash") or (value.startswith("openai:") and len(value) > len("openai:")):
            return value
        raise ValueError(
            f"unknown embedder {value!r}: set COACH_EMBEDDER to 'local' or 'openai:<model>' "
            "('hash' is for tests)"
        )

    @field_validator("llm")
    @classmethod
    def _known_llm(cls, value: str) -> str:
        if value == "offline" or (value.startswith("openai:") and len(value) > len("openai:")):
            return value
        raise ValueError(f"unknown model {value!r}: set COACH_LLM to 'offline' or 'openai:<model>'")

    @field_validator("llm_structured", mode="before")
    @classmethod
    def _known_structured_mode(cls, value: object) -> object:
        if value in ("auto", "json_schema", "json_object", "tools"):
            return value
        raise ValueError(f"unknown structured-output mode {value!r}: set COACH_LLM_STRUCTURED to "
                         "auto (try each), json_schema, json_object or tools")

    @model_validator(mode="after")
    def _overlap_below_size(self) -> Settings:
        if self.chunk_overlap >= self.chunk_size:
            raise ValueError(
                "COACH_CHUNK_OVERLAP must be smaller than COACH_CHUNK_SIZE "
                f"(got {self.chunk_overlap} >= {self.chunk_size})"
            )
        return self

    @property
    def db_path(self) -> Path:
        """The default app database (SQLite) when `COACH_DATABASE_URL` is not set."""
        return self.data_dir / "coach.db"

    @property
    def chroma_path(self) -> Path:
        """The embedded Chroma directory (unused in server mode)."""
        return self.data_dir / "chroma"


def load_settings(**overrides: object) -> Settings:
    """Build Settings from the environment plus explicit overrides, as a ConfigError on failure."""
    try:
        return Settings(**{k: v for k, v in overrides.items() if v is not None})  # type: ignore[arg-type]
    except ValueError as exc:
        raise ConfigError(f"invalid configuration: {exc}") from exc


def check_team(team: str) -> str:
    """Validate a team name (lowercase letters, digits, '-' or '_'; up to 63 characters)."""
    if not _TEAM_NAME.match(team) or team == "library":
        raise ConfigError(
            f"invalid team name {team!r}: use lowercase letters, digits, '-' or '_', "
            "not 'library' (for example --team platform)"
        )
    return team
