"""The OpenAI-compatible path over real HTTP: good answers, repairs, fallbacks, redaction, cassettes."""

from __future__ import annotations

import copy
import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from coach.llm.cassette import CassetteMiss
from coach.service import Coach
from tests.conftest import CORPUS, TEAMS
from tests.llm.openai_server import FakeOpenAI, SlowAnswer, answer, raw, refuse, running

pytestmark = pytest.mark.slow
TODAY = dt.date(2026, 11, 22)
REQUESTS: dict[str, Any] = {
    # An objective whose subject and outcome read clearly, so even on the hash test embedder
    # (where no catalogue pattern clears the relevance gate) the offline answer has ideas.
    "key-results": lambda team: {"objective": "Help new customers reach their first report sooner", "n": 3},
    "practices": lambda team: {"key_result": "Raise week-1 activation rate", "state": "stalled"},
    "risks": lambda team: {"okrs": yaml.safe_load((CORPUS / "examples" / team / "okrs.yaml").read_text())},
    "career": lambda team: {"about": "Wants to grow into a staff role; tired after a long migration."},
}


def with_model(indexed: Coach, fake: FakeOpenAI, **changes: Any) -> Coach:
    settings = indexed.settings.model_copy(update={"llm": "openai:test-model",
                                                   "openai_base_url": fake.base_url, **changes})
    return Coach(settings, embedder=indexed.embedder)


def offline_answer(indexed: Coach, skill: str, team: str | None) -> dict[str, Any]:
    data: dict[str, Any] = indexed.suggest(skill, REQUESTS[skill](team), team, today=TODAY,
                                           offline=True).model_dump(mode="json")
    return data


@pytest.mark.parametrize("team", TEAMS)
@pytest.mark.parametrize("skill", sorted(REQUESTS))
def test_each_skill_through_the_server(indexed: Coach, skill: str, team: str) -> None:
    expected = offline_answer(indexed, skill, team)
    with running(FakeOpenAI([answer(expected)])) as fake:
        response = with_model(indexed, fake).suggest(skill, REQUESTS[skill](team), team, today=TODAY)
    # The composer's own caveats (e.g. how many ideas are measure shapes) are part of the answer.
    assert response.backend == "openai:test-model" and response.warnings == expected["warnings"]
    assert [i.model_dump(mode="json") for i in response.items] == expected["items"]
    body = fake.requests[0]
    assert body["model"] == "test-model" and body["response_format"]["type"] == "json_schema"
    sent = fake.prompt_text()
    assert "<context>" in sent and expected["items"][0]["citations"][0]["chunk_id"] in sent


def test_bad_json_gets_one_repair(indexed: Coach) -> None:
    good = offline_answer(indexed, "practices", "platform")
    with running(FakeOpenAI([raw('{"items": ['), answer(good)])) as fake:
        response = with_model(indexed, fake).suggest("practices", REQUESTS["practices"]("platform"), "platform")
    assert response.backend == "openai:test-model" and len(fake.requests) == 2
    assert "broke these rules" in fake.prompt_text(1) and "invalid JSON" in fake.prompt_text(1)


def test_persistent_bad_json_falls_back_with_a_warning(indexed: Coach) -> None:
    with running(FakeOpenAI([raw("not json"), raw("still not json")])) as fake:
        response = with_model(indexed, fake).suggest("practices", REQUESTS["practices"]("growth"), "growth")
    assert response.backend == "offline" and len(response.items) == 3
    assert "not usable" in response.warnings[0] and "offline" in response.warnings[0]


def test_an_empty_answer_is_repaired_when_the_material_supports_suggestions(indexed: Coach) -> None:
    good = offline_answer(indexed, "practices", "platform")
    with running(FakeOpenAI([answer({"items": []}), answer(good)])) as fake:
        response = with_model(indexed, fake).suggest("practices", REQUESTS["practices"]("platform"), "platform")
    assert response.backend == "openai:test-model" and len(fake.requests) == 2
    assert "the answer lists no items" in fake.prompt_text(1)


def test_a_persistently_empty_answer_falls_back_saying_so(indexed: Coach) -> None:
    with running(FakeOpenAI([answer({"items": []}), answer({"items": []})])) as fake:
        response = with_model(indexed, fake).suggest("practices", REQUESTS["practices"]("growth"), "growth")
    assert response.backend == "offline" and len(response.items) == 3
    assert "the answer lists no items" in response.warnings[0]


def test_timeout_falls_back(indexed: Coach) -> None:
    with running(FakeOpenAI([SlowAnswer(3.0, {"items": []})])) as fake:
        coach = with_model(indexed, fake, llm_timeout=0.5)
        response = coach.suggest("practices", REQUESTS["practices"]("platform"), "platform")
    assert response.backend == "offline" and "timed out" in response.warnings[0]


def test_refusal_falls_back(indexed: Coach) -> None:
    with running(FakeOpenAI([refuse("I cannot help with that.")])) as fake:
        response = with_model(indexed, fake).suggest("career", REQUESTS["career"](None), None)
    assert response.backend == "offline" and "refused: I cannot help with that." in response.warnings[0]
    assert 10 <= len(response.items) <= 14


def test_invented_numbers_and_unknown_citations_are_repaired_then_rejected(indexed: Coach) -> None:
    good = offline_answer(indexed, "key-results", "platform")
    invented = copy.deepcopy(good)
    invented["items"][0]["text"] = invented["items"][0]["text"] + " to 73%"
    uncited = copy.deepcopy(good)
    uncited["items"][1]["citations"] = [{"chunk_id": "made-up", "source": "x", "title": "y"}]
    with running(FakeOpenAI([answer(invented), answer(uncited)])) as fake:
        response = with_model(indexed, fake).suggest("key-results", REQUESTS["key-results"]("platform"),
                                                     "platform", today=TODAY)
    assert "['73'] found in no source" in fake.prompt_text(1)
    assert response.backend == "offline"
    assert any("'made-up', which was not retrieved" in warning for warning in response.warnings)


