"""Phrase patterns and text helpers that meeting dynamics reads speaker turns with.

Most helpers look at one sentence or turn; `answered` and `debate_resolution` read the few
turns after one. `coach.meetings.dynamics` turns their answers into findings, and its
docstring says what each finding means.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from coach.transcripts import Turn

READOUT_MAX_WORDS = 60
READOUT_MIN_NUMBERS = 2
ANSWER_WINDOW = 3
RESOLUTION_WINDOW = 6

_WORD = re.compile(r"[A-Za-z0-9][\w'’-]*")
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+|(?<=[—])\s+(?=[A-Z])")
_ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")
_NUMBER = re.compile(r"(?<![\w.])\d+(?:\.\d+)?")
_CUT_OFF = ("—", "--", "...", "…")
_RHETORICAL = {"right", "okay", "ok", "yes", "no", "yeah", "correct", "agreed", "fine", "true",
               "isn't it", "you know", "makes sense", "sound good", "sounds good", "all good"}
_STOPWORDS = frozenset("""
about above actually after again also always another anyone anything around back because been
before being below both could didn doesn does doing done down each either else even ever every
everyone everything from further going gonna have having here just know last like little make
many maybe might more most much must need never next nobody none nothing okay once only other
ours over quite rather really right said same says should since some someone something still
such sure than that their them then there these they thing things think this those though
through very want well were what when where whether which while will with within without would
yeah your yours
""".split())
_ANSWER_OPENER = re.compile(r"^\W*(?:yes|no|nope|yeah|yep|sure|nothing|not|we|there is|there's|it is|it's|"
                            r"I (?:think|believe|saw|heard|know|am|guess))\b", re.I)
_DECISION = re.compile(r"\b(?:let's go with|let’s go with|we'll go with|we will go with|we decided|"
                       r"decision is|agreed|let's do|let’s do|we will go ahead|final answer)\b", re.I)
_DISAGREE = re.compile(r"\b(?:I (?:really )?(?:don't|do not)|disagree|not sure|I have a problem)\b"
                       r"|,\s*though\b", re.I)
# "But" opening a sentence, or right after a short acknowledgement ("I get that, but"); a
# mid-sentence "but" is usually a plain concession, not disagreement.
_BUT = re.compile(r"(?:^|[.!?]\s+)But\b|^\W*(?:I get that|I see that|sorry|yes|yeah|sure|true|okay|maybe),"
                  r"\s*but\b", re.I)
_AGREE = re.compile(r"^\W*(?:okay|ok|fair|agreed|makes sense|happy to)\b|"
                    r"\b(?:works for me|makes sense|fair enough|happy to keep|can live with)\b", re.I)
_STRONG_THANKS = re.compile(r"\b(?:great work|nice work|really helpful|appreciate)", re.I)
_THANKS = re.compile(r"\bthank(?:s| you)\b", re.I)
_RITUAL_THANKS = re.compile(r"\bthank(?:s| you)(?: all| everyone)? for (?:joining|coming|your time)\b", re.I)
_AGENDA = re.compile(r"\blet['’]s do (?:the )?\w+ (?:first|next|now)\b", re.I)
_SELF_ACTION = re.compile(r"\bI(?:'ll|’ll| will)\s+(?!not\b|be honest)[a-z]+", re.I)
_CAN_YOU = re.compile(r"\bcan you\s+(?!say|tell|explain|remind|clarify|describe|hear|see)[a-z]+", re.I)
_NAMED_WILL = re.compile(r"\b[A-Z][a-z]+ will\s+(?!not\b)[a-z]+")
_ACTION_TAG = re.compile(r"\baction(?: item)?:", re.I)
_DUE_PHRASE = re.compile(r"\b(?:(?:by|on|before|until) )?(?:(?:next )?(?:Monday|Tuesday|Wednesday|Thursday|"
                         r"Friday|Saturday|Sunday)|tomorrow|end of (?:the )?week|next week)\b", re.I)
_BY_DUE = re.compile(r"\bby (?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|tomorrow|"
                     r"end of (?:the )?week|next week|\d{4}-\d{2}-\d{2})\b", re.I)


def words(text: str) -> list[str]:
    """The words of a text (numbers included)."""
    return _WORD.findall(text)


def sentences(text: str) -> list[str]:
    """Split a turn into sentences, keeping each one verbatim."""
    return [part for part in _SENTENCE_END.split(text.strip()) if part]


def is_question(sentence: str) -> bool:
    """A sentence ending in '?' that is not a short confirmation such as 'right?'."""
    stripped = sentence.strip().rstrip("\"'”’)")
    if not stripped.endswith("?"):
        return False
    core = re.sub(r"[^\w' ]", "", stripped).strip().lower()
    # "That works, right?" asks for a nod, not an answer: three words or fewer ending in a tag.
    return not any(core == tag or (core.endswith(f" {tag}") and len(core.split()) <= 3)
                   for tag in _RHETORICAL)


def content_words(text: str) -> set[str]:
    """Lower-cased words of four letters or more that are not stopwords."""
    return {w for w in (w.lower().strip("'’") for w in words(text)) if len(w) >= 4 and w not in _STOPWORDS}


def is_decision(sentence: str) -> bool:
    """A sentence that settles something ("let's go with", "we decided").

    Agenda moves ("let's do the numbers first") and a bare "Agreed." (it names nothing decided)
    do not count.
    """
    return bool(_DECISION.search(sentence)) and not _AGENDA.search(sentence) and len(words(sentence)) > 2


def is_commitment(sentence: str) -> bool:
    """A sentence that hands out work: "<Name> will", "I'll", "can you", "action:", "by Friday"."""
    patterns = (_NAMED_WILL, _SELF_ACTION, _CAN_YOU, _ACTION_TAG, _BY_DUE)
    return any(p.search(sentence) for p in patterns)


def reads_numbers(text: str) -> bool:
    """True for a short turn quoting at least two figures (dates do not count)."""
    return (len(_NUMBER.findall(_ISO_DATE.sub(" ", text))) >= READOUT_MIN_NUMBERS
            and len(words(text)) <= READOUT_MAX_WORDS)


def is_cut_off(text: str) -> bool:
    """A turn that trails off ("—", "--", "..."): its speaker was cut off."""
    return text.rstrip().endswith(_CUT_OFF)


def disagrees(text: str) -> bool:
    """A turn that pushes back ("I don't", "not sure", "disagree", "But ...", ", though")."""
    return bool(_DISAGREE.search(text) or _BUT.search(text))


def appreciates(text: str) -> bool:
    """Specific appreciation: a strong phrase, or a thank-you that says what it is for."""
    if _STRONG_THANKS.search(text):
        return True
    return any(_THANKS.search(s) and not _RITUAL_THANKS.search(s) and len(words(s)) > 4
               for s in sentences(text))


def due_date(text: str) -> str | None:
    """The first due date in a text, as written (an ISO date wins over a phrase), or None."""
    date = _ISO_DATE.search(text) or _DUE_PHRASE.search(text)
    return date.group(0) if date else None


class People:
    """Attendee and speaker names, matched by full or (unambiguous) first name."""

    def __init__(self, names: Sequence[str]) -> None:
        self.names = tuple(dict.fromkeys(n for n in names if n))
        firsts = [n.split()[0] for n in self.names]
        self._alias = {n: n for n in self.names}
        self._alias.update({f: n for f, n in zip(firsts, self.names, strict=True) if firsts.count(f) == 1})
        alternatives = "|".join(re.escape(a) for a in sorted(self._alias, key=len, reverse=True))
        self.pattern = re.compile(rf"\b({alternatives})\b") if alternatives else re.compile(r"(?!)")

    def resolve(self, alias: str) -> str:
        """The full name for a full or first name."""
        return self._alias.get(alias, alias)

    def mentioned(self, text: str, *, besides: str = "") -> list[str]:
        """Full names mentioned in a text, in order, leaving out `besides`."""
        found = (self.resolve(m.group(1)) for m in self.pattern.finditer(text))
        return [n for n in dict.fromkeys(found) if n != besides]


def owner_in(turn: Turn, people: People) -> str | None:
    """A person the turn attaches to work: '<Name> will/owns', '<Name>, can you take', 'I'll', 'on me'."""
    for sentence in sentences(turn.text):
        named = people.pattern.search(sentence)
        if named and re.search(rf"{re.escape(named.group(1))}\s+(?:will|owns)\b", sentence):
            return people.resolve(named.group(1))
        if named and re.search(r"\bcan you take\b", sentence, re.I):
            return people.resolve(named.group(1))
        if _SELF_ACTION.search(sentence) or re.search(r"\bis on me\b", sentence, re.I):
            return turn.speaker
    return None


