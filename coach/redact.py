"""Redaction of personal data before any model call.

Emails, phone numbers and links are replaced by placeholders; known names become stable
pseudonyms ("Person 1") that `Redactor.restore` maps back in the model's answer, so the
endpoint never sees who is being discussed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_PHONE = re.compile(r"(?<![\w-])(?:\+|\()?\d[\d ().-]{5,}\d(?![\w-])")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_GROUPED_FIGURE = re.compile(r"\d{1,3}(?:[.,]\d{3})+")
_LOCAL_NUMBER = re.compile(r"^\d{3}[ .-]\d{4}$")
_ALIAS = re.compile(r"\bPerson (\d+)\b")
_URL = re.compile(r"https?://\S+")


class Redactor:
    """Replaces personal data in text; one instance per model call so pseudonyms stay stable."""

    def __init__(self, names: Iterable[str] = ()) -> None:
        # Longest first, then alphabetical: the same names always get the same pseudonyms.
        full = sorted({n.strip() for n in names if n and len(n.strip()) > 1}, key=lambda n: (-len(n), n))
        self.aliases: dict[str, str] = {}
        for number, name in enumerate(full, start=1):
            self.aliases[name] = f"Person {number}"
            first = name.split()[0]
            if first != name and len(first) > 2 and first not in self.aliases:
                self.aliases[first] = f"Person {number}"
        self._names = re.compile(
            r"\b(" + "|".join(re.escape(n) for n in sorted(self.aliases, key=len, reverse=True)) + r")\b"
        ) if self.aliases else None

    def redact(self, text: str) -> str:
        """Text with emails, phone numbers, links and known names replaced."""
        text = _EMAIL.sub("[email]", text)
        text = _URL.sub("[link]", text)
        text = _PHONE.sub(lambda m: "[phone]" if is_phone(m.group(0)) else m.group(0), text)
        if self._names:
            text = self._names.sub(lambda m: self.aliases[m.group(1)], text)
        return text

    def restore(self, text: str) -> str:
        """Map pseudonyms in a model's answer back to the full names."""
        reverse: dict[str, str] = {}
        for name, alias in self.aliases.items():
            if alias not in reverse or len(name) > len(reverse[alias]):
                reverse[alias] = name
        return _ALIAS.sub(lambda m: reverse.get(m.group(0), m.group(0)), text)


def is_phone(candidate: str) -> bool:
    """Whether a run of digits and separators is a phone number rather than dates or figures:
    an international '+' or an area code in brackets, a local 'ddd-dddd', or nine digits or more
    that are not dates."""
    candidate = candidate.strip()
    if _ISO_DATE.search(candidate):
        return False
    if candidate.startswith(("+", "(")) or _LOCAL_NUMBER.match(candidate):
        return True
    if _GROUPED_FIGURE.fullmatch(candidate):
        return False  # 1.234.567
    return sum(c.isdigit() for c in candidate) >= 9


def contains_contact_details(text: str) -> bool:
    """True when text holds an email address or a phone number."""
    return bool(_EMAIL.search(text)) or any(is_phone(m.group(0)) for m in _PHONE.finditer(text))
