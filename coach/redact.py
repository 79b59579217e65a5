"""Redaction of personal data before any model call.

Emails, phone numbers and links are replaced by placeholders; known names become stable
pseudonyms ("Person 1") that `Redactor.restore` maps back in the model's answer, so the
endpoint never sees who is being discussed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_PHONE = re.compile(r"(?<![\w-])\+?\d[\d ().-]{6,}\d(?![\w-])")
_URL = re.compile(r"https?://\S+")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class Redactor:
    """Replaces personal data in text; one instance per model call so pseudonyms stay stable."""

    def __init__(self, names: Iterable[str] = ()) -> None:
        full = sorted({n.strip() for n in names if n and len(n.strip()) > 1}, key=len, reverse=True)
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
        text = _PHONE.sub(lambda m: m.group(0) if _DATE.match(m.group(0).strip()) else "[phone]", text)
        if self._names:
            text = self._names.sub(lambda m: self.aliases[m.group(1)], text)
        return text

    def restore(self, text: str) -> str:
        """Map pseudonyms in a model's answer back to the full names."""
        reverse: dict[str, str] = {}
        for name, alias in self.aliases.items():
            if alias not in reverse or len(name) > len(reverse[alias]):
                reverse[alias] = name
        for alias in sorted(reverse, key=len, reverse=True):
            text = text.replace(alias, reverse[alias])
        return text


def contains_contact_details(text: str) -> bool:
    """True when text holds an email address or a phone number."""
    return bool(_EMAIL.search(text)) or any(not _DATE.match(m.group(0).strip())
                                            for m in _PHONE.finditer(text))
