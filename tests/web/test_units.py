"""The web app's pure parts, without a browser: session cookie, CSRF, chart, Markdown, errors, OKR rows."""

from __future__ import annotations

from pathlib import Path

from starlette.requests import Request
from starlette.responses import Response

from coach.config import Settings
from coach.errors import BackendTimeout, ForbiddenError, IngestionError, ValidationError
from coach.meetings.dynamics import SpeakerStats
from coach.okr import KeyResult, Objective, OkrSet
from coach.skills.career import CareerPrompt
from coach.web.career import series_markdown
from coach.web.chart import BAR_WIDTH, talk_share
from coach.web.errors import describe
from coach.web.records import with_new_ids
from coach.web.session import COOKIE, SessionCodec, csrf_matches, session_secret
from coach.web.team import Latest, StateView, okr_rows


def _request_with(cookie: str | None) -> Request:
    headers = [(b"cookie", f"{COOKIE}={cookie}".encode())] if cookie else []
    return Request({"type": "http", "method": "GET", "path": "/", "headers": headers})


def _cookie_of(response: Response) -> str:
    header = response.headers["set-cookie"]
    return header.split(";", 1)[0].split("=", 1)[1]


def test_session_round_trip_flags_and_tampering() -> None:
    codec = SessionCodec("s3cret")
    response = Response()
    session = codec.new("the-key")
    codec.save(response, session)
    header = response.headers["set-cookie"].lower()
    assert "httponly" in header and "samesite=strict" in header
    assert codec.read(_request_with(_cookie_of(response))) == session
    tampered = _cookie_of(response)[:-3] + "xyz"
    assert codec.read(_request_with(tampered)) is None
    assert SessionCodec("other-secret").read(_request_with(_cookie_of(response))) is None
    assert codec.read(_request_with(None)) is None


def test_csrf_tokens_are_per_session_and_compared_exactly() -> None:
    first, second = SessionCodec.new("k"), SessionCodec.new("k")
    assert first.csrf != second.csrf and len(first.csrf) >= 32
    assert csrf_matches(first.csrf, first.csrf)
    assert not csrf_matches(first.csrf, second.csrf)
    assert not csrf_matches(first.csrf, None) and not csrf_matches(first.csrf, "")


def test_session_secret_is_generated_once_into_the_data_dir(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path / "data", embedder="hash")
    secret = session_secret(settings)
    assert len(secret) >= 48 and session_secret(settings) == secret
    assert (tmp_path / "data" / "session-secret").stat().st_mode & 0o077 == 0
    assert session_secret(Settings(data_dir=tmp_path, embedder="hash", session_secret="given")) == "given"


def _speaker(name: str, share: float) -> SpeakerStats:
    return SpeakerStats(speaker=name, words=int(share * 100), word_share=share, seconds=0.0, time_share=0.0,
                        turns=1, questions=0)


def test_talk_share_orders_bars_and_says_the_same_in_words() -> None:
    chart = talk_share((_speaker("Ana", 0.1), _speaker("Priya", 0.6), _speaker("Marco", 0.3)))
    assert [b.speaker for b in chart.bars] == ["Priya", "Marco", "Ana"]
    assert chart.bars[0].width == round(0.6 * BAR_WIDTH) and chart.bars[0].percent == "60%"
    assert chart.description == "Share of words spoken: Priya 60%; Marco 30%; Ana 10%."
    assert chart.bars[1].y > chart.bars[0].y and chart.height >= chart.bars[-1].bar_y


def test_series_markdown_numbers_every_question_with_its_follow_up() -> None:
    items = [CareerPrompt(prompt="What work made you proud?", horizon="past", theme="t", stage="open"),
             CareerPrompt(prompt="Where in five years?", horizon="5y", theme="t", stage="explore",
                          follow_up="What would you need to learn?")]
    text = series_markdown("Career conversation", items)
    assert text.splitlines()[0] == "# Career conversation"
    assert "1. **What work made you proud?** (Past, open)" in text
    assert "2. **Where in five years?** (In five years, explore)" in text
    assert "   - Follow-up: What would you need to learn?" in text


def test_errors_split_into_message_and_hint() -> None:
    error = describe(ValidationError("no idea is ticked: tick the ideas to keep, then add them"))
    assert (error.status, error.message) == (422, "No idea is ticked")
    assert error.hint == "Tick the ideas to keep, then add them"
    forbidden = describe(ForbiddenError("nope"))
    assert (forbidden.status, forbidden.hint) == (403, "Use a key with a role that may do this")
    field = describe(ValidationError("objective: String should have at least 3 characters"))
    assert (field.message, field.hint) == ("Objective: String should have at least 3 characters",
                                           "Fix the request as the message says")
    assert describe(BackendTimeout("the model took too long")).status == 504
    ingestion = describe(IngestionError("/srv/data/x.txt", "malformed transcript: line 3"))
    assert "/srv" not in ingestion.message


def test_okr_rows_carry_latest_values_states_and_findings() -> None:
    okrs = OkrSet(objectives=[Objective(title="Ship safely", key_results=[
        KeyResult(text="Raise deploys", metric="Deployment frequency", baseline=4, target=10),
        KeyResult(id="KRx", text="Implement flags")])])
    rows = okr_rows(okrs, {"deployment frequency": Latest(6, "per week", "2026-11-19")},
                    {"KR1.1": StateView("on_track", "On the line.")},
                    {"KRx": ["finding"]})
    first, second = rows[0].key_results
    assert rows[0].id == "O1" and first.id == "KR1.1" and second.id == "KRx"
    assert first.latest == Latest(6, "per week", "2026-11-19") and first.state == "on_track"
    assert first.explanation == "On the line." and second.state is None and second.explanation is None
    assert second.latest is None and second.findings == ["finding"]


def test_kept_ideas_get_the_next_free_ids_under_their_objective() -> None:
    existing = [KeyResult(id="KR2.1", text="a"), KeyResult(id="KR2.3", text="b")]
    added = with_new_ids("O2", existing, [KeyResult(text="c"), KeyResult(text="d")])
    assert [kr.id for kr in added] == ["KR2.4", "KR2.5"]


def test_the_newest_recorded_value_wins_over_the_metric_snapshot() -> None:
    okrs = OkrSet(objectives=[Objective(title="Ship", key_results=[
        KeyResult(id="KR1", text="Raise deploys", metric="Deployment frequency", unit="per week")])])
    view = StateView("stalled", "No movement.", Latest(5, "per week", "2026-11-26"), 0.3)
    row = okr_rows(okrs, {"deployment frequency": Latest(6, "per week", "2026-11-19")}, {"KR1": view})[0].key_results[0]
    assert row.latest == Latest(5, "per week", "2026-11-26") and row.state == "stalled" and row.confidence == 0.3
