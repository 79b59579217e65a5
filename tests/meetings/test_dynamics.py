"""Meeting dynamics from given turn labels: readouts, owners, dates, questions, balance, goals, gaming.

The labels are given here, so these tests check the rules, not the classifier (see test_classifier
and test_examples for the real model).
"""

from __future__ import annotations

from typing import Any

import pytest

from coach.errors import ValidationError
from coach.meetings.dynamics import KeyResultRef, MeetingDynamics, analyse
from coach.meetings.summary import summarise
from coach.transcripts import Transcript, parse_transcript


def run(rows: list[tuple[str, str, str]], **options: Any) -> MeetingDynamics:
    """Analyse `Speaker: text` rows with the labels given (space-separated) for each."""
    transcript = parse_transcript("".join(f"{speaker}: {text}\n" for speaker, text, _ in rows))
    return analyse(transcript, [frozenset(labels.split()) for _, _, labels in rows], **options)


def test_three_people_reading_figures_is_a_readout_and_a_prompt_between_does_not_break_it() -> None:
    rows = [("Ana", "Beds.", ""), ("Bo", "Bay A has 6, 2 going home.", "status"),
            ("Ana", "Bay B?", "question"), ("Cy", "5 of 6, 1 fall.", "status answer"),
            ("Di", "Bay C full, 3 on antibiotics.", "status"), ("Ana", "Why the fall?", "question")]
    runs = run(rows).status_readouts
    assert [[m.speaker for m in r] for r in runs] == [["Bo", "Cy", "Di"]]


def test_two_people_reading_runs_of_figures_is_a_readout_but_two_light_updates_are_not() -> None:
    heavy = [("Ana", "Inbound 22 trailers, 19 tipped, 3 rolled.", "status"),
             ("Bo", "Picks 24,600 lines, 118 an hour, 93 percent on time.", "status"), ("Ana", "Okay, so.", "")]
    assert len(run(heavy).status_readouts) == 1
    light = [("Ana", "The backlog is 212.", "status"), ("Bo", "We clear about 60 a week.", "status"),
             ("Ana", "Good, and the fees?", "question")]
    assert run(light).status_readouts == ()


def test_decision_without_trigger_word_closed_by_a_check_has_no_owner() -> None:
    rows = [("Ana", "The mat gets replaced today. Everyone okay with that?", "decision"),
            ("Bo", "Yes.", ""), ("Cy", "Fine by me.", "")]
    assert [m.detail for m in run(rows).decisions] == ["no owner"]
    owned = [("Ana", "We split the wave.", "decision"), ("Bo", "I'll redo the plan by Monday.", "action")]
    dynamics = run(owned)
    assert [(m.owner, m.detail) for m in dynamics.decisions] == [("Bo", "owner: Bo")]
    assert [(m.owner, m.due) for m in dynamics.action_items] == [("Bo", "by Monday")]


def test_someone_should_has_no_owner_and_an_absent_owner_is_named() -> None:
    rows = [("Ana Lima", "Someone should ring pharmacy about the meds.", "action"),
            ("Bo Berg", "Hendrik Vos will write the fee page.", "action decision"),
            ("Ana Lima", "Bo, can you chase HR today?", "action")]
    actions = run(rows, attendees=["Ana Lima", "Bo Berg"]).action_items
    assert [a.detail for a in actions] == ["no owner; no due date",
                                           "owner: Hendrik Vos (not in the meeting); no due date",
                                           "owner: Bo Berg; due: today"]


def test_a_question_nobody_answers_is_open_and_an_answered_one_is_not() -> None:
    rows = [("Ana", "Why is the package late?", "question"), ("Bo", "The agency has nobody for the package.", "answer"),
            ("Ana", "Is the bank nurse confirmed?", "question"), ("Bo", "The fridge reads high.", "status"),
            ("Cy", "I logged it.", ""), ("Ana", "Okay, thanks.", "")]
    assert [m.text for m in run(rows).unresolved_questions] == ["Is the bank nurse confirmed?"]


