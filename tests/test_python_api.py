"""The Python API: `from coach import Coach, Settings`."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import CORPUS


def test_python_api(tmp_path: Path) -> None:
    from coach import Coach, Settings
    from coach.errors import NotFoundError

    coach = Coach(Settings(data_dir=tmp_path / "data", embedder="hash"))
    okrs = {"objectives": [{"title": "Grow", "key_results": [{"text": "Launch the referral page"}]}]}
    with pytest.raises(NotFoundError, match="run `coach bootstrap corpus`"):
        coach.suggest("lint", {"okrs": okrs})  # nothing to cite yet
    coach.ingest([CORPUS / "guides"])
    response = coach.suggest("lint", {"okrs": okrs})
    assert {f.rule for item in response.items for f in item.findings} >= {"activity_wording", "too_few_krs"}
    coach.close()
