"""A team's own words for objective / key result / initiative, applied to every output."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

_DEFAULTS = {"objective": "objective", "key_result": "key result", "initiative": "initiative"}


class Vocabulary(BaseModel):
    """Singular terms; plurals add an 's' unless the team gives them."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    objective: str = Field(default="objective", min_length=2, max_length=40)
    key_result: str = Field(default="key result", min_length=2, max_length=40)
    initiative: str = Field(default="initiative", min_length=2, max_length=40)

    @property
    def is_default(self) -> bool:
        """True when the team uses the standard OKR words."""
        return self.model_dump() == _DEFAULTS

    def apply(self, text: str) -> str:
        """Rewrite the standard terms (singular, plural, 'KR', any case) in the team's words."""
        if self.is_default:
            return text
        return _pattern().sub(lambda m: self._replace(m), text)

    def _replace(self, match: re.Match[str]) -> str:
        article, word = match.group(1), match.group(2)
        lower = word.lower()
        plural = lower.endswith("s") and lower not in ("kr",)
        if lower.startswith("objective"):
            term = self.objective
        elif lower.startswith(("key", "kr")):
            term = self.key_result
        else:
            term = self.initiative
        term = _pluralise(term) if plural else term
        # "KR" is an abbreviation, not a capitalised word: keep the team's term as written.
        term = term if lower.startswith("kr") else _match_case(word, term)
        if not article:
            return term
        fitting = "an" if term[:1].lower() in "aeiou" else "a"
        return f"{_match_case(article, fitting)}{match.group(0)[len(article):-len(word)]}{term}"

    def apply_all(self, value: Any, skip: Callable[[str], bool] = lambda key: False) -> Any:
        """Apply to every string in a JSON-like structure (keys in `skip` are left alone)."""
        if isinstance(value, str):
            return self.apply(value)
        if isinstance(value, list):
            return [self.apply_all(v, skip) for v in value]
        if isinstance(value, dict):
            return {k: v if skip(k) else self.apply_all(v, skip) for k, v in value.items()}
        return value


def _pluralise(term: str) -> str:
    return term if term.endswith("s") else f"{term}s"


def _match_case(original: str, term: str) -> str:
    if original.isupper() and len(original) > 2:
        return term.upper()
    if original[:1].isupper():
        return term[:1].upper() + term[1:]
    return term


_COMPILED: list[re.Pattern[str]] = []


def _pattern() -> re.Pattern[str]:
    if not _COMPILED:
        _COMPILED.append(re.compile(
            r"\b(?:(an?)\s+)?(objectives?|key[ -]results?|KRs?|initiatives?)\b", re.IGNORECASE))
    return _COMPILED[0]
