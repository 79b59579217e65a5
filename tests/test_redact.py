"""Redaction: contact details and known names never reach a model; pseudonyms map back."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from coach.redact import Redactor, contains_contact_details


@pytest.mark.parametrize("email", ["ana@example.com", "a.b+okr@mail.example.co.uk", "x_y-z@team-1.io"])
def test_emails_are_replaced(email: str) -> None:
    assert Redactor().redact(f"write to {email} today") == "write to [email] today"


@pytest.mark.parametrize("phone", [
    "+44 20 7946 0958",
    "+1-555-123-4567",
    "555.123.4567",
    "0612345678",
    "020 7946 0958",
])
def test_phone_numbers_are_replaced(phone: str) -> None:
    assert Redactor().redact(f"call {phone} now") == "call [phone] now"


def test_a_phone_with_an_area_code_in_brackets_is_replaced() -> None:
    # The opening bracket stays behind, but none of the digits do.
    redacted = Redactor().redact("call (555) 123-4567")
    assert "[phone]" in redacted
    assert not any(c.isdigit() for c in redacted)


@pytest.mark.parametrize("url", ["https://example.com/a?b=1", "http://intranet.local/people/ana"])
def test_links_are_replaced(url: str) -> None:
    assert Redactor().redact(f"see {url} for more") == "see [link] for more"


@pytest.mark.parametrize("text", [
    "we ship on 2026-11-03 as planned",
    "(2026-11-03)",
    "due 2026-11-03.",
    "raise NPS from 12 to 40 by 300 users",
    "p95 latency 250 ms at 10:30",
    "ticket PR-12345678",
])
def test_dates_and_ordinary_numbers_are_not_phones(text: str) -> None:
    assert Redactor().redact(text) == text
    assert not contains_contact_details(text)


def test_a_date_range_is_not_a_phone() -> None:
    text = "sprint 2026-11-03 - 2026-11-17"
    assert Redactor().redact(text) == text


def test_names_become_stable_pseudonyms() -> None:
    redactor = Redactor(["Ana Lopez"])
    redacted = redactor.redact("Ana Lopez said Ana would ask Ana Lopez again.")
    assert redacted == "Person 1 said Person 1 would ask Person 1 again."
    assert redactor.redact("Ana Lopez") == "Person 1"  # same instance, same pseudonym


def test_longest_name_comes_first_and_owns_the_first_name() -> None:
    redactor = Redactor(["Ana Lopez", "Ana Lopez-Garcia", "Bob"])
    assert redactor.aliases == {"Ana Lopez-Garcia": "Person 1", "Ana": "Person 1",
                                "Ana Lopez": "Person 2", "Bob": "Person 3"}
    assert redactor.redact("Ana Lopez-Garcia met Ana Lopez") == "Person 1 met Person 2"


def test_names_match_whole_words_only_and_trivial_names_are_ignored() -> None:
    redactor = Redactor(["Bob", "J", " ", ""])
    assert redactor.aliases == {"Bob": "Person 1"}
    assert redactor.redact("Bob and Bobby") == "Person 1 and Bobby"


def test_short_first_names_get_no_alias_of_their_own() -> None:
    assert Redactor(["Al Green"]).aliases == {"Al Green": "Person 1"}


def test_no_names_leaves_names_alone() -> None:
    assert Redactor().redact("Ana Lopez") == "Ana Lopez"


def test_restore_maps_pseudonyms_back_to_full_names() -> None:
    redactor = Redactor(["Ana Lopez", "Bob Stone"])
    answer = redactor.redact("Ana and Bob Stone should pair")
    assert "Ana" not in answer and "Bob" not in answer
    assert redactor.restore(answer) == "Ana Lopez and Bob Stone should pair"


def test_restore_handles_ten_or_more_people() -> None:
    names = [f"Member{i} Surname" for i in range(12)]
    redactor = Redactor(names)
    text = " ".join(names)
    assert redactor.restore(redactor.redact(text)) == text


def test_restore_leaves_unknown_pseudonyms_alone() -> None:
    assert Redactor(["Ana Lopez"]).restore("Person 12") == "Person 12"


_ALIASES = "from coach.redact import Redactor; print(Redactor(['Ana Lopez', 'Bob Stone']).aliases)"


def test_pseudonyms_do_not_depend_on_the_hash_seed() -> None:
    seen = set()
    for seed in ("1", "2", "3", "4"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        seen.add(subprocess.run([sys.executable, "-c", _ALIASES], env=env, check=True,
                                capture_output=True, text=True).stdout)
    assert len(seen) == 1


@pytest.mark.parametrize(("text", "expected"), [
    ("mail ana@example.com", True),
    ("ring +44 20 7946 0958", True),
    ("see https://example.com", False),  # a link is not a contact detail
    ("review on 2026-11-03", False),
    ("from 12 to 40", False),
    ("", False),
])
def test_contains_contact_details(text: str, expected: bool) -> None:
    assert contains_contact_details(text) is expected


@pytest.mark.parametrize("text", ["03.11.2026", "1200 1350", "99.95 99.99", "1.234.567",
                                  "sprint 2026-11-03 - 2026-11-17"])
def test_dates_and_figures_are_not_phone_numbers(text: str) -> None:
    assert Redactor().redact(text) == text


@pytest.mark.parametrize("text", ["(555) 123-4567", "+1 555 0142", "555-0142", "020 7946 0958"])
def test_phone_formats(text: str) -> None:
    assert Redactor().redact(f"call {text} today") == "call [phone] today"
