"""Career questions for this person: every dilemma the context speaks of is explored (as many as
the series holds, the rest named in warnings), and personal data never reaches the output."""

from __future__ import annotations

from coach.service import Coach
from coach.skills.career import CareerResponse

CONTEXT = ("Sam Okoro, 14 Elm Road, Leeds. Back from parental leave on four days a week. Torn between "
           "the charge nurse post and staying in clinical work. Worried the new role pays less once "
           "overtime goes. Exhausted after a hard winter. Thinking of leaving for another trust.")
# Each dilemma above and the words its explore question speaks in.
EXPLORED = {"returning": "time away", "management-vs-craft": "doing the work yourself",
            "pay": "pay", "burnout": "recover", "leaving": "staying"}


def _career(coach: Coach, about: str) -> CareerResponse:
    response = coach.suggest("career", {"about": about, "person": "Sam Okoro"})
    assert isinstance(response, CareerResponse)
    return response


def test_five_dilemmas_each_get_an_explore_question_in_the_persons_words(coach: Coach) -> None:
    response = _career(coach, CONTEXT)
    explore = [i.prompt for i in response.items if i.stage == "explore"]
    for dilemma, words in EXPLORED.items():
        assert any(words in prompt.lower() for prompt in explore), (dilemma, explore)
    assert sum(prompt.startswith("You said") for prompt in explore) == len(EXPLORED)
    assert not response.warnings
    stages = [i.stage for i in response.items]
    assert stages == sorted(stages, key=["open", "explore", "commit", "close"].index)


def test_dilemmas_beyond_what_one_series_holds_are_named_not_dropped(coach: Coach) -> None:
    about = CONTEXT + (" The ward is being merged after the restructure. Passed over for promotion last "
                       "year. Wants to move closer to family abroad.")
    response = _career(coach, about)
    assert response.warnings and "not explored in this series" in response.warnings[0]
    assert {"reorg", "promotion", "relocation"} & set(response.warnings[0].replace(",", "").split())


def test_personal_details_never_reach_the_questions(coach: Coach) -> None:
    text = " ".join(f"{i.prompt} {i.follow_up or ''}" for i in _career(coach, CONTEXT).items)
    for private in ("Sam", "Okoro", "Elm Road", "Leeds", "14"):
        assert private not in text
