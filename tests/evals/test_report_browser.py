"""The HTML report opens in a real Chromium and its charts render (a screenshot is kept)."""

from __future__ import annotations

from pathlib import Path

import pytest

from coach.embeddings import HashEmbedder
from evals.app import EvalOptions, evaluate
from evals.env import Env

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]


@pytest.mark.slow
def test_report_charts_render_in_chromium(tmp_path: Path) -> None:
    if not CHROMIUM.is_file():
        pytest.skip(f"{CHROMIUM} is absent: install Debian's chromium package to run browser tests")
    playwright = pytest.importorskip("playwright.sync_api")
    env = Env(embedder=HashEmbedder())
    try:
        evaluate(EvalOptions(["lint"], report=tmp_path, limit=4, baseline=tmp_path / "none.json"), env)
    finally:
        env.close()
    report = tmp_path / "report.html"
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        page = browser.new_page(viewport={"width": 1200, "height": 900})
        requests: list[str] = []
        page.on("request", lambda request: requests.append(request.url))
        page.goto(report.as_uri())
        assert page.locator("#verdict").inner_text() == "gate passed" or "failed" in page.locator(
            "#verdict").inner_text()
        chart = page.locator("svg.chart").first
        box = chart.bounding_box()
        assert box is not None and box["width"] > 300 and box["height"] > 100
        bars = page.locator("svg.chart rect.bar")
        assert bars.count() >= 10
        widths = [bars.nth(i).bounding_box() for i in range(bars.count())]
        assert any(w is not None and w["width"] > 50 for w in widths)  # bars are drawn, not empty
        assert page.locator("#summary tr").count() > 10
        page.locator("details.case > summary").first.click()
        assert page.locator("details.case > table").first.is_visible()
        shot = tmp_path / "report.png"
        chart.screenshot(path=str(shot))
        browser.close()
    assert shot.stat().st_size > 2000
    assert requests == [report.as_uri()]  # self-contained: nothing else is fetched
