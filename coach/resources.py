"""Where the built-in corpus and prompt templates are, in a checkout and in an installed wheel.

In a checkout they sit at the top of the repository (`corpus/`, `prompts/`), where their
authors edit them. The wheel ships them inside the package as `coach/builtin_corpus` and
`coach/builtin_prompts` (see setup.py), so `pip install .` works from any folder.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def _builtin(installed: str, checkout: str) -> Path:
    """The installed copy when there is one, else the checkout's folder."""
    shipped = _PACKAGE / installed
    return shipped if shipped.is_dir() else _PACKAGE.parent / checkout


def corpus_dir() -> Path:
    """The built-in knowledge cards and example team workspaces."""
    return _builtin("builtin_corpus", "corpus")


def prompts_dir() -> Path:
    """The prompt templates, one YAML file per skill."""
    return _builtin("builtin_prompts", "prompts")
