"""Reading objectives and career contexts (spaCy), measure shapes, the relevance score."""

from __future__ import annotations

import re

import pytest

from coach.catalogue import builtin_catalogue
from coach.retrieval.search import SearchResult
from coach.skills.career_dilemmas import find_dilemmas
from coach.skills.key_results import _warnings
from coach.skills.kr_relevance import GATE, direction_of, score_pattern
from coach.skills.measure_shapes import compose_shapes
from coach.skills.objective import read_objective
from coach.skills.practices import matched_phrase


@pytest.mark.parametrize(("objective", "subject", "aims", "timeframe"), [
    ("Discharge patients safely before noon", "patients", ("safety", "timeliness"), None),
    ("Residents applying for a permit get a decision quickly", "residents applying for a permit",
     ("speed",), None),
    ("Get new starters productive without surprises by March", "new starters", ("predictability",),
     "by March"),
    ("Pick and pack orders right first time this quarter", "orders", ("right-first-time",), "this quarter"),
])
def test_an_objective_is_read_into_subject_aims_and_timeframe(objective: str, subject: str,
                                                              aims: tuple[str, ...], timeframe: str | None) -> None:
    reading = read_objective(objective)
    assert reading.subject == subject and reading.aims == aims and reading.timeframe == timeframe


def test_measure_shapes_speak_the_objectives_words_and_carry_counter_metrics() -> None:
    shapes = compose_shapes(read_objective("Discharge patients safely before noon"))
    metrics = [s.metric for s in shapes]
    assert metrics[0] == "Count of harm incidents and near misses while discharging patients"
    assert "Share of patients discharged safely" in metrics and "Time to discharge patients" in metrics
    assert all(s.counter_metric and not re.search(r"\d", s.metric + s.how_to_measure) for s in shapes)


def test_something_to_stop_is_measured_by_counting_it() -> None:
    shapes = compose_shapes(read_objective("No guest waits in the lobby for their room"))
    assert shapes[0].metric == "Cases where a guest waits in the lobby for their room"
    assert all(s.direction == "decrease" for s in shapes if s.shape != "satisfaction")


@pytest.mark.parametrize(("objective", "metric"), [
    ("Turn more one-off donors into regular givers", "Share of one-off donors who become regular givers"),
    ("Convert more trial users to paying customers", "Share of trial users who become paying customers"),
])
def test_turning_one_group_into_another_is_measured_as_the_share_that_becomes_it(objective: str,
                                                                                 metric: str) -> None:
    first = compose_shapes(read_objective(objective))[0]
    assert (first.metric, first.shape, first.direction) == (metric, "share-of", "increase")


def test_moving_people_to_a_place_is_no_conversion() -> None:
    metrics = [s.metric for s in compose_shapes(read_objective("Move more patients to the discharge lounge"))]
    assert not any("become" in m for m in metrics)


def test_a_noun_that_opens_a_sentence_with_its_own_verb_is_no_instruction() -> None:
    shapes = compose_shapes(read_objective("Council tax bills are right first time"))
    assert shapes[0].metric == "Share of council tax bills that are right first time"


def test_help_frames_what_the_people_helped_should_do() -> None:
    reading = read_objective("Help product teams ship without waiting for us")
    assert reading.outcome == "product teams ship" and reading.constraint == "without waiting for us"
    first = compose_shapes(reading)[0]
    assert first.metric == "Share of product teams that ship"
    assert "without waiting for us" in first.counter_metric


def test_shapes_are_left_out_rather_than_written_badly() -> None:
    shapes = compose_shapes(read_objective("Make our people the first line of defence against scam emails"))
    assert all("people who rate" not in s.metric.lower() for s in shapes)


@pytest.mark.parametrize(("context", "expected"), [
    ("Torn between the charge nurse post and staying on the wards doing clinical work. Worried the new "
     "role pays less once overtime goes.", ["management-vs-craft", "pay"]),
    ("Back from parental leave, now three days a week. Not sure the promotion is still realistic.",
     ["returning", "promotion"]),
    ("After the acquisition everything feels uncertain; had a recruiter call last week.", ["reorg", "leaving"]),
    ("We are moving to Lisbon next spring because of my partner's job.", ["relocation"]),
    ("Lives at 14 Elm Street, Leeds. Wants to learn more about budgeting.", []),
])
def test_dilemmas_come_from_what_the_person_says(context: str, expected: list[str]) -> None:
    assert [d.dilemma for d in find_dilemmas(context)] == expected


def test_quotes_never_carry_names_numbers_or_contact_details() -> None:
    found = find_dilemmas("Priya Raman is thinking of leaving. Call 07700 900123 about the recruiter.")
    assert [d.dilemma for d in found] == ["leaving"] and found[0].quote is None


