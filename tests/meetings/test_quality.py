"""The meeting evals against their floors in evals/thresholds.yaml (real MiniLM; `make test` runs it)."""

from __future__ import annotations

from typing import Any

import pytest
import yaml

from evals.nudges import breaches, measured
from tests.conftest import ROOT


@pytest.mark.slow
def test_meeting_analysis_meets_its_thresholds(minilm: Any) -> None:
    limits = yaml.safe_load((ROOT / "evals" / "thresholds.yaml").read_text(encoding="utf-8"))["meetings"]
    figures = measured(minilm)
    assert breaches(figures, limits) == [], figures
