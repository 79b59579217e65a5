"""The knowledge cards as typed records, read by id (never by search rank).

The built-in corpus ships with coach, so every skill can read its cards whatever a data dir
holds. A card is cited through its indexed chunk: `Coach.card_chunks` finds it in the
library and indexes the card's file on demand when only the user's own files were ingested.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pydantic
import yaml

from coach.cards import (
    CareerQuestion,
    CareerTheme,
    CareerThemeFile,
    GuideCard,
    KrPattern,
    KrPatternFile,
    PracticeCard,
    RiskCard,
)
from coach.errors import IngestionError, ValidationError
from coach.ingest.markdown import split_front_matter
from coach.ingest.structured import pydantic_problem


@dataclass(frozen=True)
class PatternEntry:
    """A key-result pattern with the domain file it belongs to."""

    pattern: KrPattern
    domain: str
    title: str
    vocabulary: tuple[str, ...]
    path: Path


@dataclass(frozen=True)
class QuestionEntry:
    """A career question with its theme."""

    question: CareerQuestion
    theme: CareerTheme
    path: Path


@dataclass(frozen=True)
class PracticeEntry:
    """A built-in practice card."""

    card: PracticeCard
    path: Path


@dataclass(frozen=True)
class RiskEntry:
    """A risk card."""

    card: RiskCard
    path: Path


@dataclass(frozen=True)
class Catalogue:
    """Every card of a corpus, by kind and id."""

    root: Path
    practices: Mapping[str, PracticeEntry]
    patterns: Mapping[str, PatternEntry]
    risks: Mapping[str, RiskEntry]
    questions: Mapping[str, QuestionEntry]
    guides: Mapping[str, Path]

    def path_of(self, card_id: str) -> Path | None:
        """The file a card lives in (None for an id the catalogue does not know)."""
        for table in (self.patterns, self.risks, self.questions, self.practices):
            entry = table.get(card_id)
            if entry is not None:
                return entry.path
        return self.guides.get(card_id)


def builtin_corpus() -> Path:
    """The corpus shipped with coach: inside the package when installed, else the checkout's."""
    packaged = Path(__file__).resolve().parent / "corpus"
    return packaged if packaged.is_dir() else Path(__file__).resolve().parent.parent / "corpus"


@functools.lru_cache(maxsize=4)
def load_catalogue(root: Path) -> Catalogue:
    """Read every card below root; a broken card raises an error naming its file and field."""
    patterns: dict[str, PatternEntry] = {}
    for path in sorted((root / "kr-patterns").glob("*.yaml")):
        domain = _read(path, KrPatternFile)
        for pattern in domain.patterns:
            patterns[pattern.id] = PatternEntry(pattern, domain.domain, domain.title,
                                                tuple(domain.vocabulary), path)
    questions: dict[str, QuestionEntry] = {}
    for path in sorted((root / "career").glob("*.yaml")):
        theme = _read(path, CareerThemeFile)
        questions.update({q.id: QuestionEntry(q, theme.theme, path) for q in theme.questions})
    risks = {card.id: RiskEntry(card, path) for path in sorted((root / "risks").glob("*.yaml"))
             for card in [_read(path, RiskCard)]}
    practices = {card.id: PracticeEntry(card, path) for path in sorted((root / "practices").glob("*.md"))
                 for card in [_read(path, PracticeCard)]}
    guides = {card.id: path for path in sorted((root / "guides").glob("*.md"))
              for card in [_read(path, GuideCard)]}
    return Catalogue(root, practices, patterns, risks, questions, guides)


def builtin_catalogue() -> Catalogue:
    """The cards shipped with coach."""
    return load_catalogue(builtin_corpus())


def _read(path: Path, model: type[Any]) -> Any:
    text = path.read_text(encoding="utf-8")
    try:
        data = split_front_matter(path, text)[0] if path.suffix == ".md" else yaml.safe_load(text)
        return model.model_validate(data)
    except pydantic.ValidationError as exc:
        raise ValidationError(f"{path}: {pydantic_problem(exc)}") from exc
    except yaml.YAMLError as exc:
        raise ValidationError(f"{path}: invalid YAML ({exc})") from exc
    except IngestionError as exc:
        raise ValidationError(str(exc)) from exc