def test_personal_data_is_redacted_before_the_call(indexed: Coach) -> None:
    about = "Sam Lee (sam.lee@northwind.example, +1 555 0199) wants a staff role; Sam feels tired."
    good = offline_answer(indexed, "career", None)
    with running(FakeOpenAI([answer(good)])) as fake:
        with_model(indexed, fake).suggest("career", {"about": about, "person": "Sam Lee"}, None)
    sent = fake.prompt_text()
    assert "sam.lee@" not in sent and "555 0199" not in sent and "Sam" not in sent
    assert "[email]" in sent and "[phone]" in sent and "Person 1" in sent


def test_record_then_replay_without_a_server(indexed: Coach, tmp_path: Path) -> None:
    cassette = tmp_path / "cassette.json"
    good = offline_answer(indexed, "practices", "growth")
    request = REQUESTS["practices"]("growth")
    with running(FakeOpenAI([answer(good)])) as fake:
        recorded = with_model(indexed, fake, llm_mode="record", llm_cassette=cassette).suggest(
            "practices", request, "growth")
    assert json.loads(cassette.read_text())
    replayer = with_model(indexed, FakeOpenAI(base_url="http://127.0.0.1:9/v1"), llm_mode="replay",
                          llm_cassette=cassette)
    replayed = replayer.suggest("practices", request, "growth")
    assert replayed.model_dump() == recorded.model_dump() and replayed.backend == "openai:test-model"
    with pytest.raises(CassetteMiss, match="re-record with COACH_LLM_MODE=record"):
        replayer.suggest("practices", {**request, "state": "done"}, "growth")


def test_nudge_rewording_goes_through_the_skill_runner(indexed: Coach) -> None:
    from coach.meetings.drafting import draft_nudges
    from coach.meetings.dynamics import analyse
    from coach.meetings.service import read_transcript, reword

    path = CORPUS / "examples" / "platform" / "checkins" / "2026-11-12-weekly.txt"
    transcript = read_transcript(path)
    drafts = draft_nudges(transcript, analyse(transcript, [frozenset()] * len(transcript.turns)))
    assert len(drafts) >= 2
    from coach.meetings.rewording import DraftToReword, RewordRequest

    request = RewordRequest(transcript=str(path), speakers=list(transcript.speakers), drafts=[
        DraftToReword(index=i, stance=d.stance, text=d.text, evidence=[e.text for e in d.evidence])
        for i, d in enumerate(drafts)])
    good: dict[str, Any] = indexed.suggest("nudges", request, "platform", offline=True).model_dump(mode="json")
    for item, draft in zip(good["items"], drafts, strict=True):
        item["text"] = f"{draft.stance.capitalize()} this, gently: {draft.text[4:]}"
    bad = copy.deepcopy(good)
    bad["items"][1]["text"] = f"{drafts[1].stance.capitalize()} this, and invite 42 more people."
    with running(FakeOpenAI([answer(bad), answer(good)])) as fake:  # one repair, then accepted
        updated, warnings = reword(with_model(indexed, fake), drafts, transcript, source=str(path), team="platform")
    assert [d.text for d in updated] == [item["text"] for item in good["items"]] and warnings == []
    assert "42" in fake.prompt_text(1) or "number" in fake.prompt_text(1)
    assert "Priya" not in fake.prompt_text(0)  # speakers are pseudonymised
    with running(FakeOpenAI([answer(bad), answer(bad)])) as fake:  # still wrong: the drafts stay, visibly
        kept, warnings = reword(with_model(indexed, fake), drafts, transcript, source=str(path), team="platform")
    assert [d.text for d in kept] == [d.text for d in drafts] and warnings and "not usable" in warnings[0]


def test_a_llama_cpp_python_server_is_negotiated_once(indexed: Coach) -> None:
    good = {skill: offline_answer(indexed, skill, "platform") for skill in ("practices", "key-results")}
    script = [answer(good["practices"]), answer(good["key-results"])]
    with running(FakeOpenAI(script, dialect="llama-cpp-python")) as fake:
        coach = with_model(indexed, fake)
        first = coach.suggest("practices", REQUESTS["practices"]("platform"), "platform", today=TODAY)
        second = coach.suggest("key-results", REQUESTS["key-results"]("platform"), "platform", today=TODAY)
    assert first.backend == second.backend == "openai:test-model"
    assert (first.warnings, second.warnings) == (good["practices"]["warnings"], good["key-results"]["warnings"])
    assert fake.modes == ["json_schema", "json_object_schema", "json_object_schema"]


def test_the_fallback_warning_says_what_was_tried_and_what_to_change(indexed: Coach) -> None:
    with running(FakeOpenAI([], dialect="tools-only")) as fake:
        response = with_model(indexed, fake, llm_structured="json_object").suggest(
            "practices", REQUESTS["practices"]("growth"), "growth")
    assert response.backend == "offline" and len(response.items) == 3
    warning = response.warnings[0]
    assert warning.startswith(f"openai:test-model answer was not usable (openai:test-model at {fake.base_url} "
                              "accepted no structured-output mode")
    assert 'json_object with schema → HTTP 400 "response_format is not supported by this server"' in warning
    assert "json_object with the schema in the prompt → HTTP 400" in warning
    assert "COACH_LLM_STRUCTURED=json_object forces this; set COACH_LLM_STRUCTURED=auto" in warning
    assert warning.endswith("showing the offline suggestions instead")
