"""End-to-end flows in Chromium against a real uvicorn: member, coach, manager, admin, no key."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Locator, Page, expect

from tests.conftest import CORPUS
from tests.web.conftest import Server, new_page, screenshot, sign_in

PLATFORM = CORPUS / "examples" / "platform"


def test_no_key_every_view_redirects_to_sign_in(page: Page, server: Server) -> None:
    for view in ("", "workspace", "manager", "coach", "settings", "citations?chunk=x&source=y"):
        page.goto(f"{server.url}/{view}")
        expect(page).to_have_url(f"{server.url}/signin")
        expect(page.get_by_label("API key")).to_be_visible()
    screenshot(page, "signin")


def test_wrong_key_shows_message_and_hint(page: Page, server: Server) -> None:
    page.goto(f"{server.url}/signin")
    page.get_by_label("API key").fill("not-a-key")
    page.get_by_role("button", name="Sign in").click()
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("not recognised")
    expect(alert).to_contain_text("ask a team admin")


def test_member_ideas_citation_and_keep(page: Page, server: Server) -> None:
    sign_in(page, server, "member")
    nav = page.get_by_role("navigation", name="Main")
    expect(nav.get_by_role("link")).to_have_text(["Workspace"])
    okr_set = page.locator("#okr-set")
    expect(okr_set).to_contain_text("Increase deployment frequency from 4 to 10 per week")
    expect(okr_set).to_contain_text("6 per week")  # the latest snapshot, beside the baseline of 4
    expect(okr_set).not_to_contain_text("not computed")  # every key result's state is computed

    page.get_by_label("Objective", exact=True).fill("Make deploys boring and safe")
    button = page.get_by_role("button", name="Suggest key results")
    button.click()
    ideas = page.get_by_role("region", name="Ideas")
    cards = ideas.get_by_role("article")
    expect(cards.first).to_be_visible()
    assert cards.count() >= 2
    expect(cards.first).to_contain_text("Counter-metric")
    screenshot(page, "workspace-ideas")
    page.get_by_role("heading", name="Ideas for key results").scroll_into_view_if_needed()
    screenshot(page, "readme-workspace", full_page=False)  # docs/workspace.png is a copy of this one

    cards.first.locator("a.citation").first.click()
    dialog = page.get_by_role("dialog")
    expect(dialog).to_be_visible()
    expect(dialog.locator(".excerpt")).not_to_be_empty()
    expect(dialog.locator(".attribution")).not_to_be_empty()
    screenshot(page, "citation-dialog", full_page=False)
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()

    kept = [cards.nth(0).locator("h4").inner_text(), cards.nth(1).locator("h4").inner_text()]
    cards.nth(0).get_by_role("checkbox").check()
    cards.nth(1).get_by_role("checkbox").check()
    page.get_by_label("Add the kept ideas to this objective").select_option("O1")
    page.get_by_role("button", name="Add to objective").click()
    expect(page.locator("#okr-set .notice")).to_contain_text("Added 2")
    objective = page.locator("#okr-set article.objective").first
    for metric in kept:
        expect(objective).to_contain_text(re.compile(re.escape(metric), re.IGNORECASE))
    page.reload()
    expect(page.locator("#okr-set article.objective").first.locator("li.kr")).to_have_count(8)
    screenshot(page, "workspace")


def test_member_practices_risks_and_check(page: Page, server: Server) -> None:
    sign_in(page, server, "member")
    page.get_by_label("Key result", exact=True).select_option("KR1.4")
    page.get_by_role("button", name="Suggest practices").click()
    practices = page.get_by_role("region", name="Practices")
    expect(practices.get_by_role("article").first).to_be_visible()
    going_on = "New trials stall at the data import step and nobody knows why"
    page.get_by_label("What is going on (optional)").fill(going_on)
    page.get_by_role("button", name="Suggest practices").click()
    expect(practices.get_by_role("article").first).to_contain_text(going_on)  # the why quotes the context

    page.get_by_role("button", name="What could go wrong?").click()
    risks = page.get_by_role("region", name="Risks")
    expect(risks.get_by_role("article").first).to_be_visible()

    page.get_by_role("button", name="Check the OKRs").click()
    findings = page.get_by_role("group", name="Findings for KR1.3")
    expect(findings).to_be_visible()  # "Implement feature flags" is an output, not an outcome
    screenshot(page, "workspace-checked")


def test_member_is_refused_other_views(page: Page, server: Server) -> None:
    sign_in(page, server, "member")
    for view in ("manager", "coach", "settings"):
        response = page.goto(f"{server.url}/{view}")
        assert response is not None and response.status == 403
        expect(page.get_by_role("alert")).to_contain_text("may not")


def test_manager_series_and_markdown_download(page: Page, server: Server, tmp_path: Path) -> None:
    sign_in(page, server, "manager")
    page.get_by_role("link", name="Manager").click()
    notes = page.get_by_label("Private note").locator("option")
    expect(notes).to_have_count(4)  # "none" plus Priya's own three notes, nobody else's
    page.get_by_label("Private note").select_option(label="Career context: Lena Novak, 2026-10-28")
    page.get_by_role("button", name="Prepare the series").click()
    series = page.get_by_role("region", name="Career series")
    expect(series.locator("ol.series li").first).to_be_visible()
    shown = series.locator("ol.series li").count()
    assert 10 <= shown <= 14
    screenshot(page, "manager")
    with page.expect_download() as info:
        page.get_by_role("button", name="Download as Markdown").click()
    saved = tmp_path / "series.md"
    info.value.save_as(saved)
    text = saved.read_text(encoding="utf-8")
    assert info.value.suggested_filename.endswith(".md")
    assert text.startswith("# Career conversation with Lena Novak")
    assert len(re.findall(r"^\d+\. \*\*", text, re.M)) == shown


def _transcript_file(tmp_path: Path) -> Path:
    path = tmp_path / "2026-11-12-weekly.txt"
    path.write_text((PLATFORM / "checkins" / "2026-11-12-weekly.txt").read_text(encoding="utf-8"), encoding="utf-8")
    return path


def test_coach_review_and_deliver_once(page: Page, server: Server, tmp_path: Path, receiver) -> None:  # type: ignore[no-untyped-def]
    server.coach.appdb.set_webhook("platform", receiver.url)
    sign_in(page, server, "coach")
    page.get_by_role("link", name="Coach").click()
    page.get_by_label("Transcript").set_input_files(str(_transcript_file(tmp_path)))
    page.get_by_role("button", name="Upload").click()
    expect(page.locator("figure.chart svg title")).to_have_text("Talk share")
    expect(page.locator("figure.chart figcaption")).to_contain_text("Priya Raman")
    # Nudges for the team; a wellbeing note goes to the manager and is never delivered, so the
    # flow acts on team nudges only, whichever order the queue shows them in.
    def team_nudges() -> Locator:
        return page.get_by_role("region", name="Nudges").get_by_role("article").filter(
            has_not_text="A private note for the team's manager")
    nudges = team_nudges()
    expect(nudges.first).to_be_visible()
    assert nudges.count() >= 2
    expect(nudges.first).to_contain_text("Evidence")
    screenshot(page, "coach")

    first = nudges.nth(0)
    first.get_by_role("button", name="Edit").click()
    edited = "Try a round where each person names one risk before we move on."
    first.get_by_label("New wording").fill(edited)
    first.get_by_role("button", name="Approve").click()  # approving new wording saves it as an edit
    expect(team_nudges().nth(0)).to_contain_text("edited")
    second = team_nudges().nth(1)
    second.get_by_role("button", name="Dismiss").click()
    expect(team_nudges().nth(1)).to_contain_text("dismissed")

    page.get_by_role("button", name="Deliver approved").click()
    expect(page.get_by_role("status").filter(has_text="Delivered")).to_contain_text("Delivered 1 to the feed")
    feed = page.locator("#feed")
    expect(feed).to_contain_text(edited)
    assert len(receiver.bodies) == 1 and edited in receiver.texts[0]
    page.get_by_role("button", name="Deliver approved").click()  # a second press sends nothing again
    expect(page.get_by_role("status").filter(has_text="Delivered")).to_contain_text("Delivered 0 to the feed")
    assert len(receiver.bodies) == 1
    screenshot(page, "coach-delivered")


def test_admin_settings_rename_vocabulary(page: Page, server: Server) -> None:
    sign_in(page, server, "admin")
    nav = page.get_by_role("navigation", name="Main")
    expect(nav.get_by_role("link")).to_have_text(["Workspace", "Manager", "Coach", "Settings"])
    nav.get_by_role("link", name="Settings").click()
    screenshot(page, "settings")
    page.get_by_label("Word for “key result”").fill("measure")
    page.get_by_role("button", name="Save vocabulary").click()
    expect(page.get_by_role("status").filter(has_text="Saved")).to_contain_text("measure")
    page.get_by_label("Webhook URL").fill("ftp://example.invalid/hook")
    page.get_by_role("button", name="Save webhook").click()
    expect(page.get_by_role("alert")).to_contain_text("Use an http:// or https:// address")
    nav.get_by_role("link", name="Workspace").click()
    expect(page.get_by_role("button", name="Suggest measures")).to_be_visible()
    expect(page.get_by_label("Measure", exact=True)).to_be_visible()
    page.get_by_role("link", name="Settings").click()
    page.get_by_label("Word for “key result”").fill("key result")
    page.get_by_role("button", name="Save vocabulary").click()
    expect(page.get_by_role("status").filter(has_text="Saved")).to_be_visible()


@pytest.mark.parametrize("role", ["member", "coach"])
def test_forms_refuse_a_missing_csrf_token(page: Page, server: Server, role: str) -> None:
    sign_in(page, server, role)
    response = page.request.post(f"{server.url}/workspace/risks", form={"x": "1"})
    assert response.status == 403 and "expired" in response.text()


def test_admin_creates_a_key_shown_once_and_revokes_it(browser, server: Server, requests_seen) -> None:  # type: ignore[no-untyped-def]
    admin = new_page(browser, requests_seen)
    sign_in(admin, server, "admin")
    admin.goto(f"{server.url}/settings")
    admin.get_by_label("Person (user name on the key)").fill("Daniel Okafor")
    admin.get_by_label("Role", exact=True).select_option("member")
    admin.get_by_role("button", name="Create key").click()
    secret = admin.locator("#new-key").inner_text().strip()
    assert secret.startswith("coach_") and len(secret) > 40
    screenshot(admin, "settings-key-created")
    admin.reload()
    assert secret not in admin.content()  # shown once, stored only as a hash
    expect(admin.locator("#keys tbody")).to_contain_text("Daniel Okafor")

    daniel = new_page(browser, requests_seen)
    daniel.goto(f"{server.url}/signin")
    daniel.get_by_label("API key").fill(secret)
    daniel.get_by_role("button", name="Sign in").click()
    expect(daniel).to_have_url(f"{server.url}/workspace")
    expect(daniel.get_by_text("Daniel Okafor (member)")).to_be_visible()

    row = admin.locator("#keys tbody tr").filter(has_text="Daniel Okafor")
    row.get_by_role("button", name="Revoke").click()
    expect(admin.locator("#keys tbody tr").filter(has_text="Daniel Okafor")).to_contain_text("revoked")
    daniel.goto(f"{server.url}/workspace")  # the revoked key no longer opens anything
    expect(daniel).to_have_url(f"{server.url}/signin")
    admin.context.close()
    daniel.context.close()
    assert requests_seen.outside() == []
