"""Who an action or decision commits, and by when, read from the words of one turn.

The classifier says *that* a turn hands out work; these patterns say *who* and *when*, because
a name and a date are read off the text, not guessed from its meaning. In order:

1. an attendee named with a commitment: "Ravi will…", "Tomasz trains…", "Sione owns it",
   "Kwame, can you…", "Mei, chase HR today.", "…by three. Lena.";
2. the speaker committing: "I'll", "I will", "I can", "I'm going to", "On it", "Me.";
3. nobody, said so: "someone should…", "somebody needs to…";
4. a person who was not in the meeting: a capitalised name before "will" ("Graham will sign it off").

Due dates are kept as written: weekdays, today/tonight/tomorrow, this or next week/month,
end of the week/month, "the 24th", month names, holidays, clock times and ISO dates, and an event
the work must come before ("before the exam", "ahead of the audit").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from coach.meetings.phrases import People, sentences
from coach.transcripts import Turn

VERB_AFTER_NAME = (r"(?:will|'ll|’ll|owns|leads|runs|takes|does|is doing|is on|can|could|should|trains|"
                    r"to do|handles|chases|drafts|writes|calls|books|sends|checks)")
_ASKED = r",?\s*(?:can|could|will|would)\s+you\b"
_SELF = re.compile(r"\b(?:I(?:'ll|’ll| will| can| could| am going to|'m going to|’m going to)\s+(?!not\b|be honest)"
                   r"\w+|^\W*(?:(?:yes|yeah|okay|ok|sure),?\s*)?on it\b|^\W*me\W*$|I'll do it|leave it with me|"
                   r"that's on me|is on me)", re.I)
_NOBODY = re.compile(r"\b(?:someone|somebody|anyone|anybody|one of us|we need someone)\b"
                     r"(?:\s+(?:from|in)\s+[\w ]+?)?\s+(?:should|needs? to|has to|must|ought to|could|will need to)\b",
                     re.I)
_OUTSIDER = re.compile(r"\b([A-Z][a-z]+(?: [A-Z][a-z]+)?)(?: (?:from|in|at) (?:the )?[a-z][\w ]{0,30}?)? "
                       r"(?:will|is going to|can|has agreed to)\b")
_NOT_PEOPLE = frozenset("""I It That This We They He She You There Legal Finance Sales IT HR Ops Okay Yes No
So And But Then Which Who Everyone Nobody Someone Somebody Anyone Pharmacy Procurement Housekeeping""".split())
_WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)s?"
_MONTH = r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
_WHEN = (rf"(?:(?:next |this )?{_WEEKDAY}(?: the \d{{1,2}}(?:st|nd|rd|th))?|today|tonight|tomorrow|"
         r"this (?:morning|afternoon|evening|week|month|quarter)|next (?:week|month|quarter)|"
         r"(?:the )?end of (?:the |this )?(?:day|week|month|quarter|year|term)|"
         r"the \d{1,2}(?:st|nd|rd|th)|"
         rf"{_MONTH} \d{{1,2}}(?:st|nd|rd|th)?|\d{{1,2}}(?:st|nd|rd|th)? (?:of )?{_MONTH}|"
         r"Christmas|the holidays|the deadline|first thing|after (?:this|the meeting)|straight away|right away|"
         r"right now|immediately|asap|now(?=[.!,;]|$)|"
         r"(?:the )?next (?:two|three|few|couple of) (?:days|weeks)|"
         r"\d{1,2}(?::\d\d)?\s?(?:am|pm)|(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)"
         r"(?: o'clock)?|\d{4}-\d{2}-\d{2})")
_DUE = re.compile(rf"\b(?:(?:by|on|before|until|for|at|over|in|from) )?{_WHEN}\b|\bat \d{{1,2}}(?::\d\d)?\b")
_BEFORE_EVENT = re.compile(r"\b(?:before|ahead of|in time for) (?:the|our|next) [a-z]+(?:[- ][a-z]+)?\b")
_ISO = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")
# A bare month ("in October") is usually the period a figure covers; a due month needs "by/before/until".
_DUE_MONTH = re.compile(rf"\b(?:by|before|until|end of) {_MONTH}\b")
_DUE_NEEDS_PREFIX = re.compile(r"^(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)$", re.I)


@dataclass(frozen=True)
class Commitment:
    """Who a turn commits (None: nobody), whether they attended, and the due date as written."""

    owner: str | None
    present: bool
    due: str | None


def commitment(turn: Turn, people: People) -> Commitment:
    """Read the owner and the due date of one turn (see the module docstring)."""
    owner, present = _owner(turn, people)
    return Commitment(owner, present, due_date(turn.text))


def commits(text: str) -> bool:
    """The words commit someone to work: "I'll…", "<Name> will…" (any capitalised name), "someone should…"."""
    return bool(_SELF.search(text) or _NOBODY.search(text) or (_OUTSIDER.search(text) and
                not all(m.group(1).split()[0] in _NOT_PEOPLE for m in _OUTSIDER.finditer(text))))


def due_date(text: str) -> str | None:
    """The first due date in a text, as written (an ISO date first), or None."""
    iso = _ISO.search(text)
    if iso:
        return iso.group(0)
    for match in _DUE.finditer(text):
        said = match.group(0)
        bare = said.split(" ", 1)[-1] if " " in said else said
        if _DUE_NEEDS_PREFIX.match(bare) and said == bare:
            continue  # "three" alone is a count, "by three" is a time
        return said
    month = _DUE_MONTH.search(text) or _BEFORE_EVENT.search(text)
    return month.group(0) if month else None


def _owner(turn: Turn, people: People) -> tuple[str | None, bool]:
    for sentence in sentences(turn.text):
        named = _named(sentence, people, turn.speaker)
        if named:
            return named, True
        if _SELF.search(sentence):
            return turn.speaker, True
    if _NOBODY.search(turn.text):
        return None, True
    for match in _OUTSIDER.finditer(turn.text):
        name = match.group(1)
        if name.split()[0] not in _NOT_PEOPLE and people.resolve(name) not in people.names:
            return name, False
    return None, True


def _named(sentence: str, people: People, speaker: str) -> str | None:
    for match in people.pattern.finditer(sentence):
        name = people.resolve(match.group(1))
        if name == speaker:
            continue
        before, after = sentence[:match.start()], sentence[match.end():]
        commits = re.match(rf"\s+{VERB_AFTER_NAME}\b", after) or re.match(_ASKED, after, re.I)
        addressed = (not before.strip(" \"'") and re.match(r"\s*,\s*(?!thank|well done|great|good)\w", after, re.I))
        alone = not before.strip() and not re.sub(r"\W", "", after)  # "Lena." after a task
        if commits or addressed or alone:
            return name
    return None
