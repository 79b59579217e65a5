"""Phrase patterns and text helpers that meeting dynamics reads speaker turns with.

What a turn *does* (decides, asks, reports…) comes from the utterance classifier; these
helpers only read what is plainly in the words: sentences, names, a trailing "—" that shows a
turn was cut off, and the agreement words that close a debate. Phrase lists are kept here only
where they add precision to the classifier's labels (README, "Meeting analysis").
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from coach.nlp import parse
from coach.transcripts import Turn

RESOLUTION_WINDOW = 6

_WORD = re.compile(r"[A-Za-z0-9][\w'’-]*")
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+|(?<=[—])\s+(?=[A-Z])")
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
_DISAGREE = re.compile(r"\b(?:I (?:really )?(?:don't|do not)|disagree|not sure|I have a problem)\b"
                       r"|,\s*though\b", re.I)
# "But" opening a sentence, or right after a short acknowledgement ("I get that, but"); a
# mid-sentence "but" is usually a plain concession, not disagreement.
_BUT = re.compile(r"(?:^|[.!?]\s+)But\b|^\W*(?:I get that|I see that|sorry|yes|yeah|sure|true|okay|maybe),"
                  r"\s*but\b", re.I)
_AGREE = re.compile(r"^\W*(?:okay|ok|fair|agreed|makes sense|happy to)\b|"
                    r"\b(?:works for me|makes sense|fair enough|happy to keep|can live with)\b", re.I)
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
    """Lemmas of the words of four letters or more that are not stopwords ("helps" and "help",
    "changes" and "change" are one word), lower-cased."""
    return {token.lemma_.lower().strip("'’") for token in parse(text)
            if len(token.text) >= 4 and token.text.lower().strip("'’") not in _STOPWORDS
            and (token.is_alpha or "-" in token.text)}


def is_cut_off(text: str) -> bool:
    """A turn that trails off ("—", "--", "..."): its speaker was cut off."""
    return text.rstrip().endswith(_CUT_OFF)


def disagrees(text: str) -> bool:
    """A turn that pushes back ("I don't", "not sure", "disagree", "But ...", ", though")."""
    return bool(_DISAGREE.search(text) or _BUT.search(text))


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
