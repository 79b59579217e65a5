"""Citations: every suggested item points at chunks the skill actually retrieved."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class Citation(BaseModel):
    """One retrieved chunk an item relies on."""

    model_config = ConfigDict(frozen=True)

    chunk_id: str
    source: str
    title: str
    authors: str | None = None
