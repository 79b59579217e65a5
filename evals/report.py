"""`coach eval --report DIR`: one self-contained HTML file (inline CSS and SVG, no scripts,
nothing fetched) with the verdict, the cases that went from pass to fail, a summary against
thresholds and baseline, a chart per suite, and a drill-down of every case."""

from __future__ import annotations

import datetime as dt
import json
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING, Any

from evals.gate import Thresholds, limit_of
from evals.harness import CaseResult, SuiteResult

if TYPE_CHECKING:
    from evals.app import EvalRun

STYLE = """
body{font:14px/1.45 system-ui,sans-serif;margin:24px;color:#1d1d1f;max-width:1200px}
h1{font-size:22px}h2{font-size:18px;margin-top:32px;border-bottom:1px solid #ddd}
table{border-collapse:collapse;margin:8px 0}td,th{border:1px solid #ddd;padding:3px 8px;text-align:left}
th{background:#f4f4f6}.num{text-align:right;font-variant-numeric:tabular-nums}
.bad{background:#fde2e1}.good{color:#116b2f}.fail{color:#b3261e;font-weight:600}
.verdict{font-size:18px;padding:8px 12px;display:inline-block;border-radius:6px}
.passed{background:#dff3e4}.failed{background:#fde2e1}.note{color:#555;font-style:italic}
details{margin:4px 0 4px 12px}summary{cursor:pointer}
pre{white-space:pre-wrap;background:#f7f7f9;padding:6px;max-height:420px;overflow:auto;font-size:12px}
.cite{border-left:3px solid #99c;padding-left:8px;margin:6px 0}
"""
# Metrics on a 0..1 scale are charted; counts and milliseconds are only tabled.
SKIP_CHART = ("latency_p50_ms", "latency_p95_ms", "errors")