def action_owner(turn: Turn, people: People) -> tuple[bool, str | None]:
    """Whether the turn commits someone to work, and who."""
    named = re.search(rf"{people.pattern.pattern}\s+will\s+(?!not\b)[a-z]+", turn.text)
    if named:
        return True, people.resolve(named.group(1))
    if _SELF_ACTION.search(turn.text):
        return True, turn.speaker
    if _CAN_YOU.search(turn.text):
        addressed = people.mentioned(turn.text, besides=turn.speaker)
        return True, addressed[0] if addressed else None
    if _ACTION_TAG.search(turn.text) or _BY_DUE.search(turn.text):
        return True, None
    return False, None


def answered(turns: Sequence[Turn], index: int, people: People) -> bool:
    """Within ANSWER_WINDOW turns, does someone answer the question in turns[index]?

    The asker's own follow-ups are skipped. Another speaker's turn answers when it comes from
    the person the question named or opens like an answer (yes / no / sure / we / I think /
    I saw ...), or when it is not a question and shares a content word (four letters or more,
    not a stopword) with the question turn. A question from someone else that shares no
    content word changes the subject, so the earlier question stays unanswered.
    """
    asked = turns[index]
    topic = content_words(asked.text)
    addressed = set(people.mentioned(asked.text, besides=asked.speaker))
    for later in turns[index + 1:index + 1 + ANSWER_WINDOW]:
        if later.speaker == asked.speaker:
            continue
        if later.speaker in addressed or _ANSWER_OPENER.match(later.text):
            return True
        shared = bool(topic & content_words(later.text))
        if any(is_question(s) for s in sentences(later.text)):
            if not shared:
                return False
            continue
        if shared:
            return True
    return False


def debate_resolution(turns: Sequence[Turn], start: int) -> tuple[int, set[str]] | None:
    """Index of the turn that resolves the debate opened at `start`, and the debate's parties."""
    disagreeing = {turns[start].speaker}
    parties = {turns[start].speaker, turns[start - 1].speaker if start else turns[start].speaker}
    for index in range(start + 1, min(start + 1 + RESOLUTION_WINDOW, len(turns))):
        later = turns[index]
        if len(disagreeing) >= 2 and later.speaker in parties and _AGREE.search(later.text):
            return index, parties
        if disagrees(later.text):
            disagreeing.add(later.speaker)
            parties.add(later.speaker)
    return None
