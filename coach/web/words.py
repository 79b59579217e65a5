"""The team's words for the labels, headings and buttons of every page."""

from __future__ import annotations

from dataclasses import dataclass

from coach.vocabulary import Vocabulary


@dataclass(frozen=True)
class Terms:
    """Singular and plural of each renamed word, lower case as the team wrote them."""

    objective: str
    objectives: str
    key_result: str
    key_results: str
    initiative: str
    initiatives: str

    @classmethod
    def of(cls, vocabulary: Vocabulary) -> Terms:
        """The team's terms (plurals come from the vocabulary's own rules)."""
        return cls(vocabulary.objective, vocabulary.apply("objectives"), vocabulary.key_result,
                   vocabulary.apply("key results"), vocabulary.initiative, vocabulary.apply("initiatives"))


def sentence(text: str) -> str:
    """First letter upper case, the rest as written ("key result" → "Key result", "KR" stays)."""
    return text[:1].upper() + text[1:]