def _chunk(pattern_id: str) -> SearchResult:
    return SearchResult(f"c-{pattern_id}", "src", "title", "kr_pattern", "text", 0.0, {"card_id": pattern_id})


def test_shared_domain_words_lift_a_pattern_over_the_gate_and_off_domain_ones_stay_below() -> None:
    patterns = builtin_catalogue().patterns
    reading = read_objective("Fewer falls on the ward at night")
    dense = GATE - 0.15  # both cards equally close in embedding, just below the gate
    ward = score_pattern(reading, patterns["inpatient-falls-rate"], _chunk("inpatient-falls-rate"), dense)
    ci = score_pattern(reading, patterns["ci-pipeline-duration"], _chunk("ci-pipeline-duration"), dense)
    assert ward.score >= GATE > ci.score and "ward" in ward.shared


def test_direction_of_a_team_metric_follows_its_words() -> None:
    assert direction_of("days to close") == "decrease" and direction_of("donor retention") == "increase"
    assert direction_of("platform support tickets") == "decrease"


def test_the_why_quotes_what_the_practice_speaks_to() -> None:
    phrase = matched_phrase("Trace a problem to its root cause by asking why five times.",
                            "Reduce falls from 6 to 4", "nobody knows the root cause of the falls at night")
    assert phrase == "the root cause"


def test_what_an_objective_rules_out_is_a_guardrail_not_the_outcome() -> None:
    reading = read_objective("Get sick pets seen the same day without our vets working past closing time")
    assert reading.constraint == "without our vets working past closing time"
    assert "without" not in reading.outcome and " the" not in reading.outcome.split("seen")[-1]
    shapes = compose_shapes(reading)
    assert shapes and "(without our vets working past closing time)" in shapes[0].counter_metric


def test_a_period_word_after_in_is_not_a_timeframe() -> None:
    assert read_objective("Help more pupils in Year 2 read confidently").timeframe is None
    assert read_objective("Open new matters within 6 weeks").timeframe == "within 6 weeks"


def test_two_joined_outcomes_are_measured_by_the_first_and_time_only_when_time_matters() -> None:
    metrics = [s.metric for s in compose_shapes(read_objective("Fix leaks faster and lose less treated water"))]
    assert "Time to fix leaks" in metrics and not any("lose" in m for m in metrics)
    seats = [s.shape for s in compose_shapes(read_objective("Fill more seats and bring in younger audiences"))]
    assert seats and "time-to" not in seats


@pytest.mark.parametrize("objective, subject", [
    ("More of our singers come to rehearsal knowing their parts", "singers"),  # a quantifier's "of" noun
    ("Release more rescued hedgehogs back into the wild", "rescued hedgehogs"),  # an adverb says where
    ("Settle straightforward claims within days rather than weeks", "straightforward claims"),  # when
    ("Everyone is paid correctly and on time every month", "people"),
])
def test_the_subject_is_who_or_what_the_objective_is_about(objective: str, subject: str) -> None:
    assert read_objective(objective).subject == subject


@pytest.mark.parametrize("objective, expected", [
    ("Our new beekeepers get through their first winter",
     "Share of new beekeepers that get through their first winter"),
    ("More of our singers come to rehearsal knowing their parts",
     "Share of singers that come to rehearsal knowing their parts"),
    ("Everyone is paid correctly and on time every month", "Share of people who are paid on time"),
    ("Festival volunteers know what to do on their first shift",
     "Share of festival volunteers who know what to do on their first shift"),
])
def test_an_outcome_after_its_own_subject_becomes_a_share(objective: str, expected: str) -> None:
    assert expected in [s.metric for s in compose_shapes(read_objective(objective))]


def test_time_is_measured_in_the_unit_the_objective_names_or_one_the_team_agrees() -> None:
    named = [s for s in compose_shapes(read_objective("Decide permit applications sooner, within weeks"))
             if s.shape == "time-to"]
    unnamed = [s for s in compose_shapes(read_objective("Reach injured walkers faster at night"))
               if s.shape == "time-to"]
    assert named and named[0].unit == "weeks"
    assert unnamed and "agree" in unnamed[0].unit


def test_the_counter_metric_for_people_never_speaks_of_redoing_them() -> None:
    shapes = compose_shapes(read_objective("Patients are seen quickly"))
    time_to = next(s for s in shapes if s.shape == "time-to")
    assert "come back" in time_to.counter_metric and "redone" not in time_to.counter_metric


