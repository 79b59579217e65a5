"""Open Practice Library pages → the practice model the built-in cards use.

An OPL page is Markdown whose front matter has `templateKey: practice-page` (or the
whatIs/mobiusTag fields). Its text is built from whatIs / whyDo / howTo; the Markdown body
is kept only where it adds to those fields, since about half the pages repeat them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from coach.ingest.documents import Block, Document, Metadata, Section, clean_text, paragraphs
from coach.ingest.markdown import markdown_sections, scalar_metadata

STAGES = ("foundation", "discovery", "options", "delivery")
_DIFFICULTY = {"easy": "easy", "simple": "easy", "moderate": "medium", "medium": "medium",
               "intermediate": "medium", "hard": "hard", "difficult": "hard", "advanced": "hard"}
_NUMBER = re.compile(r"\d+(?:\.\d+)?")
_WORDS = re.compile(r"[a-z0-9]+")
_FIELD_SECTIONS = (("whatIs", "What is it"), ("whyDo", "Why do it"), ("howTo", "How to do it"))


def is_opl_page(meta: dict[str, Any]) -> bool:
    """True when front matter looks like an Open Practice Library practice page."""
    if meta.get("templateKey") == "practice-page":
        return True
    return "mobiusTag" in meta and any(key in meta for key in ("whatIs", "whyDo", "howTo"))


def normalise_difficulty(value: object) -> str | None:
    """easy / medium / hard, or None for blank or unknown values."""
    text = str(value or "").strip().lower()
    return _DIFFICULTY.get(text)


def normalise_stage(value: object) -> str | None:
    """The Mobius loop tag as a coach stage, or None."""
    text = str(value or "").strip().lower()
    return text if text in STAGES else None


def normalise_time(value: object) -> tuple[str | None, int | None, int | None]:
    """(label, min minutes, max minutes) from free text like '30-60 min', '1 hour', '2+ hours'."""
    text = " ".join(str(value or "").split())
    if text.lower() in ("", "none", "null", "n/a", "0"):
        return None, None, None
    numbers = [float(n) for n in _NUMBER.findall(text)]
    if not numbers:
        return text, None, None
    scale = 60 if re.search(r"\b(h|hr|hrs|hour|hours)\b|\dh", text.lower()) else 1
    scale = 480 if re.search(r"\bdays?\b", text.lower()) else scale
    low = int(numbers[0] * scale)
    high = int(numbers[1] * scale) if len(numbers) > 1 and "-" in text else None
    return text, low, None if "+" in text else high


def normalise_people(value: object) -> tuple[str | None, int | None, int | None]:
    """(label, min people, max people) from text like '2+', '2-20', '<10', 'Min. 2'."""
    text = " ".join(str(value or "").split())
    if not text:
        return None, None, None
    numbers = [int(float(n)) for n in _NUMBER.findall(text)]
    if not numbers:
        return "varies", None, None
    if text.startswith("<"):
        return f"up to {numbers[0]}", None, numbers[0]
    low = numbers[0]
    high = numbers[1] if len(numbers) > 1 and re.search(r"\d\s*-\s*\d", text) else None
    label = f"{low}-{high}" if high else (f"{low}+" if low > 1 or "+" in text else str(low))
    if high and "+" in text.split("-")[-1]:
        label, high = f"{low}+", None
    return label, low, high


def _field_text(value: object) -> str:
    return clean_text(str(value or "")).strip()


def _body_repeats_fields(body: str, fields: list[str]) -> bool:
    """True when most of the body's words already appear in the whatIs/whyDo/howTo fields."""
    body_words = set(_WORDS.findall(body.lower()))
    field_words = set(_WORDS.findall(" ".join(fields).lower()))
    if not body_words:
        return True
    return len(body_words & field_words) / len(body_words) >= 0.6


def load_opl_page(path: Path, meta: dict[str, Any], body: str) -> Document:
    """Build a `practice` document from an OPL page."""
    title = str(meta.get("title") or path.stem)
    sections: list[Section] = []
    if subtitle := _field_text(meta.get("subtitle")):
        sections.append(Section((), (Block(subtitle),)))
    field_texts = [_field_text(meta.get(key)) for key, _ in _FIELD_SECTIONS]
    for (_, heading), text in zip(_FIELD_SECTIONS, field_texts, strict=True):
        if blocks := paragraphs(text):
            sections.append(Section((heading,), blocks))
    if body.strip() and not _body_repeats_fields(body, field_texts):
        sections.extend(markdown_sections(body, title))
    return Document(str(path), title, "practice", tuple(sections), opl_metadata(path, meta))


def opl_metadata(path: Path, meta: dict[str, Any]) -> Metadata:
    """Practice metadata with the messy OPL values normalised."""
    kept = scalar_metadata(meta, ("subtitle", "tags", "authors", "area"))
    kept.update({"origin": "opl", "practice_id": path.stem, "license": "CC BY-SA 4.0"})
    time_label, time_min, time_max = normalise_time(meta.get("time"))
    people_label, people_min, people_max = normalise_people(meta.get("people"))
    optional: dict[str, str | int | None] = {
        "stage": normalise_stage(meta.get("mobiusTag")),
        "difficulty": normalise_difficulty(meta.get("difficulty")),
        "time": time_label, "time_min_minutes": time_min, "time_max_minutes": time_max,
        "people": people_label, "people_min": people_min, "people_max": people_max,
    }
    kept.update({k: v for k, v in optional.items() if v is not None})
    return kept


@dataclass(frozen=True)
class NearDuplicate:
    """Two practice pages that look like the same practice."""

    first: str
    second: str
    reason: str
    score: float


_PAREN = re.compile(r"\([^)]*\)")
_TITLE_STOP = {"the", "a", "an", "and", "of", "for", "aka", "to"}


def _core_title(title: str) -> frozenset[str]:
    """Title words without parentheticals, stopwords and inflection ('Mapping' → 'map')."""
    words = _WORDS.findall(_PAREN.sub(" ", title.lower()))
    return frozenset(_light_stem(w) for w in words if w not in _TITLE_STOP)


def _light_stem(word: str) -> str:
    for suffix in ("ing", "es", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: -len(suffix)]
            break
    return word[:-1] if len(word) > 3 and word[-1] == word[-2] else word


def _shingles(document: Document, size: int = 3) -> set[tuple[str, ...]]:
    words = _WORDS.findall(" ".join(b.text for s in document.sections for b in s.blocks).lower())
    return {tuple(words[i:i + size]) for i in range(len(words) - size + 1)}


def near_duplicates(documents: list[Document], containment: float = 0.6) -> list[NearDuplicate]:
    """Pairs with the same core title, or where one page's text mostly repeats the other's."""
    titles = [_core_title(d.title) for d in documents]
    shingles = [_shingles(d) for d in documents]
    found: list[NearDuplicate] = []
    for i, first in enumerate(documents):
        for j in range(i + 1, len(documents)):
            second = documents[j]
            if titles[i] and titles[i] == titles[j]:
                found.append(NearDuplicate(first.path, second.path,
                                           f"same practice name ({first.title!r} / {second.title!r})", 1.0))
                continue
            smaller = min(len(shingles[i]), len(shingles[j])) or 1
            shared = len(shingles[i] & shingles[j]) / smaller
            if shared >= containment:
                found.append(NearDuplicate(first.path, second.path,
                                           f"{shared:.0%} of the shorter page's text is shared", shared))
    return sorted(found, key=lambda d: -d.score)
