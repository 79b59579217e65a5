"""What counts as evidence of strain, for a private wellbeing note to the team's manager.

The classifier's `wellbeing` label reads the tone of a turn; a note about someone's workload must
also rest on something they said in so many words. Three kinds of evidence count, each in a
sentence that states it (not a question, not a hypothetical "if someone is…"):

- **working off hours to keep up**: work done in evenings, nights, weekends, days off or
  holidays that has lasted or is needed to keep up ("doing them in the evenings 'cause in the
  day it's all contracts", "every Saturday since October", "marking every evening and both
  weekends to get there"); "I've been emailing people every evening" alone is not;
- **being the only one** who can do a critical task ("only I know how to set up…", "nobody
  else is signed off on the grill", "when I'm on holiday nobody can talk to them");
- **exhaustion** said of oneself or a colleague ("I'm honestly wiped", "she's burning out").

What does not count, however much it shares the words: metaphor and social plans ("I spent the
evening on the deck looking at the horizon", "the quiz night on Thursdays"), a manager asking
how people are ("…rather hear now if someone is running on empty"), and a busy week that is
"busy, but manageable" or on-call nights that were "heavier than usual".
"""

from __future__ import annotations

import re
from typing import Literal

from coach.meetings.phrases import is_question, sentences

Strain = Literal["off_hours", "only_one", "exhaustion"]

_OFF_HOURS = re.compile(r"\b(?:weekends?|saturdays?|sundays?|evenings?|nights?|late|midnight|days? off|holidays?|"
                        r"annual leave|on leave|lunch ?breaks?|early mornings?|after hours|bank holiday)\b", re.I)
_WORKING = re.compile(r"\b(?:work\w*|doing|done|did|been \w+ing|marking|writing|cover\w*|catch(?:ing)? up|"
                      r"keep(?:ing)? up|came in|coming in|come in|logg(?:ed|ing) (?:on|in)|answer\w*|chas\w*|"
                      r"shifts?|doubles?|finish\w*|pick(?:ed|ing)? (?:it|them|that) up|emails?)\b", re.I)
# Off-hours work counts when it has lasted ("since October", "the last three weekends") or is
# needed to keep up ("otherwise…", "to get there", "'cause in the day it's all…"); "every evening" alone
# is a habit, not yet strain.
_RECURRING = re.compile(r"\b(?:since|every single|the last \w+|for (?:\w+ )?(?:weeks|months)|"
                        r"(?:all|this|the whole) (?:month|term|quarter|year|summer|winter)|"
                        r"otherwise|to keep up|to catch up|to cover|to get (?:it |them |there|through)|"
                        r"or it (?:does(?:n't| not)|won't) get done|nobody else|no one else)|"
                        r"(?:'cause|’cause|\bbecause|\bas) (?:in|during) "
                        r"(?:the day|the week|working hours|office hours)",
                        re.I)
_ONLY_ONE = re.compile(r"\b(?:only (?:one|person|I|me)\b(?! of)|(?:nobody|no one|no-one) else\b|just me\b|"
                       r"(?:doing|on|run\w*) (?:it|them|this|that) (?:alone|on my own)|\balone (?:since|every)|"
                       r"(?:alone|on my own|by myself) (?:every|since|on)|"
                       r"when I(?:'m|’m| am) (?:off|away|on holiday|on leave|sick|out)\b[^.]*\b"
                       r"(?:nobody|no one|no-one)|"
                       r"single point of failure)", re.I)
_EXHAUSTED = re.compile(r"\b(?:exhausted|wiped|burn(?:t|ed|ing)? out|burnout|running on empty|shattered|"
                        r"knackered|(?:can't|cannot|can not) keep up|drowning|not sleeping|breaking point|"
                        r"getting to (?:me|her|him|them)|too much for (?:me|her|him|them)|at the end of my tether)\b",
                        re.I)
_SOMEONE = re.compile(r"\b(?:I|I'm|I’m|I've|I’ve|me|my|myself|she|he|she's|he's|they're)\b", re.I)
_HYPOTHETICAL = re.compile(r"\b(?:if (?:someone|anyone|anybody|you|people|we)|whether|in case|would rather)\b",
                           re.I)


def strain(text: str) -> Strain | None:
    """The first kind of strain a turn states in so many words, or None (see the module docstring)."""
    for sentence in sentences(text) or [text]:
        if is_question(sentence) or _HYPOTHETICAL.search(sentence):
            continue
        if _OFF_HOURS.search(sentence) and _WORKING.search(sentence) and _RECURRING.search(sentence):
            return "off_hours"
        if _ONLY_ONE.search(sentence):
            return "only_one"
        if _EXHAUSTED.search(sentence) and _SOMEONE.search(sentence):
            return "exhaustion"
    return None
