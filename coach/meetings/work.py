"""Whether a turn hands out work in so many words: the precision check on the `action` label.

The classifier reads meaning and sometimes labels a thank-you or a closing ("Thanks Pablo, I think
that's all for today.") as an action, because such turns sit where actions usually sit. A turn
that hands out work says so with at least one of:

- a commitment `coach.meetings.owners.commits` reads ("I'll…", "<Name> will…", "someone should…");
- future or obligation words: will, going to, need to, has to, must, should, can you, please, let's…;
- an imperative, possibly after a name or "okay": "Put the request time in the copy.",
  "Lucia, take 20 of the essays.";
- an attendee named with a task verb or alone after the task ("Ravi leads.", "…by three. Lena."),
  or "Me." taking it;
- a deadline: "by / before / until" a date ("Pilot offer by Friday"), or a name addressed with a
  date ("Mateo, today.");
- a speaker taking work on in the present tense with a date, as English as a second language
  often says the future: "I post the jobs on the student board today.", "Yes, I do Tuesday and
  Thursday evening.", "Today I move them.".

Checked against every `action` turn of the utterance set's training split: all of them pass
(see tests/meetings/test_work.py for the shapes).
"""

from __future__ import annotations

import itertools
import re

from coach.meetings.owners import VERB_AFTER_NAME, commits, due_date
from coach.meetings.phrases import People, sentences
from coach.nlp import parse

_FUTURE = re.compile(r"\b(?:will|'ll|’ll|shall|going to|gonna|needs? to|has to|have to|got to|must|should|"
                     r"can you|could you|would you|please|let's|let us|to do|on it|owns?|"
                     r"take (?:it|this|that)|I can|we can|I could|I'd|we'd)\b", re.I)
# Words that open a sentence without changing whether it is an order: "Okay, so, put…".
_OPENERS = frozenset("so then and okay ok right good great fine yes yeah you".split())
# Base-form verbs that open thanks and asides rather than tasks.
_NOT_TASKS = frozenset("thank thanks let see look mind hear hope".split())
# Present-tense verbs that state a view or a state rather than take work on: "I think Friday…".
_STATES = frozenset("be have think know feel guess like love hope mean need want see hear agree".split())
_DEADLINE = re.compile(r"^(?:by|before|until)\b", re.I)


def hands_out_work(text: str, people: People) -> bool:
    """True when the words of a turn give someone work (see the module docstring)."""
    if commits(text) or _FUTURE.search(text) or re.match(r"^\W*me\W*(?:$|[.!])", text, re.I):
        return True
    due = due_date(text)
    if due and _DEADLINE.match(due):
        return True
    return any(imperative(s) or _named(s, people) or _dated_present(s) for s in sentences(text) or [text])


def _dated_present(sentence: str) -> bool:
    """ "I" or "we" then a present-tense action verb (not "I think", "we are"), and a date."""
    if due_date(sentence) is None:
        return False
    tokens = [t for t in parse(sentence) if not t.is_punct]
    for subject, verb in itertools.pairwise(tokens):
        if subject.lower_ in ("i", "we") and subject.dep_ == "nsubj":
            return verb.tag_ == "VBP" and verb.lemma_.lower() not in _STATES
    return False


def imperative(sentence: str) -> bool:
    """The sentence opens (after a name or a discourse word) with a base-form verb and no subject."""
    # A leading vocative the parser may not know as a name: "Lucia, take…".
    for sent in parse(re.sub(r"^\W*[A-Z][\w'’-]*,\s*", "", sentence)).sents:
        tokens = [t for t in sent if not t.is_punct]
        while tokens and (tokens[0].pos_ in ("PROPN", "INTJ") or tokens[0].lower_ in _OPENERS):
            tokens = tokens[1:]
        if tokens and tokens[0].tag_ == "VB" and tokens[0].lower_ not in _NOT_TASKS:
            return True
    return False


def _named(sentence: str, people: People) -> bool:
    """An attendee named with a task verb, alone, or addressed with a date or "you"."""
    for match in people.pattern.finditer(sentence):
        before, after = sentence[:match.start()], sentence[match.end():]
        if re.match(rf"\s+{VERB_AFTER_NAME}\b", after) or re.match(r",?\s*(?:can|could|will|would)\s+you\b",
                                                                     after, re.I):
            return True
        if not before.strip(" \"'") and (not re.sub(r"\W", "", after)
                                          or re.match(r"\s*,\s*you\b", after, re.I)
                                          or (after.lstrip().startswith(",") and due_date(after))):
            return True
    return False
