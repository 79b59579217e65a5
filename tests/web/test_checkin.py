"""Recording a check-in in the workspace, in Chromium against a real uvicorn: the key result's
computed state and its explanation change; a value in the wrong unit is refused in the form."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.web.conftest import Server, screenshot, sign_in

KR = "KR1.5"  # 100% of services migrated to the new deploy pipeline (55% at the start, percent)


def test_member_records_a_check_in_and_sees_the_state_explained(page: Page, server: Server) -> None:
    sign_in(page, server, "member")
    row = page.locator(f'[id="kr-{KR}"]')
    explanation = row.get_by_label(f"Why {KR} is", exact=False)
    expect(explanation).to_contain_text("snapshot 2026-11-19")  # computed from the team's metric snapshots

    row.get_by_text(f"Record a check-in for {KR}").click()
    form = row.get_by_role("form", name=f"Check-in for {KR}")
    form.get_by_label("Value (percent)").fill("63 services")
    form.get_by_role("button", name="Record check-in").click()
    alert = form.get_by_role("alert")
    expect(alert).to_contain_text("measured in percent")
    assert server.coach.ritual.store.checkins("platform", KR) == []  # nothing half-stored
    expect(form.get_by_label("Value (percent)")).to_have_value("63 services")  # what was typed stays

    form.get_by_label("Value (percent)").fill("64")
    form.get_by_label("Confidence (0–1 or %)").fill("30%")
    form.get_by_label("Note").fill("two services wait on the database move")
    form.get_by_role("button", name="Record check-in").click()
    notice = page.locator("#okr-set .notice")
    expect(notice).to_contain_text(f"Recorded 64 for {KR}:")
    row = page.locator(f'[id="kr-{KR}"]')
    explanation = row.get_by_label(f"Why {KR} is", exact=False)
    expect(explanation).to_contain_text('Marco Silva, confidence 0.3: "two services wait on the database move"')
    expect(row.locator(".facts")).to_contain_text("64 percent")  # the newest value is the check-in
    expect(row.locator(".facts")).to_contain_text("30%")  # and its confidence, not the OKR file's 40%
    stored = server.coach.ritual.store.checkins("platform", KR)
    assert [(c.value, c.confidence, c.recorded_by) for c in stored] == [(64.0, 0.3, "Marco Silva")]
    state = server.coach.ritual.find("platform", "", KR)
    assert state is not None and state.status is not None
    expect(row.locator(".state")).to_have_text(state.status.state.replace("_", " "))
    screenshot(page, "workspace-checkin")