def test_a_cadence_is_not_part_of_the_outcome_and_framing_verbs_are_not_measured() -> None:
    site = read_objective("Everyone on site goes home uninjured at the end of every day")
    assert site.outcome == "people on site go home uninjured"
    shown = compose_shapes(read_objective("Show funders that our advice sessions change people's lives"))
    assert not any("showed" in s.metric for s in shown)


def test_no_satisfaction_shape_for_everyone_or_a_subject_with_its_own_clause() -> None:
    for objective in ("Everyone on site goes home uninjured", "Help pupils who are behind catch up with reading"):
        assert not any(s.shape == "satisfaction" for s in compose_shapes(read_objective(objective)))


def test_the_short_list_warning_counts_in_plain_english() -> None:
    none_ready = _warnings(ready=0, shapes=1, wanted=10, close=0)
    assert none_ready[0].startswith("no ready-made idea") and "1 measure shape in" in none_ready[0]
    assert "only 1 idea fits" in none_ready[1]
    assert "only 3 ideas from the catalogue or the team's data fit" in _warnings(3, 2, 10, 1)[0]


def test_a_share_of_something_to_stop_is_a_share_of_its_own_subject() -> None:
    shapes = {s.shape: s for s in compose_shapes(read_objective("Fewer students drop out of the access course"))}
    assert shapes["share-of"].metric == "Share of students who drop out of the access course"
    assert shapes["share-of"].direction == "decrease"
    assert shapes["satisfaction"].metric == "Share of students who rate the experience good or better"
    invoices = {s.shape: s for s in compose_shapes(read_objective("Fewer invoices are paid late"))}
    assert invoices["share-of"].metric == "Share of invoices that are paid late"
    # a bare plural the small model tags as a proper noun is still a group
    parcels = {s.shape: s for s in compose_shapes(read_objective("Fewer parcels arrive damaged"))}
    assert parcels["share-of"].metric == "Share of parcels that arrive damaged"


def test_without_a_group_named_the_share_is_of_all_cases() -> None:
    shapes = compose_shapes(read_objective("No guest waits in the lobby for their room"))
    assert [s.metric for s in shapes] == ["Cases where a guest waits in the lobby for their room",
                                          "Share of all cases where a guest waits in the lobby for their room"]


@pytest.mark.parametrize(("objective", "share", "time_to"), [
    ("Fire crews reach rural calls faster", "Share of rural calls reached within the agreed time",
     "Time to reach rural calls"),
    ("Our dental clinic sees urgent patients the same day", "Share of urgent patients seen the same day",
     "Time to see urgent patients"),
])
def test_work_done_to_things_is_counted_over_the_things_not_the_doers(objective: str, share: str,
                                                                       time_to: str) -> None:
    shapes = {s.shape: s for s in compose_shapes(read_objective(objective))}
    assert shapes["share-of"].metric == share
    assert shapes["time-to"].metric == time_to


def test_the_experience_is_rated_by_those_worked_for() -> None:
    clinic = {s.shape: s for s in compose_shapes(read_objective("Our dental clinic sees urgent patients the same day"))}
    assert clinic["satisfaction"].metric == "Share of urgent patients who rate the experience good or better"
    assert clinic["time-to"].counter_metric.startswith("Share of urgent patients who had to come back")
    documents = compose_shapes(read_objective("Translators deliver documents right first time"))
    assert [s.metric for s in documents] == ["Share of documents delivered right first time"]
    # "get a decision" is nothing done to decisions: the residents stay the ones counted
    residents = compose_shapes(read_objective("Residents get a decision within 8 weeks"))
    assert residents[0].metric.startswith("Share of residents who get a decision")


@pytest.mark.parametrize(("objective", "metrics"), [
    # what is said of the things after them belongs to how they are done, not to the things
    ("Our tenants report repairs in one call", ["Share of repairs reported in one call"]),
    ("Library members renew their loans online", ["Share of loans renewed online"]),
    # a gerund after the subject is what they do: "who come back", never "who coming back"
    ("Keep the museum's visitors coming back", ["Share of museum's visitors who come back",
                                                 "Share of museum's visitors who rate the experience good or better"]),
    # a qualifier already in the predicate is not said twice
    ("Volunteers feel confident running the helpline", [
        "Share of volunteers who rate the experience good or better",
        "Share of volunteers who feel confident running the helpline"]),
    # one list is no group to take a share of: better nothing than "Share of … list that are shorter"
    ("Make the allotment waiting list shorter", []),
])
def test_shapes_read_as_a_person_would_write_them(objective: str, metrics: list[str]) -> None:
    assert [s.metric for s in compose_shapes(read_objective(objective))] == metrics
