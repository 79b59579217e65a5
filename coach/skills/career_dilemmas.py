"""The dilemmas and circumstances a person's career context speaks of, with their own words.

"Torn between the team lead post and staying hands-on" → management-vs-craft, quoted as
"torn between the team lead post and staying hands-on". Relocation counts only when the
person speaks of moving (a moving verb and a place in one sentence), never from an address.
Quotes never carry a name, a place, a family member, a redaction marker or contact details.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from coach.cards import LEADING_PHRASES
from coach.nlp import parse
from coach.redact import contains_contact_details

Dilemma = Literal["management-vs-craft", "leaving", "returning", "promotion", "pay", "burnout",
                  "reorg", "relocation"]

_CUES: dict[Dilemma, tuple[str, ...]] = {
    "leaving": (r"leav(?:e|ing) (?:the company|here|us|this)", r"(?:thinking|thought) (?:of|about) leaving",
                r"leav(?:e|ing) (?:\w+ ){1,3}for (?:something|another|a |an )", r"\bquit",
                r"resign", r"(?:job|other|outside) offer", r"recruiter", r"interview(?:ing|s)? elsewhere",
                r"looking around", r"move on\b", r"another (?:company|employer|job)", r"new job"),
    "returning": (r"(?:back|return(?:ing|ed)?) from (?:\w+ )?(?:leave|sabbatical|a career break|illness)",
                  r"parental leave", r"maternity", r"paternity", r"part[- ]time", r"reduced hours",
                  r"(?:three|four|3|4) days a week", r"career break", r"phased return", r"compressed hours"),
    "promotion": (r"promot", r"next level", r"passed over", r"senior (?:role|title|post)", r"level up",
                  r"step up to"),
    "pay": (r"\bpays?\b", r"\bpaid\b", r"overtime", r"salary", r"commission", r"\bbonus", r"compensation",
            r"\bearn", r"afford", r"pay rise", r"underpaid"),
    "burnout": (r"burn(?:t|ed)? ?out", r"exhaust", r"\btired", r"stress", r"overwhelm", r"long hours",
                r"running on empty", r"hard (?:year|few months|stretch)", r"rough (?:patch|year)",
                r"sick leave", r"no energy", r"drained"),
    "reorg": (r"reorg", r"restructur", r"acqui(?:red|sition|ring)", r"merger", r"new owners?",
              r"layoffs?", r"redundanc", r"new structure", r"being merged", r"taken over"),
}
# A management post by its title ("head of", "head nurse post", "deputy") or by its work
# (appraisals, rotas, direct reports).
_MANAGEMENT = re.compile(r"manag(?:e|er|ing|ement)|team lead|lead(?:ing)? the team|people lead|head of|"
                         r"\bhead \w+ (?:post|role|job|position)|\bdeputy\b|appraisals|direct reports|"
                         r"supervis|ward sister|charge nurse|line manag", re.IGNORECASE)
_CRAFT = re.compile(r"hands[- ]on|craft|individual contributor|stay(?:ing)? technical|keep(?:ing)? "
                    r"(?:coding|teaching|nursing|designing|writing|building)|the work itself|expert|"
                    r"specialis|clinical work|in the classroom|on the tools|doing the work", re.IGNORECASE)
_TORN = re.compile(r"torn|or stay|versus|\bvs\b|either|choose between|not sure (?:whether|if)|"
                   r"whether to|offered", re.IGNORECASE)
_MOVING = re.compile(r"\b(?:relocat\w*|mov(?:e|ing) (?:to|abroad|back|closer|nearer|away|house|"
                     r"cities|countries|country)|emigrat\w*)\b", re.IGNORECASE)
_FAMILY = re.compile(r"\b(?:partner|wife|husband|spouse|son|daughter|child(?:ren)?|kids?|baby|mother|father|"
                     r"mum|mom|dad|parents?|family)\b", re.IGNORECASE)
_MARKERS = re.compile(r"\[(?:email|link|phone)\]|Person \d+")


@dataclass(frozen=True)
class Found:
    """A dilemma and the person's own words for it (None when no quotable phrase was clean)."""

    dilemma: Dilemma
    quote: str | None


def find_dilemmas(context: str) -> list[Found]:
    """The dilemmas a (redacted) context speaks of, in the order they first appear."""
    found: dict[Dilemma, tuple[int, str | None]] = {}
    for start, sentence in _sentences(context):
        for dilemma in _sentence_dilemmas(sentence):
            if dilemma not in found:
                found[dilemma] = (start, _quote(sentence))
    return [Found(d, q) for d, (_, q) in sorted(found.items(), key=lambda item: item[1][0])]


def _sentence_dilemmas(sentence: str) -> list[Dilemma]:
    lowered = sentence.lower()
    hits: list[Dilemma] = [d for d, cues in _CUES.items() if any(re.search(c, lowered) for c in cues)]
    if _MANAGEMENT.search(sentence) and (_CRAFT.search(sentence) or _TORN.search(sentence)):
        hits.append("management-vs-craft")
    if _MOVING.search(sentence) and _speaks_of_a_place(sentence):
        hits.append("relocation")
    return hits


def _speaks_of_a_place(sentence: str) -> bool:
    """A place named, or the kind of move said in words ("abroad", "closer to family")."""
    if re.search(r"abroad|closer to|nearer to|back home|another (?:city|country)|move house", sentence,
                 re.IGNORECASE):
        return True
    return any(ent.label_ in ("GPE", "LOC") for ent in parse(sentence).ents)


def _sentences(text: str) -> list[tuple[int, str]]:
    out, start = [], 0
    for piece in re.split(r"(?<=[.!?;\n])\s+", text):
        if piece.strip():
            out.append((start, piece.strip()))
        start += len(piece) + 1
    return out


def _quote(sentence: str, max_words: int = 16) -> str | None:
    """The sentence as a short quote, or None when it names a person or holds personal details."""
    clean = sentence.strip().strip("\"'“”").rstrip(".!?;")
    if _MARKERS.search(clean) or contains_contact_details(clean) or re.search(r"\d", clean):
        return None
    # Places and family members are the person's private circumstances: never echoed back.
    if any(ent.label_ in ("PERSON", "GPE", "LOC", "FAC") for ent in parse(clean).ents) or _FAMILY.search(clean):
        return None
    if len(clean.split()) > max_words or any(p in clean.lower() for p in LEADING_PHRASES):
        return None
    return clean
