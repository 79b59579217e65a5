"""The Python API: `from coach import Coach, Settings`."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import CORPUS


def test_python_api(tmp_path: Path) -> None:
    from coach import Coach, Settings
    coach = Coach(Settings(data_dir=tmp_path / "data", embedder="hash"))
    okrs = {"objectives": [{"title": "Grow", "key_results": [{"text": "Launch the referral page"}]}]}
    # Nothing ingested yet: the built-in writing guide is a card, indexed on first use and cited.
    response = coach.suggest("lint", {"okrs": okrs})
    assert {f.rule for item in response.items for f in item.findings} >= {"activity_wording", "too_few_krs"}
    assert all("writing-key-results" in c.source for item in response.items for c in item.citations)
    coach.ingest([CORPUS / "guides"])
    assert coach.suggest("lint", {"okrs": okrs}).items
    coach.close()