def write_report(run: EvalRun, baseline: dict[str, Any], thresholds: Thresholds, folder: Path) -> Path:
    """Write `report.html` into `folder` and return its path."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "report.html"
    path.write_text(render(run, baseline, thresholds), encoding="utf-8")
    return path


def render(run: EvalRun, baseline: dict[str, Any], thresholds: Thresholds) -> str:
    """The whole page."""
    verdict = "failed" if run.breaches else "passed"
    parts = [f"<!doctype html><html lang=en><head><meta charset=utf-8><title>coach eval report</title>"
             f"<style>{STYLE}</style></head><body>",
             f"<h1>coach eval — backend <code>{escape(run.backend)}</code></h1>",
             f"<p>Generated {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC. "
             f"<span class='verdict {verdict}' id=verdict>gate {verdict}</span> "
             f"Ran in {run.seconds:.0f} s ({run.cpu_seconds:.0f} s of CPU).</p>"]
    parts += _breaches(run)
    parts += _regressions(run)
    parts.append("<h2>Summary</h2>" + _summary(run.results, baseline, thresholds))
    for result in run.results:
        parts.append(_suite_section(result, baseline, thresholds))
    parts.append("</body></html>")
    return "\n".join(parts)


def _breaches(run: EvalRun) -> list[str]:
    if not run.breaches:
        return ["<p class=good>Every gated metric meets its threshold.</p>"]
    items = "".join(f"<li>{escape(str(b))}</li>" for b in run.breaches)
    return [f"<h2>Thresholds breached</h2><ul class=fail id=breaches>{items}</ul>"]


def _regressions(run: EvalRun) -> list[str]:
    if not run.regressions:
        return ["<p>No case went from pass to fail since the baseline.</p>"]
    rows = "".join(f"<tr><td>{escape(r.suite)}</td><td><a href='#{escape(r.suite)}-{escape(r.case)}'>"
                   f"{escape(r.case)}</a></td><td>{escape('; '.join(r.reasons))}</td></tr>"
                   for r in run.regressions)
    return [f"<h2>Pass → fail since the baseline</h2><table id=regressions><tr><th>suite</th>"
            f"<th>case</th><th>why it fails now</th></tr>{rows}</table>"]


def _fmt(value: float | None) -> str:
    return "—" if value is None else f"{value:.3f}"


def _summary(results: list[SuiteResult], baseline: dict[str, Any], thresholds: Thresholds) -> str:
    rows = []
    for result in results:
        if result.skipped:
            rows.append(f"<tr><td>{escape(result.name)}</td><td colspan=6 class=note>skipped: "
                        f"{escape(result.skipped)}</td></tr>")
            continue
        for split in ("all", "tune", "heldout"):
            limits = thresholds.get(result.name, {}).get(split, {})
            before = baseline.get(result.name, {}).get("metrics", {}).get(split, {})
            for metric, value in result.metrics.get(split, {}).items():
                if metric.endswith(".support") or (split != "all" and metric not in limits):
                    continue
                limit = limit_of(limits[metric]) if metric in limits else None
                bad = limit is not None and (value < limit[0] if limit[1] == "min" else value > limit[0])
                shown = "" if limit is None else ("≥ " if limit[1] == "min" else "≤ ") + f"{limit[0]:g}"
                old = before.get(metric)
                delta = "" if old is None else f"{value - old:+.3f}"
                rows.append(f"<tr class='{'bad' if bad else ''}'><td>{escape(result.name)}</td>"
                            f"<td>{split}</td><td>{escape(metric)}</td><td class=num>{value:.3f}</td>"
                            f"<td class=num>{shown}</td><td class=num>{_fmt(old)}</td><td class=num>{delta}</td></tr>")
    head = ("<tr><th>suite</th><th>split</th><th>metric</th><th>value</th><th>threshold</th>"
            "<th>baseline</th><th>change</th></tr>")
    return (f"<p>Every metric of the <code>all</code> split, and each gated metric of the other "
            f"splits.</p><table id=summary>{head}{''.join(rows)}</table>")


def bar_chart(result: SuiteResult, thresholds: Thresholds) -> str:
    """Horizontal bars per 0..1 metric: tune and held-out side by side, threshold as a tick."""
    metrics = [m for m, v in result.metrics.get("all", {}).items()
               if m not in SKIP_CHART and not m.endswith(".support") and 0.0 <= v <= 1.0]
    if not metrics:
        return ""
    row, label_w, bar_w = 22, 300, 360
    height = row * len(metrics) + 30
    limits = thresholds.get(result.name, {}).get("all", {})
    shapes = []
    for i, metric in enumerate(metrics):
        y = 20 + i * row
        shapes.append(f"<text x='{label_w - 6}' y='{y + 13}' text-anchor='end' font-size='11'>{escape(metric)}</text>")
        for j, (split, colour) in enumerate((("tune", "#5470c6"), ("heldout", "#ee9b2f"))):
            value = result.metrics.get(split, {}).get(metric)
            if value is None:
                continue
            shapes.append(f"<rect class='bar {split}' x='{label_w}' y='{y + j * 8}' width='{value * bar_w:.1f}' "
                          f"height='7' fill='{colour}'><title>{escape(metric)} {split} {value:.3f}</title></rect>")
        if metric in limits and limit_of(limits[metric])[1] == "min":
            x = label_w + limit_of(limits[metric])[0] * bar_w
            shapes.append(f"<line class=limit x1='{x:.1f}' x2='{x:.1f}' y1='{y - 2}' y2='{y + 17}' "
                          "stroke='#b3261e' stroke-width='2'/>")
    legend = "".join(_legend(label_w + offset, colour, text) for offset, colour, text in
                     ((0, "#5470c6", "tune"), (60, "#ee9b2f", "held-out"), (140, "#b3261e", "threshold (all)")))
    return (f"<svg class=chart xmlns='http://www.w3.org/2000/svg' width='{label_w + bar_w + 20}' height='{height}' "
            f"role='img' aria-label='{escape(result.name)} metrics'>{legend}{''.join(shapes)}</svg>")


def _legend(x: int, colour: str, text: str) -> str:
    return (f"<rect x='{x}' y='2' width='10' height='8' fill='{colour}'/>"
            f"<text x='{x + 14}' y='10' font-size='11'>{text}</text>")


def _model_table(result: SuiteResult) -> str:
    if not result.model or result.model["shares"].get("offline", 0) == 1:
        return "<p>Every answer came from the offline composer.</p>" if result.model else ""
    shares = "".join(f"<td class=num>{v:.0%}</td>" for v in result.model["shares"].values())
    heads = "".join(f"<th>{escape(k)}</th>" for k in result.model["shares"])
    reasons = ", ".join(f"{escape(k)}: {v}" for k, v in result.model["reasons"].items()) or "none"
    return (f"<p>Model answers ({result.model['answers']}):</p><table class=model><tr>{heads}</tr>"
            f"<tr>{shares}</tr></table><p>Reasons for repairs and fallbacks: {reasons}</p>")


def _suite_section(result: SuiteResult, baseline: dict[str, Any], thresholds: Thresholds) -> str:
    parts = [f"<h2 id='{escape(result.name)}'>{escape(result.name)}</h2><p>{escape(result.description)}</p>"]
    if result.skipped:
        return parts[0] + f"<p class=note>Skipped: {escape(result.skipped)}</p>"
    parts += [f"<p class=note>{escape(note)}</p>" for note in result.notes]
    counts = ", ".join(f"{n} {split}" for split, n in result.counts.items())
    parts.append(f"<p>Cases: {counts}; {result.seconds:.0f} s.</p>"
                 f"{bar_chart(result, thresholds)}{_model_table(result)}")
    before = baseline.get(result.name, {}).get("cases", {})
    parts += [_case(result.name, case, before.get(case.id)) for case in result.cases]
    return "\n".join(parts)


def _json(value: Any, limit: int = 6000) -> str:
    text = json.dumps(value, indent=1, ensure_ascii=False, default=str)
    return escape(text if len(text) <= limit else text[:limit] + f"\n… ({len(text) - limit} more characters)")


def _case(suite: str, case: CaseResult, was_ok: bool | None) -> str:
    mark = "pass" if case.ok else "FAIL"
    since = " (passed in the baseline)" if was_ok and not case.ok else ""
    rows = "".join(f"<tr class='{'' if s.ok else 'bad'}'><td>{escape(name)}</td><td class=num>{_fmt(s.value)}</td>"
                   f"<td>{escape(s.reason)}</td></tr>" for name, s in case.scores.items())
    body = [f"<table><tr><th>evaluator</th><th>value</th><th>reason</th></tr>{rows}</table>"]
    if case.error:
        body.append(f"<p class=fail>error: {escape(case.error)}</p>")
    if case.outcome:
        body.append(f"<p>model: {escape(case.outcome[0])} {escape('; '.join(case.outcome[1])[:400])}</p>")
    if case.view is not None:
        body.append(f"<details><summary>inputs</summary><pre>{_json(case.view.inputs)}</pre></details>")
        body.append(f"<details><summary>output</summary><pre>{_json(case.view.output)}</pre></details>")
        cites = "".join(f"<div class=cite><b>{escape(c.title)}</b> <code>{escape(c.source)}</code> "
                        f"<small>{escape(c.chunk_id)}</small><pre>{escape(c.text[:1200])}</pre></div>"
                        for c in case.view.citations)
        if cites:
            body.append(f"<details><summary>citations followed to their text ({len(case.view.citations)})"
                        f"</summary>{cites}</details>")
    return (f"<details class=case id='{escape(suite)}-{escape(case.id)}'><summary>"
            f"<span class='{'good' if case.ok else 'fail'}'>{mark}</span> {escape(case.id)} "
            f"[{case.split}] {case.latency_ms:.0f} ms{since}</summary>{''.join(body)}</details>")
