"""Quality bars in Chromium: escaping, CSP, axe-core on every view, phone width, keyboard-only use,
progress while in flight, and the session cookie's flags."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import axe_playwright_python
import pytest
from playwright.sync_api import Browser, Locator, Page, expect

from tests.web.conftest import ARTIFACTS, Requests, Server, new_page, screenshot, sign_in

AXE = Path(axe_playwright_python.__file__).parent / "axe.min.js"
PAYLOAD_SPEAKER = "Priya <img src=x onerror=\"window.__pwned='img'\">"
XSS_TRANSCRIPT = "\n".join([
    f"[00:00:01] {PAYLOAD_SPEAKER}: Hello team <script>window.__pwned='script'</script> let us start with "
    "the numbers, and who owns the pipeline follow-up?",
    "[00:00:12] Marco Silva: Deployment frequency <img src=x onerror=\"window.__pwned='img2'\"> was 7 last "
    "week, up from 6. Target is still 10.",
    f"[00:00:25] {PAYLOAD_SPEAKER}: Thanks. We decided to move the billing service next week.",
    "[00:00:40] Marco Silva: Sounds good <b>bold</b> and <svg onload=\"window.__pwned='svg'\"></svg>.",
])


def axe_violations(page: Page) -> list[dict[str, object]]:
    """axe-core's serious and critical violations on the page as it is now."""
    if not AXE.is_file():
        pytest.fail(f"axe-core is missing at {AXE}: install the dev extra (axe-playwright-python)")
    page.evaluate(AXE.read_text(encoding="utf-8"))  # DevTools evaluation: not subject to the page's CSP
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    found = [{"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]][:5]}
             for v in result["violations"] if v["impact"] in ("serious", "critical")]
    ARTIFACTS.mkdir(exist_ok=True)
    return found


def no_horizontal_scroll(page: Page) -> bool:
    """Whether the page fits the viewport's width."""
    return bool(page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"))


def _upload(page: Page, tmp_path: Path, name: str, text: str) -> None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    page.get_by_label("Transcript").set_input_files(str(path))
    page.get_by_role("button", name="Upload").click()
    expect(page.locator("figure.chart")).to_be_visible()


def test_transcript_markup_is_shown_as_text_and_never_runs(page: Page, server: Server, tmp_path: Path) -> None:
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    sign_in(page, server, "coach")
    page.goto(f"{server.url}/coach")
    _upload(page, tmp_path, "xss-check.txt", XSS_TRANSCRIPT)
    expect(page.locator("figure.chart figcaption")).to_contain_text(PAYLOAD_SPEAKER)  # shown as text
    page.wait_for_timeout(300)
    assert page.evaluate("window.__pwned") is None
    assert page.locator("main img, main script, main b, main svg[onload]").count() == 0
    assert dialogs == []
    screenshot(page, "coach-escaped")


def test_pages_carry_a_strict_content_security_policy(page: Page, server: Server) -> None:
    response = page.goto(f"{server.url}/signin")
    assert response is not None
    policy = response.headers["content-security-policy"]
    assert "default-src 'self'" in policy and "script-src 'self'" in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy and "http" not in policy
    # An inline script added to the page is refused by the policy (the browser enforces it).
    page.evaluate("""() => { const s = document.createElement("script");
        s.textContent = "window.__inline = 1"; document.head.appendChild(s); }""")
    assert page.evaluate("window.__inline") is None, "an inline script ran: the CSP did not apply"


def test_session_cookie_is_httponly_strict_and_signed(page: Page, server: Server) -> None:
    sign_in(page, server, "member")
    cookie = next(c for c in page.context.cookies() if c["name"] == "coach_session")
    assert cookie["httpOnly"] and cookie["sameSite"] == "Strict"
    assert page.evaluate("document.cookie") == ""  # JavaScript cannot read it
    page.context.add_cookies([{**cookie, "value": cookie["value"][:-4] + "AAAA"}])  # tampered signature
    page.goto(f"{server.url}/workspace")
    expect(page).to_have_url(f"{server.url}/signin")


def test_sign_out_clears_the_session(page: Page, server: Server) -> None:
    sign_in(page, server, "member")
    page.get_by_role("button", name="Sign out").click()
    expect(page).to_have_url(f"{server.url}/signin")
    assert not [c for c in page.context.cookies() if c["name"] == "coach_session" and "key" in c["value"]]
    page.goto(f"{server.url}/workspace")
    expect(page).to_have_url(f"{server.url}/signin")


def _workspace(page: Page) -> None:
    page.get_by_label("Objective", exact=True).fill("Help product teams ship without waiting for us")
    page.get_by_role("button", name="Suggest key results").click()
    expect(page.get_by_role("region", name="Ideas").get_by_role("article").first).to_be_visible()
    page.get_by_role("button", name="Check the OKRs").click()
    expect(page.get_by_role("group", name="Findings for KR1.3")).to_be_visible()


def _manager(page: Page) -> None:
    page.get_by_label("Context", exact=True).fill("Two years in the team, curious about leading people, "
                                                  "worried about losing time for deep technical work.")
    page.get_by_role("button", name="Prepare the series").click()
    expect(page.get_by_role("region", name="Career series").locator("li").first).to_be_visible()


def _coach(tmp_path: Path) -> Callable[[Page], None]:
    def fill(page: Page) -> None:
        source = Path(__file__).resolve().parents[2] / "corpus/examples/platform/checkins/2026-11-05-weekly.vtt"
        _upload(page, tmp_path, f"axe-{page.viewport_size['width']}.vtt", source.read_text(encoding="utf-8"))
    return fill


def _settings(page: Page) -> None:
    # On a phone the keys table turns into one card a key, each cell led by its column's name.
    cell = page.get_by_role("cell", name="admin").first
    narrow = page.viewport_size is not None and page.viewport_size["width"] < 640
    assert cell.evaluate("e => getComputedStyle(e).display") == ("grid" if narrow else "table-cell")


@pytest.mark.parametrize("width", [1280, 375])
def test_every_view_passes_axe_and_fits_the_width(browser: Browser, server: Server, tmp_path: Path,
                                                   requests_seen: Requests, width: int) -> None:
    page = new_page(browser, requests_seen, width=width)
    report: dict[str, object] = {}
    page.goto(f"{server.url}/signin")
    report["signin"] = axe_violations(page)
    assert no_horizontal_scroll(page), "sign-in scrolls sideways"
    screenshot(page, f"signin-{width}")
    sign_in(page, server, "admin")
    views: list[tuple[str, Callable[[Page], None]]] = [("workspace", _workspace), ("manager", _manager),
                                                       ("coach", _coach(tmp_path)), ("settings", _settings)]
    for view, fill in views:
        page.goto(f"{server.url}/{view}")
        fill(page)
        report[view] = axe_violations(page)
        assert no_horizontal_scroll(page), f"{view} scrolls sideways at {width} px"
        screenshot(page, f"{view}-{width}")
    page.goto(f"{server.url}/workspace")
    page.get_by_label("Objective", exact=True).fill("Make deploys boring and safe")
    page.get_by_role("button", name="Suggest key results").click()
    page.get_by_role("region", name="Ideas").locator("a.citation").first.click()
    expect(page.get_by_role("dialog")).to_be_visible()
    report["citation dialog"] = axe_violations(page)
    (ARTIFACTS / f"axe-{width}.json").write_text(json.dumps(report, indent=2), encoding="utf-8")
    page.context.close()
    assert all(found == [] for found in report.values()), json.dumps(report, indent=2)
    assert requests_seen.outside() == []


def _tab_to(page: Page, target: Locator, limit: int = 120) -> None:
    for _ in range(limit):
        if target.evaluate("element => element === document.activeElement"):
            outline = target.evaluate("element => getComputedStyle(element).outlineStyle")
            assert outline != "none", "the focused element shows no focus outline"
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"Tab never reached {target}")


def test_key_result_flow_by_keyboard_only(page: Page, server: Server) -> None:
    sign_in(page, server, "member")
    page.goto(f"{server.url}/workspace")
    objective = page.get_by_label("Objective", exact=True)
    _tab_to(page, objective)
    page.keyboard.type("Keep the platform dependable for product teams")
    button = page.get_by_role("button", name="Suggest key results")
    _tab_to(page, button)
    page.keyboard.press("Enter")
    cards = page.get_by_role("region", name="Ideas").get_by_role("article")
    expect(cards.first).to_be_visible()

    link = cards.first.locator("a.citation").first
    _tab_to(page, link)
    page.keyboard.press("Enter")
    dialog = page.get_by_role("dialog")
    expect(dialog).to_be_visible()
    expect(page.get_by_role("button", name="Close")).to_be_focused()
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    expect(link).to_be_focused()

    first_box = cards.nth(0).get_by_role("checkbox")
    _tab_to(page, first_box)
    page.keyboard.press("Space")
    expect(first_box).to_be_checked()
    metric = cards.nth(0).locator("h4").inner_text()
    choose = page.get_by_label("Add the kept ideas to this objective")
    _tab_to(page, choose)
    page.keyboard.press("ArrowDown")  # the second objective
    add = page.get_by_role("button", name="Add to objective")
    _tab_to(page, add)
    page.keyboard.press("Enter")
    expect(page.locator("#okr-set .notice")).to_contain_text("Added 1")
    expect(page.locator("#okr-set article.objective").nth(1)).to_contain_text(
        re.compile(re.escape(metric), re.IGNORECASE))


def test_in_flight_request_disables_its_button_and_shows_progress(page: Page, server: Server) -> None:
    sign_in(page, server, "member")
    page.goto(f"{server.url}/workspace")
    release: list[object] = []

    def hold(route, request) -> None:  # type: ignore[no-untyped-def]
        release.append(route)

    page.route("**/workspace/risks", hold)
    button = page.get_by_role("button", name="What could go wrong?")
    button.click()
    expect(button).to_be_disabled()
    expect(page.locator("#risks-progress")).to_be_visible()
    release[0].continue_()  # type: ignore[attr-defined]
    expect(page.get_by_role("region", name="Risks")).to_be_visible()
    expect(button).to_be_enabled()
    expect(page.locator("#risks-progress")).to_be_hidden()
