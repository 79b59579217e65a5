"""The labelled utterance set (`evals/datasets/utterances/*.yaml`): typed snippets, read and checked.

The format and the label guide are in that folder's README. Errors name the file and the
snippet so a mislabelled turn is easy to find.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field
from pydantic import ValidationError as PydanticValidationError

from coach.errors import ValidationError
from coach.meetings.labels import UtteranceLabel
from coach.transcripts import Transcript, Turn

Split = Literal["train", "heldout"]
Style = Literal["terse", "rambling", "non-native", "transcribed"]


class ActionFacts(BaseModel):
    """Who a labelled action commits, and by when, as the label writer read it."""

    model_config = ConfigDict(extra="forbid")

    owner: str | None
    due: str | None


class LabelledTurn(BaseModel):
    """One turn of a snippet with the labels a careful reader gives it."""

    speaker: str = Field(min_length=1)
    text: str = Field(min_length=1)
    labels: frozenset[UtteranceLabel]
    action: ActionFacts | None = None


class Snippet(BaseModel):
    """A short stretch of one meeting, labelled turn by turn."""

    model_config = ConfigDict(extra="forbid")

    id: str = Field(min_length=1)
    team: str = Field(min_length=1)
    style: Style
    split: Split
    facilitator: str = Field(min_length=1)
    turns: list[LabelledTurn] = Field(min_length=2)

    def transcript(self) -> Transcript:
        """The snippet as a transcript without times, one line per turn."""
        turns = tuple(Turn(t.speaker, t.text, None, None, line) for line, t in enumerate(self.turns, start=1))
        return Transcript(turns, ())


def load_snippets(folder: Path) -> list[Snippet]:
    """Every snippet in the folder's YAML files, in file then snippet order; ids must be unique."""
    snippets: list[Snippet] = []
    for path in sorted(folder.glob("*.yaml")):
        raw = yaml.safe_load(path.read_text(encoding="utf-8")) or []
        if not isinstance(raw, list):
            raise ValidationError(f"{path}: expected a list of snippets at the top level")
        snippets += [_snippet(path, item) for item in raw]
    seen: set[str] = set()
    for snippet in snippets:
        if snippet.id in seen:
            raise ValidationError(f"{folder}: snippet id {snippet.id!r} is used twice; ids must be unique")
        seen.add(snippet.id)
    if not snippets:
        raise ValidationError(f"{folder}: no labelled snippets found (expected *.yaml files)")
    return snippets


def _snippet(path: Path, item: Any) -> Snippet:
    name = item.get("id", "?") if isinstance(item, dict) else "?"
    try:
        turns = [_turn(row) for row in item.get("turns", [])]
        return Snippet.model_validate({**item, "turns": turns})
    except (PydanticValidationError, TypeError, ValueError, AttributeError) as exc:
        raise ValidationError(f"{path}, snippet {name}: {exc}") from exc


def _turn(row: Sequence[Any]) -> LabelledTurn:
    """`[speaker, text, [labels]]` or `[speaker, text, [labels], {owner, due}]`."""
    if not isinstance(row, list) or len(row) not in (3, 4):
        raise ValueError(f"a turn is [speaker, text, [labels]] with an optional {{owner, due}}; got {row!r}")
    turn = LabelledTurn(speaker=row[0], text=row[1], labels=frozenset(row[2] or ()),
                        action=ActionFacts.model_validate(row[3]) if len(row) == 4 else None)
    if ("action" in turn.labels) != (turn.action is not None):
        raise ValueError(f"turn {row[1][:40]!r}: an action turn needs {{owner, due}} and only an action turn has it")
    return turn