def speech(counts: dict[str, int], cuts: list[tuple[str, str]] = ()) -> str:
    """Plain turns with times; `cuts` are (speaker, cut-off speaker) pairs appended at the end."""
    lines, second = [], 0
    for speaker, words in counts.items():
        for _ in range(3):
            lines.append(f"[00:{second // 60:02d}:{second % 60:02d}] {speaker}: " + "word " * (words // 3))
            second += 20
    for speaker, victim in cuts:
        lines.append(f"[00:{second // 60:02d}:{second % 60:02d}] {victim}: I was going to say--")
        lines.append(f"[00:{second // 60:02d}:{second % 60 + 5:02d}] {speaker}: No, listen.")
        second += 20
    return "\n".join(lines) + "\n"


def balance(text: str) -> MeetingDynamics:
    transcript = parse_transcript(text)
    return analyse(transcript, [frozenset()] * len(transcript.turns))


def test_dominance_weighs_word_share_turns_and_interruptions_together() -> None:
    five = {"Ana": 132, "Bo": 42, "Cy": 42, "Di": 42, "Ed": 42}  # Ana: 44 % of the words
    assert balance(speech(five)).dominant is None
    interrupting = balance(speech(five, [("Ana", "Bo"), ("Ana", "Cy")]))
    assert interrupting.dominant is not None and interrupting.dominant.speaker == "Ana"
    assert {m.detail for m in interrupting.interruptions} == {"Bo", "Cy"}
    pair = balance(speech({"Ana": 180, "Bo": 120}))  # 60 % in a two-person meeting
    assert pair.dominant is None


def test_facilitator_with_many_short_turns_does_not_dominate_a_long_talker() -> None:
    rows = [("Ana", "Next?", "")] * 1 + [("Bo", "word " * 90, "status"), ("Ana", "Thanks. Next?", ""),
                                          ("Cy", "word " * 20, ""), ("Ana", "Okay. Di?", ""), ("Di", "word " * 20, ""),
                                          ("Ana", "Ed?", ""), ("Ed", "word " * 20, "")]
    dynamics = run(rows)
    assert dynamics.dominant is not None and dynamics.dominant.speaker == "Bo"


def test_silent_attendee() -> None:
    rows = [("Ana", "one two three", ""), ("Bo", "four five six", ""), ("Ana", "seven eight", ""), ("Bo", "nine", "")]
    assert run(rows, attendees=["Cy Diaz"]).silent == ("Cy Diaz",)


def test_off_goal_stretch_from_labels_but_never_when_the_talk_is_on_goal() -> None:
    rows = [("Ana", "The assay is at 9.6 percent.", "status"), ("Bo", "Did you see the snow?", "off_goal question"),
            ("Cy", "A metre deep in the village.", "off_goal answer"), ("Bo", "I broke my wrist skiing.", "off_goal"),
            ("Ana", "Back to the assay then.", "")]
    stretches = run(rows).off_goal
    assert [[m.speaker for m in s] for s in stretches] == [["Bo", "Cy", "Bo"]]
    on_goal = run(rows, goal_similarity=[0.2, 0.6, 0.6, 0.6, 0.1])  # the labelled turns are about a goal
    assert on_goal.off_goal == ()


def test_metric_gaming_unchallenged_or_challenged() -> None:
    alone = [("Ana", "Count staged loads as dispatched.", "metric_gaming proposal"), ("Bo", "Easier report.", "")]
    assert [m.detail for m in run(alone).metric_gaming] == ["unchallenged"]
    challenged = [*alone[:1], ("Cy", "That only changes the label.", "integrity_concern disagreement")]
    dynamics = run(challenged)
    assert [m.detail for m in dynamics.metric_gaming] == ["challenged by Cy"]
    assert "integrity_defended" in {m.kind for m in dynamics.good_moments}


def test_key_result_whose_owner_was_silent_and_that_nobody_discussed() -> None:
    rows = [("Ana", "Close took six days.", "status"), ("Bo", "Sales accruals were late.", "answer")]
    krs = [KeyResultRef("Close in five days", "Ana", "close duration"),
           KeyResultRef("Pay 95% of invoices on time", "Astrid", "on-time payment rate")]
    dynamics = run(rows, key_results=krs, key_result_similarity=[[0.7, 0.1], [0.3, 0.2]])
    assert [kr.owner for kr in dynamics.uncovered_key_results] == ["Astrid"]


def test_wellbeing_turns_are_found() -> None:
    rows = [("Ana", "I've worked every weekend this month.", "wellbeing"), ("Bo", "We'll talk after.", "")]
    assert [m.speaker for m in run(rows).wellbeing] == ["Ana"]


def test_summary_names_decisions_owners_and_what_is_open() -> None:
    rows = [("Ana", "Smaller bread baskets from tonight. Everyone okay with that?", "decision"),
            ("Bo", "Fine.", ""), ("Ana", "Bo, can you order the baskets by Friday?", "action"),
            ("Cy", "I'll ask the supplier.", "action"), ("Ana", "Did the fish supplier confirm?", "question"),
            ("Bo", "The allergen sheet is on the pass.", "status")]
    transcript = parse_transcript("".join(f"{s}: {t}\n" for s, t, _ in rows))
    dynamics = analyse(transcript, [frozenset(labels.split()) for _, _, labels in rows])
    texts = [s.text for s in summarise(transcript, dynamics)]
    assert texts[0] == "Decided (Ana): Smaller bread baskets from tonight. [owner Bo]"  # Bo's action follows
    assert "Bo: Bo, can you order the baskets by Friday? [due by Friday]" in texts
    assert "Cy: I'll ask the supplier. [no date]" in texts
    assert "Still open: 1 action without a date (line 4); 1 question nobody answered (line 5)." in texts
    assert "Unanswered (Ana): Did the fish supplier confirm?" in texts


def test_inputs_must_match_the_transcript() -> None:
    transcript = parse_transcript("Ana: hello there\nBo: hi\n")
    with pytest.raises(ValidationError, match="label every turn"):
        analyse(transcript, [frozenset()])
    with pytest.raises(ValidationError, match="one similarity per turn"):
        analyse(transcript, [frozenset()] * 2, goal_similarity=[0.5])
    with pytest.raises(ValidationError, match="no speaker turns"):
        analyse(Transcript((), ("Ana",)), [])


def test_a_round_of_assents_does_not_hide_who_took_the_decision_on() -> None:
    rows = [("Dana", "I can send the reminder with the link to everyone.", "proposal"),
            ("Helen", "That sounds sensible. Making the briefing a condition, does everyone agree?", "decision"),
            ("Kwame", "Agreed.", ""), ("Ola", "Fine.", ""),
            ("Dana", "Great, I'll send the reminder with the link by Friday.", "action")]
    assert [m.detail for m in run(rows).decisions] == ["owner: Dana"]


def test_an_action_takes_its_date_from_the_request_it_accepts_or_from_its_owner_restating_it() -> None:
    asked = [("Ana", "Bo, can you draft the letter and send it by Wednesday?", "question"),
             ("Bo", "Sure, I'll draft it.", "action answer")]
    assert [m.due for m in run(asked).action_items] == ["by Wednesday"]
    restated = [("Bo", "I can send the reminder with the link.", "action"), ("Cy", "Good.", ""),
                ("Di", "The permits are for the 7th.", "status"),
                ("Bo", "I'll send the reminder with the link by Friday.", "action")]
    assert [m.due for m in run(restated).action_items] == ["by Friday", "by Friday"]
    unrelated = [("Ana", "The audit is on Friday.", "status"), ("Bo", "I'll clean the fridge.", "action")]
    assert [m.due for m in run(unrelated).action_items] == [None]


def test_work_for_the_day_the_meeting_plans_is_dated_by_the_opening() -> None:
    rows = [("Ed", "Morning. Here is the plan for today.", ""),
            ("Ed", "Zoe, put the request time in the copy.", "action")]
    assert [m.due for m in run(rows).action_items] == ["for today"]
    busy = [("Ed", "Busy agenda today.", ""), ("Ed", "Zoe, put the request time in the copy.", "action")]
    assert [m.due for m in run(busy).action_items] == [None]


def test_a_figure_answers_how_many_and_a_change_of_subject_answers_nothing() -> None:
    counted = [("Ana", "How many guests used mobile check-in?", "question"), ("Bo", "37 so far.", "answer status")]
    assert run(counted).unresolved_questions == ()
    moved_on = [("Ana", "Is the fee changing in April?", "question"),
                ("Bo", "Also, the fee printer is broken again.", "answer")]
    assert [m.speaker for m in run(moved_on).unresolved_questions] == ["Ana"]


def test_someone_who_said_little_but_took_the_work_is_not_silent() -> None:
    rows = [("Ana", "Can you draft the letter to the applicants by Wednesday, Tariq?", "question action"),
            ("Tariq", "Sure, I'll draft it today.", "action answer"),
            ("Ana", "Thanks. The fee page wording comes from legal.", ""), ("Bo", "Yes.", "")]
    assert run(rows).silent == ("Bo",)


def test_replies_inside_a_side_conversation_are_off_goal_when_the_team_has_goals() -> None:
    rows = [("Ana", "Review score is 8.5 this month.", "status"),
            ("Bo", "Did you see the snow in the mountains?", "off_goal question"),
            ("Cy", "A metre! Is he stuck?", "question"), ("Bo", "No, he went skiing.", "answer"),
            ("Cy", "I broke my wrist snowboarding once.", "off_goal"), ("Ana", "Okay, the rota.", "")]
    similarity = [0.7, 0.1, 0.1, 0.1, 0.1, 0.6]
    stretches = run(rows, goal_similarity=similarity).off_goal
    assert [[m.line for m in s] for s in stretches] == [[2, 3, 4, 5]]
    assert run(rows).off_goal == ()  # without goals nothing says the replies are off-goal


def test_a_follow_up_question_to_the_person_who_reported_ends_the_round() -> None:
    rows = [("Ana", "Attendance is 93.1 for the term, target 95.", "status"),
            ("Bo", "And persistent absence?", "question"),
            ("Ana", "Nineteen children under ninety percent, eleven in Year 4.", "answer status"),
            ("Cy", "Most of those eleven are the same four families.", "status")]
    assert run(rows).status_readouts == ()
    assert run(rows).unresolved_questions == ()  # a bare prompt is answered by the report that follows


def test_a_yes_or_no_among_the_first_words_answers_the_question() -> None:
    rows = [("Ana", "The faults on 12, is it the same buses again?", "question"),
            ("Bo", "Two of the four, yes, the older single-deckers.", "status")]
    assert run(rows).unresolved_questions == ()
    lemma = [("Ana", "Is she likely to change much?", "question"), ("Bo", "Small changes, she said.", "answer")]
    assert run(lemma).unresolved_questions == ()


def test_an_order_without_a_name_is_for_the_person_it_answers_and_a_reply_can_date_it() -> None:
    told = [("Zoe", "On the budget story, the director hasn't replied, so I'd suggest we—", "status"),
            ("Ed", "We can't wait for him. Put the request time in the copy.", "action")]
    assert [m.owner for m in run(told).action_items] == ["Zoe"]
    asked = [("Ana", "Ines, will you pair them up once Priya has names?", "question action"),
             ("Ines", "Yes, by Friday.", "")]
    assert [m.due for m in run(asked, attendees=["Ines", "Priya"]).action_items] == ["by Friday"]


def test_a_lower_gaming_probability_counts_when_the_words_propose_changing_what_counts() -> None:
    from coach.meetings.classifier import TurnLabels
    from coach.meetings.labels import LABELS

    def labelled(gaming: float) -> TurnLabels:
        return TurnLabels(frozenset({"proposal"}), tuple((label, gaming if label == "metric_gaming" else 0.0)
                                                          for label in LABELS))

    proposal = parse_transcript("Luis: We could stop counting a trip as cancelled when a minibus runs.\n"
                                "Ana: Okay.\n")
    plain = parse_transcript("Luis: The minibus ran late twice this week.\nAna: Okay.\n")
    none = labelled(0.0)
    assert [m.speaker for m in analyse(proposal, [labelled(0.36), none]).metric_gaming] == ["Luis"]
    assert analyse(proposal, [labelled(0.2), none]).metric_gaming == ()
    assert analyse(plain, [labelled(0.36), none]).metric_gaming == ()


def test_after_a_consensus_check_the_first_to_commit_takes_the_decision_on() -> None:
    rows = [("Joy", "I'd like us to try the memory box before bed. Everyone happy with that?", "decision"),
            ("Sam", "Yes, that's a good idea.", ""),
            ("Pet", "I'll show the night staff where it is tonight.", "action")]
    assert [m.detail for m in run(rows).decisions] == ["owner: Pet"]


def test_a_closing_question_and_a_reply_that_takes_the_work_on_are_not_dropped_questions() -> None:
    closing = [("Ana", "The rota is done.", "status"), ("Ana", "Good. Anything else? No? Right, thanks.", "question")]
    assert run(closing).unresolved_questions == ()
    taken = [("Lu", "Could we ask billing to warn us before the next batch?", "question proposal"),
             ("Fa", "Good idea. I'll ask the billing manager today.", "action")]
    assert run(taken).unresolved_questions == ()


def test_work_due_after_this_or_now_is_dated() -> None:
    rows = [("Ana", "Mehmet, you'll let the plant know?", "question"),
            ("Mehmet", "Yep, I'll ring them after this.", "action"),
            ("Ana", "Kwabena, tag it off now, please.", "action")]
    assert [m.due for m in run(rows).action_items] == ["after this", "now"]


def test_the_facilitator_taking_every_other_turn_is_not_dominance() -> None:
    rows = [("Joy", "Petra, the east wing?", "question"),
            ("Petra", "Settled. Mrs Ahmed had a temperature at three, paracetamol given, normal by six. "
                      "Mr Lewis was up most of the night again asking for his wife, and we sat with him.", "status"),
            ("Joy", "Has the GP been told about Mrs Ahmed's temperature yet, or are we still waiting for the "
                    "surgery to open this morning before anyone can ring them?", "question"),
            ("Petra", "Not yet.", "answer"),
            ("Joy", "Sam, can you ring the surgery at eight and ask for a visit today?", "action"),
            ("Sam", "Yes, at eight.", "answer"), ("Joy", "West wing, Mariam, anything to hand over?", "question"),
            ("Mariam", "All fine. Two family visits this afternoon, and the chiropodist comes at eleven.", "answer")]
    dynamics = run(rows, attendees=["Joy", "Petra", "Sam", "Mariam", "Wei"])
    joy = next(s for s in dynamics.speakers if s.speaker == "Joy")
    assert dynamics.dominant is None and joy.word_share > 0.48


def test_reports_without_figures_are_talk_not_a_readout() -> None:
    rows = [("Ana", "Round the room.", ""), ("Bo", "Bay A is calm, nothing to flag.", "status"),
            ("Cy", "Same here, the rota is fine.", "status"), ("Di", "Quiet week on the desk.", "status"),
            ("Ana", "Good, on to the audit.", "")]
    assert run(rows).status_readouts == ()
    figures = [*rows[:1], ("Bo", "Bay A 6 of 6, 2 going home.", "status"), ("Cy", "Bay B 4 of 6.", "status"),
               ("Di", "Side rooms 3 closed.", "status"), rows[-1]]
    assert [[m.speaker for m in r] for r in run(figures).status_readouts] == [["Bo", "Cy", "Di"]]


def test_a_question_the_meeting_comes_back_to_later_is_not_dropped() -> None:
    rows = [("Olu", "Did the vendor confirm the licence renewal price for the scanners?", "question"),
            ("Bea", "Also, the printer on floor two is jammed again.", "status"),
            ("Kai", "I'll call facilities after this.", "action"),
            ("Olu", "And I'll move the print queue to floor three.", "action"),
            ("Bea", "Password resets were 41 this week.", "status"),
            ("Kai", "On the scanners, the vendor confirmed the licence renewal at 9 percent more.", "answer status")]
    assert run(rows).unresolved_questions == ()
    never = [*rows[:5], ("Kai", "Right, that's everything.", "")]
    assert [m.speaker for m in run(never).unresolved_questions] == ["Olu"]
