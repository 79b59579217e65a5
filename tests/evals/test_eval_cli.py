"""`coach eval` end to end: JSON, the report, the gate failing on a degraded skill, and the
same run against a local OpenAI-compatible server, recorded and replayed."""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from coach.cli import app
from coach.skills import lint, practices
from evals.app import EvalOptions, evaluate
from evals.env import Env
from tests.llm.openai_server import FakeOpenAI, answer, raw, running

runner = CliRunner()


@pytest.fixture
def hashed(monkeypatch: pytest.MonkeyPatch) -> None:
    """Evals on the deterministic test embedder (lint does not depend on it)."""
    monkeypatch.setenv("COACH_EMBEDDER", "hash")


def _eval(*args: str) -> tuple[int, dict[str, Any]]:
    result = runner.invoke(app, ["eval", *args, "--json"])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, json.loads(result.stdout.strip().splitlines()[-1])


def test_lint_suite_passes_with_json_and_report(hashed: None, tmp_path: Path) -> None:
    code, data = _eval("--suite", "lint", "--report", str(tmp_path))
    suite = data["suites"]["lint"]
    assert code == 0 and data["passed"] and data["breaches"] == []
    assert suite["counts"]["heldout"] >= 5 and suite["counts"]["tune"] >= 10
    assert {"tune", "heldout", "all"} <= set(suite["metrics"])
    assert 0 < suite["seconds"] <= data["seconds"] and data["cpu_seconds"] > 0  # the run says what it cost
    assert "rule.direction_contradicts_numbers.recall" in suite["metrics"]["heldout"]
    case = suite["cases"][0]
    assert case["scores"]["findings"]["reason"].startswith("findings: expected")
    html = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert "<svg class=chart" in html and "ward-falls" in html and "Writing strong key results" in html


