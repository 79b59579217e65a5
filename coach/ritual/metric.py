"""What a key result measures and which way it should move, read from its own words.

Used when a key result arrives as free text (no typed `metric` or `direction`). Pure string
rules, because the small parser misreads short imperative lines ("Cut average discharge
wait…" parses "Cut" as an adjective). Examples:

- "Raise the number of monthly donors from 1200 to 1500" → "number of monthly donors", increase
- "Cut average discharge wait on Ward 7 from 6 to 3 hours" → "average discharge wait on Ward 7", decrease
- "Get 80% of students submitting the first assignment on time"
  → "share of students submitting the first assignment on time", increase
- "Fewer than 3 patient falls per month" → "patient falls per month", decrease
- "Reduce the time from emergency call to ambulance dispatch from 4 to 2 minutes"
  → "time from emergency call to ambulance dispatch", decrease
- "Close the month-end books in 5 working days instead of 9"
  → "working days to close the month-end books", decrease
"""

from __future__ import annotations

import re

from coach.okr import Direction

UP = ("increase", "raise", "grow", "improve", "boost", "lift", "double", "triple", "expand",
      "get", "reach", "achieve", "bring up", "speed up", "win", "gain", "add", "attract", "recruit")
DOWN = ("reduce", "cut", "lower", "decrease", "halve", "shrink", "shorten", "bring down", "drop",
        "eliminate", "minimise", "minimize", "slash", "trim", "avoid", "prevent")
KEEP = ("keep", "maintain", "hold", "sustain", "stay", "remain")
_VERB = re.compile(r"^(?P<verb>" + "|".join(sorted(UP + DOWN + KEEP, key=len, reverse=True)) + r")\b\s*",
                   re.IGNORECASE)
# Where the measured thing ends and its numbers, limits or dates begin.
# "to" ends it only before a figure or a target: "time to hire", "time to first project" keep theirs;
# "from" only before a figure or a starting point: "time from emergency call to dispatch" keeps its own.
_END = re.compile(r"\s+(?:from(?=\s+(?:[-+$£€\d]|an?\b|the\b|its\b|our\b|their\b|baseline|current|today|"
                  r"last|this|about|around|roughly))|to(?=\s+(?:[-+$£€\d]|an?\s+target|the\s+target|target))|by|"
                  r"below|above|under|over|within|between|at or|at least|at most|"
                  r"instead of|in under|in less than|for at least|before|during|each|every|"
                  r"this|next|per cent|percent)\b|\s*[(%,;:]|\s+-\s+|$", re.IGNORECASE)
_QUANTIFIER = re.compile(r"^(?:fewer|less|more|at least|at most|no more|under|over|below|above)"
                         r"(?:\s+than)?\s+[\d.,]+\s*%?\s*", re.IGNORECASE)
_SHARE = re.compile(r"^(?:\w+\s+)?[\d.,]+\s*(?:%|percent|per cent)\s+of\s+", re.IGNORECASE)
_DURATION = re.compile(r"^(?P<action>.+?)\s+in\s+(?:under\s+|less than\s+)?[\d.,]+\s+(?P<unit>[a-z ]*?"
                       r"(?:minutes|hours|days|weeks|months))\b", re.IGNORECASE)
_LEADING = re.compile(r"^(?:the|our|a|an)\s+", re.IGNORECASE)


def metric_phrase(text: str) -> str:
    """The measured thing named by a key result, in its own words (never empty)."""
    line = " ".join(text.split()).rstrip(".")
    duration = _DURATION.match(line)
    if duration and not _VERB.match(line):
        action = duration.group("action")
        return f"{duration.group('unit').lower()} to {action[:1].lower()}{action[1:]}"
    rest = _VERB.sub("", line, count=1)
    share = bool(_SHARE.match(rest))  # "80% of students…", or "Answer 90% of calls…" (unknown verb)
    rest = _SHARE.sub("", _QUANTIFIER.sub("", rest))
    cut = _END.search(rest)
    phrase = _LEADING.sub("", rest[:cut.start()] if cut else rest).strip(" -")
    if share and phrase:
        phrase = f"share of {phrase}"
    return phrase or line


def direction_of(text: str) -> Direction | None:
    """increase / decrease / keep-within from the key result's verb or quantifier, if it says."""
    line = " ".join(text.split()).lower()
    if re.match(r"^(?:fewer|less|no more|under|below|at most)\b", line) or re.search(r"\b(?:fewer|less) than\b", line):
        return "decrease"
    verb = _VERB.match(line)
    if verb is None:
        return "decrease" if _DURATION.match(line) else ("increase" if _SHARE.match(line) else None)
    word = verb.group("verb").lower()
    if word in KEEP:
        return "keep-within"
    return "decrease" if word in DOWN else "increase"
