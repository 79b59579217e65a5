"""The utterance classifier's held-out macro F1 against its floor in evals/thresholds.yaml (real MiniLM;
`make test` runs it). The nudge kinds are gated by `coach eval` (suite `nudges`)."""

from __future__ import annotations

from typing import Any

import pytest
import yaml

from evals.utterances import evaluate, macro_f1
from tests.conftest import ROOT


@pytest.mark.slow
def test_utterance_classifier_meets_its_held_out_floor(minilm: Any) -> None:
    limits = yaml.safe_load((ROOT / "evals" / "thresholds.yaml").read_text(encoding="utf-8"))["meetings"]
    floor = float(limits["heldout"]["utterances.macro_f1"])
    figure = macro_f1(evaluate(minilm))
    assert figure >= floor, f"utterance macro F1 {figure:.3f} < {floor}"