def test_a_degraded_lint_fails_the_gate_and_names_the_metric(hashed: None,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delitem(lint.KEY_RESULT_RULES, "activity_wording")
    code, data = _eval("--suite", "lint")
    assert code == 1 and not data["passed"]
    assert any("rule.activity_wording.recall" in breach for breach in data["breaches"])


def test_unknown_suite_and_backend_are_clear_errors(hashed: None) -> None:
    result = runner.invoke(app, ["eval", "--suite", "nope"])
    assert result.exit_code == 1 and "no eval suite 'nope'; known suites: retrieval" in result.output
    result = runner.invoke(app, ["eval", "--backend", "replay"])
    assert result.exit_code == 2 and "--backend replay needs --cassette" in result.output
    result = runner.invoke(app, ["eval", "--update-baseline", "--limit", "2"])
    assert result.exit_code == 2 and "drop --limit" in result.output


def _bad_practice(body: dict[str, Any]) -> dict[str, Any]:
    """A practice answer that cites a chunk nobody retrieved and invents a number."""
    item = {"practice_id": "made-up", "name": "Made up", "source": "nowhere", "why": "It lifts 73% of teams.",
            "first_step": "Start.", "time": "1 hour", "people": "3", "citations": [
                {"chunk_id": "not-retrieved", "source": "nowhere", "title": "Nothing"}]}
    return answer({"items": [item, item, item]})(body)


@pytest.mark.slow
def test_openai_backend_records_then_replays(hashed: None, tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    cassette = tmp_path / "answers.json"
    # Case 1: uncited, invented answers twice; case 2: no items twice, while the material supports
    # some (the offline composer finds them); case 3: invalid JSON twice. The case that cannot
    # replay comes last, so no replayed case runs after a run that diverged from the recording.
    fake = FakeOpenAI([_bad_practice, _bad_practice, answer({"items": []}), answer({"items": []}),
                       raw("{not json"), raw("{still not json")])
    with running(fake) as server:
        monkeypatch.setenv("OPENAI_BASE_URL", server.base_url)
        _, live = _eval("--suite", "practices-card-tags", "--limit", "3", "--backend", "openai:test-model",
                        "--cassette", str(cassette))
    model = live["suites"]["practices-card-tags"]["model"]
    assert model["answers"] == 3 and model["shares"]["fallback"] == 1.0
    assert {"citation", "invented number", "schema", "empty answer"} <= set(model["reasons"])
    assert len(fake.requests) == 6 and cassette.is_file()
    # The server is gone: recorded answers replay with no network; the invalid JSON was never
    # recorded, so that case fails loudly instead of quietly calling anything.
    _, replayed = _eval("--suite", "practices-card-tags", "--limit", "3", "--backend", "replay",
                        "--cassette", str(cassette))
    live_cases = {c["id"]: c for c in live["suites"]["practices-card-tags"]["cases"]}
    replay_cases = replayed["suites"]["practices-card-tags"]["cases"]
    assert [c["model"] for c in replay_cases if "model" in c] == [
        live_cases[c["id"]]["model"] for c in replay_cases if "model" in c]
    assert len([c for c in replay_cases if "model" in c]) == 2, [c.get("error") for c in replay_cases]
    assert ["no recorded answer" in c.get("error", "") for c in replay_cases] == [False, False, True]


@pytest.mark.slow
def test_shuffled_practices_fail_the_gate(minilm: Any, shared: Path, monkeypatch: pytest.MonkeyPatch,
                                         tmp_path: Path) -> None:
    """With the real embedder the practices suite (situation labels, built-in cards and the
    imported Open Practice Library) passes; picking practices at random fails it."""
    env = Env(embedder=minilm, shared=shared)
    options = EvalOptions(["practices"], baseline=tmp_path / "baseline.json")
    try:
        assert evaluate(options, env).breaches == []
        original = practices.rank_practices

        def shuffled(results: list[Any], state: str | None) -> list[list[Any]]:
            ranked = original(results, state)
            random.Random(7).shuffle(ranked)
            return ranked

        monkeypatch.setattr(practices, "rank_practices", shuffled)
        failed = {b.metric for b in evaluate(options, env).breaches}
    finally:
        env.close()
    assert failed & {"hit@3", "precision@3"}


@pytest.mark.slow
def test_model_judge_asks_three_times_and_replays(hashed: None, tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    cassette = tmp_path / "judge.json"
    verdicts = [answer({"usefulness": u, "tone": 2, "reason": f"verdict {u}"}) for u in (2, 1, 2)]
    fake = FakeOpenAI(list(verdicts))
    monkeypatch.setenv("COACH_JUDGE", "openai:judge-model")
    monkeypatch.setenv("COACH_JUDGE_MODE", "record")
    monkeypatch.setenv("COACH_JUDGE_CASSETTE", str(cassette))
    with running(fake) as server:
        monkeypatch.setenv("OPENAI_BASE_URL", server.base_url)
        _, live = _eval("--suite", "career", "--limit", "1")
    scores = live["suites"]["career"]["cases"][0]["scores"]
    assert scores["judge.usefulness"]["value"] == pytest.approx(5 / 6)
    assert scores["judge.usefulness_spread"]["value"] == 1.0 and scores["judge.tone"]["value"] == 1.0
    assert "spread 1" in scores["judge.usefulness"]["reason"] and len(fake.requests) == 3
    assert "judge" not in json.dumps(live["breaches"])  # never part of the gate
    monkeypatch.setenv("COACH_JUDGE_MODE", "replay")
    monkeypatch.delenv("OPENAI_BASE_URL")
    _, replayed = _eval("--suite", "career", "--limit", "1")
    assert replayed["suites"]["career"]["cases"][0]["scores"]["judge.usefulness"] == scores["judge.usefulness"]


def test_agendas_pass_and_a_ritual_that_ignores_the_history_fails(hashed: None,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    from coach.ritual import service as ritual_service
    from coach.ritual.state import KrStatus

    code, data = _eval("--suite", "agendas", "--limit", "6")
    suite = data["suites"]["agendas"]
    # The hash test embedder reads no meaning, so the idea-fit floors may fail here; the states may not.
    assert suite["metrics"]["all"]["state_agreement"] >= 0.95, suite["metrics"]
    assert not any("state_agreement" in breach for breach in data["breaches"]), data["breaches"]
    # Every key result called on track whatever its history: states and order go wrong.
    monkeypatch.setattr(ritual_service, "compute_state",
                        lambda kr, history, **_: KrStatus(kr.id, "on_track", "looks fine"))
    code, data = _eval("--suite", "agendas", "--limit", "6")
    assert code == 1 and any("agendas" in b and "state_agreement" in b for b in data["breaches"])
